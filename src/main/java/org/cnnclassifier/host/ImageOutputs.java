package org.cnnclassifier.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.cnnclassifier.util.AtomicFiles;
import org.cnnclassifier.util.Writable;

/**
 * Images the commands write to a file the user named: encoded in memory, then written to a
 * temporary file and moved into place ({@link AtomicFiles}), so a failed run leaves no half-written
 * file and an existing one untouched.
 */
public final class ImageOutputs {
    private ImageOutputs() {
    }

    /** ImageJ's own TIFF (slice labels, calibration and hyperstack dimensions kept). */
    public static void writeTiff(ImagePlus imp, Path file, String what) throws IOException {
        byte[] tiff = new FileSaver(imp).serialize();
        if (tiff == null) {
            throw new IOException("ImageJ could not encode the " + what + " as TIFF.");
        }
        AtomicFiles.write(file, what, Writable.Kind.TIFF, os -> os.write(tiff));
    }

    /** A PNG of the image as displayed. */
    public static void writePng(ImagePlus imp, Path file, String what) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(imp.getBufferedImage(), "png", bytes);
        AtomicFiles.write(file, what, Writable.Kind.PNG, os -> os.write(bytes.toByteArray()));
    }
}
