package org.cnnclassifier.model;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.image.PlanarRgb;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

/**
 * Classify Image's core: the current slice (or every slice) of an image, restricted to a
 * rectangle (a selection's bounds) when given, through {@link PlanarRgb} and {@link Classifier}.
 */
public final class ImageClassification {
    private ImageClassification() {
    }

    /** The smallest width and height Classify Image accepts. */
    public static final int MIN_SIZE = 2;

    /** The top classes of one slice (1-based stack index). */
    public record SliceResult(int slice, List<Classifier.Ranked> ranked) {
    }

    /**
     * Classifies {@code imp}'s current slice, or all slices when {@code allSlices}; {@code bounds}
     * (may be null) restricts each slice to that rectangle.
     *
     * @throws IllegalArgumentException with a user-facing message for an image (or selection) smaller than 2x2
     */
    public static List<SliceResult> classify(ImagePlus imp, boolean allSlices, Rectangle bounds, Classifier classifier,
            int top) {
        List<Integer> slices = new ArrayList<>();
        if (allSlices) {
            for (int i = 1; i <= imp.getStackSize(); i++) {
                slices.add(i);
            }
        } else {
            slices.add(imp.getCurrentSlice());
        }
        byte[][] inputs = new byte[slices.size()][];
        ImageStack stack = imp.getStack();
        for (int k = 0; k < inputs.length; k++) {
            int s = slices.get(k);
            ImageProcessor ip = s == imp.getCurrentSlice() ? imp.getProcessor() : stack.getProcessor(s);
            if (ip.getBitDepth() == 16 || ip.getBitDepth() == 32) {
                // Every slice is scaled to 8 bits with the image's display range, as the one on screen.
                ip.setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
            }
            ImageProcessor region = crop(ip, bounds);
            checkSize(region, region != ip);
            inputs[k] = PlanarRgb.fromImage(region, Classifier.WIDTH, Classifier.HEIGHT);
        }
        float[][] probabilities = classifier.probabilities(inputs);
        List<SliceResult> results = new ArrayList<>(inputs.length);
        for (int k = 0; k < inputs.length; k++) {
            results.add(new SliceResult(slices.get(k), classifier.top(probabilities[k], top)));
        }
        return results;
    }

    /** The 2x2 minimum, in words that say whether the selection or the image is too small. */
    static void checkSize(ImageProcessor region, boolean selection) {
        if (region.getWidth() < MIN_SIZE || region.getHeight() < MIN_SIZE) {
            throw new IllegalArgumentException((selection ? "The selection is " : "The image is ") + region.getWidth()
                    + "x" + region.getHeight() + " pixels; Classify Image needs at least " + MIN_SIZE + "x" + MIN_SIZE
                    + ". " + (selection ? "Draw a larger selection, or remove it (Edit>Selection>Select None) to "
                            + "classify the whole image." : "Open a larger image."));
        }
    }

    private static ImageProcessor crop(ImageProcessor ip, Rectangle bounds) {
        if (bounds == null || bounds.width <= 0 || bounds.height <= 0) {
            return ip;
        }
        Rectangle r = bounds.intersection(new Rectangle(0, 0, ip.getWidth(), ip.getHeight()));
        ImageProcessor copy = ip.duplicate();
        copy.setRoi(r);
        return copy.crop();
    }
}
