package org.cnnclassifier.command;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.cnnclassifier.image.ImgImages;

/**
 * The image a scripted command works on (the menu commands use the active image): an ImgLib2 image
 * ({@code image}), an ImagePlus ({@code imp}), an image file ({@code input}), in that order.
 */
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
        return pick(null, null, file, true);
    }

    /**
     * The first given of: the ImgLib2 image ({@link ImgImages#toImagePlus}: XY, XYC or XYCZ), the
     * ImagePlus, the image file; else, when {@code current}, ImageJ's current image.
     */
    static ImagePlus pick(RandomAccessibleInterval<? extends RealType<?>> image, ImagePlus imp, Path file,
            boolean current) {
        if (image != null) {
            return ImgImages.toImagePlus(image, "image");
        }
        if (imp != null) {
            return imp;
        }
        if (file != null) {
            return open(file);
        }
        ImagePlus active = current ? ij.WindowManager.getCurrentImage() : null;
        if (active == null) {
            throw new IllegalArgumentException((current ? "No image is open. Open an image first, or give"
                    : "No image given. Give") + " an ImgLib2 image ('image'), an ImagePlus ('imp') or an image file "
                    + "('input').");
        }
        return active;
    }
}
