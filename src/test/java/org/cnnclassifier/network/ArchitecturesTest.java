package org.cnnclassifier.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ArchitecturesTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    static MultiLayerNetwork build(Architecture arch, double dropout) {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(arch, 10, 1, dropout, null, 1e-3));
        net.init();
        return net;
    }

    /** Keras' model.summary() of the tutorial network: 896 + 18,496 + 36,928 + 65,600 + 650 = 122,570. */
    @Test
    void seedIsTheTutorialNetwork() {
        MultiLayerNetwork net = build(Architecture.SEED, 0);
        assertEquals(122_570, net.numParams());
        List<String> names = java.util.Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "conv3", "dense1", "output"), names);
        // parameter shapes (DL4J: conv W [out, in, kh, kw], dense W [in, out])
        assertArrayEquals(new long[] {32, 3, 3, 3}, net.getLayer("conv1").getParam("W").shape());
        assertArrayEquals(new long[] {64, 32, 3, 3}, net.getLayer("conv2").getParam("W").shape());
        assertArrayEquals(new long[] {64, 64, 3, 3}, net.getLayer("conv3").getParam("W").shape());
        assertArrayEquals(new long[] {1024, 64}, net.getLayer("dense1").getParam("W").shape());
        assertArrayEquals(new long[] {64, 10}, net.getLayer("output").getParam("W").shape());
        // activation shapes as in Keras: 30x30x32, 15x15x32, 13x13x64, 6x6x64, 4x4x64, 64, 10
        List<INDArray> acts = net.feedForward(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 32, 32), false);
        assertArrayEquals(new long[] {2, 32, 30, 30}, acts.get(1).shape());
        assertArrayEquals(new long[] {2, 32, 15, 15}, acts.get(2).shape());
        assertArrayEquals(new long[] {2, 64, 13, 13}, acts.get(3).shape());
        assertArrayEquals(new long[] {2, 64, 6, 6}, acts.get(4).shape());
        assertArrayEquals(new long[] {2, 64, 4, 4}, acts.get(5).shape());
        assertArrayEquals(new long[] {2, 64}, acts.get(6).shape());
        assertArrayEquals(new long[] {2, 10}, acts.get(7).shape());
        // softmax output
        assertEquals(1.0, acts.get(7).getRow(0).sumNumber().doubleValue(), 1e-5);
    }

    @Test
    void seedWithDropoutKeepsParametersAndAddsADropoutLayer() {
        MultiLayerNetwork net = build(Architecture.SEED, 0.5);
        assertEquals(122_570, net.numParams());
        assertTrue(java.util.Arrays.stream(net.getLayers()).anyMatch(l -> "drop1".equals(l.conf().getLayer().getLayerName())));
    }

    @Test
    void bnHasBatchNormDropoutAndNamedLayers() {
        MultiLayerNetwork net = build(Architecture.BN, 0.2);
        List<String> names = java.util.Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
        assertEquals(List.of("conv1", "bn1", "conv2", "bn2", "pool1", "drop1", "conv3", "bn3", "conv4", "bn4", "pool2", "drop2",
                "conv5", "bn5", "conv6", "bn6", "pool3", "drop3", "dense1", "drop4", "output"), names);
        for (Layer l : net.getLayers()) {
            if (l.conf().getLayer().getLayerName().startsWith("bn")) {
                assertTrue(l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization);
            }
        }
        // 3x3 convs with bias: 3*32*9+32 + 32*32*9+32 + ...; batch norm: 4 values per channel
        // (gamma, beta, running mean, running variance); dense 2048*128+128; output 128*10+10
        long conv = 9L * (3 * 32 + 32 * 32 + 32 * 64 + 64 * 64 + 64 * 128 + 128 * 128) + (32 + 32 + 64 + 64 + 128 + 128);
        long bn = 4L * (32 + 32 + 64 + 64 + 128 + 128);
        assertEquals(conv + bn + 2048 * 128 + 128 + 128 * 10 + 10, net.numParams());
        // the convolutions apply ReLU (batch normalisation follows them)
        List<INDArray> acts = net.feedForward(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 32, 32).subi(0.5), false);
        assertTrue(acts.get(1).minNumber().doubleValue() >= 0);
        List<INDArray> trainActs = net.feedForward(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 32, 32), true);
        assertEquals(0, trainActs.get(2).mean(0, 2, 3).amaxNumber().doubleValue(), 1e-3, "batch norm centres each channel in training");
    }

    @Test
    void widePoolsAfterTheFirstConvolutionOfEachBlock() {
        MultiLayerNetwork net = build(Architecture.WIDE, 0);
        List<String> names = java.util.Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
        assertEquals(List.of("conv1", "bn1", "conv2", "pool1", "bn2", "conv3", "bn3", "conv4", "pool2", "bn4", "conv5",
                "bn5", "conv6", "pool3", "bn6", "conv7", "bn7", "pool4", "output"), names);
        // 3x3 convs with bias, 3->24->32->32->128->128->128->128, each followed by batch norm (4 values
        // per channel), then output 2*2*128 -> 10 with bias
        assertEquals(499_008 + 5_130, net.numParams(), "hand-summed: 672+96, 6,944+128, 9,248+128, 36,992+512, 3x(147,584+512)");
        // maps: 32x32 (conv1, conv2), 16x16 after pool1 (conv3, conv4), 8x8, 4x4, then 2x2
        List<INDArray> acts = net.feedForward(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 32, 32).subi(0.5), false);
        assertArrayEquals(new long[] {2, 32, 32, 32}, acts.get(3).shape());
        assertArrayEquals(new long[] {2, 32, 16, 16}, acts.get(4).shape());
        assertArrayEquals(new long[] {2, 128, 16, 16}, acts.get(8).shape());
        assertArrayEquals(new long[] {2, 128, 8, 8}, acts.get(9).shape());
        assertArrayEquals(new long[] {2, 128, 4, 4}, acts.get(14).shape());
        assertArrayEquals(new long[] {2, 128, 2, 2}, acts.get(18).shape());
        assertArrayEquals(new long[] {2, 10}, acts.get(19).shape());
        assertTrue(acts.get(1).minNumber().doubleValue() >= 0, "convolutions apply ReLU");
        List<INDArray> trainActs = net.feedForward(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 32, 32), true);
        assertEquals(0, trainActs.get(5).mean(0, 2, 3).amaxNumber().doubleValue(), 1e-3, "bn2 centres the pooled maps");
        assertEquals(0.0, Architecture.WIDE.defaultDropout());
        assertTrue(java.util.Arrays.stream(build(Architecture.WIDE, 0.1).getLayers())
                .anyMatch(l -> "drop1".equals(l.conf().getLayer().getLayerName())));
    }

    /** wide has no hidden dense layer: the output layer takes 128 channels of what four 2x2 pools leave. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"16, 16, 1, 128", "28, 28, 1, 128", "20, 36, 5, 256", "256, 256, 4, 32_768"})
    void wideTakesOtherShapes(int width, int height, int channels, String flatten) {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(Architecture.WIDE, 4, 1, 0, null, 1e-3, width,
                height, channels));
        net.init();
        assertArrayEquals(new long[] {24, channels, 3, 3}, net.getLayer("conv1").getParam("W").shape());
        assertEquals(Long.parseLong(flatten.replace("_", "")), net.getLayer("output").getParam("W").size(0));
        INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, channels, height, width));
        assertArrayEquals(new long[] {2, 4}, out.shape());
    }

    @Test
    void airIsAirbenchsLayoutWithAFixedScaleAndScaledLogits() {
        MultiLayerNetwork net = build(Architecture.AIR, 0);
        List<String> names = java.util.Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
        assertEquals(List.of("conv1", "conv2", "pool1", "bn2", "gelu2", "conv3", "bn3", "gelu3", "conv4", "pool2", "bn4",
                "gelu4", "conv5", "bn5", "gelu5", "conv6", "pool3", "bn6", "gelu6", "conv7", "bn7", "gelu7", "pool4", "scale",
                "output"), names);
        // stem 2x2x3x24 + 24 biases; 3x3 convolutions without biases 24->64->64->128->128->128->128, each
        // followed by a normalisation (4 values per channel); scale 128 + 128; output 128x10 without bias
        assertEquals(312 + 13_824 + 256 + 36_864 + 256 + 73_728 + 512 + 3 * (147_456 + 512) + 256 + 1_280,
                net.numParams());
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 32, 32).subi(0.5);
        List<INDArray> acts = net.feedForward(x, false);
        assertArrayEquals(new long[] {2, 24, 31, 31}, acts.get(1).shape(), "the 2x2 stem is not padded");
        assertArrayEquals(new long[] {2, 128, 3, 3}, acts.get(22).shape());
        // The logits by hand: the global max of each channel of gelu7, over 9, times the output weights.
        INDArray features = acts.get(22).max(2, 3);
        assertEquals(0, features.sub(acts.get(23)).amaxNumber().doubleValue(), 1e-6);
        INDArray logits = features.div(9).mmul(net.getLayer("output").getParam("W"));
        INDArray e = org.nd4j.linalg.ops.transforms.Transforms.exp(logits.subColumnVector(logits.max(1)));
        INDArray softmax = e.divColumnVector(e.sum(1));
        assertEquals(0, softmax.sub(acts.get(25)).amaxNumber().doubleValue(), 1e-5);
        assertEquals(0.0, Architecture.AIR.defaultDropout());
    }

    /**
     * During training the normalisations' scale stays 1 while their shift moves; the scale layer
     * stays at 1/9; with {@link Architectures#freezeStem} the stem stays as it was set.
     */
    @Test
    void airKeepsItsFixedPartsFixedWhileItTrains() {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = Architectures.buildWith(Architecture.AIR, 10, 1, 0,
                new org.nd4j.linalg.learning.config.Nesterovs(0.1, 0.9), 0.01, 16, 16, 1);
        Architectures.freezeStem(conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertTrue(Architectures.frozen(conf.getConf(0).getLayer()));
        assertTrue(!Architectures.frozen(conf.getConf(1).getLayer()));
        INDArray stem = net.getLayer("conv1").getParam("W").dup();
        INDArray stemBias = net.getLayer("conv1").getParam("b").dup();
        INDArray conv2 = net.getLayer("conv2").getParam("W").dup();
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 1, 16, 16);
        INDArray y = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7);
        for (int i = 0; i < 3; i++) {
            net.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        }
        assertEquals(stem, net.getLayer("conv1").getParam("W"));
        assertEquals(stemBias, net.getLayer("conv1").getParam("b"));
        assertTrue(conv2.sub(net.getLayer("conv2").getParam("W")).amaxNumber().doubleValue() > 0, "conv2 trains");
        for (String bn : List.of("bn2", "bn7")) {
            assertEquals(1.0, net.getLayer(bn).getParam("gamma").minNumber().doubleValue(), 0.0);
            assertEquals(1.0, net.getLayer(bn).getParam("gamma").maxNumber().doubleValue(), 0.0);
            assertTrue(net.getLayer(bn).getParam("beta").amaxNumber().doubleValue() > 0, bn + "'s shift trains");
        }
        assertEquals(1.0 / 9, net.getLayer("scale").getParam("W").minNumber().doubleValue(), 1e-7);
        assertEquals(1.0 / 9, net.getLayer("scale").getParam("W").maxNumber().doubleValue(), 1e-7);
        assertEquals(0.0, net.getLayer("scale").getParam("b").amaxNumber().doubleValue(), 0.0);
    }

    /** air's global max pool takes any map size: the output layer always takes 128 features. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"16, 16, 1", "28, 28, 1", "20, 36, 5", "256, 256, 4"})
    void airTakesOtherShapes(int width, int height, int channels) {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(Architecture.AIR, 4, 1, 0, null, 1e-3, width,
                height, channels));
        net.init();
        assertArrayEquals(new long[] {24, channels, 2, 2}, net.getLayer("conv1").getParam("W").shape());
        assertEquals(128, net.getLayer("output").getParam("W").size(0));
        INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, channels, height, width));
        assertArrayEquals(new long[] {2, 4}, out.shape());
    }

    @Test
    void unknownArchitectureAndBadDropoutAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(Architecture.parse("resnet9000"), 0));
        assertTrue(e.getMessage().contains("resnet9000") && e.getMessage().contains("seed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> build(Architecture.SEED, 1.0));
    }

    /** Any size from 16 to 256 and any channel count: DL4J computes the flatten size; outputs are one per class. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"seed, 28, 28, 1, 576", "seed, 18, 18, 2, 64", "seed, 16, 17, 4, 1_024",
        "seed, 256, 64, 3, 46_080", "bn, 16, 16, 5, 512", "bn, 28, 28, 1, 1_152", "bn, 256, 256, 4, 131_072"})
    void architecturesTakeOtherShapes(String arch, int width, int height, int channels, String flatten) {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(Architecture.parse(arch), 4, 1, 0, null, 1e-3, width, height,
                channels));
        net.init();
        assertArrayEquals(new long[] {32, channels, 3, 3}, net.getLayer("conv1").getParam("W").shape());
        assertEquals(Long.parseLong(flatten.replace("_", "")), net.getLayer("dense1").getParam("W").size(0));
        INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, channels, height, width));
        assertArrayEquals(new long[] {2, 4}, out.shape());
    }

    @Test
    void sizesOutsideTheRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(Architecture.SEED, 10, 1, 0, null, 1e-3, 15, 32, 1));
        assertEquals("The networks take images from 16x16 to 256x256 pixels; the input would be 15x32. "
                + "Give size=WIDTHxHEIGHT within that range (images are resized).", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(Architecture.BN, 10, 1, 0, null, 1e-3, 32, 257, 3));
    }
}
