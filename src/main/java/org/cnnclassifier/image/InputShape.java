package org.cnnclassifier.image;

import java.util.List;
import java.util.Locale;

/**
 * The shape of a network's input: width, height, channel count, how an image's channels become
 * those channels ({@link #mode}) and how pixel values become the network's ({@link #normalization}).
 * Training asks for one with the {@code size}, {@code channels} and {@code normalize} keys, where 0
 * means "the images' own" (native); a model records the resolved shape in model.json and every
 * command reads images at that shape ({@link PlanarChannels}).
 */
public record InputShape(int width, int height, int channels, String mode, String normalization) {
    /** Three channels R, G, B: RGB images as they are, grayscale replicated (the CIFAR-10 layout). */
    public static final String RGB = "rgb";
    /** One channel: grayscale as it is, RGB images converted by ImageJ's RGB-to-8-bit conversion. */
    public static final String GRAY = "gray";
    /** The images' own channels: a multi-channel image's channels, RGB as 3, grayscale as 1. */
    public static final String NATIVE = "native";
    public static final List<String> MODES = List.of(RGB, GRAY, NATIVE);
    /** The {@code size} key's value for the images' own size. */
    public static final String NATIVE_SIZE = "native";
    /** Values brought to 8 bits (16/32-bit from the display range), then divided by 255: the tutorial's. */
    public static final String DIVIDE_BY_255 = "divide-by-255";
    /** Per image and channel, (v - min) / (max - min) of the original values, in full precision. */
    public static final String MIN_MAX = "min-max";
    /**
     * Per image and channel, (v - p3) / (p99.8 - p3) with the 3rd and 99.8th percentiles of the original
     * values (CSBDeep's defaults), in full precision, clipped to [0, 1] (CSBDeep's {@code clip=True}: a few
     * saturated pixels do not dominate the input).
     */
    public static final String PERCENTILE = "percentile";
    public static final List<String> NORMALIZATIONS = List.of(DIVIDE_BY_255, MIN_MAX, PERCENTILE);
    /** The percentiles of {@link #PERCENTILE}. */
    public static final double PERCENTILE_LOW = 3, PERCENTILE_HIGH = 99.8;
    /** The CIFAR-10 record layout, the default. */
    public static final InputShape CIFAR = new InputShape(32, 32, 3, RGB);

    /** A shape whose values are divided by 255 ({@link #DIVIDE_BY_255}). */
    public InputShape(int width, int height, int channels, String mode) {
        this(width, height, channels, mode, DIVIDE_BY_255);
    }

    public InputShape {
        normalization = normalization == null ? DIVIDE_BY_255 : normalization.trim().toLowerCase(Locale.ROOT);
        if (!NORMALIZATIONS.contains(normalization)) {
            throw new IllegalArgumentException("normalize must be one of " + String.join(", ", NORMALIZATIONS)
                    + "; got '" + normalization + "'.");
        }
        mode = mode == null ? RGB : mode.trim().toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("channels must be one of " + String.join(", ", MODES) + "; got '"
                    + mode + "'.");
        }
        if (RGB.equals(mode)) {
            channels = 3;
        } else if (GRAY.equals(mode)) {
            channels = 1;
        }
    }

    /**
     * The shape the {@code size} key ({@code native}, or {@code WxH} such as {@code 32x32}) and the
     * {@code channels} key ({@link #MODES}) ask for; width, height or channels 0 where native.
     */
    public static InputShape request(String size, String channels) {
        return request(size, channels, DIVIDE_BY_255);
    }

    /** As {@link #request(String, String)}, with the {@code normalize} key's value. */
    public static InputShape request(String size, String channels, String normalization) {
        String s = size == null ? "" : size.trim().toLowerCase(Locale.ROOT);
        int w = 0, h = 0;
        if (!s.equals(NATIVE_SIZE)) {
            String[] parts = s.split("\\s*x\\s*");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                w = Integer.parseInt(parts[0]);
                h = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + size + "' is not valid for 'size': give native or "
                        + "WIDTHxHEIGHT in pixels, such as 32x32.");
            }
            if (w < 1 || h < 1) {
                throw new IllegalArgumentException("'" + size + "' is not valid for 'size': width and height must "
                        + "be at least 1.");
            }
        }
        return new InputShape(w, h, 0, channels, normalization);
    }

    /** The shape a model's model.json describes (its {@code channelOrder} "RGB", "gray" or "native"). */
    public static InputShape ofModel(int width, int height, int channels, String channelOrder, String normalization) {
        String m = channelOrder == null ? RGB : channelOrder.trim().toLowerCase(Locale.ROOT);
        if (!MODES.contains(m)) {
            m = channels == 3 ? RGB : channels == 1 ? GRAY : NATIVE;
        }
        return new InputShape(width, height, channels, m, normalization);
    }

    /**
     * Bytes per value in the planar layout: 1 (0-255) for {@link #DIVIDE_BY_255}; 4 for the full-precision
     * normalisations, whose float32 values are stored as 4 byte planes per channel ({@link PlanarChannels}).
     */
    public int bytesPerValue() {
        return DIVIDE_BY_255.equals(normalization) ? 1 : 4;
    }

    /** True when width, height and channel count are all known. */
    public boolean resolved() {
        return width > 0 && height > 0 && channels > 0;
    }

    public int plane() {
        return width * height;
    }

    /** Bytes of one image: channels x height x width x {@link #bytesPerValue()}. */
    public int bytes() {
        return bytesPerValue() * channels * width * height;
    }

    /** model.json's {@code channelOrder}: "RGB", "gray" or "native". */
    public String channelOrder() {
        return RGB.equals(mode) ? "RGB" : mode;
    }

    /**
     * This shape with the given size and channel count (resolving native values); native channels that
     * resolve to one channel are {@link #GRAY} (so an RGB image can still be converted for the model).
     */
    public InputShape with(int w, int h, int c) {
        return new InputShape(w, h, c, NATIVE.equals(mode) && c == 1 ? GRAY : mode, normalization);
    }

    /** "28x28x1", "32x32x3". */
    @Override
    public String toString() {
        return dim(width) + "x" + dim(height) + "x" + dim(channels);
    }

    /** What an image must be for this shape, for messages: "32x32 RGB images (32x32x3)". */
    public String describe() {
        String kind = switch (mode) {
            case RGB -> "RGB";
            case GRAY -> "grayscale";
            default -> channels + "-channel";
        };
        return dim(width) + "x" + dim(height) + " " + kind + " images (" + this + ")";
    }

    private static String dim(int v) {
        return v > 0 ? Integer.toString(v) : "native";
    }
}
