package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.network.TriangleSchedule;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** biasrate: one SGD step moves each parameter by its own rate times DL4J's gradient of it. */
class BiasRateTest {
    private static final double RATE = 0.1;
    private static final int BATCH = 5;
    private static final TriangleSchedule TRIANGLE = TriangleSchedule.of(4 * RATE, 100);

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    private static MultiLayerConfiguration conf() {
        return new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(RATE)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 2)).build();
    }

    @Test
    void biasesAndBatchNormStepAtTheMultipliedRateWeightsAtTheRate() {
        double multiple = 8;
        MultiLayerConfiguration conf = conf();
        BiasRate.apply(conf, new Sgd(RATE * multiple));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 2, 4, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % 3, 1);
        }
        Map<String, INDArray> before = copy(net.paramTable());
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> gradient = copy(net.gradient().gradientForVariable());
        net.fit(new DataSet(x, y));
        Map<String, INDArray> after = net.paramTable();
        int checked = 0;
        for (String key : gradient.keySet()) {
            String param = key.substring(key.indexOf('_') + 1);
            if (param.equals("mean") || param.equals("var") || param.equals("log10stdev")) {
                continue; // running statistics, not learnt
            }
            // Written out: W and the output layer's W at RATE; b, gamma and beta at RATE x 8.
            double rate = param.equals("W") ? RATE : RATE * multiple;
            // DL4J's gradient is the minibatch's sum; its updater divides it by the batch size.
            INDArray expected = before.get(key).sub(gradient.get(key).mul(rate / BATCH));
            assertTrue(gradient.get(key).norm2Number().doubleValue() > 1e-6, key + " has a gradient to check");
            assertSameValues(expected, after.get(key), key);
            checked++;
        }
        assertEquals(6, checked, "conv W, b; gamma, beta; output W, b");
    }

    @Test
    void theNetworksOwnOptimiserAtTheMultipliedScheduleInTraining() {
        MultiLayerConfiguration conf = conf();
        BiasRate.apply(conf, new Adam(TRIANGLE));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        var conv = (ConvolutionLayer) net.getLayer(0).conf().getLayer();
        var norm = (BatchNormalization) net.getLayer(1).conf().getLayer();
        assertEquals(RATE, conv.getUpdaterByParam("W").getLearningRate(0, 0), 1e-12);
        for (int step : new int[] {0, 20, 60}) {
            double at = TRIANGLE.valueAt(step, 0);
            assertEquals(at, conv.getUpdaterByParam("b").getLearningRate(step, 0), 1e-12);
            assertEquals(at, norm.getUpdaterByParam("gamma").getLearningRate(step, 0), 1e-12);
            assertEquals(at, norm.getUpdaterByParam("beta").getLearningRate(step, 0), 1e-12);
        }
        assertEquals(0.4 * 0.2, TRIANGLE.valueAt(0, 0), 1e-12, "the triangle starts at peak / 5");
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> m) {
        Map<String, INDArray> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }

    private static void assertSameValues(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        // Row-major copies: DL4J keeps some parameters in column-major order.
        double[] e = expected.dup('c').ravel().toDoubleVector();
        double[] a = actual.dup('c').ravel().toDoubleVector();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5, what + " [" + i + "]");
        }
    }
}
