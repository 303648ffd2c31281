package org.cnnclassifier.progress;

/**
 * How long-running core work (convolution banks, training, batch classification) reports progress
 * and learns that the user cancelled, without knowing about ImageJ. The ImageJ adapter maps this
 * to the status bar, the progress bar and Esc; tests use {@link #SILENT} or their own.
 */
public interface ProgressListener {

    /** A one-line status message (ImageJ's status bar). */
    void status(String message);

    /** Fraction done, 0 to 1; 1 hides ImageJ's progress bar. */
    void progress(double fraction);

    /** True when the user asked to stop; core loops check it between units of work. */
    boolean isCanceled();

    /** Throws {@link CanceledException} when the user asked to stop. */
    default void checkCanceled() {
        if (isCanceled()) {
            throw new CanceledException();
        }
    }

    /** Reports nothing; cancelled when {@code canceled} says so (another listener's Esc, a test's condition). */
    static ProgressListener cancelWhen(java.util.function.BooleanSupplier canceled) {
        return new ProgressListener() {
            @Override
            public void status(String message) {
            }

            @Override
            public void progress(double fraction) {
            }

            @Override
            public boolean isCanceled() {
                return canceled.getAsBoolean();
            }
        };
    }

    /** Reports nothing and never cancels. */
    ProgressListener SILENT = cancelWhen(() -> false);
}
