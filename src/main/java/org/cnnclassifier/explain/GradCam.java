package org.cnnclassifier.explain;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.network.Activations;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017) with DL4J's own backpropagation: the gradient of a class's
 * score (its logit, the output layer's input to softmax, as in the paper) with respect to a convolution
 * layer's output A is averaged over each channel's positions into weights; the map is the ReLU of the
 * weighted sum of A's channels, one value per cell of that layer. {@link ReceptiveFields} maps the
 * cells back onto the image. Runs on a private copy of the network (no cached forward results, no
 * dropout, gradient arrays allocated), one batch of images at a time.
 */
public final class GradCam {
    /** Copies of the networks explained lately, by identity (a network's equals compares its parameters). */
    private static final Map<MultiLayerNetwork, MultiLayerNetwork> COPIES = new IdentityHashMap<>();
    /** The slopes of the copies' batch normalisation layers (fixed at inference), by layer. */
    private static final Map<Layer, INDArray> SLOPES = new IdentityHashMap<>();

    private GradCam() {
    }

    /**
     * The maps of a batch: {@code cells[image][y * width + x]} at the layer's resolution, the class each
     * is of, the network's output (probabilities, or logits for a network ending in logits) and the raw
     * pieces the tests check: the layer's activations and the gradient, both NCHW.
     */
    public record Result(int layer, int width, int height, float[][] cells, int[] classes, float[][] outputs,
            INDArray activations, INDArray gradient) {
    }

    /**
     * The index of the convolution layer named {@code name} (case-insensitive; empty: the last one).
     *
     * @throws IllegalArgumentException naming the layer and the convolution layers there are
     */
    public static int layerIndex(MultiLayerNetwork net, String name) {
        List<Activations.SpatialLayer> convs = Activations.convolutionLayers(net);
        if (convs.isEmpty()) {
            throw new IllegalArgumentException("The model has no convolution layer, so Grad-CAM has no map to "
                    + "weigh; use method=occlusion.");
        }
        checkOutputLayer(net);
        if (name == null || name.isBlank()) {
            return convs.get(convs.size() - 1).index();
        }
        for (Activations.SpatialLayer l : convs) {
            if (l.name().equalsIgnoreCase(name.trim())) {
                return l.index();
            }
        }
        String names = String.join(", ", convs.stream().map(Activations.SpatialLayer::name).toList());
        boolean other = Activations.spatialLayers(net).stream().anyMatch(l -> l.name().equalsIgnoreCase(name.trim()));
        int n = net.getnLayers();
        for (int i = 0; i < n && !other; i++) {
            other = Activations.layerName(net, i).equalsIgnoreCase(name.trim());
        }
        throw new IllegalArgumentException("'" + name.trim() + "' is " + (other ? "not a convolution layer"
                : "not a layer of the model") + "; Grad-CAM needs one of the model's convolution layers: " + names
                + " (empty: the last, " + convs.get(convs.size() - 1).name() + ").");
    }

    private static void checkOutputLayer(MultiLayerNetwork net) {
        var confs = net.getLayerWiseConfigurations().getConfs();
        if (!(confs.get(confs.size() - 1).getLayer() instanceof BaseOutputLayer)) {
            throw new IllegalArgumentException("The model does not end in a dense output layer, whose class scores "
                    + "Grad-CAM needs; use method=occlusion.");
        }
    }

    /**
     * Grad-CAM of layer {@code layer} for a batch {@code input} (as {@link NetworkInput#forNetwork} makes it),
     * of class {@code classes[i]} for image {@code i}, or its most probable class where that is negative.
     */
    public static Result compute(MultiLayerNetwork net, INDArray input, int layer, int[] classes) {
        if (!(net.getLayerWiseConfigurations().getConf(layer).getLayer() instanceof ConvolutionLayer)) {
            throw new IllegalArgumentException("Layer " + Activations.layerName(net, layer) + " is not a convolution "
                    + "layer.");
        }
        checkOutputLayer(net);
        MultiLayerNetwork g = copyOf(net);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int n = g.getnLayers();
        int batch = (int) input.size(0);
        synchronized (g) {
            List<INDArray> acts = g.feedForward(input.castTo(g.getLayerWiseConfigurations().getDataType()), false);
            INDArray out = acts.get(n);
            float[][] outputs = out.castTo(DataType.FLOAT).toFloatMatrix();
            int[] chosen = new int[batch];
            INDArray weights = g.getLayer(n - 1).getParam("W"); // [nIn, classes]
            INDArray eps = Nd4j.create(weights.dataType(), batch, weights.size(0));
            for (int i = 0; i < batch; i++) {
                chosen[i] = classes != null && classes[i] >= 0 ? classes[i] : Classifier.argMax(outputs[i]);
                // d logit_c / d (output layer input) = column c of W.
                eps.putRow(i, weights.getColumn(chosen[i]));
            }
            eps = backThroughPreprocessor(g, n - 1, eps, batch, mgr);
            for (int i = n - 2; i > layer; i--) {
                eps = backThroughLayer(g, i, acts.get(i), eps, batch, mgr);
                eps = backThroughPreprocessor(g, i, eps, batch, mgr);
            }
            INDArray a = acts.get(layer + 1);
            if (NetworkInput.channelsLast(g.getLayerWiseConfigurations().getConf(layer).getLayer())) {
                a = a.permute(0, 3, 1, 2);
                eps = eps.permute(0, 3, 1, 2);
            }
            a = a.dup('c');
            eps = eps.dup('c');
            int c = (int) a.size(1), h = (int) a.size(2), w = (int) a.size(3);
            INDArray alpha = eps.mean(2, 3); // [batch, channels]
            float[][] cells = new float[batch][h * w];
            double[] av = a.castTo(DataType.DOUBLE).data().asDouble();
            double[] al = alpha.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            int plane = h * w;
            for (int i = 0; i < batch; i++) {
                double[] sum = new double[plane];
                for (int k = 0; k < c; k++) {
                    double wk = al[i * c + k];
                    int off = (i * c + k) * plane;
                    for (int p = 0; p < plane; p++) {
                        sum[p] += wk * av[off + p];
                    }
                }
                for (int p = 0; p < plane; p++) {
                    cells[i][p] = (float) Math.max(0, sum[p]);
                }
            }
            return new Result(layer, w, h, cells, chosen, outputs, a, eps);
        }
    }

    /**
     * Class probabilities from a result's network outputs: as they are for a network ending in softmax, else
     * their softmax (as {@link org.cnnclassifier.inference.Classifier} computes them).
     */
    public static float[][] probabilities(MultiLayerNetwork net, Result r) {
        var confs = net.getLayerWiseConfigurations().getConfs();
        if (confs.get(confs.size() - 1).getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b
                && b.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax) {
            return r.outputs();
        }
        float[][] out = new float[r.outputs().length][];
        for (int i = 0; i < out.length; i++) {
            float[] z = r.outputs()[i];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (float v : z) {
                max = Math.max(max, v);
            }
            out[i] = new float[z.length];
            for (int k = 0; k < z.length; k++) {
                sum += Math.exp(z[k] - max);
            }
            for (int k = 0; k < z.length; k++) {
                out[i][k] = (float) (Math.exp(z[k] - max) / sum);
            }
        }
        return out;
    }

    /** The input of layer {@code i} given the previous layer's output: its preprocessor applied, if any. */
    static INDArray layerInput(MultiLayerNetwork g, int i, INDArray previous, int batch, LayerWorkspaceMgr mgr) {
        InputPreProcessor pre = g.getLayerWiseConfigurations().getInputPreProcess(i);
        return pre == null ? previous : pre.preProcess(previous, batch, mgr);
    }

    private static INDArray backThroughPreprocessor(MultiLayerNetwork g, int i, INDArray eps, int batch,
            LayerWorkspaceMgr mgr) {
        InputPreProcessor pre = g.getLayerWiseConfigurations().getInputPreProcess(i);
        return pre == null ? eps : pre.backprop(eps, batch, mgr);
    }

    /**
     * The gradient at layer {@code i}'s input from that at its output, by DL4J's backpropagation; batch
     * normalisation, at inference a fixed affine map per channel, scales by that map's slope (DL4J's own
     * backward pass assumes training statistics), and dropout is the identity.
     */
    private static INDArray backThroughLayer(MultiLayerNetwork g, int i, INDArray previous, INDArray eps, int batch,
            LayerWorkspaceMgr mgr) {
        Layer layer = g.getLayer(i);
        INDArray in = layerInput(g, i, previous, batch, mgr);
        if (layer instanceof org.deeplearning4j.nn.layers.DropoutLayer) {
            return eps;
        }
        if (layer instanceof BatchNormalization) {
            INDArray slope;
            synchronized (COPIES) {
                slope = SLOPES.get(layer);
                if (slope == null || slope.rank() != eps.rank()) {
                    slope = batchNormSlope(layer, eps, mgr);
                    SLOPES.put(layer, slope);
                }
            }
            return eps.mul(slope);
        }
        layer.setInput(in, mgr);
        INDArray next = layer.backpropGradient(eps, mgr).getSecond();
        layer.clear();
        return next;
    }

    /** The per-channel slope of an inference-mode batch normalisation, shaped to broadcast over {@code eps}. */
    private static INDArray batchNormSlope(Layer layer, INDArray eps, LayerWorkspaceMgr mgr) {
        long[] shape = new long[eps.rank()];
        java.util.Arrays.fill(shape, 1);
        boolean nhwc = eps.rank() == 4 && layer.conf().getLayer()
                instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization b
                && b.getCnn2DFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC;
        int channelDim = nhwc ? 3 : 1;
        shape[channelDim] = eps.size(channelDim);
        layer.setInput(Nd4j.ones(eps.dataType(), shape), mgr);
        INDArray one = layer.activate(false, mgr).dup();
        layer.setInput(Nd4j.zeros(eps.dataType(), shape), mgr);
        INDArray zero = layer.activate(false, mgr).dup();
        layer.clear();
        return one.subi(zero);
    }

    /** A copy of {@code net} for gradients: no cache, no dropout, gradient arrays allocated. */
    private static MultiLayerNetwork copyOf(MultiLayerNetwork net) {
        synchronized (COPIES) {
            MultiLayerNetwork g = COPIES.get(net);
            if (g == null) {
                synchronized (net) {
                    g = net.clone();
                }
                prepare(g);
                remember(net, g);
            }
            return g;
        }
    }

    /** NHWC twins of the networks explained lately (or the network itself when it has none), by identity. */
    private static final Map<MultiLayerNetwork, MultiLayerNetwork> TWINS = new IdentityHashMap<>();

    /**
     * The network to explain {@code layer} of {@code net} on: its NHWC inference twin (faster, as Classify
     * uses it) when no convolution follows the layer, so that the backward pass crosses only layers DL4J runs
     * in either layout; else {@code net}. Inputs for it come from {@link NetworkInput#forNetwork}.
     */
    public static MultiLayerNetwork fastest(MultiLayerNetwork net, int layer) {
        boolean lastConvolution = Activations.convolutionLayers(net).stream().allMatch(l -> l.index() <= layer);
        if (!lastConvolution) {
            return net;
        }
        synchronized (TWINS) {
            MultiLayerNetwork twin = TWINS.get(net);
            if (twin == null) {
                synchronized (net) {
                    twin = org.cnnclassifier.speed.ChannelsLastTwin.of(net);
                }
                if (twin == null) {
                    twin = net;
                } else {
                    explainInPlace(twin);
                }
                if (TWINS.size() >= 3) {
                    TWINS.clear();
                }
                TWINS.put(net, twin);
            }
            return twin;
        }
    }

    /**
     * Prepares a network of the caller's own, such as an NHWC inference twin that no one else uses, to be
     * explained in place (not copied: a copy would lose the twin's stand-in layers).
     */
    public static void explainInPlace(MultiLayerNetwork net) {
        prepare(net);
        synchronized (COPIES) {
            remember(net, net);
        }
    }

    private static void prepare(MultiLayerNetwork g) {
        g.setCacheMode(CacheMode.NONE);
        for (Layer l : g.getLayers()) {
            if (!(l instanceof org.deeplearning4j.nn.layers.DropoutLayer)) {
                l.conf().getLayer().setIDropout(null);
            }
        }
        g.initGradientsView();
    }

    private static void remember(MultiLayerNetwork net, MultiLayerNetwork g) {
        if (COPIES.size() >= 3) {
            COPIES.clear();
            SLOPES.clear();
        }
        COPIES.put(net, g);
    }
}
