package org.cnnclassifier.keras;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Builds the DL4J network of a {@link KerasChain} with the file's weights: an NCHW
 * MultiLayerNetwork of DL4J's own layers, like the plugin's trained models, ending in a softmax
 * {@link OutputLayer} (so it can be fine-tuned). Keras layers map one to one (Conv2D, pooling,
 * global pooling, Dense, BatchNormalization, Activation, ReLU, LeakyReLU); Dropout and
 * SpatialDropout2D become the dropout of the next layer with weights; Flatten is DL4J's own
 * flatten, with the next Dense's rows reordered from Keras's (y, x, channel) to DL4J's (channel,
 * y, x) order; augmentation layers are dropped (no-ops at inference); the input normalisation
 * ({@link Affine}: the pixel convention and leading Rescaling/Normalization layers) becomes one
 * 1x1 convolution {@value #INPUT_LAYER} unless it is the identity.
 */
final class KerasNetwork {
    /** The name of the 1x1 convolution that maps the plugin's input (x/255) to what the Keras model expects. */
    static final String INPUT_LAYER = "keras_input_scaling";
    static final Set<String> NO_OPS = Set.of("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
            "RandomContrast", "RandomBrightness", "GaussianNoise", "GaussianDropout", "ActivityRegularization");
    static final List<String> SUPPORTED = List.of("InputLayer", "Conv2D", "MaxPooling2D", "AveragePooling2D",
            "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten", "Dense", "Dropout", "SpatialDropout2D",
            "BatchNormalization", "Activation", "ReLU", "LeakyReLU", "Softmax", "Rescaling", "Normalization",
            "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast");

    private final KerasChain chain;
    private final KerasFile file;
    private final Path path;
    private final NeuralNetConfiguration.ListBuilder list;
    /** Weights to copy once the network exists: layer index, parameter, Keras array. */
    private final List<Object[]> params = new ArrayList<>();
    private int index;
    private int c, h, w;
    private boolean flat;
    /** Shape (c, h, w) a Keras Flatten flattened, for the next Dense's rows, or null. */
    private int[] flattened;
    private IDropout dropout;
    private Affine pending;
    private final java.util.Map<String, Integer> typeCount = new java.util.HashMap<>();
    /** Whether the last Dense layer was linear with no softmax after it. */
    boolean logits;
    /** The Keras layers that set the input normalisation, in words. */
    final List<String> inputLayers = new ArrayList<>();
    int outputs;

    private KerasNetwork(KerasChain chain, KerasFile file, Affine input) {
        this.chain = chain;
        this.file = file;
        this.path = file.file();
        this.c = chain.channels();
        this.h = chain.height();
        this.w = chain.width();
        this.pending = input;
        this.list = new NeuralNetConfiguration.Builder().seed(12345).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list();
    }

    /** The network of {@code chain} with {@code file}'s weights, its input mapped from x/255 by {@code input}. */
    static KerasNetwork build(KerasChain chain, KerasFile file, Affine input) throws IOException {
        KerasNetwork n = new KerasNetwork(chain, file, input);
        n.network = n.assemble();
        return n;
    }

    MultiLayerNetwork network;

    private MultiLayerNetwork assemble() throws IOException {
        List<KerasChain.Layer> layers = chain.layers();
        int lastDense = -1;
        for (int i = 0; i < layers.size(); i++) {
            String t = layers.get(i).type();
            if (!SUPPORTED.contains(t) && !NO_OPS.contains(t)) {
                throw unsupported(layers.get(i));
            }
            if (t.equals("Dense")) {
                lastDense = i;
            }
        }
        if (lastDense < 0) {
            throw KerasFile.fail(path, "it has no Dense layer: the model must end with a Dense layer giving one"
                    + " score per class");
        }
        boolean softmaxAfter = false;
        for (KerasChain.Layer l : layers.subList(lastDense + 1, layers.size())) {
            String act = l.type().equals("Activation") ? KerasActivations.name(l.config().path("activation")) : null;
            if (l.type().equals("Softmax") || "softmax".equals(act)) {
                softmaxAfter = true;
            } else if (!(l.type().equals("Dropout") || NO_OPS.contains(l.type()) || "linear".equals(act))) {
                throw KerasFile.fail(path, "its layer " + l + " comes after the last Dense layer; the model must end"
                        + " with a Dense layer (optionally followed by a Softmax)");
            }
        }
        for (int i = 0; i < lastDense; i++) {
            add(layers.get(i));
        }
        output(layers.get(lastDense), softmaxAfter);
        list.setInputType(InputType.convolutional(chain.height(), chain.width(), chain.channels()));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        for (Object[] p : params) {
            INDArray target = net.getLayer((Integer) p[0]).getParam((String) p[1]);
            INDArray value = (INDArray) p[2];
            if (target.length() != value.length()) {
                throw KerasFile.fail(path, "the weight '" + p[1] + "' of layer " + p[3] + " has " + value.length()
                        + " values where the configuration needs " + target.length());
            }
            target.assign(value.reshape(target.shape()));
        }
        return net;
    }

    private void add(KerasChain.Layer l) throws IOException {
        JsonNode cfg = l.config();
        switch (l.type()) {
            case "Rescaling", "Normalization" -> {
                if (flat) {
                    throw KerasFile.fail(path, "its layer " + l + " rescales flattened values; only Rescaling and"
                            + " Normalization of images are supported");
                }
                Affine a = l.type().equals("Rescaling") ? Affine.rescaling(cfg, c)
                        : Affine.normalization(cfg, weights(l), c, path, l.toString());
                pending = pending == null ? a : pending.then(a);
                inputLayers.add(l + " " + a.describe());
            }
            case "Conv2D" -> conv(l, cfg);
            case "MaxPooling2D", "AveragePooling2D" -> pooling(l, cfg);
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> {
                flushAffine();
                boolean keep = cfg.path("keepdims").asBoolean(false);
                list.layer(index++, new GlobalPoolingLayer.Builder(l.type().startsWith("GlobalMax") ? PoolingType.MAX
                        : PoolingType.AVG).collapseDimensions(!keep).name(l.name()).build());
                h = 1;
                w = 1;
                flat = !keep;
            }
            case "Flatten" -> {
                if (!flat) {
                    flushAffine();
                    flattened = chain.channelsFirst() || h * w == 1 ? null : new int[] {c, h, w};
                    c = c * h * w;
                    flat = true;
                }
            }
            case "Dense" -> dense(l, cfg);
            case "Dropout" -> dropout = rate(cfg) > 0 ? new Dropout(1 - rate(cfg)) : dropout;
            case "SpatialDropout2D" -> dropout = rate(cfg) > 0 ? new SpatialDropout(1 - rate(cfg)) : dropout;
            case "BatchNormalization" -> batchNorm(l, cfg);
            case "Activation", "ReLU", "LeakyReLU" -> {
                flushAffine();
                list.layer(index++, new ActivationLayer.Builder().activation(KerasActivations.ofLayer(l, cfg, path))
                        .name(l.name())
                        .build());
            }
            case "Softmax" -> throw KerasFile.fail(path, "its Softmax layer " + l + " stands inside the network;"
                    + " a softmax is supported only at the output");
            default -> {
                // InputLayer and augmentation layers: nothing at inference.
            }
        }
    }

    private static double rate(JsonNode cfg) {
        return cfg.path("rate").asDouble(0);
    }

    private void conv(KerasChain.Layer l, JsonNode cfg) throws IOException {
        flushAffine();
        requireImage(l);
        int[] k = pair(cfg.path("kernel_size"), 1);
        int[] s = pair(cfg.path("strides"), 1);
        int[] d = pair(cfg.path("dilation_rate"), 1);
        if (d[0] != 1 || d[1] != 1 || cfg.path("groups").asInt(1) != 1) {
            throw KerasFile.fail(path, "its layer " + l + " is a dilated or grouped convolution (dilation "
                    + d[0] + "x" + d[1] + ", groups " + cfg.path("groups").asInt(1)
                    + "); only plain ones are supported");
        }
        boolean same = padding(l, cfg);
        int filters = cfg.path("filters").asInt();
        boolean bias = cfg.path("use_bias").asBoolean(true);
        List<INDArray> v = weights(l);
        list.layer(index, withDropout(new ConvolutionLayer.Builder(k[0], k[1]).stride(s[0], s[1]).nIn(c).nOut(filters)
                .convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate).hasBias(bias)
                .activation(KerasActivations.of(l, cfg.path("activation"), path)).name(l.name())).build());
        // Keras kernels are [kh, kw, in, out]; DL4J's [out, in, kh, kw].
        param("W", v.get(0).permute(3, 2, 0, 1).dup('c'), l);
        if (bias) {
            param("b", v.get(1), l);
        }
        index++;
        h = same ? ceilDiv(h, s[0]) : (h - k[0]) / s[0] + 1;
        w = same ? ceilDiv(w, s[1]) : (w - k[1]) / s[1] + 1;
        c = filters;
    }

    private void pooling(KerasChain.Layer l, JsonNode cfg) throws IOException {
        flushAffine();
        requireImage(l);
        int[] k = pair(cfg.path("pool_size"), 2);
        JsonNode strides = cfg.path("strides");
        int[] s = strides.isNull() || strides.isMissingNode() ? k : pair(strides, 1);
        boolean same = padding(l, cfg);
        boolean max = l.type().startsWith("Max");
        list.layer(index++, new SubsamplingLayer.Builder(max ? PoolingType.MAX : PoolingType.AVG).kernelSize(k[0], k[1])
                .stride(s[0], s[1]).convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                .avgPoolIncludePadInDivisor(false).name(l.name()).build());
        h = same ? ceilDiv(h, s[0]) : (h - k[0]) / s[0] + 1;
        w = same ? ceilDiv(w, s[1]) : (w - k[1]) / s[1] + 1;
    }

    private void dense(KerasChain.Layer l, JsonNode cfg) throws IOException {
        flushAffine();
        if (!flat) {
            throw KerasFile.fail(path, "its Dense layer " + l + " is applied to an image (" + h + "x" + w + "x" + c
                    + ") without Flatten or global pooling before it; add a Flatten layer");
        }
        int units = cfg.path("units").asInt();
        boolean bias = cfg.path("use_bias").asBoolean(true);
        List<INDArray> v = weights(l);
        addDense(l, withDropout(new DenseLayer.Builder().nIn(c).nOut(units).hasBias(bias)
                .activation(KerasActivations.of(l, cfg.path("activation"), path)).name(l.name())).build(),
                v, units, bias);
        c = units;
    }

    private void output(KerasChain.Layer l, boolean softmaxAfter) throws IOException {
        flushAffine();
        JsonNode cfg = l.config();
        String act = KerasActivations.name(cfg.path("activation"));
        if (!softmaxAfter && !"softmax".equals(act) && !"linear".equals(act)) {
            throw KerasFile.fail(path, "its output layer " + l + " has activation '" + act + "'; only softmax outputs"
                    + " (class probabilities) and linear ones (logits) can become a classifier");
        }
        if (softmaxAfter && !"linear".equals(act)) {
            throw KerasFile.fail(path, "its output layer " + l + " has activation '" + act + "' followed by a"
                    + " softmax; only a linear Dense layer may precede the Softmax");
        }
        if (!flat) {
            dense(l, cfg); // gives the message for a Dense on an image
        }
        logits = !softmaxAfter && "linear".equals(act);
        int units = cfg.path("units").asInt();
        if (units < 2) {
            throw KerasFile.fail(path, "its output layer " + l + " has " + units + " output; a classifier needs one"
                    + " output per class (at least 2)");
        }
        boolean bias = cfg.path("use_bias").asBoolean(true);
        List<INDArray> v = weights(l);
        addDense(l, withDropout(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(c).nOut(units)
                .hasBias(bias).activation(Activation.SOFTMAX).name(l.name())).build(), v, units, bias);
        outputs = units;
    }

    private void batchNorm(KerasChain.Layer l, JsonNode cfg) throws IOException {
        flushAffine();
        JsonNode axis = cfg.path("axis");
        int a = axis.isArray() ? (axis.size() == 1 ? axis.get(0).asInt() : 99) : axis.asInt(-1);
        boolean channelAxis = flat ? (a == -1 || a == 1) : chain.channelsFirst() ? a == 1 : (a == -1 || a == 3);
        if (!channelAxis) {
            throw KerasFile.fail(path, "its layer " + l + " normalises over axis " + axis + ", not the channels");
        }
        boolean scale = cfg.path("scale").asBoolean(true), center = cfg.path("center").asBoolean(true);
        List<INDArray> v = weights(l);
        int i = 0;
        INDArray gamma = scale ? v.get(i++) : Nd4j.ones(DataType.FLOAT, c);
        INDArray beta = center ? v.get(i++) : Nd4j.zeros(DataType.FLOAT, c);
        list.layer(index, new BatchNormalization.Builder().nIn(c).nOut(c).eps(cfg.path("epsilon").asDouble(1e-3))
                .decay(cfg.path("momentum").asDouble(0.99)).useLogStd(false).name(l.name()).build());
        param("gamma", gamma, l);
        param("beta", beta, l);
        param("mean", v.get(i++), l);
        param("var", v.get(i), l);
        index++;
    }

    /** The weights of {@code l}, in Keras's order (kernel, bias; gamma, beta, mean, variance; ...). */
    private List<INDArray> weights(KerasChain.Layer l) throws IOException {
        int ordinal = typeCount.merge(l.type(), 1, Integer::sum) - 1;
        List<INDArray> out;
        if (file.format() == KerasFile.Format.HDF5) {
            Map<String, INDArray> named = file.weights().byName(l.name());
            out = new ArrayList<>();
            for (String role : List.of("kernel", "gamma", "beta", "moving_mean", "moving_variance", "mean",
                    "variance", "bias")) {
                if (named.containsKey(role)) {
                    out.add(named.get(role));
                }
            }
            if (out.size() > 1 && named.containsKey("bias") && named.containsKey("kernel")) {
                out = List.of(named.get("kernel"), named.get("bias"));
            }
        } else {
            out = file.weights().byTypeAndOrder(KerasWeights.snake(l.type()), ordinal);
        }
        if (out.isEmpty()) {
            throw KerasFile.fail(path, "it holds no weights for its layer " + l);
        }
        return out;
    }

    /** A Dense kernel [in, units] with its rows in DL4J's flatten order when a channels-last Flatten precedes it. */
    /** Adds a dense (or output) layer with the Keras kernel and bias {@code v} as its W and b. */
    private void addDense(KerasChain.Layer l, org.deeplearning4j.nn.conf.layers.Layer layer, List<INDArray> v,
            int units, boolean bias) {
        list.layer(index, layer);
        param("W", rows(v.get(0), units), l);
        if (bias) {
            param("b", v.get(1), l);
        }
        index++;
    }

    private INDArray rows(INDArray kernel, int units) {
        if (flattened == null) {
            return kernel;
        }
        int[] s = flattened;
        flattened = null;
        if (kernel.length() != (long) s[0] * s[1] * s[2] * units) {
            return kernel; // the size check after init names the mismatch
        }
        return kernel.reshape('c', s[1], s[2], s[0], units).permute(2, 0, 1, 3).dup('c')
                .reshape('c', (long) s[0] * s[1] * s[2], units);
    }

    private <T extends org.deeplearning4j.nn.conf.layers.Layer.Builder<T>> T withDropout(T builder) {
        if (dropout != null) {
            builder.dropOut(flat && dropout instanceof SpatialDropout s ? new Dropout(s.getP()) : dropout);
            dropout = null;
        }
        return builder;
    }

    private void param(String name, INDArray value, KerasChain.Layer l) {
        params.add(new Object[] {index, name, value, l.toString()});
    }

    /** The pending input normalisation as a 1x1 convolution (unless it is the identity). */
    private void flushAffine() {
        if (pending == null) {
            return;
        }
        Affine a = pending;
        pending = null;
        if (a.isIdentity()) {
            return;
        }
        list.layer(index, new ConvolutionLayer.Builder(1, 1).nIn(c).nOut(c).activation(Activation.IDENTITY)
                .convolutionMode(ConvolutionMode.Truncate).name(index == 0 ? INPUT_LAYER : INPUT_LAYER + "_" + index)
                .build());
        params.add(new Object[] {index, "W", Nd4j.diag(Nd4j.createFromArray(a.scale())).reshape(c, c, 1, 1), "input"});
        params.add(new Object[] {index, "b", Nd4j.createFromArray(a.offset()), "input"});
        index++;
    }

    private void requireImage(KerasChain.Layer l) throws IOException {
        if (flat) {
            throw KerasFile.fail(path, "its layer " + l + " comes after Flatten or global pooling");
        }
    }

    private boolean padding(KerasChain.Layer l, JsonNode cfg) throws IOException {
        String p = cfg.path("padding").asText("valid");
        if (!p.equals("valid") && !p.equals("same")) {
            throw KerasFile.fail(path, "its layer " + l + " uses padding '" + p
                    + "'; only valid and same are supported");
        }
        return p.equals("same");
    }

    private static int[] pair(JsonNode n, int dflt) {
        if (n.isArray()) {
            return new int[] {n.get(0).asInt(), n.get(n.size() > 1 ? 1 : 0).asInt()};
        }
        return n.isNumber() ? new int[] {n.asInt(), n.asInt()} : new int[] {dflt, dflt};
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private IOException unsupported(KerasChain.Layer l) {
        return KerasFile.fail(path, "its layer " + l + " is of a type this importer does not support (a custom"
                + " layer or one DL4J lacks). Supported layers: " + String.join(", ", SUPPORTED));
    }
}
