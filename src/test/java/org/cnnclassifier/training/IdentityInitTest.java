package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** identity: airbench's partial-identity start of the convolutions after the first, against hand-written kernels. */
class IdentityInitTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    private static INDArray random(long... shape) {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.FLOAT, shape).addi(0.5f); // no weight is 0 or 1 by chance
    }

    @Test
    void moreFiltersThanInputsTheFirstOnesBecomeIdentitiesTheRestKeepTheirWeights() {
        INDArray w = random(4, 3, 3, 3); // [out, in, kh, kw]
        INDArray before = w.dup();
        IdentityInit.setIdentity(w);
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 3; i++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        // Written out: filter o < 3 is 1 at (o, 1, 1) and 0 elsewhere; filter 3 is untouched.
                        double expected = o == 3 ? before.getDouble(o, i, y, x)
                                : i == o && y == 1 && x == 1 ? 1 : 0;
                        assertEquals(expected, w.getDouble(o, i, y, x), 0, o + "," + i + "," + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void fewerFiltersThanInputsEachFilterTakesItsOwnChannel() {
        INDArray w = random(2, 3, 1, 5);
        IdentityInit.setIdentity(w);
        float[] expected = new float[2 * 3 * 5];
        expected[0 * 15 + 0 * 5 + 2] = 1; // filter 0: channel 0, centre column 2
        expected[1 * 15 + 1 * 5 + 2] = 1; // filter 1: channel 1
        assertArrayEquals(expected, w.dup('c').data().asFloat(), 0);
    }

    @Test
    void theSecondConvolutionPassesItsInputOnAndTheFirstKeepsItsStart() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.01))
                .dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 5, 2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray first = net.getLayer(0).getParam("W").dup();
        assertEquals(1, IdentityInit.apply(net));
        assertEquals(first, net.getLayer(0).getParam("W"));
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 6, 5).subi(0.5f);
        List<INDArray> a = net.feedForward(x, false);
        // a.get(1) is conv1's output after its ReLU (>= 0); an identity conv2 with ReLU gives it back.
        assertArrayEquals(a.get(1).dup('c').data().asFloat(), a.get(2).dup('c').data().asFloat(), 1e-6f);
    }

    @Test
    void wideGetsItsSixLaterConvolutionsSetAndANetworkWithoutConvolutionsIsRefused() {
        MultiLayerNetwork wide = new MultiLayerNetwork(Architectures.buildWith(Architecture.WIDE, 10, 1, 0,
                new Adam(1e-3), 0, 32, 32, 3));
        wide.init();
        assertEquals(6, IdentityInit.apply(wide));
        MultiLayerNetwork dense = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build()).build());
        dense.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdentityInit.apply(dense));
        assertEquals("identity needs a network with a convolution layer.", e.getMessage());
    }
}
