package org.cnnclassifier.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
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
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
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

    /**
     * {@code air}'s configuration with its stem's weights fixed (as Train fixes a whitened stem) and, with
     * {@code stop} > 0, its bias at Nesterov's 0.05 until step {@code stop}, then 0.
     */
    private static MultiLayerNetwork[] airWithFixedStem(int stop) {
        MultiLayerConfiguration conf = Architectures.buildWith(Architecture.AIR, 10, 5, 0, new Nesterovs(0.05, 0.9), 0,
                32, 32, 3);
        Architectures.freezeStem(conf);
        if (stop > 0) {
            ((BaseLayer) conf.getConf(0).getLayer()).setBiasUpdater(new Nesterovs(new MapSchedule.Builder(
                    ScheduleType.ITERATION).add(0, 0.05).add(stop, 0).build(), 0.9));
        }
        MultiLayerNetwork[] nets = FastBatchNormHelperTest.sameWeights(conf);
        InputConvolution.install(nets[1]);
        return nets;
    }

    /**
     * {@code air}'s fixed stem (weights and bias at rate 0): ours computes no gradient at all, which changes
     * nothing: the training is DL4J's, which computes them all, to the bit.
     */
    @Test
    void aFixedStemComputesNoGradientAndTrainsAsDl4jDoes() {
        MultiLayerNetwork[] nets = airWithFixedStem(0);
        INDArray before = nets[0].params().dup();
        for (int step = 0; step < 3; step++) {
            DataSet b = FastBatchNormHelperTest.randomBatch(8, 3, 32, 20 + step);
            nets[0].fit(b);
            nets[1].fit(b);
        }
        InputConvolution stem = (InputConvolution) nets[1].getLayers()[0];
        assertEquals(3, stem.fixedPasses);
        assertEquals(0, stem.weightOnlyPasses);
        assertTrue(nets[0].params().sub(before).amaxNumber().doubleValue() > 0.01, "training moved the weights");
        assertEquals(nets[0].params(), nets[1].params(), "weights after 3 steps");
    }

    /**
     * While the stem's bias learns (its weights fixed), ours computes the bias gradient, DL4J's to float
     * rounding, and no weight gradient; once the bias's rate is 0, nothing. Both keep the stem's weights.
     */
    @Test
    void aStemWhoseBiasLearnsComputesOnlyTheBiasGradientUntilItStops() {
        MultiLayerNetwork[] nets = airWithFixedStem(2);
        DataSet first = FastBatchNormHelperTest.randomBatch(8, 3, 32, 19);
        Gradient e = FastBatchNormHelperTest.gradient(nets[0], first);
        Gradient a = FastBatchNormHelperTest.gradient(nets[1], first);
        assertClose(e.getGradientFor("0_b"), a.getGradientFor("0_b"), "the stem's bias gradient");
        assertEquals(0, a.getGradientFor("0_W").amaxNumber().doubleValue(), 0, "no weight gradient (rate 0)");
        assertTrue(e.getGradientFor("0_W").amaxNumber().doubleValue() > 0, "DL4J's layer computes one");
        INDArray stemWeights = nets[0].getLayer(0).getParam("W").dup();
        INDArray stemBias = nets[0].getLayer(0).getParam("b").dup();
        for (int step = 0; step < 4; step++) {
            DataSet b = FastBatchNormHelperTest.randomBatch(8, 3, 32, 20 + step);
            nets[0].fit(b);
            nets[1].fit(b);
        }
        InputConvolution stem = (InputConvolution) nets[1].getLayers()[0];
        assertEquals(1 + 2, stem.weightOnlyPasses, "the gradient above, then steps 1 and 2: the bias's");
        assertEquals(2, stem.fixedPasses, "steps 3 and 4 compute nothing");
        for (MultiLayerNetwork net : nets) {
            assertEquals(stemWeights, net.getLayer(0).getParam("W"));
            assertTrue(net.getLayer(0).getParam("b").sub(stemBias).amaxNumber().doubleValue() > 1e-3,
                    "the bias trained");
        }
    }

    /** Adam's moments take the gradient in even at rate 0, so a stem under Adam at rate 0 still gets its gradients. */
    @Test
    void aStemUnderAdamAtRateZeroStillComputesItsGradients() {
        MultiLayerConfiguration conf = Architectures.buildWith(Architecture.AIR, 10, 5, 0, new Adam(1e-3), 0, 32, 32, 3);
        BaseLayer stemConf = (BaseLayer) conf.getConf(0).getLayer();
        stemConf.setIUpdater(new Adam(0));
        stemConf.setBiasUpdater(new Adam(0));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        InputConvolution.install(net);
        net.fit(FastBatchNormHelperTest.randomBatch(4, 3, 32, 30));
        InputConvolution stem = (InputConvolution) net.getLayers()[0];
        assertEquals(1, stem.weightOnlyPasses);
        assertEquals(0, stem.fixedPasses);
    }
}
