package org.cnnclassifier.speed;

import java.util.function.BiFunction;
import java.util.function.Predicate;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/** Puts Train's and inference's stand-in layers in place of DL4J's in an initialised network. */
public final class StandInLayers {
    private StandInLayers() {
    }

    /**
     * Replaces each layer of {@code net} that {@code which} accepts by {@code make(conf, dataType)},
     * which takes over the old layer's listeners, index and cache mode and, for a layer with
     * parameters, the network's own parameter and gradient arrays (views), so the updater and its
     * state are unchanged.
     */
    static void replace(MultiLayerNetwork net, Predicate<Layer> which,
            BiFunction<NeuralNetConfiguration, DataType, Layer> make) {
        Layer[] layers = net.getLayers();
        DataType dataType = net.getLayerWiseConfigurations().getDataType();
        for (int i = 0; i < layers.length; i++) {
            Layer old = layers[i];
            if (!which.test(old)) {
                continue;
            }
            Layer replacement = make.apply(old.conf(), dataType);
            replacement.setListeners(old.getListeners());
            replacement.setIndex(old.getIndex());
            if (old.numParams() > 0) {
                replacement.setParamsViewArray(old.params());
                replacement.setParamTable(old.paramTable());
                if (old.getGradientsViewArray() != null) {
                    replacement.setBackpropGradientsViewArray(old.getGradientsViewArray());
                }
            }
            replacement.setCacheMode(old.conf().getCacheMode());
            layers[i] = replacement;
        }
        net.setLayers(layers);
    }
}
