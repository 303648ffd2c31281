package org.cnnclassifier.progress;

/** Thrown by core work when the user cancelled it (Esc in ImageJ); not an error. */
public class CanceledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CanceledException() {
        super("Canceled by the user");
    }
}
