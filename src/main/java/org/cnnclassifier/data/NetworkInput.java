package org.cnnclassifier.data;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.cnnclassifier.image.PlanarChannels;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
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
        return encode(images, channels, height, width, false, null);
    }

    /**
     * As {@link #toFeatures}, written into {@code reuse} if it is a plain float array of that shape
     * (a finished training batch's), else into a new array.
     */
    public static INDArray toFeatures(byte[][] images, int channels, int height, int width, INDArray reuse) {
        return encode(images, channels, height, width, false, reuse);
    }

    /**
     * The same values as {@link #toFeatures} in NHWC order, {@code [images.length, height, width,
     * channels]}, written in one pass (for {@link ChannelsLastTwin}; cheaper than permuting).
     */
    public static INDArray toChannelsLastFeatures(byte[][] images, int channels, int height, int width) {
        return encode(images, channels, height, width, true, null);
    }

    /** Input for {@code network}, in the layout (NCHW or NHWC) its first layer expects. */
    public static INDArray forNetwork(MultiLayerNetwork network, byte[][] images, int channels, int height, int width) {
        return encode(images, channels, height, width,
                channelsLast(network.getLayerWiseConfigurations().getConf(0).getLayer()), null);
    }

    private static INDArray encode(byte[][] images, int channels, int height, int width, boolean channelsLast,
            INDArray reuse) {
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
        // Nd4j.create(float[]) copies element by element, and a new off-heap array costs a native
        // allocation and page faults: 2-4 ms for 64 CIFAR images, on the training loop's critical
        // path. One bulk copy into a reused array takes a tenth of that.
        boolean reusable = reuse != null && reuse.dataType() == DataType.FLOAT && reuse.ordering() == 'c'
                && !reuse.isView() && Arrays.equals(reuse.shape(), shape);
        INDArray features = reusable ? reuse : Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        FloatBuffer target = features.data().asNioFloat();
        target.position(0);
        target.put(data);
        return features;
    }

    /** Whether a convolution or pooling layer reads NHWC (channels-last) input. */
    public static boolean channelsLast(Layer layer) {
        CNN2DFormat f = layer instanceof ConvolutionLayer c ? c.getCnn2dDataFormat()
                : layer instanceof SubsamplingLayer s ? s.getCnn2dDataFormat() : null;
        return f == CNN2DFormat.NHWC;
    }
}
