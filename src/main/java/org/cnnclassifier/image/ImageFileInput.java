package org.cnnclassifier.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.Opener;

/**
 * Reads an image file with ImageJ's own opener (no GUI, no error dialogs) and turns it into a
 * network input by {@link CnnInput}. Stacks contribute their first slice. Thread-safe: each call
 * uses its own Opener.
 */
public final class ImageFileInput {
    private ImageFileInput() {
    }

    /** Planar RGB bytes of {@code file} resized to {@code width x height}; IOException names why it cannot be read. */
    public static byte[] read(Path file, int width, int height) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("file cannot be read (permissions)");
        }
        Opener opener = new Opener();
        opener.setSilentMode(true);
        ImagePlus imp;
        try {
            imp = opener.openImage(file.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new IOException("ImageJ cannot decode it (" + e + ")");
        }
        if (imp == null || imp.getProcessor() == null) {
            throw new IOException("not an image ImageJ can open");
        }
        try {
            return CnnInput.toPlanarRgb(imp.getProcessor(), width, height);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }
}
