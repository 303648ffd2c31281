package org.cnnclassifier.command;

import org.scijava.Context;
import org.scijava.console.ConsoleService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.startup.StartupService;

/**
 * Runs the plugin's SciJava commands from a shell, with scijava-common's console arguments, e.g.
 * {@code --headless --run org.cnnclassifier.command.ClassifyFolderCommand "input='/data',output='/tmp/r.csv'"}.
 * Exits with status 1 when a command failed or was cancelled, so shell scripts can tell.
 */
public final class HeadlessMain {
    private volatile boolean failed;

    private HeadlessMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        HeadlessMain watcher = new HeadlessMain();
        try (Context context = new Context()) {
            // Subscribers are held weakly: 'watcher' stays referenced until the end of main.
            context.service(EventService.class).subscribe(watcher);
            context.service(ConsoleService.class).processArgs(args);
            // scijava-common 2.100's --run only queues the command as a start-up operation; run it.
            context.service(StartupService.class).executeOperations();
        }
        System.exit(watcher.failed ? 1 : 0);
    }

    @EventHandler
    private void onCanceled(ModuleCanceledEvent event) {
        failed = true;
    }

    @EventHandler
    private void onErrored(ModuleErroredEvent event) {
        failed = true;
    }
}
