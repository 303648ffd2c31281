package org.cnnclassifier.model;

import org.cnnclassifier.image.PlanarChannels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where image bytes become network input: planar bytes ({@link PlanarChannels}; for
 * CIFAR-10 the record layout without the label) to a float NCHW (or NHWC) array: 8-bit values
 * scaled to [0, 1] (the tutorial's normalisation, recorded as
 * {@link ModelMetadata#NORMALIZATION_UNIT_RANGE}), or, for images of 4 bytes per value, the float32
 * values normalised in full precision as they are. Training, evaluation and classification all use
 * it, so they cannot disagree.
 */
public final class NetworkInput {
    private NetworkInput() {
    }

    /**
     * {@code images[i]} holds {@code channels*height*width} bytes; the result is
     * {@code [images.length, channels, height, width]} floats in [0, 1].
     */
    public static INDArray toFeatures(byte[][] images, int channels, int height, int width) {
        return encode(images, channels, height, width, false);
    }

    /**
     * The same values as {@link #toFeatures} in NHWC order, {@code [images.length, height, width,
     * channels]}, written in one pass (for {@link ChannelsLastTwin}; cheaper than permuting).
     */
    public static INDArray toChannelsLastFeatures(byte[][] images, int channels, int height, int width) {
        return encode(images, channels, height, width, true);
    }

    /**
     * Copies of planar images ({@code channels*height*width} values of 1 or 4 bytes each) mirrored
     * left to right: the second view of test-time flip averaging ({@code mirror}). Done on the bytes,
     * before encoding, so it holds for either layout (libnd4j's {@code reverse} op along the width of
     * an NHWC batch of 1,000 images gave wrong pixels).
     */
    public static byte[][] mirrored(byte[][] images, int channels, int height, int width) {
        byte[][] out = new byte[images.length][];
        for (int i = 0; i < images.length; i++) {
            byte[] in = images[i];
            int valueBytes = in.length / (channels * height * width);
            int rowBytes = width * valueBytes;
            byte[] m = new byte[in.length];
            for (int row = 0; row < channels * height; row++) {
                int start = row * rowBytes;
                for (int x = 0; x < width; x++) {
                    System.arraycopy(in, start + x * valueBytes, m, start + (width - 1 - x) * valueBytes, valueBytes);
                }
            }
            out[i] = m;
        }
        return out;
    }

    /**
     * Copies of planar images (values of 1 or 4 bytes each) shifted by whole pixels: output pixel
     * (x, y) is input pixel (x + dx, y + dy), and 0 (black) where that is outside the image, as in
     * the training crops ({@link org.cnnclassifier.data.Augmentation}). The extra views of {@code shift}.
     */
    public static byte[][] shifted(byte[][] images, int channels, int height, int width, int dx, int dy) {
        byte[][] out = new byte[images.length][];
        for (int i = 0; i < images.length; i++) {
            byte[] in = images[i];
            int valueBytes = in.length / (channels * height * width);
            byte[] s = new byte[in.length];
            // Columns x0..x1-1 of each output row have a source pixel: copy them as one run.
            int x0 = Math.max(0, -dx), x1 = Math.min(width, width - dx);
            for (int c = 0; c < channels && x1 > x0; c++) {
                for (int y = Math.max(0, -dy); y < Math.min(height, height - dy); y++) {
                    int row = (c * height + y) * width, sourceRow = (c * height + y + dy) * width;
                    System.arraycopy(in, (sourceRow + x0 + dx) * valueBytes, s, (row + x0) * valueBytes,
                            (x1 - x0) * valueBytes);
                }
            }
            out[i] = s;
        }
        return out;
    }

    /** Input for {@code network}, in the layout (NCHW or NHWC) its first layer expects. */
    public static INDArray forNetwork(MultiLayerNetwork network, byte[][] images, int channels, int height, int width) {
        return encode(images, channels, height, width,
                Activations.channelsLast(network.getLayerWiseConfigurations().getConf(0).getLayer()));
    }

    private static INDArray encode(byte[][] images, int channels, int height, int width, boolean channelsLast) {
        int plane = height * width;
        int size = channels * plane;
        // Where byte (c, p) of an image goes: planar (NCHW) or interleaved (NHWC).
        int channelStride = channelsLast ? 1 : plane;
        int pixelStride = channelsLast ? channels : 1;
        float[] data = new float[images.length * size];
        for (int i = 0; i < images.length; i++) {
            byte[] img = images[i];
            if (img.length != size && img.length != 4 * size) {
                throw new IllegalArgumentException("Image " + i + " has " + img.length + " bytes, expected " + size
                        + " (or " + 4 * size + " for float32 values)");
            }
            boolean floats = img.length == 4 * size;
            int off = i * size;
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    data[off + c * channelStride + p * pixelStride] = floats
                            ? PlanarChannels.value(img, plane, c * plane + p)
                            : (img[c * plane + p] & 0xFF) * (1f / 255f);
                }
            }
        }
        long[] shape = channelsLast ? new long[] {images.length, height, width, channels}
                : new long[] {images.length, channels, height, width};
        return Nd4j.create(data, shape, DataType.FLOAT);
    }
}
