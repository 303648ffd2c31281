package org.cnnclassifier.speed;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's convolution layer for the NHWC inference twin ({@link ChannelsLastTwin}), without a copy
 * DL4J makes and never uses. For an NHWC layer, DL4J's {@code preOutput} first copies the whole
 * input into NCHW order ({@code permute(0, 3, 1, 2).dup()}) to read its height and width, then hands
 * the original NHWC input to the oneDNN helper. That strided copy was 11% of a Classify Folder
 * profile with the default model (JFR). Here the sizes are read from the NHWC shape and the helper
 * gets the same arguments as in DL4J's code, so the outputs are the same to the bit. Training,
 * NCHW, weight noise, and a layer without a working oneDNN helper run DL4J's own code.
 */
public final class ChannelsLastConvolution extends ConvolutionLayer {
    /** Forward passes handed straight to the helper (not to DL4J's code): for tests. */
    int directPasses;

    ChannelsLastConvolution(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * Replaces every convolution layer of {@code net} (after init) by one of these; the parameters
     * stay the network's own arrays (views).
     */
    static void install(MultiLayerNetwork net) {
        StandInLayers.replace(net, l -> l.getClass() == ConvolutionLayer.class, ChannelsLastConvolution::new);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop,
            LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        if (training || forBackprop || helper == null || helperCountFail > 0 || c.getWeightNoise() != null
                || c.getCnn2dDataFormat() != CNN2DFormat.NHWC || input == null || input.rank() != 4) {
            return super.preOutput(training, forBackprop, workspaceMgr);
        }
        INDArray bias = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, false, workspaceMgr);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, false, workspaceMgr);
        validateInputRank();
        INDArray x = input.castTo(dataType);
        validateInputDepth(weights.size(1));
        int[] kernel = c.getKernelSize();
        int[] strides = c.getStride();
        int[] dilation = c.getDilation();
        int[] pad = c.getPadding();
        if (convolutionMode == ConvolutionMode.Same) {
            int[] outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, null, convolutionMode, dilation,
                    CNN2DFormat.NHWC);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) x.size(1), (int) x.size(2)},
                    kernel, strides, dilation);
        }
        if (!hasBias()) {
            if (dummyBias == null) {
                try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    dummyBias = Nd4j.create(1, c.getNOut());
                }
            }
            bias = dummyBias;
        }
        INDArray out;
        try {
            out = helper.preOutput(x, weights, bias, kernel, strides, pad, c.getCudnnAlgoMode(), c.getCudnnFwdAlgo(),
                    convolutionMode, dilation, CNN2DFormat.NHWC, workspaceMgr);
        } catch (RuntimeException e) {
            out = null; // DL4J's own code retries and handles the failure as it does
        }
        if (out == null) {
            return super.preOutput(training, forBackprop, workspaceMgr);
        }
        directPasses++;
        return new Pair<>(out, null);
    }
}
