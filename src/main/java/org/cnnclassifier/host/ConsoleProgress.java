package org.cnnclassifier.host;

import org.cnnclassifier.progress.ProgressListener;

/** Progress for headless runs: status lines on standard output, at most one every few seconds. */
public final class ConsoleProgress implements ProgressListener {
    private final long intervalNanos;
    private long last;

    public ConsoleProgress(double intervalSeconds) {
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    @Override
    public synchronized void status(String message) {
        long now = System.nanoTime();
        if (now - last >= intervalNanos) {
            last = now;
            System.out.println(message);
        }
    }

    @Override
    public void progress(double fraction) {
    }

    @Override
    public boolean isCanceled() {
        return false;
    }
}
