package org.cnnclassifier.inference;

import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.data.Augmentation;
import org.cnnclassifier.modelfile.ModelMetadata;

/**
 * Test-time averaging: the views of each image whose class probabilities are averaged, with equal
 * weights. {@code mirror} adds the mirror image of every view; {@code shift} adds the image shifted
 * by one pixel up-left and one pixel down-right. The uncovered edge is filled as the model's training
 * shifts filled it ({@link #forModel}): black after {@code augment=true}'s crops, the image's reflection
 * after {@code translate=2} (the default model, trained so, scores 89.08% with {@code mirror shift} on
 * reflected edges and 88.84% on black ones). The views are made on the planar bytes by
 * {@link Augmentation#transform} or {@link Augmentation#reflected}, before encoding: byte
 * planes move whole float32 values too, and libnd4j's {@code reverse} along the width of an NHWC
 * batch of 1,000 images gave wrong pixels.
 */
public record InferenceViews(boolean mirror, boolean shift, boolean reflect) {
    /** Each image as it is: one view. */
    public static final InferenceViews NONE = new InferenceViews(false, false);

    /** Shift views with a black edge (until {@link #forModel} says otherwise). */
    public InferenceViews(boolean mirror, boolean shift) {
        this(mirror, shift, false);
    }

    /** These views with the edge of the shifted ones filled as {@code model}'s training shifts filled it. */
    public InferenceViews forModel(ModelMetadata model) {
        Object augment = model.training() == null ? null : model.training().get("augment");
        boolean reflected = augment != null && Augmentation.reflectsShifts(String.valueOf(augment));
        return reflected == reflect ? this : new InferenceViews(mirror, shift, reflected);
    }

    /** Each view's shift {dx, dy} (output pixel (x, y) is input pixel (x + dx, y + dy)), without and with shift. */
    private static final int[][] ONLY = {{0, 0}}, SHIFTS = {{0, 0}, {1, 1}, {-1, -1}};

    /** Views per image: the network runs this many times. */
    public int count() {
        return (shift ? SHIFTS.length : 1) * (mirror ? 2 : 1);
    }

    /**
     * The views of planar {@code images} of {@code width x height} pixels: the images themselves,
     * then the shifted ones, then each of those mirrored, in that order.
     */
    public List<byte[][]> of(byte[][] images, int width, int height) {
        List<byte[][]> views = new ArrayList<>(count());
        for (boolean flip : mirror ? new boolean[] {false, true} : new boolean[] {false}) {
            for (int[] s : shift ? SHIFTS : ONLY) {
                boolean asIs = !flip && s[0] == 0 && s[1] == 0;
                // The mirror image of a view shifted by dx is the mirrored image shifted by -dx.
                views.add(asIs ? images : transform(images, width, height, flip, flip ? -s[0] : s[0], s[1]));
            }
        }
        return views;
    }

    private byte[][] transform(byte[][] images, int width, int height, boolean flip, int dx, int dy) {
        byte[][] out = new byte[images.length][];
        // Reflection needs a pixel beyond the shift: 1-pixel-wide images keep the black edge.
        boolean reflected = reflect && width > 1 && height > 1;
        for (int i = 0; i < images.length; i++) {
            out[i] = reflected ? Augmentation.reflected(images[i], width, height, flip, dx, dy)
                    : Augmentation.transform(images[i], width, height, flip, dx, dy);
        }
        return out;
    }
}
