package org.cnnclassifier.conv;

import java.util.Arrays;

/**
 * One convolution filter: a name (used as the slice label of its feature map), a width and height,
 * and weights for one channel (applied to every input channel, as ImageJ's Convolver does) or for
 * each input channel (a CNN filter spanning all channels). Weights are stored channel by channel,
 * each channel row by row: {@code weights[(c * height + y) * width + x]}. Immutable.
 */
public final class Kernel {
    private final String name;
    private final int width;
    private final int height;
    private final int channels;
    private final float[] weights;

    /**
     * @throws IllegalArgumentException when a size is not positive, the weight count does not match,
     *                                  or a weight is NaN or infinite
     */
    public Kernel(String name, int width, int height, int channels, float[] weights) {
        if (width < 1 || height < 1 || channels < 1) {
            throw new IllegalArgumentException("Kernel '" + name + "' is " + width + "x" + height + "x" + channels
                    + "; every size must be at least 1.");
        }
        if (weights.length != width * height * channels) {
            throw new IllegalArgumentException("Kernel '" + name + "' needs " + width * height * channels
                    + " weights (" + width + "x" + height + "x" + channels + ") but has " + weights.length + ".");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i])) {
                throw new IllegalArgumentException("Kernel '" + name + "' has a weight that is not a finite number ("
                        + weights[i] + ") at row " + ((i / width) % height + 1) + ", column " + (i % width + 1) + ".");
            }
        }
        this.name = name;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.weights = weights.clone();
    }

    /** A single-channel kernel from rows of weights (all rows the same length). */
    public static Kernel of(String name, float[][] rows) {
        int h = rows.length;
        int w = h == 0 ? 0 : rows[0].length;
        float[] weights = new float[w * h];
        for (int y = 0; y < h; y++) {
            if (rows[y].length != w) {
                throw new IllegalArgumentException("Kernel '" + name + "': row " + (y + 1) + " has " + rows[y].length
                        + " numbers, row 1 has " + w + ". All rows need the same count.");
            }
            System.arraycopy(rows[y], 0, weights, y * w, w);
        }
        return new Kernel(name, w, h, 1, weights);
    }

    public String name() {
        return name;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 1 when the same weights apply to every input channel. */
    public int channels() {
        return channels;
    }

    public float weight(int c, int y, int x) {
        return weights[(c * height + y) * width + x];
    }

    /** A copy of all weights, in the layout described in the class comment. */
    public float[] weights() {
        return weights.clone();
    }

    /** Sum of all weights, in double as ImageJ's Convolver sums them. */
    public double sum() {
        double s = 0;
        for (float w : weights) {
            s += w;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Kernel k && k.name.equals(name) && k.width == width && k.height == height
                && k.channels == channels && Arrays.equals(k.weights, weights);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return name + " (" + width + "x" + height + (channels > 1 ? "x" + channels : "") + ")";
    }
}
