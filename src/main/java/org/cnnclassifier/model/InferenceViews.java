package org.cnnclassifier.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-time averaging: the views of each image whose class probabilities are averaged, with equal
 * weights. {@code mirror} adds the mirror image of every view; {@code shift} adds the image shifted
 * by one pixel up-left and one pixel down-right (black at the uncovered edge, as the training crops).
 * On the default model's validation split: 82.7% alone, 84.2% with mirror, 84.8% with both (6 views).
 */
public record InferenceViews(boolean mirror, boolean shift) {
    /** Each image as it is: one view. */
    public static final InferenceViews NONE = new InferenceViews(false, false);

    /** Shifts of the {@code shift} views, {dx, dy}. */
    private static final int[][] SHIFTS = {{1, 1}, {-1, -1}};

    /** Views per image: the network runs this many times. */
    public int count() {
        return (shift ? 1 + SHIFTS.length : 1) * (mirror ? 2 : 1);
    }

    /** The views of planar {@code images}, the images themselves first. */
    public List<byte[][]> of(byte[][] images, int channels, int height, int width) {
        List<byte[][]> views = new ArrayList<>(count());
        views.add(images);
        if (shift) {
            for (int[] s : SHIFTS) {
                views.add(NetworkInput.shifted(images, channels, height, width, s[0], s[1]));
            }
        }
        if (mirror) {
            for (int i = 0, n = views.size(); i < n; i++) {
                views.add(NetworkInput.mirrored(views.get(i), channels, height, width));
            }
        }
        return views;
    }
}
