package org.cnnclassifier.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;

/**
 * The fast path (DL4J's oneDNN layer helpers) is really taken, and gives the results of DL4J's
 * own Java/ND4J implementation (helpers disabled) within float tolerance.
 */
class FastPathTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    private static MultiLayerNetwork build(Architecture arch, boolean helpers) {
        String old = System.getProperty(Nd4jSetup.HELPERS_DISABLE_PROPERTY);
        System.setProperty(Nd4jSetup.HELPERS_DISABLE_PROPERTY, Boolean.toString(!helpers)); // read at layer init
        try {
            MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(arch, 10, 123, 0, null, 1e-3));
            net.init();
            return net;
        } finally {
            System.setProperty(Nd4jSetup.HELPERS_DISABLE_PROPERTY, old);
        }
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void helpersAreUsedOnConvolutionAndPooling() {
        assertTrue(Nd4jSetup.helpersEnabled());
        MultiLayerNetwork fast = build(Architecture.SEED, true);
        assertTrue(((ConvolutionLayer) fast.getLayer("conv1")).getHelper() instanceof MKLDNNConvHelper);
        assertTrue(((ConvolutionLayer) fast.getLayer("conv3")).getHelper() instanceof MKLDNNConvHelper);
        assertTrue(((SubsamplingLayer) fast.getLayer("pool1")).getHelper() instanceof MKLDNNSubsamplingHelper);
        MultiLayerNetwork bn = build(Architecture.BN, true);
        assertNotNull(((ConvolutionLayer) bn.getLayer("conv6")).getHelper());
        MultiLayerNetwork slow = build(Architecture.SEED, false);
        assertNull(((ConvolutionLayer) slow.getLayer("conv1")).getHelper());
        assertNull(((SubsamplingLayer) slow.getLayer("pool1")).getHelper());
    }

    /** Activations that are exactly 0 (ReLU's flat side) on one path and not on the other, over all layers. */
    private static long kinkCrossings(MultiLayerNetwork fast, MultiLayerNetwork slow, INDArray x) {
        List<INDArray> a = fast.feedForward(x, true);
        List<INDArray> b = slow.feedForward(x, true);
        long crossings = 0;
        for (int i = 0; i < a.size(); i++) {
            INDArray zeroA = a.get(i).eq(0).castTo(DataType.INT);
            INDArray zeroB = b.get(i).eq(0).castTo(DataType.INT);
            crossings += Transforms.abs(zeroA.subi(zeroB), false).sumNumber().longValue();
        }
        return crossings;
    }

    @Test
    void fastPathEqualsSlowPath() {
        for (Architecture arch : Architecture.values()) {
            MultiLayerNetwork fast = build(arch, true);
            MultiLayerNetwork slow = build(arch, false);
            assertEquals(0, fast.params().sub(slow.params()).amaxNumber().doubleValue(), 0.0, "same seed, same initial weights");
            DataSet ds = batch();
            INDArray outFast = fast.output(ds.getFeatures(), false);
            INDArray outSlow = slow.output(ds.getFeatures(), false);
            assertEquals(0, outFast.sub(outSlow).amaxNumber().doubleValue(), 1e-5, arch.word() + " outputs");
            // gradients of one step (input, labels, same weights): DL4J's own backprop vs oneDNN's
            for (MultiLayerNetwork n : new MultiLayerNetwork[] {fast, slow}) {
                n.setInput(ds.getFeatures());
                n.setLabels(ds.getLabels());
                n.computeGradientAndScore();
            }
            assertEquals(slow.score(), fast.score(), 1e-5, arch.word() + " training loss");
            INDArray gFast = fast.gradient().gradient();
            INDArray gSlow = slow.gradient().gradient();
            if (kinkCrossings(fast, slow, ds.getFeatures()) == 0) {
                double scale = gSlow.amaxNumber().doubleValue();
                assertEquals(0, gFast.sub(gSlow).amaxNumber().doubleValue(), 1e-4 * scale, arch.word() + " gradients");
            } else {
                // Where a pre-activation lies within rounding of 0, the paths can take different sides of ReLU's
                // kink, and every gradient below that layer moves: on an Intel Xeon (AVX-512) one element each of
                // wide's conv4 and conv5 did, for a relative difference of 1.4e-3. A wrong gradient would be off
                // by about its own size.
                double relative = gFast.sub(gSlow).norm2Number().doubleValue() / gSlow.norm2Number().doubleValue();
                assertTrue(relative < 1e-2, arch.word() + " gradients: relative difference " + relative);
            }
            // one Adam step: first steps move each weight by about the learning rate times sign(gradient),
            // so weights with near-zero gradients may differ by up to the rate; compare the rest closely.
            fast.fit(ds);
            slow.fit(ds);
            if (arch == Architecture.SEED) {
                assertEquals(0, fast.params().sub(slow.params()).amaxNumber().doubleValue(), 1e-4, arch.word() + " parameters after one Adam step (a tenth of its size)");
            }
            assertEquals(slow.score(), fast.score(), 1e-4, arch.word() + " loss after one step");
        }
    }
}
