package org.cnnclassifier.modelfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The trained model could not be written where the user asked. The message says why and where
 * the network was saved instead ({@link #savedTo()}), or that it could not be saved anywhere.
 */
public final class ModelSaveException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path savedTo;

    ModelSaveException(String message, Path savedTo, Throwable cause) {
        super(message, cause);
        this.savedTo = savedTo;
    }

    /** Where the model was saved instead, or null when it could not be saved at all. */
    public Path savedTo() {
        return savedTo;
    }
}
