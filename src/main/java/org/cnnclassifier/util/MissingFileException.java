package org.cnnclassifier.util;

import java.nio.file.NoSuchFileException;

/**
 * A missing file or folder, with a user-facing message that names the path once. (A plain
 * {@link NoSuchFileException} built with a reason prints "path: reason", and the reasons here
 * name the path themselves.) {@link #getFile()} still gives the path.
 */
public final class MissingFileException extends NoSuchFileException {
    private static final long serialVersionUID = 1L;

    private final String message;

    /** {@code message} is the whole user-facing text (it should name {@code path}). */
    public MissingFileException(String path, String message) {
        super(path, null, message);
        this.message = message;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
