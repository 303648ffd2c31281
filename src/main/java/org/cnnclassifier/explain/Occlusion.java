package org.cnnclassifier.explain;

import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.inference.Classifier;

/**
 * Occlusion sensitivity (Zeiler and Fergus, 2014): a square patch of the network's input is replaced by
 * the image's mean (per channel) at every patch position, the occluded images are classified in
 * batches, and each pixel gets the mean drop of the class's probability over the patches that covered
 * it. Model-agnostic; positions run every {@code stride} pixels, patches at the borders reaching in from
 * beyond the edge (clipped), so every pixel is covered by as many patches.
 */
public final class Occlusion {
    private Occlusion() {
    }

    /** A map at the network's input size ({@code map[y * width + x]}), its class and that class's probability. */
    public record Result(float[] map, int width, int height, int classIndex, float probability) {
    }

    /**
     * Patch origins along a side of {@code size}: from {@code stride - patch} (a patch reaching in from beyond
     * the edge, clipped) every {@code stride} pixels while the patch still covers a pixel, so that border pixels
     * are covered by as many patches as inner ones (when the stride divides the patch).
     */
    static int[] positions(int size, int patch, int stride) {
        List<Integer> out = new ArrayList<>();
        int first = Math.min(0, stride - patch);
        for (int x = first; x < size && x + patch > 0; x += stride) {
            out.add(x);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The occlusion map of {@code image} (planar bytes at {@code classifier.shape()}) for class
     * {@code classIndex}, or the most probable class when negative.
     */
    public static Result compute(Classifier classifier, byte[] image, int classIndex, int patch, int stride) {
        InputShape shape = classifier.shape();
        int w = shape.width(), h = shape.height(), channels = shape.channels(), plane = w * h;
        if (patch < 1 || stride < 1) {
            throw new IllegalArgumentException("patch and stride must be at least 1 pixel.");
        }
        float[] base = classifier.probabilities(new byte[][] {image})[0];
        int c = classIndex >= 0 ? classIndex : Classifier.argMax(base);
        int p = Math.min(patch, Math.min(w, h));
        int[] xs = positions(w, p, stride), ys = positions(h, p, stride);
        boolean floats = shape.bytesPerValue() == 4;
        byte[][] fill = meanFill(image, channels, plane, floats);
        byte[][] occluded = new byte[xs.length * ys.length][];
        int k = 0;
        for (int y0 : ys) {
            for (int x0 : xs) {
                byte[] copy = image.clone();
                int planes = floats ? 4 * channels : channels;
                int xa = Math.max(0, x0), xb = Math.min(w, x0 + p);
                for (int q = 0; q < planes; q++) {
                    byte value = fill[q / (floats ? 4 : 1)][floats ? q % 4 : 0];
                    for (int y = Math.max(0, y0); y < Math.min(h, y0 + p); y++) {
                        java.util.Arrays.fill(copy, q * plane + y * w + xa, q * plane + y * w + xb, value);
                    }
                }
                occluded[k++] = copy;
            }
        }
        float[][] probs = classifier.probabilities(occluded);
        double[] sum = new double[plane];
        int[] count = new int[plane];
        k = 0;
        for (int y0 : ys) {
            for (int x0 : xs) {
                double drop = base[c] - probs[k++][c];
                for (int y = Math.max(0, y0); y < Math.min(h, y0 + p); y++) {
                    for (int x = Math.max(0, x0); x < Math.min(w, x0 + p); x++) {
                        sum[y * w + x] += drop;
                        count[y * w + x]++;
                    }
                }
            }
        }
        float[] map = new float[plane];
        for (int i = 0; i < plane; i++) {
            map[i] = count[i] > 0 ? (float) (sum[i] / count[i]) : 0;
        }
        return new Result(map, w, h, c, base[c]);
    }

    /** Per channel, the bytes of its mean value: one byte for 8-bit planes, the 4 bytes of a float32 otherwise. */
    private static byte[][] meanFill(byte[] image, int channels, int plane, boolean floats) {
        byte[][] fill = new byte[channels][];
        for (int ch = 0; ch < channels; ch++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += floats ? PlanarChannels.value(image, plane, ch * plane + i) : image[ch * plane + i] & 0xFF;
            }
            double mean = sum / plane;
            if (floats) {
                int bits = Float.floatToIntBits((float) mean);
                fill[ch] = new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
            } else {
                fill[ch] = new byte[] {(byte) Math.round(mean)};
            }
        }
        return fill;
    }

    /**
     * The map on an image of {@code width x height} pixels that the network read resized to the map's size:
     * bilinear over pixel centres (clamped at the edges).
     */
    public static float[] toImage(Result r, int width, int height) {
        return new ReceptiveFields(0, 1, 0, 1).toImage(r.map(), r.width(), r.height(), r.width(), r.height(), width,
                height);
    }
}
