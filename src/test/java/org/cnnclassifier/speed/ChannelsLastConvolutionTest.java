package org.cnnclassifier.speed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;

/** The twin's convolution layers against DL4J's own on the same NHWC network: every activation to the bit. */
class ChannelsLastConvolutionTest {
    @ParameterizedTest
    @CsvSource({"seed, 32, 32, 3, 3", "seed, 16, 16, 2, 3", "bn, 32, 32, 3, 6", "wide, 32, 32, 3, 7",
        "wide, 20, 36, 5, 7"})
    void sameActivationsAsDl4jsLayerWithoutTheInputCopy(String architecture, int w, int h, int c, int convolutions) {
        Nd4jSetup.ensureInitialized();
        MultiLayerNetwork net = new MultiLayerNetwork(
                Architectures.build(Architecture.parse(architecture), 10, 5, 0, null, 1e-2, w, h, c));
        net.init();
        MultiLayerNetwork twin = ChannelsLastTwin.of(net);
        // DL4J's own layers on the same NHWC configuration and weights.
        MultiLayerNetwork dl4j = new MultiLayerNetwork(twin.getLayerWiseConfigurations().clone());
        dl4j.init(twin.params().dup(), false);
        int replaced = 0;
        for (Layer layer : twin.getLayers()) {
            replaced += layer instanceof ChannelsLastConvolution ? 1 : 0;
        }
        assertEquals(convolutions, replaced);
        for (Layer layer : dl4j.getLayers()) {
            assertTrue(!(layer instanceof ChannelsLastConvolution), "the reference keeps DL4J's layers");
            if (layer instanceof ConvolutionLayer conv) {
                assertTrue(conv.getHelper() != null, "DL4J's oneDNN helper is in use, as in the twin");
            }
        }
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 70, h, w, c);
        List<INDArray> expected = dl4j.feedForward(x, false);
        List<INDArray> actual = twin.feedForward(x, false);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).shape(), actual.get(i).shape(), "activation " + i);
            assertArrayEquals(expected.get(i).dup('c').data().asFloat(), actual.get(i).dup('c').data().asFloat(), 0f,
                    "activation " + i);
        }
        for (Layer layer : twin.getLayers()) {
            if (layer instanceof ChannelsLastConvolution conv) {
                assertEquals(1, conv.directPasses, "layer " + conv.getIndex() + " ran without DL4J's input copy");
            }
        }
    }
}
