package org.cnnclassifier.command;

import org.cnnclassifier.progress.CanceledException;

/** How SciJava commands report a failure: one clear line on standard error, then an exception carrying it. */
final class CommandErrors {
    private CommandErrors() {
    }

    static RuntimeException fail(String command, Exception e) {
        if (e instanceof CanceledException c) {
            System.err.println(command + ": canceled; nothing was written.");
            return c;
        }
        String message = command + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
        System.err.println("ERROR: " + message);
        return new IllegalStateException(message, e);
    }
}
