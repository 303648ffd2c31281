package org.cnnclassifier.inference;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.image.PlanarChannels;

import ij.ImagePlus;
import ij.process.ImageProcessor;

/**
 * Classify Image's core: the current slice (or every slice) of an image, restricted to a
 * rectangle (a selection's bounds) when given, through {@link PlanarChannels} and {@link Classifier}.
 * The unit classified is a slice, or for a multi-channel image a Z/T position with all its channels
 * (for a model of {@code native} channels, a stack without a channel dimension is one image whose
 * pages are its channels).
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
        return classify(imp, allSlices, bounds, classifier, top, InferenceViews.NONE);
    }

    /** As above, with probabilities averaged over each image's {@code views} ({@link Classifier}). */
    public static List<SliceResult> classify(ImagePlus imp, boolean allSlices, Rectangle bounds, Classifier classifier,
            int top, InferenceViews views) {
        boolean pages = PlanarChannels.pagesAreChannels(imp, classifier.shape());
        boolean positions = imp.getNChannels() > 1 || pages;
        // Units: stack slices, or (z, t) positions of a multi-channel image (reported by their first slice).
        List<int[]> units = new ArrayList<>();
        int zs = pages ? 1 : imp.getNSlices(), ts = pages ? 1 : imp.getNFrames();
        if (!positions) {
            for (int i = 1; i <= imp.getStackSize(); i++) {
                if (allSlices || i == imp.getCurrentSlice()) {
                    units.add(new int[] {i, 0, 0});
                }
            }
        } else {
            for (int t = 1; t <= ts; t++) {
                for (int z = 1; z <= zs; z++) {
                    if (allSlices || pages || (z == imp.getZ() && t == imp.getT())) {
                        units.add(new int[] {imp.getStackIndex(1, z, t), z, t});
                    }
                }
            }
        }
        byte[][] inputs = new byte[units.size()][];
        List<Integer> slices = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) {
            int[] u = units.get(k);
            slices.add(u[0]);
            List<ImageProcessor> channels = positions ? PlanarChannels.channelsAt(imp, u[1], u[2], pages)
                    : List.of(u[0] == imp.getCurrentSlice() ? imp.getProcessor() : imp.getStack().getProcessor(u[0]));
            List<ImageProcessor> regions = new ArrayList<>();
            for (ImageProcessor ip : channels) {
                if (!positions && (ip.getBitDepth() == 16 || ip.getBitDepth() == 32)) {
                    // Every slice is scaled to 8 bits with the image's display range, as the one on screen.
                    ip.setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
                }
                ImageProcessor region = crop(ip, bounds);
                checkSize(region, region != ip);
                regions.add(region);
            }
            inputs[k] = PlanarChannels.fromChannels(regions, classifier.shape());
        }
        float[][] probabilities = classifier.probabilities(inputs, views);
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
        if (r.isEmpty()) {
            throw new IllegalArgumentException("The selection (" + bounds.width + "x" + bounds.height + " at "
                    + bounds.x + "," + bounds.y + ") lies outside the " + ip.getWidth() + "x" + ip.getHeight()
                    + " image. Draw it on the image, or remove it (Edit>Selection>Select None) to classify the whole "
                    + "image.");
        }
        ImageProcessor copy = ip.duplicate();
        copy.setRoi(r);
        return copy.crop();
    }
}
