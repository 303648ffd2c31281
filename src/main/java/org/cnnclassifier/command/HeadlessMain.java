package org.cnnclassifier.command;

import java.util.ArrayList;
import java.util.List;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.parse.Items;
import org.scijava.parse.ParseService;
import org.scijava.service.Service;
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
            String unknown = unknownKey(context, args);
            if (unknown != null) {
                System.out.println("[ERROR] " + unknown);
                System.exit(1);
            }
            // Subscribers are held weakly: 'watcher' stays referenced until the end of main.
            context.service(EventService.class).subscribe(watcher);
            context.service(ConsoleService.class).processArgs(args);
            // scijava-common 2.100's --run only queues the command as a start-up operation; run it.
            context.service(StartupService.class).executeOperations();
        }
        System.exit(watcher.failed ? 1 : 0);
    }

    /**
     * scijava-common only warns about a key that no input of the command has ("Unmatched input")
     * and runs on: a mistyped key would silently take its default. Returns the error for the
     * first unknown key of a {@code --run} line, arguments it cannot parse (an unquoted path) or a command class of
     * ours that does not exist, or null.
     */
    static String unknownKey(Context context, String[] args) {
        for (int i = 0; i + 2 < args.length; i++) {
            if (!args[i].equals("--run")) {
                continue;
            }
            CommandInfo info = context.service(CommandService.class).getCommand(args[i + 1]);
            if (info == null && args[i + 1].startsWith("org.cnnclassifier.")) {
                // scijava-common only warns and exits with status 0, having done nothing
                return "No command " + args[i + 1] + ". The commands are: " + String.join(", ",
                        context.service(CommandService.class).getCommands().stream().map(CommandInfo::getClassName)
                                .filter(c -> c.startsWith("org.cnnclassifier.")).sorted().toList()) + ".";
            }
            if (info == null || !info.getClassName().startsWith("org.cnnclassifier.")) {
                return null;
            }
            Items items;
            try {
                items = context.service(ParseService.class).parse(args[i + 2]);
            } catch (RuntimeException e) { // parsington's raw stack trace otherwise
                return info.getTitle() + ": cannot read the arguments \"" + args[i + 2] + "\" ("
                        + e.getMessage() + "). Quote each value: key='value', with commas between the keys, "
                        + "e.g. input='/data/images',top='3'; a value with an apostrophe in double quotes: "
                        + "input=\"/data/it's\".";
            }
            if (!items.isMap()) {
                return null;
            }
            List<String> keys = new ArrayList<>();
            for (ModuleItem<?> input : info.inputs()) {
                if (!Service.class.isAssignableFrom(input.getType()) && input.getType() != Context.class) {
                    keys.add(input.getName());
                }
            }
            for (String given : items.asMap().keySet()) {
                if (info.getInput(given) == null) {
                    return info.getTitle() + ": '" + given + "' is not a key of " + info.getTitle()
                            + ". Its keys are: " + String.join(", ", keys) + ".";
                }
            }
        }
        return null;
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
