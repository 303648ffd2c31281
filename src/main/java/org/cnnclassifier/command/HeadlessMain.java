package org.cnnclassifier.command;

import org.scijava.Context;
import org.scijava.console.ConsoleService;
import org.scijava.startup.StartupService;

/**
 * Runs the plugin's SciJava commands from a shell, with scijava-common's console arguments, e.g.
 * {@code --headless --run org.cnnclassifier.command.ClassifyFolderCommand "input='/data',output='/tmp/r.csv'"}.
 */
public final class HeadlessMain {
    private HeadlessMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        try (Context context = new Context()) {
            context.service(ConsoleService.class).processArgs(args);
            // scijava-common 2.100's --run only queues the command as a start-up operation; run it.
            context.service(StartupService.class).executeOperations();
        }
        System.exit(CommandErrors.anyFailed ? 1 : 0);
    }
}
