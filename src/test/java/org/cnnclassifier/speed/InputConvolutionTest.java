package org.cnnclassifier.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Nd4jSetup;

/**
 * The first convolution without the input's gradient against DL4J's own layer: the same loss, the
 * same gradients for every other layer to the bit, the first layer's weight and bias gradients to
 * float rounding (a different summation order), the same training to a fraction of one step.
 */
class InputConvolutionTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    private static int weightOnlyPasses(MultiLayerNetwork net) {
        return ((InputConvolution) net.getLayers()[0]).weightOnlyPasses;
    }

    /** Equal to float rounding: within 1e-5 of the largest magnitude in {@code expected}. */
    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.shapeInfoToString(), actual.shapeInfoToString(), what);
        double scale = expected.amaxNumber().doubleValue();
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(scale > 0, what + " is all zeros: nothing compared");
        assertTrue(diff <= 1e-5 * scale, what + ": differs by " + diff + " (largest value " + scale + ")");
    }

    /** DL4J's layer and ours on the same weights, the same batches: gradients and training. */
    private static void compare(MultiLayerNetwork dl4j, MultiLayerNetwork ours, DataSet data, boolean skipsInput,
            int steps, double rate) {
        INDArray before = dl4j.params().dup();
        InputConvolution.install(ours);
        assertTrue(ours.getLayers()[0] instanceof InputConvolution);
        Gradient e = FastBatchNormHelperTest.gradient(dl4j, data);
        Gradient a = FastBatchNormHelperTest.gradient(ours, data);
        assertEquals(dl4j.score(), ours.score());
        for (String key : e.gradientForVariable().keySet()) {
            if (key.startsWith("0_") && skipsInput) {
                assertClose(e.getGradientFor(key), a.getGradientFor(key), key);
            } else {
                assertEquals(e.getGradientFor(key), a.getGradientFor(key), key);
            }
        }
        assertEquals(skipsInput ? 1 : 0, weightOnlyPasses(ours));
        for (int step = 0; step < steps; step++) {
            long[] shape = data.getFeatures().shape();
            DataSet b = FastBatchNormHelperTest.randomBatch((int) shape[0], (int) shape[1], (int) shape[2], 10 + step);
            dl4j.fit(b);
            ours.fit(b);
        }
        if (skipsInput) {
            // Adam scales each step to about the rate whatever the gradient's size, so rounding in
            // tiny gradients shows in the weights: the two trainings agree to 1% of one step.
            double diff = dl4j.params().sub(ours.params()).amaxNumber().doubleValue();
            assertTrue(diff < 0.01 * rate, "weights after " + steps + " Adam steps differ by " + diff);
            assertTrue(dl4j.params().sub(before).amaxNumber().doubleValue() > 0.5 * rate, "training moved nothing");
        } else {
            assertEquals(dl4j.params(), ours.params(), "weights after " + steps + " Adam steps");
        }
        assertEquals(skipsInput ? 1 + steps : 0, weightOnlyPasses(ours));
    }

    @Test
    void seedNetworkHasTheSameGradientsAndTraining() {
        MultiLayerNetwork dl4j = FastBatchNormHelperTest.network(Architecture.SEED);
        MultiLayerNetwork ours = FastBatchNormHelperTest.network(Architecture.SEED);
        compare(dl4j, ours, FastBatchNormHelperTest.randomBatch(16, 3, 32, 3), true, 3, 0.003);
    }

    @Test
    void paddedFirstConvolutionOnGrayImages() {
        // Explicit padding, 5x5 kernel, one channel, no bias, tanh: the other paths of the layer.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).updater(new Adam(0.01)).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).padding(2, 2).hasBias(false)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.TANH).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(9, 9, 1)).build();
        MultiLayerNetwork[] nets = FastBatchNormHelperTest.sameWeights(conf);
        compare(nets[0], nets[1], FastBatchNormHelperTest.randomBatch(8, 1, 9, 5), true, 3, 0.01);
    }

    @Test
    void sameModeAndStridedFirstConvolutionsAreLeftToDl4j() {
        // bn's first convolution pads in Same mode: DL4J's own backward, to the bit.
        compare(FastBatchNormHelperTest.network(Architecture.BN), FastBatchNormHelperTest.network(Architecture.BN),
                FastBatchNormHelperTest.randomBatch(8, 3, 32, 6), false, 2, 0.003);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).stride(2, 2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(9, 9, 2)).build();
        MultiLayerNetwork[] nets = FastBatchNormHelperTest.sameWeights(conf);
        compare(nets[0], nets[1], FastBatchNormHelperTest.randomBatch(8, 2, 9, 7), false, 2, 0.001);
    }
}
