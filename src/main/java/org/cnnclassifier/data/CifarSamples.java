package org.cnnclassifier.data;

import java.util.Arrays;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.MontageMaker;
import org.cnnclassifier.image.PlanarRgb;

/**
 * The tutorial's first figure: random training images in a labelled grid. Gives a stack (class
 * names as slice labels) and a montage made from it by ImageJ's MontageMaker, scaled up so the
 * 32x32 images and their labels are legible.
 */
public final class CifarSamples {
    public static final String STACK_TITLE = "CIFAR-10 Samples";
    public static final String MONTAGE_TITLE = "CIFAR-10 Samples Montage";

    private CifarSamples() {
    }

    /** {@code count} distinct random images (seeded) as a stack labelled with class names. */
    public static ImagePlus stack(LabeledImages data, int count, long seed) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("No images in " + data.source());
        }
        int[] pick = Arrays.copyOf(LabeledImages.permutation(data.size(), new Random(seed)),
                Math.min(count, data.size()));
        ImageStack stack = new ImageStack(LabeledImages.SIZE, LabeledImages.SIZE);
        for (int i : pick) {
            stack.addSlice(data.classNames().get(data.label(i)),
                    PlanarRgb.toColorProcessor(data.image(i), LabeledImages.SIZE, LabeledImages.SIZE));
        }
        return new ImagePlus(STACK_TITLE, stack);
    }

    /** A {@code columns x rows} montage of the stack, each tile scaled by {@code scale}, labelled with slice labels. */
    public static ImagePlus montage(ImagePlus stack, int columns, int rows, double scale) {
        int n = stack.getStackSize();
        ImagePlus m = new MontageMaker().makeMontage2(stack, columns, rows, scale, 1, n, 1, 2, true);
        m.setTitle(MONTAGE_TITLE);
        return m;
    }
}
