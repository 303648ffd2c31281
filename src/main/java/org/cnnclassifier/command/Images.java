package org.cnnclassifier.command;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

/** Image files the scripted commands open (the menu commands use the active image). */
final class Images {
    private Images() {
    }

    static ImagePlus open(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder; give an image file.");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Image file not found: " + file + ".");
        }
        ImagePlus imp = IJ.openImage(file.toString());
        if (imp == null) {
            throw new IllegalArgumentException("ImageJ cannot open " + file + " as an image.");
        }
        return imp;
    }

    /** The image file when one is given, else ImageJ's current image. */
    static ImagePlus openOrCurrent(Path file) {
        ImagePlus imp = file != null ? open(file) : ij.WindowManager.getCurrentImage();
        if (imp == null) {
            throw new IllegalArgumentException("No image is open. Open an image first, or give an image file with "
                    + "'input'.");
        }
        return imp;
    }
}
