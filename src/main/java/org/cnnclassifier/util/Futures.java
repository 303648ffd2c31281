package org.cnnclassifier.util;

import java.util.concurrent.ExecutionException;

/** What a pool's task threw, rethrown on the thread that waits for it. */
public final class Futures {
    private Futures() {
    }

    /** The task's own exception or error, so callers see it as if the task had run on their thread. */
    public static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
