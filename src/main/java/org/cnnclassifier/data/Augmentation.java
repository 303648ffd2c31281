package org.cnnclassifier.data;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Training augmentation, applied on the fly to each training image as its batch is built; the
 * {@code augment} key's value ({@link #MODES}) chooses it:
 * <ul>
 * <li>{@code true}: the standard CIFAR-10 augmentation, a random horizontal flip (probability 1/2)
 * and a random crop of the image padded with {@value #PAD} black pixels on each side;</li>
 * <li>{@code flip}: the random flip alone; {@code flip-alternate}: airbench's deterministic flip,
 * image i flipped in epoch e when {@code (e + bit(i))} is odd, {@code bit(i)} a random bit drawn
 * once per image from the seed, so every image is flipped in exactly one of any two consecutive
 * epochs;</li>
 * <li>{@code translate=2}: a random shift of up to {@value #TRANSLATE} pixels each way with
 * reflection padding (pixel -1 is pixel 1, as PyTorch's {@code reflect} padding);</li>
 * <li>{@code true cutout=8}: {@code true}, then a random {@value #CUTOUT}x{@value #CUTOUT} square,
 * wholly inside the image, set to black in every plane (DeVries and Taylor's Cutout, as in David
 * Page's fast CIFAR-10 ResNet);</li>
 * <li>{@code false}: none.</li>
 * </ul>
 * Works on copies of planar bytes (any number of byte planes, so also the float32 byte planes of
 * {@link org.cnnclassifier.image.PlanarChannels}); the stored data is never changed.
 * {@link #transform} also makes the test-time views of Classify and Evaluate.
 */
public final class Augmentation {
    public static final int PAD = 4;
    /** The shift of {@code translate=2}. */
    public static final int TRANSLATE = 2;
    /** The side of {@code cutout=8}'s square. */
    public static final int CUTOUT = 8;

    /** How images are flipped. */
    public enum Flip { NONE, RANDOM, ALTERNATE }

    /** The {@code augment} key's values, in the order the dialog offers them. */
    public static final List<String> MODES = List.of("false", "true", "flip", "flip-alternate", "translate=2",
            "flip translate=2", "flip-alternate translate=2", "true cutout=8");

    private final Random random;
    private final long seed;
    private final int width;
    private final int height;
    private final Flip flip;
    /** Largest shift each way, 0 for none. */
    private final int shift;
    /** Reflection padding for shifts (else black). */
    private final boolean reflect;
    /** Side of the black square cut out of each image, 0 for none. */
    private final int cutout;
    private int epoch = 1;

    /** The standard augmentation ({@code augment=true}). */
    public Augmentation(long seed, int width, int height) {
        this(seed, width, height, Flip.RANDOM, PAD, false);
    }

    public Augmentation(long seed, int width, int height, Flip flip, int shift, boolean reflect) {
        this(seed, width, height, flip, shift, reflect, 0);
    }

    /** As above, then a black {@code cutout x cutout} square at a random place inside the image (0: none). */
    public Augmentation(long seed, int width, int height, Flip flip, int shift, boolean reflect, int cutout) {
        this.random = new Random(seed);
        this.seed = seed;
        this.width = width;
        this.height = height;
        this.flip = flip;
        this.shift = shift;
        this.reflect = reflect;
        this.cutout = cutout;
        if (cutout > width || cutout > height) {
            throw new IllegalArgumentException("A cutout of " + cutout + "x" + cutout + " pixels needs images at least "
                    + "that wide and high; they are " + width + "x" + height + ". Use augment=true instead.");
        }
        if (reflect && (shift >= width || shift >= height)) {
            throw new IllegalArgumentException("A reflected shift of " + shift + " pixels needs images wider and "
                    + "higher than that; they are " + width + "x" + height + ".");
        }
    }

    /**
     * The augmentation an {@code augment} value names, or null for {@code false} (none). Throws
     * IllegalArgumentException naming the key for any other value.
     */
    public static Augmentation of(String mode, long seed, int width, int height) {
        String m = check(mode);
        return switch (m) {
            case "false" -> null;
            case "true" -> new Augmentation(seed, width, height);
            case "flip" -> new Augmentation(seed, width, height, Flip.RANDOM, 0, false);
            case "flip-alternate" -> new Augmentation(seed, width, height, Flip.ALTERNATE, 0, false);
            case "translate=2" -> new Augmentation(seed, width, height, Flip.NONE, TRANSLATE, true);
            case "flip translate=2" -> new Augmentation(seed, width, height, Flip.RANDOM, TRANSLATE, true);
            case "true cutout=8" -> new Augmentation(seed, width, height, Flip.RANDOM, PAD, false, CUTOUT);
            default -> new Augmentation(seed, width, height, Flip.ALTERNATE, TRANSLATE, true);
        };
    }

    /** {@code mode} as one of {@link #MODES} (case and surrounding spaces ignored); else a message naming the key. */
    public static String check(String mode) {
        String m = mode == null ? "false" : mode.strip().replaceAll("\\s+", " ");
        for (String known : MODES) {
            if (known.equalsIgnoreCase(m)) {
                return known;
            }
        }
        throw new IllegalArgumentException("'" + mode + "' is not valid for 'augment': give one of: "
                + String.join(", ", MODES) + ".");
    }

    /** Whether the {@code augment} value {@code mode} shifts with reflection padding ({@code translate=2}). */
    public static boolean reflectsShifts(String mode) {
        try {
            return check(mode).contains("translate");
        } catch (IllegalArgumentException e) {
            return false; // a model file from another version: its views keep the black edge
        }
    }

    /** The epoch (from 1) whose images are augmented next: decides {@code flip-alternate}'s flips. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** A new augmented copy of {@code planar} ({@code planes*height*width} bytes), not knowing its index. */
    public byte[] apply(byte[] planar) {
        return apply(planar, 0);
    }

    /** A new augmented copy of image {@code index} of the training set ({@code planes*height*width} bytes). */
    public byte[] apply(byte[] planar, int index) {
        boolean flipped = switch (flip) {
            case NONE -> false;
            case RANDOM -> random.nextBoolean();
            case ALTERNATE -> flippedInEpoch(seed, index, epoch);
        };
        int dx = shift == 0 ? 0 : random.nextInt(2 * shift + 1) - shift;
        int dy = shift == 0 ? 0 : random.nextInt(2 * shift + 1) - shift;
        byte[] out = reflect ? reflected(planar, width, height, flipped, dx, dy)
                : transform(planar, width, height, flipped, dx, dy);
        if (cutout > 0) {
            // Drawn after the flip and shift, so the other modes' draws stay as they were.
            cut(out, width, height, random.nextInt(width - cutout + 1), random.nextInt(height - cutout + 1), cutout);
        }
        return out;
    }

    /** Sets the {@code side x side} square at ({@code x0}, {@code y0}) to 0 in every plane. */
    static void cut(byte[] planar, int width, int height, int x0, int y0, int side) {
        int plane = width * height;
        for (int base = 0; base < planar.length; base += plane) {
            for (int y = y0; y < y0 + side; y++) {
                Arrays.fill(planar, base + y * width + x0, base + y * width + x0 + side, (byte) 0);
            }
        }
    }

    /** {@code flip-alternate}: image {@code index} is flipped in {@code epoch} when epoch + its bit is odd. */
    public static boolean flippedInEpoch(long seed, int index, int epoch) {
        return ((epoch + bit(seed, index)) & 1) == 1;
    }

    /** The image's fixed random bit: SplitMix64's finaliser of the seed and index. */
    static int bit(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z >>> 63);
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

    /**
     * As {@link #transform}, but outside the image the pixels are its reflection without repeating
     * the edge (pixel -k is pixel k, pixel n-1+k is pixel n-1-k): shifts of less than the size.
     */
    public static byte[] reflected(byte[] planar, int width, int height, boolean flip, int dx, int dy) {
        int plane = width * height;
        int channels = planar.length / plane;
        byte[] out = new byte[planar.length];
        int[] cols = new int[width];
        for (int x = 0; x < width; x++) {
            int sx = reflect(x + dx, width);
            cols[x] = flip ? width - 1 - sx : sx;
        }
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int y = 0; y < height; y++) {
                int row = base + reflect(y + dy, height) * width;
                int o = base + y * width;
                for (int x = 0; x < width; x++) {
                    out[o + x] = planar[row + cols[x]];
                }
            }
        }
        return out;
    }

    private static int reflect(int s, int n) {
        return s < 0 ? -s : s >= n ? 2 * (n - 1) - s : s;
    }
}
