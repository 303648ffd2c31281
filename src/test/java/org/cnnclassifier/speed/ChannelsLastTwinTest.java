package org.cnnclassifier.speed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;

/** The NHWC twin against the NCHW network it was made from: DL4J's own outputs are the oracle. */
class ChannelsLastTwinTest {
    @Test
    void channelsLastFeaturesArePermutedFeatures() {
        byte[][] images = new byte[3][3 * 32 * 32];
        new java.util.Random(4).nextBytes(images[0]);
        new java.util.Random(5).nextBytes(images[1]);
        new java.util.Random(6).nextBytes(images[2]);
        INDArray expected = NetworkInput.toFeatures(images, 3, 32, 32).permute(0, 2, 3, 1).dup('c');
        INDArray actual = NetworkInput.toChannelsLastFeatures(images, 3, 32, 32);
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.data().asFloat(), actual.data().asFloat(), 0f);
    }

    /**
     * The batch keeps the largest layer output within 30 MiB of floats, counted by hand: seed's
     * 'valid' conv1 gives 30x30x32 (26x26x32 on 28x28), bn's and wide's first 32-filter 'same'
     * convolution 32x32x32; 30 MiB / (4 bytes x 32 x 32 x 32) = 240; air's conv2 31x31x64 (after the 2x2 stem):
     * 30 MiB / (4 x 61,504) = 127.9, so 112. A multiple of 16 from 16 to 512.
     */
    @ParameterizedTest
    @CsvSource({"seed, 32, 32, 3, 272", "bn, 32, 32, 3, 240", "wide, 32, 32, 3, 240", "seed, 28, 28, 1, 352",
        "wide, 16, 16, 1, 512", "wide, 200, 200, 3, 16", "air, 32, 32, 3, 112"})
    void batchKeepsTheLargestLayerOutputWithinThirtyMebibytes(String architecture, int w, int h, int c,
            int expected) {
        Nd4jSetup.ensureInitialized();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(Architecture.parse(architecture), 10, 5, 0,
                null, 1e-2, w, h, c));
        net.init();
        assertEquals(expected, ChannelsLastTwin.batchSize(ChannelsLastTwin.of(net), h, w, c));
        assertEquals(ChannelsLastTwin.NCHW_BATCH, ChannelsLastTwin.batchSize(null, h, w, c));
    }

    @ParameterizedTest
    @CsvSource({"seed, 0, 32, 32, 3", "seed, 0.3, 32, 32, 3", "bn, 0.2, 32, 32, 3", "seed, 0, 28, 28, 1",
        "seed, 0, 40, 24, 4", "seed, 0, 16, 16, 2", "bn, 0.2, 28, 28, 1", "bn, 0, 20, 36, 5",
        "wide, 0, 32, 32, 3", "wide, 0.1, 28, 28, 1", "wide, 0, 20, 36, 5", "air, 0, 32, 32, 3", "air, 0.1, 28, 28, 1",
        "air, 0, 20, 36, 5"})
    void twinGivesTheNetworksOutputs(String architecture, double dropout, int w, int h, int c) {
        Nd4jSetup.ensureInitialized();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(Architecture.parse(architecture), 10, 5, dropout, null, 1e-2,
                w, h, c));
        net.init();
        Nd4j.getRandom().setSeed(9);
        // A few steps so that weights and batch-norm running statistics are not their initial values.
        for (int i = 0; i < 3; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 32, c, h, w);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 10);
            for (int r = 0; r < 32; r++) {
                y.putScalar(r, (r * 7 + i) % 10, 1);
            }
            net.fit(new DataSet(x, y));
        }
        MultiLayerNetwork twin = ChannelsLastTwin.of(net);
        assertNotNull(twin);
        for (var layer : twin.getLayerWiseConfigurations().getConfs()) {
            if (layer.getLayer() instanceof ConvolutionLayer conv) {
                assertEquals(CNN2DFormat.NHWC, conv.getCnn2dDataFormat());
            }
            if (layer.getLayer() instanceof SubsamplingLayer pool) {
                assertEquals(CNN2DFormat.NHWC, pool.getCnn2dDataFormat());
            }
        }
        INDArray input = Nd4j.rand(DataType.FLOAT, 300, c, h, w);
        float[][] expected = net.output(input, false).toFloatMatrix();
        INDArray inputNhwc = input.permute(0, 2, 3, 1).dup('c');
        float[][] actual = twin.output(inputNhwc, false).toFloatMatrix();
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-4f, "image " + i);
        }

        // The reused twin follows further training of its network.
        MultiLayerNetwork reused = ChannelsLastTwin.current(net);
        net.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 32, c, h, w), Nd4j.eye(10).repeat(0, 4).getRows(java.util.stream.IntStream.range(0, 32).toArray())));
        org.junit.jupiter.api.Assertions.assertSame(reused, ChannelsLastTwin.current(net));
        float[][] after = net.output(input, false).toFloatMatrix();
        float[][] reusedAfter = reused.output(inputNhwc, false).toFloatMatrix();
        for (int i = 0; i < after.length; i++) {
            assertArrayEquals(after[i], reusedAfter[i], 1e-4f, "image " + i + " after more training");
        }
    }
}
