package org.cnnclassifier.speed;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An inference-only copy of an NCHW network with every convolutional layer switched to NHWC.
 * Why: DL4J's oneDNN NCHW inference slows down above batch 64 (reorder buffers are faulted in
 * afresh on every call), while NHWC gets faster with larger batches (DL4J-SPEED.md), so Evaluate
 * and Classify run the twin at {@link #batchSize(MultiLayerNetwork, int, int, int)}, as large as
 * keeps oneDNN's per-call buffers out of fresh memory. Weights are shared by value: convolution
 * and batch-norm parameters do not depend on the data format; only the rows of the first dense
 * layer after the flatten are reordered, because NHWC flattens as (y, x, channel) where NCHW
 * flattens as (channel, y, x).
 */
public final class ChannelsLastTwin {
    /** Most images per inference call for the twin. */
    public static final int MAX_BATCH = 512;
    /** Fewest images per inference call for the twin, however large its layers' outputs. */
    public static final int MIN_BATCH = 16;
    /** Images per inference call for a network without a twin: NCHW is fastest at or below 64 here. */
    public static final int NCHW_BATCH = 64;
    /**
     * Largest activation of one layer for a whole batch, in bytes. For every convolution libnd4j
     * allocates oneDNN's blocked copies of the layer's input and output afresh. glibc serves
     * allocations above 32 MiB (its largest mmap threshold) from new pages every time, and a Java
     * thread's malloc arena cannot keep a chunk that large either. At batch 512 the default model's
     * 32-channel 32x32 maps are 64 MiB a batch: Classify Folder took 5.2 million page faults per
     * 10,000 images. Below this bound it took 0.2-0.3 million and ran 1.1-1.3x faster.
     */
    static final long BATCH_BYTES = 30L << 20;

    private ChannelsLastTwin() {
    }

    /**
     * The NHWC twin of {@code nchw} with its current weights, or null when the network has a layer
     * this class does not know how to convert (then callers use the network itself).
     */
    public static MultiLayerNetwork of(MultiLayerNetwork nchw) {
        MultiLayerConfiguration conf = nchw.getLayerWiseConfigurations().clone();
        for (NeuralNetConfiguration c : conf.getConfs()) {
            Layer layer = c.getLayer();
            if (layer instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
                if (conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                    return null;
                }
                conv.setCnn2dDataFormat(CNN2DFormat.NHWC);
            } else if (layer instanceof SubsamplingLayer pool && pool.getClass() == SubsamplingLayer.class) {
                pool.setCnn2dDataFormat(CNN2DFormat.NHWC);
            } else if (layer instanceof BatchNormalization bn) {
                bn.setCnn2DFormat(CNN2DFormat.NHWC);
            } else if (layer instanceof GlobalPoolingLayer global) {
                // Pools over the height and width: dimensions 2, 3 of NCHW (DL4J's default), 1, 2 of NHWC.
                int[] dims = global.getPoolingDimensions();
                if (dims != null && !Arrays.equals(dims, new int[] {2, 3})) {
                    return null;
                }
                global.setPoolingDimensions(new int[] {1, 2});
            } else if (!(layer instanceof DropoutLayer || layer instanceof DenseLayer || layer instanceof OutputLayer
                    || layer instanceof ActivationLayer || layer instanceof ElementWiseMultiplicationLayer)) {
                return null;
            }
        }
        for (InputPreProcessor p : conf.getInputPreProcessors().values()) {
            if (!(p instanceof CnnToFeedForwardPreProcessor flatten)) {
                return null;
            }
            flatten.setFormat(CNN2DFormat.NHWC);
        }
        MultiLayerNetwork twin = new MultiLayerNetwork(conf);
        twin.init();
        ChannelsLastConvolution.install(twin);
        copyWeights(nchw, twin);
        return twin;
    }

    /** The last network {@link #current} was asked for (compared by identity) and its twin. */
    private static WeakReference<MultiLayerNetwork> lastNetwork = new WeakReference<>(null);
    private static MultiLayerNetwork lastTwin;

    /**
     * The twin of {@code nchw} with its current weights, or null as for {@link #of}. The twin of
     * the last network asked for is reused with its weights copied afresh, because a new twin
     * faults in new inference workspaces (evaluation after every training epoch). Like the
     * network itself, the twin is for one thread at a time.
     */
    public static synchronized MultiLayerNetwork current(MultiLayerNetwork nchw) {
        if (lastNetwork.get() == nchw) {
            if (lastTwin != null) {
                copyWeights(nchw, lastTwin);
            }
            return lastTwin;
        }
        lastTwin = of(nchw);
        lastNetwork = new WeakReference<>(nchw);
        return lastTwin;
    }

    private static void copyWeights(MultiLayerNetwork nchw, MultiLayerNetwork twin) {
        MultiLayerConfiguration conf = twin.getLayerWiseConfigurations();
        for (int i = 0; i < nchw.getnLayers(); i++) {
            CnnToFeedForwardPreProcessor flatten = conf.getInputPreProcess(i) instanceof CnnToFeedForwardPreProcessor f
                    ? f : null;
            Map<String, INDArray> from = nchw.getLayer(i).paramTable();
            for (Map.Entry<String, INDArray> e : from.entrySet()) {
                INDArray value = e.getValue();
                if (flatten != null && "W".equals(e.getKey())) {
                    value = flattenRowsToChannelsLast(value, flatten);
                }
                twin.getLayer(i).setParam(e.getKey(), value); // assigns into the twin's own parameters
            }
        }
    }

    /**
     * The inference batch for {@code twin}, the result of {@link #of} or {@link #current} (null: none),
     * on images of {@code height x width x channels}: the most images (a multiple of
     * {@link #MIN_BATCH}, at most {@link #MAX_BATCH}) whose largest layer output in float stays
     * within {@link #BATCH_BYTES}.
     */
    public static int batchSize(MultiLayerNetwork twin, int height, int width, int channels) {
        if (twin == null) {
            return NCHW_BATCH;
        }
        long largest = (long) height * width * channels;
        for (InputType t : twin.getLayerWiseConfigurations()
                .getLayerActivationTypes(InputType.convolutional(height, width, channels, CNN2DFormat.NHWC))) {
            largest = Math.max(largest, t.arrayElementsPerExample());
        }
        long fits = BATCH_BYTES / (Float.BYTES * largest);
        return (int) Math.max(MIN_BATCH, Math.min(MAX_BATCH, fits / MIN_BATCH * MIN_BATCH));
    }

    /** Rows indexed (c, y, x) to rows indexed (y, x, c); W is [c*h*w, nOut]. */
    private static INDArray flattenRowsToChannelsLast(INDArray w, CnnToFeedForwardPreProcessor flatten) {
        long c = flatten.getNumChannels(), h = flatten.getInputHeight(), wd = flatten.getInputWidth();
        long nOut = w.size(1);
        return w.reshape('c', c, h, wd, nOut).permute(1, 2, 0, 3).dup('c').reshape('c', h * wd * c, nOut);
    }
}
