package org.cnnclassifier.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@code air}'s GELU against its formula worked in double, and against DL4J's numerical gradient check. */
class GeluTest {
    /** From far below zero to far above the point (27) where ND4J's own GELU gradient turns NaN. */
    private static final float[] X = {-100, -30, -5, -1.5f, -0.5f, 0, 0.25f, 1, 3, 19.5f, 20, 26, 27, 50, 200, 1e4f};

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void forwardIsXTimesSigmoidOf1702X() {
        INDArray out = new Gelu().getActivation(Nd4j.createFromArray(X), true);
        for (int i = 0; i < X.length; i++) {
            double expected = X[i] * sigmoid(1.702 * X[i]);
            assertEquals(expected, out.getDouble(i), 1e-6 * Math.max(1, Math.abs(expected)), "x = " + X[i]);
        }
    }

    /** d/dx x s(1.702 x) = s + 1.702 x s (1 - s), times the output gradient; finite everywhere. */
    @Test
    void backwardIsTheExactSlopeTimesTheOutputGradient() {
        INDArray eps = Nd4j.linspace(DataType.FLOAT, -2, 0.25, X.length);
        INDArray grad = new Gelu().backprop(Nd4j.createFromArray(X), eps.dup()).getFirst();
        for (int i = 0; i < X.length; i++) {
            double s = sigmoid(1.702 * X[i]);
            double expected = (s + 1.702 * X[i] * s * (1 - s)) * eps.getDouble(i);
            assertTrue(Double.isFinite(grad.getDouble(i)), "x = " + X[i]);
            assertEquals(expected, grad.getDouble(i), 1e-6 * Math.max(1, Math.abs(expected)), "x = " + X[i]);
        }
        // The slope's bump above 1 (1.0678 at x = 1), a mark of this form against ReLU's step.
        assertEquals(1.06778, new Gelu().backprop(Nd4j.createFromArray(1f), Nd4j.ones(DataType.FLOAT, 1))
                .getFirst().getDouble(0), 1e-5);
    }

    /** DL4J's central differences over every weight, through a layer whose inputs reach +-40. */
    @Test
    void passesDl4jsGradientCheckInANetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(7)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new ActivationLayer.Builder().activation(new Gelu()).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray input = Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5).muli(20);
        INDArray pre = net.feedForwardToLayer(0, input).get(1);
        assertTrue(pre.amaxNumber().doubleValue() > 5, "some inputs far into the linear part: " + pre.amaxNumber());
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 5, 3);
        for (int i = 0; i < 5; i++) {
            labels.putScalar(i, i % 3, 1);
        }
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // the check's own requirement
        try {
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                    .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void survivesTheModelFilesJson() {
        MultiLayerConfiguration conf = Architectures.build(Architecture.AIR, 10, 1, 0, null, 1e-3);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        ActivationLayer layer = (ActivationLayer) back.getConf(4).getLayer();
        assertEquals("gelu2", layer.getLayerName());
        assertInstanceOf(Gelu.class, layer.getActivationFn());
    }
}
