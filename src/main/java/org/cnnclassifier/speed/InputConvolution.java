package org.cnnclassifier.speed;

import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * DL4J's convolution layer as a network's first layer in training: its backward pass computes the
 * weight and bias gradients but not the gradient for the input images, which nothing uses
 * (DL4J's layer computes it, then the network drops it). The weight gradient is the correlation
 * of the images with the layer's output gradient, which is itself a convolution:
 * {@code gradW[o][i][y][x] = sum over n, h, w of input[n][i][h+y][w+x] * delta[n][o][h][w]}, that
 * is the images with their channels as the batch, convolved by {@code delta} with the images as
 * channels and the output map as the kernel; libnd4j's {@code conv2d} runs it (on oneDNN). In a
 * {@code seed} step with batch 64 on one thread this takes 9 ms where DL4J's backward (oneDNN's
 * backward-data and backward-weights with 3 input channels) took 19; the step, 1.09x faster.
 * Same-mode, strided or dilated convolutions, NHWC and weight noise run DL4J's own code. Weights
 * at rate 0 under SGD or Nesterov get no gradient, and a layer fixed so ({@code air}'s whitened stem,
 * a frozen layer) none at all: at rate 0 these updaters ignore the gradient.
 */
public final class InputConvolution extends ConvolutionLayer {
    /** Backward passes that skipped the input gradient (not handed to DL4J's code): for tests. */
    int weightOnlyPasses;
    /** Backward passes that computed nothing, the layer's rates being 0 (a fixed stem): for tests. */
    int fixedPasses;

    InputConvolution(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * Replaces the first layer of {@code net} (after init or clone) by one of these if it is a
     * convolution layer that reads the network's input directly; the parameters and gradients stay
     * the network's own arrays (views), so the updater and its state are unchanged.
     */
    public static void install(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        if (layers.length == 0 || layers[0].getClass() != ConvolutionLayer.class
                || net.getLayerWiseConfigurations().getInputPreProcess(0) != null) {
            return;
        }
        StandInLayers.replace(net, l -> l == layers[0], InputConvolution::new);
    }

    private boolean handled() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        boolean unitSteps = c.getStride()[0] == 1 && c.getStride()[1] == 1 && c.getDilation()[0] == 1
                && c.getDilation()[1] == 1;
        // Same mode (bn, wide: 32x32 maps) measured no faster: reordering the output gradient into
        // oneDNN's weight layout costs what the skipped input gradient saves. DL4J's code runs it.
        return unitSteps && convolutionMode != ConvolutionMode.Same && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.getWeightNoise() == null && gradientViews != null && input != null && input.rank() == 4;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!handled()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        // A parameter at rate 0 this step (air's fixed stem, a frozen layer) moves by nothing whatever
        // its gradient: zeros stand in, and with both so, the whole pass is skipped.
        boolean weights = learns(ConvolutionParamInitializer.WEIGHT_KEY);
        boolean bias = layerConf().hasBias() && learns(ConvolutionParamInitializer.BIAS_KEY);
        INDArray delta = null;
        if (weights || bias) {
            INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
            // The forward's pre-activations (cached), through the activation's backward: as DL4J's layer.
            INDArray z = preOutput4d(true, true, workspaceMgr).getFirst();
            delta = layerConf().getActivationFn().backprop(z, eps).getFirst();
        }
        Gradient gradient = new DefaultGradient();
        Map<String, INDArray> grads = gradient.gradientForVariable();
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY); // [out, in, kH, kW]
        if (weights) {
            weightGradient(input.castTo(dataType), delta, weightGrad, workspaceMgr);
        } else {
            weightGrad.assign(0);
        }
        if (layerConf().hasBias()) {
            INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            if (bias) {
                // Over each map first (contiguous), then over the batch.
                biasGrad.assign(delta.sum(2, 3).sum(0).reshape(biasGrad.shape()));
            } else {
                biasGrad.assign(0);
            }
            grads.put(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        grads.put(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad);
        if (delta == null) {
            fixedPasses++;
        } else {
            weightOnlyPasses++;
        }
        // No gradient for the input: the network discards the first layer's (MultiLayerNetwork
        // sets it to null unless asked for the input's gradient, which training never does).
        return new Pair<>(gradient, null);
    }

    /**
     * Whether {@code param}'s gradient matters at this step: false only for SGD or Nesterov at rate 0, whose
     * step and state then ignore the gradient (Adam's moments would still take it in).
     */
    private boolean learns(String param) {
        IUpdater u = layerConf().getUpdaterByParam(param);
        return !(u instanceof Sgd || u instanceof Nesterovs)
                || u.getLearningRate(getIterationCount(), getEpochCount()) != 0;
    }

    /** The correlation of the images {@code x} with the output gradient {@code delta}, into {@code weightGrad}. */
    private void weightGradient(INDArray x, INDArray delta, INDArray weightGrad, LayerWorkspaceMgr workspaceMgr) {
        int[] kernel = layerConf().getKernelSize();
        int[] pad = layerConf().getPadding();
        long channelsIn = x.size(1);
        long channelsOut = delta.size(1);
        INDArray perInput = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {channelsIn, channelsOut, kernel[0], kernel[1]}, 'c');
        // kH, kW (the output map), strides, padding, dilation, truncate mode, NCHW, weights [oC, iC, kH, kW].
        DynamicCustomOp conv = DynamicCustomOp.builder("conv2d")
                .addInputs(x.permute(1, 0, 2, 3), delta.permute(1, 0, 2, 3))
                .addOutputs(perInput)
                .addIntegerArguments((int) delta.size(2), (int) delta.size(3), 1, 1, pad[0], pad[1], 1, 1, 0, 0, 1)
                .build();
        Nd4j.exec(conv);
        weightGrad.assign(perInput.permute(1, 0, 2, 3));
    }
}
