package org.cnnclassifier.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.image.PlanarChannels;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.speed.ChannelsLastTwin;

/**
 * A loaded model checked to be usable for classification: the input shape its model.json records
 * (width, height, channels; 32x32 RGB for CIFAR-10 models) taken by its network, one output per
 * class name. Turns planar bytes of that shape ({@link PlanarChannels}) into class probabilities
 * through {@link NetworkInput}, the same path training and evaluation use.
 */
public final class Classifier {

    private final MultiLayerNetwork network;
    /** What probabilities run on: the network's NHWC twin when it has one, else the network. */
    private final MultiLayerNetwork inference;
    private final int batch;
    private final ModelMetadata metadata;
    private final String name;
    private final boolean softmaxOutput;
    private final InputShape shape;

    /** One ranked class of one image. */
    public record Ranked(int rank, int classIndex, String className, double probability) {
    }

    private Classifier(ModelFile.LoadedModel model, String name) {
        this.network = model.network();
        this.metadata = model.metadata();
        this.name = name;
        this.shape = shapeOf(metadata);
        Layer last = lastLayer(network);
        this.softmaxOutput = last instanceof BaseLayer b && b.getActivationFn() instanceof ActivationSoftmax;
        MultiLayerNetwork twin = ChannelsLastTwin.of(network);
        this.inference = twin != null ? twin : network;
        this.batch = ChannelsLastTwin.batchSize(twin, shape.height(), shape.width(), shape.channels());
    }

    /** The input shape model.json records. */
    public static InputShape shapeOf(ModelMetadata m) {
        return InputShape.ofModel(m.inputWidth(), m.inputHeight(), m.inputChannels(), m.channelOrder(),
                m.normalization());
    }

    /**
     * Checks that {@code model}'s network takes the input shape its model.json records and that it names
     * every output; {@code name} is used in messages.
     */
    public static Classifier of(ModelFile.LoadedModel model, String name) throws IOException {
        ModelMetadata m = model.metadata();
        checkInput(model.network(), m, name);
        if (!InputShape.NORMALIZATIONS.contains(m.normalization())) {
            throw new IOException("The model " + name + " uses input normalisation '" + m.normalization()
                    + "'; this plugin version reads only '" + String.join("', '", InputShape.NORMALIZATIONS) + "'.");
        }
        Layer last = lastLayer(model.network());
        long outputs = last instanceof FeedForwardLayer f ? f.getNOut() : -1;
        if (m.classNames() == null || m.classNames().isEmpty() || outputs != m.numClasses()) {
            throw new IOException("The model " + name + " has " + outputs + " outputs but its model.json names "
                    + (m.classNames() == null ? 0 : m.classNames().size())
                            + " classes; the file is damaged. Retrain or re-save it.");
        }
        return new Classifier(model, name);
    }

    /** One forward pass on zeros of the recorded shape: a network that cannot take it fails here, not later. */
    private static void checkInput(MultiLayerNetwork network, ModelMetadata m, String name) throws IOException {
        String recorded = m.inputWidth() + "x" + m.inputHeight() + "x" + m.inputChannels();
        long nIn = network.getLayerWiseConfigurations().getConf(0).getLayer() instanceof FeedForwardLayer f
                ? f.getNIn() : -1;
        boolean ok = m.inputWidth() > 0 && m.inputHeight() > 0 && m.inputChannels() > 0 && nIn == m.inputChannels();
        if (ok) {
            try {
                INDArray zeros = NetworkInput.forNetwork(network, new byte[][] {new byte[m.inputChannels()
                        * m.inputHeight() * m.inputWidth()]}, m.inputChannels(), m.inputHeight(), m.inputWidth());
                synchronized (network) {
                    network.output(zeros, false);
                }
            } catch (RuntimeException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IOException("The model " + name + " records " + recorded + " input in its model.json, but its "
                    + "network takes " + (nIn > 0 ? nIn + "-channel input of another size" : "other input")
                    + "; the file is damaged. Retrain or re-save it.");
        }
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
        return metadata.classNames();
    }

    /** The input shape images are read at for this model. */
    public InputShape shape() {
        return shape;
    }

    /** Input for {@link #network()}, in the layout (NCHW or NHWC) its first layer expects. */
    public INDArray networkInput(byte[][] images) {
        return NetworkInput.forNetwork(network, images, shape.channels(), shape.height(), shape.width());
    }

    /**
     * Images per network call for this model (see {@link ChannelsLastTwin#batchSize}); Classify Folder
     * decodes as many files per step.
     */
    public int batchSize() {
        return batch;
    }

    /**
     * Class probabilities, {@code [images.length][classes]}, computed in batches of {@link #batchSize()}.
     * The network is not thread-safe, so calls are serialised.
     */
    public float[][] probabilities(byte[][] images) {
        return probabilities(images, InferenceViews.NONE);
    }

    /**
     * As {@link #probabilities(byte[][])}: the mean of the probabilities of each image's
     * {@code views} (test-time averaging), at {@code views.count()} times the cost; shifted views get
     * the edge this model was trained with ({@link InferenceViews#forModel}).
     */
    public float[][] probabilities(byte[][] images, InferenceViews views) {
        views = views.forModel(metadata);
        float[][] result = new float[images.length][];
        for (int from = 0; from < images.length; from += batch) {
            int to = Math.min(images.length, from + batch);
            float[][] batch = batchProbabilities(java.util.Arrays.copyOfRange(images, from, to), views);
            System.arraycopy(batch, 0, result, from, batch.length);
        }
        return result;
    }

    private float[][] batchProbabilities(byte[][] images, InferenceViews views) {
        INDArray sum = null;
        for (byte[][] view : views.of(images, shape.width(), shape.height())) {
            INDArray out = output(NetworkInput.forNetwork(inference, view, shape.channels(), shape.height(),
                    shape.width()));
            sum = sum == null ? out : sum.addi(out);
        }
        return sum.divi(views.count()).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
    }

    private INDArray output(INDArray features) {
        INDArray out;
        synchronized (this) {
            out = inference.output(features, false);
        }
        // A network ending in logits: probabilities are their softmax.
        return softmaxOutput ? out : Transforms.softmax(out, true);
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
            result.add(new Ranked(r + 1, c, metadata.classNames().get(c), probabilities[c]));
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
