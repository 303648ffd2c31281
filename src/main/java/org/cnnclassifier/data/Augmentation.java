package org.cnnclassifier.data;

import java.util.Random;

/**
 * The standard CIFAR-10 augmentation, applied on the fly to each training image as its batch is
 * built: a random horizontal flip (probability 1/2) and a random 32x32 crop of the image padded
 * with 4 black pixels on each side. Works on copies of planar bytes (any number of byte planes, so
 * also the float32 byte planes of {@link org.cnnclassifier.image.PlanarChannels}); the stored data
 * is never changed. {@link #transform} also makes the test-time views of Classify and Evaluate.
 */
public final class Augmentation {
    public static final int PAD = 4;

    private final Random random;
    private final int width;
    private final int height;

    public Augmentation(long seed, int width, int height) {
        this.random = new Random(seed);
        this.width = width;
        this.height = height;
    }

    /** A new, randomly flipped and shifted copy of {@code planar} ({@code 3*height*width} bytes). */
    public byte[] apply(byte[] planar) {
        boolean flip = random.nextBoolean();
        int dx = random.nextInt(2 * PAD + 1) - PAD;
        int dy = random.nextInt(2 * PAD + 1) - PAD;
        return transform(planar, width, height, flip, dx, dy);
    }

    /**
     * Output pixel (x, y) is input pixel (x + dx, y + dy) of the (optionally mirrored) image, or 0
     * outside it: the crop at offset (PAD + dx, PAD + dy) of the zero-padded image.
     */
    public static byte[] transform(byte[] planar, int width, int height, boolean flip, int dx, int dy) {
        int plane = width * height;
        int channels = planar.length / plane;
        byte[] out = new byte[planar.length];
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int y = 0; y < height; y++) {
                int sy = y + dy;
                if (sy < 0 || sy >= height) {
                    continue;
                }
                for (int x = 0; x < width; x++) {
                    int sx = x + dx;
                    if (sx < 0 || sx >= width) {
                        continue;
                    }
                    int srcX = flip ? width - 1 - sx : sx;
                    out[base + y * width + x] = planar[base + sy * width + srcX];
                }
            }
        }
        return out;
    }
}
