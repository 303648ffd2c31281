package org.cnnclassifier.speed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Nd4jSetup;

/** The faster ReLU backward against DL4J's: by hand, in whole networks to the bit, and swapped back. */
class FastReluBackwardTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    @Test
    void gradientIsTheOutputGradientWherePreActivationIsPositive() {
        INDArray z = Nd4j.createFromArray(-2f, -0f, 0f, 1e-30f, 3f, -1e-30f).reshape(2, 3);
        INDArray eps = Nd4j.createFromArray(5f, 6f, -7f, 8f, -9f, 10f).reshape(2, 3);
        INDArray zCopy = z.dup();
        INDArray fast = new FastReluBackward().backprop(z, eps).getFirst();
        assertArrayEquals(new float[] {0, 0, 0, 8, -9, 0}, fast.data().asFloat(), 0f);
        assertEquals(new ActivationReLU().backprop(z.dup(), eps).getFirst(), fast);
        assertEquals(zCopy, z, "the pre-activations are left as they were");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed", "bn", "wide", "air"})
    void networksHaveTheSameGradientsAndTrainingToTheBit(String name) {
        Architecture architecture = Architecture.parse(name);
        MultiLayerNetwork dl4j = FastBatchNormHelperTest.network(architecture);
        MultiLayerNetwork fast = FastBatchNormHelperTest.network(architecture);
        Runnable restore = FastReluBackward.install(fast);
        int swapped = 0;
        for (NeuralNetConfiguration c : fast.getLayerWiseConfigurations().getConfs()) {
            swapped += c.getLayer() instanceof BaseLayer l && l.getActivationFn() instanceof FastReluBackward ? 1 : 0;
            swapped += c.getLayer() instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer l
                    && l.getActivationFn() instanceof FastReluBackward ? 1 : 0;
        }
        // Every convolution and the hidden dense layer (seed: 3 + 1, bn: 6 + 1, wide: 7); air: its stem, the one
        // ReLU (the six activations after its normalisations are GELU, which stay as they are).
        assertEquals(name.equals("seed") ? 4 : name.equals("air") ? 1 : 7, swapped);

        DataSet data = FastBatchNormHelperTest.randomBatch(16, 3, 32, 4);
        Gradient e = FastBatchNormHelperTest.gradient(dl4j, data);
        Gradient a = FastBatchNormHelperTest.gradient(fast, data);
        assertEquals(dl4j.score(), fast.score());
        for (String key : e.gradientForVariable().keySet()) {
            assertArrayEquals(e.getGradientFor(key).dup().data().asFloat(), a.getGradientFor(key).dup().data().asFloat(), 0f,
                    key);
        }
        for (int step = 0; step < 3; step++) {
            DataSet b = FastBatchNormHelperTest.randomBatch(16, 3, 32, 20 + step);
            dl4j.fit(b);
            fast.fit(b);
        }
        assertArrayEquals(dl4j.params().toFloatVector(), fast.params().toFloatVector(), 0f);

        assertTrue(fast.getLayerWiseConfigurations().toJson().contains("FastReluBackward"));
        restore.run();
        // The same configuration as the network that never had it (iteration counts included).
        assertEquals(dl4j.getLayerWiseConfigurations().toJson(), fast.getLayerWiseConfigurations().toJson());
    }

    @Test
    void onlyPlainRelusAreSwapped() {
        IActivation relu6 = new ActivationReLU(6.0, null, null);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nOut(4).activation(relu6).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        IActivation plain = ((BaseLayer) conf.getConf(2).getLayer()).getActivationFn();
        Runnable restore = FastReluBackward.install(net);
        assertSame(relu6, ((BaseLayer) conf.getConf(0).getLayer()).getActivationFn());
        assertTrue(((BaseLayer) conf.getConf(2).getLayer()).getActivationFn() instanceof FastReluBackward);
        restore.run();
        assertSame(plain, ((BaseLayer) conf.getConf(2).getLayer()).getActivationFn());
    }
}
