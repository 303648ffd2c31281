package org.cnnclassifier.model;

import java.lang.ref.WeakReference;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An inference-only copy of an NCHW network with every convolutional layer switched to NHWC.
 * Why: DL4J's oneDNN NCHW inference slows down above batch 64 (reorder buffers are faulted in
 * afresh on every call), while NHWC keeps getting faster up to batch 1,024 (DL4J-SPEED.md), so
 * Evaluate and Classify run the twin at {@link #BATCH}. Weights are shared by value: convolution
 * and batch-norm parameters do not depend on the data format; only the rows of the first dense
 * layer after the flatten are reordered, because NHWC flattens as (y, x, channel) where NCHW
 * flattens as (channel, y, x).
 */
public final class ChannelsLastTwin {
    /** Images per inference call for the twin. */
    public static final int BATCH = 512;
    /** Images per inference call for a network without a twin: NCHW is fastest at or below 64 here. */
    public static final int NCHW_BATCH = 64;

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
            } else if (!(layer instanceof DropoutLayer || layer instanceof DenseLayer
                    || layer instanceof OutputLayer)) {
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

    /** The inference batch for {@code twin}, the result of {@link #of} or {@link #current} (null: none). */
    public static int batchSize(MultiLayerNetwork twin) {
        return twin != null ? BATCH : NCHW_BATCH;
    }

    /** Rows indexed (c, y, x) to rows indexed (y, x, c); W is [c*h*w, nOut]. */
    private static INDArray flattenRowsToChannelsLast(INDArray w, CnnToFeedForwardPreProcessor flatten) {
        long c = flatten.getNumChannels(), h = flatten.getInputHeight(), wd = flatten.getInputWidth();
        long nOut = w.size(1);
        return w.reshape('c', c, h, wd, nOut).permute(1, 2, 0, 3).dup('c').reshape('c', h * wd * c, nOut);
    }
}
