package org.cnnclassifier.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where image bytes become network input: planar RGB bytes (CIFAR-10 record
 * layout without the label) to a float NCHW array scaled to [0, 1] (the tutorial's
 * normalisation, recorded as {@link ModelMetadata#NORMALIZATION_UNIT_RANGE}). Training,
 * evaluation and classification all use it, so they cannot disagree.
 */
public final class InputEncoding {
    private InputEncoding() {
    }

    /**
     * {@code images[i]} holds {@code channels*height*width} bytes; the result is
     * {@code [images.length, channels, height, width]} floats in [0, 1].
     */
    public static INDArray toFeatures(byte[][] images, int channels, int height, int width) {
        int size = channels * height * width;
        float[] data = new float[images.length * size];
        for (int i = 0; i < images.length; i++) {
            byte[] img = images[i];
            if (img.length != size) {
                throw new IllegalArgumentException("Image " + i + " has " + img.length + " bytes, expected " + size);
            }
            int off = i * size;
            for (int j = 0; j < size; j++) {
                data[off + j] = (img[j] & 0xFF) * (1f / 255f);
            }
        }
        return Nd4j.create(data, new long[] {images.length, channels, height, width}, DataType.FLOAT);
    }

    /**
     * The same values as {@link #toFeatures} in NHWC order, {@code [images.length, height, width,
     * channels]}, written in one pass (for {@link ChannelsLastTwin}; cheaper than permuting).
     */
    public static INDArray toChannelsLastFeatures(byte[][] images, int channels, int height, int width) {
        int plane = height * width;
        int size = channels * plane;
        float[] data = new float[images.length * size];
        for (int i = 0; i < images.length; i++) {
            byte[] img = images[i];
            if (img.length != size) {
                throw new IllegalArgumentException("Image " + i + " has " + img.length + " bytes, expected " + size);
            }
            int off = i * size;
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    data[off + p * channels + c] = (img[c * plane + p] & 0xFF) * (1f / 255f);
                }
            }
        }
        return Nd4j.create(data, new long[] {images.length, height, width, channels}, DataType.FLOAT);
    }
}
