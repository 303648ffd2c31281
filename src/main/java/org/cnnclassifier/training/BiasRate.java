package org.cnnclassifier.training;

import org.cnnclassifier.network.Architectures;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The {@code biasrate} key: biases and batch normalisation's scale and shift learn at a multiple of
 * the weights' rate (airbench's {@code bias_scaler}, 64 with its SGD). They are not scale-free as
 * the weights before a batch normalisation are, so at the weights' rate they move little for their size.
 */
public final class BiasRate {
    /** The largest multiple the key takes. */
    public static final double MAX = 1000;

    private BiasRate() {
    }

    /** Refuses a multiple out of range, or one other than 1 with {@code init} (whose model keeps its layers). */
    static void check(double biasRate, boolean fromModel) {
        if (!(biasRate > 0 && biasRate <= MAX)) {
            throw new IllegalArgumentException("biasrate (the learning rate of biases and batch normalisation, times "
                    + "the rate) must be above 0 and at most " + (int) MAX + "; got " + biasRate + ".");
        }
        if (biasRate != 1 && fromModel) {
            throw new IllegalArgumentException("biasrate sets a new network's learning rates, but init keeps its "
                    + "model's layers as they are; leave biasrate or init out.");
        }
    }

    /**
     * Gives every batch normalisation layer of {@code conf} (its gamma and beta; its running mean and
     * variance have no updater) and every layer's biases {@code updater}, which should be the
     * network's own optimiser at the multiplied rate. Call before the network is built from {@code conf}.
     */
    public static void apply(MultiLayerConfiguration conf, IUpdater updater) {
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            Layer layer = layerConf.getLayer();
            if (Architectures.frozen(layer)) {
                continue; // a fixed layer (air's whitened stem) stays fixed
            }
            if (layer instanceof BatchNormalization norm) {
                norm.setIUpdater(updater.clone());
            } else if (layer instanceof BaseLayer withBias) {
                withBias.setBiasUpdater(updater.clone());
            }
        }
    }
}
