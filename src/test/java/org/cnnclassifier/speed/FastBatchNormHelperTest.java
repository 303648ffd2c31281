package org.cnnclassifier.speed;

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
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;

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

    /** Loss and gradients of {@code net} on {@code data} (forward and backward, no update). */
    static Gradient gradient(MultiLayerNetwork net, DataSet data) {
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        return net.gradient();
    }

    /** Two initialised networks of {@code conf} with the same weights: DL4J's, and one for stand-ins. */
    static MultiLayerNetwork[] sameWeights(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        MultiLayerNetwork dl4j = new MultiLayerNetwork(conf);
        dl4j.init();
        MultiLayerNetwork other = new MultiLayerNetwork(conf.clone());
        other.init(dl4j.params().dup(), false);
        return new MultiLayerNetwork[] {dl4j, other};
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
        Gradient expected = gradient(dl4j, data);
        Gradient actual = gradient(fast, data);
        assertEquals(dl4j.score(), fast.score(), 1e-4 * Math.abs(dl4j.score()));
        assertNoFallback(fast);
        for (Layer layer : fast.getLayers()) {
            if (layer instanceof BatchNormalization b) {
                assertEquals(1, ((FastBatchNormHelper) b.getHelper()).fastBackwardPasses,
                        layer.conf().getLayer().getLayerName() + "'s backward pass ran here, not in DL4J's code");
            }
        }
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

    /**
     * The backward pass against the textbook formula worked out here in double precision, on 3
     * channels of which one has a large offset (mean 100, spread 1: sums of dy * x would cancel).
     */
    @org.junit.jupiter.api.Test
    void backwardMatchesTheFormulaInDoublePrecision() {
        int n = 4;
        int c = 3;
        int h = 5;
        int w = 6;
        double eps = 1e-5;
        java.util.Random random = new java.util.Random(3);
        double[][][][] x = new double[n][c][h][w];
        double[][][][] dy = new double[n][c][h][w];
        INDArray xa = Nd4j.create(DataType.FLOAT, n, c, h, w);
        INDArray dya = Nd4j.create(DataType.FLOAT, n, c, h, w);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        float v = (float) (random.nextGaussian() * (k + 1) + (k == 2 ? 100 : 0.5 * k));
                        float d = (float) random.nextGaussian();
                        x[i][k][y][z] = v;
                        dy[i][k][y][z] = d;
                        xa.putScalar(new int[] {i, k, y, z}, v);
                        dya.putScalar(new int[] {i, k, y, z}, d);
                    }
                }
            }
        }
        double[] gammaValues = {1.5, -0.7, 2.0};
        INDArray gamma = Nd4j.createFromArray(new float[] {1.5f, -0.7f, 2.0f}).reshape(1, c);
        INDArray beta = Nd4j.createFromArray(new float[] {0.1f, 0.2f, -0.3f}).reshape(1, c);
        INDArray dGamma = Nd4j.create(DataType.FLOAT, 1, c);
        INDArray dBeta = Nd4j.create(DataType.FLOAT, 1, c);
        FastBatchNormHelper helper = new FastBatchNormHelper();
        var workspaces = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        helper.preOutput(xa, true, null, gamma, beta, null, null, 0.9, eps,
                org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, workspaces);
        INDArray dx = helper.backpropGradient(xa, dya, null, gamma, beta, dGamma, dBeta, eps,
                org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, workspaces).getSecond();
        double m = n * h * w;
        for (int k = 0; k < c; k++) {
            double mean = 0;
            for (double[][][] image : x) {
                for (double[] row : image[k]) {
                    for (double v : row) {
                        mean += v / m;
                    }
                }
            }
            double var = 0;
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        var += (x[i][k][y][z] - mean) * (x[i][k][y][z] - mean) / m;
                    }
                }
            }
            double sd = Math.sqrt(var + eps);
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        sumDy += dy[i][k][y][z];
                        sumDyXhat += dy[i][k][y][z] * (x[i][k][y][z] - mean) / sd;
                    }
                }
            }
            assertEquals(sumDy, dBeta.getDouble(0, k), 1e-4, "dBeta of channel " + k);
            assertEquals(sumDyXhat, dGamma.getDouble(0, k), 1e-4 * Math.max(1, Math.abs(sumDyXhat)), "dGamma " + k);
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        double xhat = (x[i][k][y][z] - mean) / sd;
                        double expected = gammaValues[k] / sd * (dy[i][k][y][z] - sumDy / m - xhat * sumDyXhat / m);
                        assertEquals(expected, dx.getDouble(i, k, y, z), 1e-5 * Math.max(1, Math.abs(expected)),
                                "dx at " + i + "," + k + "," + y + "," + z);
                    }
                }
            }
        }
        assertEquals(1, helper.fastBackwardPasses);
    }
}
