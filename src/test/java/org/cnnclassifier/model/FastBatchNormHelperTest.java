package org.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The faster batch-norm helper against DL4J's own helper: same loss, gradients and running statistics. */
class FastBatchNormHelperTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    /** An initialised network of {@code architecture} for 32x32 RGB and 10 classes (also PlainMaxPoolingTest's). */
    static MultiLayerNetwork network(Architecture architecture) {
        MultiLayerNetwork net = new MultiLayerNetwork(
                Architectures.build(architecture, 10, 5, 0, null, 0.003, 32, 32, 3));
        net.init();
        return net;
    }

    /**
     * {@code n} random images ({@code channels} x {@code size} x {@code size}, values in [0, 1]) with
     * one-hot labels over 10 classes, from {@code seed}: the batches the stand-in layers' tests feed
     * to DL4J's layers and to Train's.
     */
    static DataSet randomBatch(int n, int channels, int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, channels, size, size);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7 + seed) % 10, 1);
        }
        return new DataSet(x, y);
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(11);
        // Pixels in [0, 1] with an offset per channel, as images are: the moments must not cancel out.
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 3, 32, 32).addi(0.2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1);
        }
        return new DataSet(x, y);
    }

    /** DL4J catches a helper's exception and quietly falls back to its own code: make sure it did not. */
    private static void assertNoFallback(MultiLayerNetwork net) throws ReflectiveOperationException {
        var failures = BatchNormalization.class.getDeclaredField("helperCountFail");
        failures.setAccessible(true);
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization b) {
                assertEquals(0, failures.getInt(b), layer.conf().getLayer().getLayerName() + " fell back to DL4J's code");
            }
        }
    }

    /** bn normalises convolution outputs, wide also pooled maps (6 and 7 batch-norm layers). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"bn, 6", "wide, 7"})
    void gradientsAndRunningStatisticsMatchDl4jsOwnHelper(String architecture, int layers)
            throws ReflectiveOperationException {
        MultiLayerNetwork dl4j = network(Architecture.parse(architecture));
        MultiLayerNetwork fast = network(Architecture.parse(architecture));
        FastBatchNormHelper.install(fast);
        int installed = 0;
        for (Layer layer : fast.getLayers()) {
            if (layer instanceof BatchNormalization b) {
                assertTrue(b.getHelper() instanceof FastBatchNormHelper, layer.conf().getLayer().getLayerName());
                installed++;
            }
        }
        assertEquals(layers, installed);
        assertEquals(dl4j.params(), fast.params());

        DataSet data = batch();
        dl4j.setInput(data.getFeatures());
        dl4j.setLabels(data.getLabels());
        dl4j.computeGradientAndScore();
        fast.setInput(data.getFeatures());
        fast.setLabels(data.getLabels());
        fast.computeGradientAndScore();
        assertEquals(dl4j.score(), fast.score(), 1e-4 * Math.abs(dl4j.score()));
        assertNoFallback(fast);
        Gradient expected = dl4j.gradient();
        Gradient actual = fast.gradient();
        for (String key : expected.gradientForVariable().keySet()) {
            INDArray e = expected.getGradientFor(key);
            INDArray a = actual.getGradientFor(key);
            double scale = Math.max(1e-3, e.amaxNumber().doubleValue());
            double diff = e.sub(a).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-4 * scale, key + ": largest difference " + diff + " of " + scale);
        }

        // One training step each: the running mean and variance (parameters of the bn layers) must agree too.
        dl4j.fit(data);
        fast.fit(data);
        assertNoFallback(fast);
        for (String key : dl4j.paramTable().keySet()) {
            if (key.endsWith("_mean") || key.endsWith("_var")) {
                INDArray e = dl4j.getParam(key);
                INDArray a = fast.getParam(key);
                double diff = e.sub(a).amaxNumber().doubleValue();
                assertTrue(diff <= 1e-4 * Math.max(1, e.amaxNumber().doubleValue()), key + ": " + diff);
            }
        }
    }
}
