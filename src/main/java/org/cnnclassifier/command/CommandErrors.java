package org.cnnclassifier.command;

import org.cnnclassifier.progress.CanceledException;

/** How SciJava commands report a failure: one clear line on standard error, then an exception carrying it. */
final class CommandErrors {
    /** Set when a command failed or was cancelled in this JVM: HeadlessMain then exits with status 1. */
    static volatile boolean anyFailed;

    private CommandErrors() {
    }

    static RuntimeException fail(String command, Exception e) {
        anyFailed = true;
        if (e instanceof CanceledException c) {
            System.err.println(command + ": canceled; nothing was written.");
            return c;
        }
        String message = command + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
        System.err.println("ERROR: " + message);
        return new IllegalStateException(message, e);
    }
}
