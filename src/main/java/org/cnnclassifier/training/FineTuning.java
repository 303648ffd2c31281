package org.cnnclassifier.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.util.MissingFileException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Training that starts from another model's weights ({@code init}): the model's network with Adam at
 * this run's rate, a new output layer when the class list differs (its weights drawn afresh, Glorot
 * uniform), and with {@code freeze} the convolution layers (and their batch normalisation's scale
 * and shift) kept as they are: their updater is SGD at rate 0, so the saved network is a plain one
 * of the same layers (batch normalisation's running statistics still follow the new data). The
 * input shape (size, channels, normalisation) is the init model's.
 */
public final class FineTuning {
    /** The {@code init} value for the default model in the plugin jar. */
    public static final String DEFAULT = "default";

    private FineTuning() {
    }

    /** True when {@code init} names a model to start from (a path or "default"); empty means none. */
    public static boolean wanted(String init) {
        return init != null && !init.isBlank();
    }

    /** The model {@code init} names. */
    public static ModelFile.LoadedModel load(String init) throws IOException {
        if (init.trim().toLowerCase(Locale.ROOT).equals(DEFAULT)) {
            return ModelFile.loadDefault();
        }
        Path file = Path.of(init.trim());
        if (!Files.exists(file)) { // ModelFile's own message is about the 'model' key
            throw new MissingFileException(file.toString(), "Init model not found: " + file + ". Give 'init' the "
                    + ".zip to start from (or default for the default model), or leave init empty.");
        }
        return ModelFile.load(file);
    }

    /** The input shape training data is read at when starting from {@code start}. */
    public static InputShape shape(ModelFile.LoadedModel start) {
        return Classifier.shapeOf(start.metadata());
    }

    /**
     * The network to train: {@code start}'s weights, an output layer for {@code classes} (new when they differ
     * from the model's), convolutions frozen when {@code freeze}.
     */
    public static MultiLayerNetwork network(ModelFile.LoadedModel start, List<String> classes, long seed,
            ISchedule schedule, double rate, boolean freeze) {
        return networkWith(start, classes, seed, schedule != null ? new Adam(schedule) : new Adam(rate), 0, freeze);
    }

    /** As above, with this optimiser and weight decay ({@code decay} > 0; see {@link TrainingOptions#decay()}). */
    public static MultiLayerNetwork networkWith(ModelFile.LoadedModel start, List<String> classes, long seed,
            IUpdater updater, double decay, boolean freeze) {
        FineTuneConfiguration.Builder tune = new FineTuneConfiguration.Builder().seed(seed).updater(updater);
        if (decay > 0) {
            tune.weightDecay(decay, true);
        }
        TransferLearning.Builder b = new TransferLearning.Builder(start.network().clone())
                .fineTuneConfiguration(tune.build());
        int last = start.network().getnLayers() - 1;
        if (!classes.equals(start.metadata().classNames())) {
            b.removeOutputLayer().addLayer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output")
                    .nIn(((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) start.network()
                            .getLayerWiseConfigurations().getConf(last).getLayer()).getNIn())
                    .nOut(classes.size()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER_UNIFORM)
                    .build());
        }
        MultiLayerNetwork net = b.build();
        // The fine-tuning updater replaced every layer's, the start model's fixed ones too (air's).
        List<NeuralNetConfiguration> before = start.network().getLayerWiseConfigurations().getConfs();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        boolean changed = false;
        for (int i = 0; i < last; i++) { // a new output layer trains
            Layer l = conf.getConf(i).getLayer();
            if (Architectures.fixedByDesign(start.metadata().architecture(), i, before.get(i).getLayer())
                    || freeze && (l instanceof ConvolutionLayer || l instanceof BatchNormalization)) {
                Architectures.freeze((BaseLayer) l);
                changed = true;
            }
        }
        if (!changed) {
            return net;
        }
        MultiLayerNetwork frozen = new MultiLayerNetwork(conf);
        frozen.init(net.params().dup(), false);
        return frozen;
    }

    /** The architecture name model.json records for a model trained from {@code start}. */
    public static String architecture(ModelFile.LoadedModel start) {
        return start.metadata().architecture();
    }
}
