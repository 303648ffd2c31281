package org.cnnclassifier.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A loaded model checked to be usable for classification: 32x32 RGB input, one output per class
 * name. Turns planar RGB bytes ({@link org.cnnclassifier.image.PlanarRgb}) into class probabilities
 * through {@link NetworkInput}, the same path training and evaluation use.
 */
public final class Classifier {
    /** Input the classification commands accept (the CIFAR-10 record layout). */
    public static final int WIDTH = 32, HEIGHT = 32, CHANNELS = 3;

    private final MultiLayerNetwork network;
    /** What probabilities run on: the network's NHWC twin when it has one, else the network. */
    private final MultiLayerNetwork inference;
    private final int batch;
    private final ModelMetadata metadata;
    private final String name;
    private final boolean softmaxOutput;

    /** One ranked class of one image. */
    public record Ranked(int rank, int classIndex, String className, double probability) {
    }

    private Classifier(ModelFile.LoadedModel model, String name) {
        this.network = model.network();
        this.metadata = model.metadata();
        this.name = name;
        Layer last = lastLayer(network);
        this.softmaxOutput = last instanceof BaseLayer b && b.getActivationFn() instanceof ActivationSoftmax;
        MultiLayerNetwork twin = ChannelsLastTwin.of(network);
        this.inference = twin != null ? twin : network;
        this.batch = ChannelsLastTwin.batchSize(twin);
    }

    /** Checks that {@code model} takes 32x32x3 input and names every output; {@code name} is used in messages. */
    public static Classifier of(ModelFile.LoadedModel model, String name) throws IOException {
        ModelMetadata m = model.metadata();
        if (m.inputWidth != WIDTH || m.inputHeight != HEIGHT || m.inputChannels != CHANNELS) {
            throw new IOException("The model " + name + " expects " + m.inputWidth + "x" + m.inputHeight + "x"
                    + m.inputChannels + " input; the classifier commands need a model for 32x32 RGB images (32x32x3). "
                    + "Train one with Train CIFAR-10 Classifier or leave 'model' empty for the default model.");
        }
        if (!ModelMetadata.NORMALIZATION_UNIT_RANGE.equals(m.normalization)) {
            throw new IOException("The model " + name + " uses input normalisation '" + m.normalization
                    + "'; this plugin version reads only '" + ModelMetadata.NORMALIZATION_UNIT_RANGE + "'.");
        }
        Layer last = lastLayer(model.network());
        long outputs = last instanceof FeedForwardLayer f ? f.getNOut() : -1;
        if (m.classNames == null || m.classNames.isEmpty() || outputs != m.numClasses()) {
            throw new IOException("The model " + name + " has " + outputs + " outputs but its model.json names "
                    + (m.classNames == null ? 0 : m.classNames.size())
                            + " classes; the file is damaged. Retrain or re-save it.");
        }
        return new Classifier(model, name);
    }

    private static Layer lastLayer(MultiLayerNetwork network) {
        var confs = network.getLayerWiseConfigurations().getConfs();
        return confs.get(confs.size() - 1).getLayer();
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public String name() {
        return name;
    }

    public List<String> classNames() {
        return metadata.classNames;
    }

    /** Input for {@link #network()}, in the layout (NCHW or NHWC) its first layer expects. */
    public INDArray networkInput(byte[][] images) {
        return NetworkInput.forNetwork(network, images, CHANNELS, HEIGHT, WIDTH);
    }

    /** Images per network call for this model (see {@link ChannelsLastTwin#batchSize}). */
    public int batchSize() {
        return batch;
    }

    /**
     * Class probabilities, {@code [images.length][classes]}, computed in batches of {@link #batchSize()}.
     * The network is not thread-safe, so calls are serialised.
     */
    public float[][] probabilities(byte[][] images) {
        float[][] result = new float[images.length][];
        for (int from = 0; from < images.length; from += batch) {
            int to = Math.min(images.length, from + batch);
            float[][] batch = batchProbabilities(java.util.Arrays.copyOfRange(images, from, to));
            System.arraycopy(batch, 0, result, from, batch.length);
        }
        return result;
    }

    private float[][] batchProbabilities(byte[][] images) {
        INDArray features = NetworkInput.forNetwork(inference, images, CHANNELS, HEIGHT, WIDTH);
        INDArray out;
        synchronized (this) {
            out = inference.output(features, false);
        }
        if (!softmaxOutput) {
            // A network ending in logits: probabilities are their softmax.
            out = Transforms.softmax(out, true);
        }
        return out.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
    }

    /** The {@code top} most probable classes, most probable first (ties: lower class index first). */
    public List<Ranked> top(float[] probabilities, int top) {
        int k = Math.min(Math.max(top, 1), probabilities.length);
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Float.compare(probabilities[b], probabilities[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<Ranked> result = new ArrayList<>(k);
        for (int r = 0; r < k; r++) {
            int c = order[r];
            result.add(new Ranked(r + 1, c, metadata.classNames.get(c), probabilities[c]));
        }
        return result;
    }

    /** Index of the most probable class. */
    public static int argMax(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    static {
        Nd4jSetup.ensureInitialized();
    }

}
