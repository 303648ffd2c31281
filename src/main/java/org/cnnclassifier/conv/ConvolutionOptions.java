package org.cnnclassifier.conv;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How kernels are applied. {@code stride} >= 1; {@code padding} SAME keeps ceil(W / stride) x
 * ceil(H / stride) output pixels (W x H at stride 1), padding the input with {@code edges} values,
 * VALID uses only positions where the kernel fits: floor((W - k) / stride) + 1. SAME pads
 * floor(total / 2) before and the rest after, total = max((out - 1) * stride + k - W, 0), as
 * TensorFlow and ND4J do; for odd kernels at stride 1 that is k / 2 on each side, ImageJ's centring.
 * {@code normalize} divides by the kernel sum when it is not 0, as ImageJ does.
 */
public record ConvolutionOptions(int stride, Padding padding, Edges edges, boolean normalize, ChannelMode channels,
        Activation activation) {

    /** Output size rule. */
    public enum Padding { SAME, VALID }

    /** Values outside the image under SAME padding. */
    public enum Edges {
        /** The nearest edge pixel (ImageJ's Convolver). */
        REPLICATE,
        /** Zero (what a CNN's zero padding does). */
        ZERO,
        /** Mirrored without repeating the edge pixel: d c b | a b c d | c b a (numpy/PyTorch "reflect"). */
        REFLECT;

        /** The pixel this rule reads for coordinate {@code i} on an axis of {@code n}; -1 for a zero. */
        public int source(int i, int n) {
            if (i >= 0 && i < n) {
                return i;
            }
            return switch (this) {
                case ZERO -> -1;
                case REFLECT -> {
                    if (n == 1) {
                        yield 0;
                    }
                    int period = 2 * (n - 1);
                    int m = Math.floorMod(i, period);
                    yield m < n ? m : period - m;
                }
                case REPLICATE -> i < 0 ? 0 : n - 1;
            };
        }
    }

    /** How a filter treats several input channels (RGB, hyperstack channels). */
    public enum ChannelMode {
        /** One map per filter: the per-channel responses are summed, as a CNN filter spans all channels. */
        SUM,
        /** One map per filter and channel. */
        SEPARATE
    }

    /** Applied to every output value. */
    public enum Activation { NONE, RELU }

    /** ImageJ's defaults: stride 1, same size, replicated edges, normalised, channels summed, no activation. */
    public static final ConvolutionOptions DEFAULT = new ConvolutionOptions(1, Padding.SAME, Edges.REPLICATE, true,
            ChannelMode.SUM, Activation.NONE);

    public ConvolutionOptions {
        if (stride < 1) {
            throw new IllegalArgumentException("Stride is " + stride + "; it must be 1 or more (1 = every pixel).");
        }
        if (padding == null || edges == null || channels == null || activation == null) {
            throw new IllegalArgumentException("Every convolution option must be given.");
        }
    }

    /** Options from the macro/command words (case-insensitive), with messages listing the valid words. */
    public static ConvolutionOptions parse(int stride, String padding, String edges, boolean normalize,
            String channels, String activation) {
        return new ConvolutionOptions(stride, word(Padding.class, "padding", padding),
                word(Edges.class, "edges", edges),
                normalize, word(ChannelMode.class, "channels", channels),
                        word(Activation.class, "activation", activation));
    }

    private static <E extends Enum<E>> E word(Class<E> type, String key, String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown " + key + " \"" + value + "\". Use one of: " + words(type) + ".");
    }

    /** The lowercase words of an option, e.g. "same, valid". */
    public static <E extends Enum<E>> String words(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConvolutionOptions::word).collect(Collectors.joining(", "));
    }

    /** The lowercase macro word of an option value. */
    public static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Output width (or height) for an input of {@code size} and a kernel of {@code k}; 0 if none fits. */
    public int outputSize(int size, int k) {
        if (padding == Padding.VALID) {
            return size < k ? 0 : (size - k) / stride + 1;
        }
        return (size + stride - 1) / stride;
    }

    /** Padding before the first pixel (left or top) for an input of {@code size} and a kernel of {@code k}. */
    public int padBefore(int size, int k) {
        if (padding == Padding.VALID) {
            return 0;
        }
        int total = Math.max((outputSize(size, k) - 1) * stride + k - size, 0);
        return total / 2;
    }

    public ConvolutionOptions withStride(int s) {
        return new ConvolutionOptions(s, padding, edges, normalize, channels, activation);
    }

    public ConvolutionOptions withPadding(Padding p) {
        return new ConvolutionOptions(stride, p, edges, normalize, channels, activation);
    }

    public ConvolutionOptions withEdges(Edges e) {
        return new ConvolutionOptions(stride, padding, e, normalize, channels, activation);
    }

    public ConvolutionOptions withNormalize(boolean n) {
        return new ConvolutionOptions(stride, padding, edges, n, channels, activation);
    }

    public ConvolutionOptions withChannels(ChannelMode c) {
        return new ConvolutionOptions(stride, padding, edges, normalize, c, activation);
    }

    public ConvolutionOptions withActivation(Activation a) {
        return new ConvolutionOptions(stride, padding, edges, normalize, channels, a);
    }
}
