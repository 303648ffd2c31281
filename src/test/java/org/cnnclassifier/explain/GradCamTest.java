package org.cnnclassifier.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Grad-CAM's gradient against central finite differences of the class score on the layer's
 * activations (a small double-precision network with max pooling, stride, batch normalisation with
 * non-trivial statistics and a dense layer after the explained layer), its weighted sum against a
 * hand computation, and the receptive-field geometry against centres worked out by hand.
 */
class GradCamTest {

    /** conv1 (valid) - pool1 - conv2 (same, the explained layer) - bn - conv3 (stride 2) - dense - output. */
    static MultiLayerNetwork network(Activation output, long seed) {
        Nd4jSetup.ensureInitialized();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(4).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1").kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(5).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().name("bn").build())
                .layer(new ConvolutionLayer.Builder(2, 2).name("conv3").stride(2, 2).nOut(3)
                        .activation(Activation.SIGMOID).build())
                .layer(new DenseLayer.Builder().name("dense1").nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("output").nOut(3)
                        .activation(output).build())
                .setInputType(InputType.convolutional(14, 14, 2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Random rnd = new Random(seed);
        var bn = net.getLayer(3);
        bn.getParam("gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, 5).addi(0.5));
        bn.getParam("beta").assign(Nd4j.randn(DataType.DOUBLE, 1, 5).muli(0.3));
        bn.getParam("mean").assign(Nd4j.randn(DataType.DOUBLE, 1, 5).muli(0.2));
        INDArray var = Nd4j.rand(DataType.DOUBLE, 1, 5).addi(0.2 + rnd.nextDouble());
        if (bn.getParam("var") != null) {
            bn.getParam("var").assign(var);
        } else { // DL4J's default: the log10 of the standard deviation is stored
            bn.getParam("log10stdev").assign(org.nd4j.linalg.ops.transforms.Transforms.log(var, 10).muli(0.5));
        }
        return net;
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        MultiLayerNetwork logits = network(Activation.IDENTITY, 5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 14, 14);
        int layer = 2, n = logits.getnLayers();
        int[] classes = {1, 2};
        GradCam.Result r = GradCam.compute(logits, x, layer, classes);
        INDArray a = r.activations();
        assertArrayEquals(new long[] {2, 5, 6, 6}, a.shape());
        double h = 1e-6, worst = 0;
        for (int i = 0; i < 2; i++) {
            INDArray ai = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup();
            for (int k = 0; k < ai.length(); k++) {
                long[] idx = org.nd4j.linalg.api.shape.Shape.ind2subC(ai.shape(), k);
                double v = ai.getDouble(idx);
                ai.putScalar(idx, v + h);
                double up = forward(logits, layer + 1, ai).getDouble(0, classes[i]);
                ai.putScalar(idx, v - h);
                double down = forward(logits, layer + 1, ai).getDouble(0, classes[i]);
                ai.putScalar(idx, v);
                double fd = (up - down) / (2 * h);
                double an = r.gradient().getDouble(i, idx[1], idx[2], idx[3]);
                double rel = Math.abs(fd - an) / Math.max(1e-8, Math.abs(fd) + Math.abs(an));
                if (Math.abs(fd - an) > 1e-9) {
                    worst = Math.max(worst, rel);
                }
            }
        }
        assertTrue(worst < 1e-3, "worst relative error " + worst);
        assertTrue(r.gradient().norm1Number().doubleValue() > 1e-2, "a gradient that is not all zero");
        // The same weights ending in softmax: Grad-CAM uses the score before softmax, so the same gradient.
        MultiLayerNetwork softmax = network(Activation.SOFTMAX, 5);
        softmax.setParams(logits.params());
        GradCam.Result s = GradCam.compute(softmax, x, layer, classes);
        assertEquals(0, s.gradient().sub(r.gradient()).norm1Number().doubleValue(), 1e-12);
        // A second call (the private copy is reused) gives the same.
        assertEquals(0, GradCam.compute(logits, x, layer, classes).gradient().sub(r.gradient()).norm1Number()
                .doubleValue(), 1e-12);
    }

    /** DL4J's forward pass (inference mode) from layer {@code from} to the output, one layer at a time. */
    static INDArray forward(MultiLayerNetwork net, int from, INDArray x) {
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        for (int i = from; i < net.getnLayers(); i++) {
            var pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) {
                x = pre.preProcess(x, (int) x.size(0), mgr);
            }
            net.getLayer(i).setInput(x, mgr);
            x = net.getLayer(i).activate(false, mgr).dup();
        }
        return x;
    }

    /** The class scores (output layer before its activation) from layer {@code from}'s input {@code x}. */
    static INDArray logits(MultiLayerNetwork net, int from, INDArray x) {
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        int n = net.getnLayers();
        for (int i = from; i < n; i++) {
            var pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) {
                x = pre.preProcess(x, (int) x.size(0), mgr);
            }
            if (i == n - 1) {
                return x.mmul(net.getLayer(i).getParam("W")).addRowVector(net.getLayer(i).getParam("b"));
            }
            net.getLayer(i).setInput(x, mgr);
            x = net.getLayer(i).activate(false, mgr).dup();
        }
        return x;
    }

    /**
     * Every architecture at other input shapes (float, as trained): the class score's change along the
     * gradient (restricted to the layer's active units), by a central difference, equals the gradient's
     * squared norm there.
     */
    @Test
    void everyArchitectureGivesTheDirectionalDerivative() {
        Object[][] cases = {{Architecture.SEED, 32, 32, 3, 0.25}, {Architecture.BN, 28, 28, 1, 0.2},
            {Architecture.WIDE, 64, 48, 4, 0.0}};
        for (Object[] c : cases) {
            int w = (int) c[1], h = (int) c[2], ch = (int) c[3];
            MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build((Architecture) c[0], 5, 3, (double) c[4],
                    null, 1e-3, w, h, ch));
            net.init();
            INDArray x = Nd4j.rand(DataType.FLOAT, 1, ch, h, w);
            int layer = GradCam.layerIndex(net, "");
            GradCam.Result r = GradCam.compute(net, x, layer, new int[] {2});
            INDArray a = r.activations().castTo(DataType.DOUBLE), g = r.gradient().castTo(DataType.DOUBLE);
            // Along the gradient where the (ReLU) layer is active: its zeros tie in a following max pool, where
            // the score is not differentiable and a central difference is not the derivative.
            INDArray d = g.mul(a.gt(0).castTo(DataType.DOUBLE));
            double norm2 = g.mul(d).sumNumber().doubleValue();
            double step = 1e-2 / Math.sqrt(norm2);
            INDArray up = a.add(d.mul(step)).castTo(DataType.FLOAT), down = a.sub(d.mul(step)).castTo(DataType.FLOAT);
            double fd = (logits(net, layer + 1, up).getDouble(0, 2) - logits(net, layer + 1, down).getDouble(0, 2))
                    / (2 * step);
            assertEquals(norm2, fd, 0.02 * norm2, c[0] + " " + w + "x" + h + "x" + ch);
            assertTrue(norm2 > 0, c[0] + ": a gradient");
            assertEquals(r.height() * r.width(), r.cells()[0].length);
        }
    }

    /** The NHWC twin Explain runs the last layer on gives the maps of the plain network (checked above). */
    @Test
    void theChannelsLastTwinGivesThePlainNetworksMaps() {
        for (Architecture arch : List.of(Architecture.SEED, Architecture.WIDE, Architecture.AIR)) {
            MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(arch, 4, 7, 0, null, 1e-3, 32, 32, 3));
            net.init();
            int layer = GradCam.layerIndex(net, "");
            MultiLayerNetwork twin = GradCam.fastest(net, layer);
            assertTrue(twin != net, arch + " has a twin");
            INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, 32, 32);
            GradCam.Result plain = GradCam.compute(net, x, layer, new int[] {0, 1, -1});
            GradCam.Result fast = GradCam.compute(twin, x.permute(0, 2, 3, 1).dup('c'), layer, new int[] {0, 1, -1});
            assertArrayEquals(plain.classes(), fast.classes());
            for (int i = 0; i < 3; i++) {
                float max = 0;
                for (float v : plain.cells()[i]) {
                    max = Math.max(max, v);
                }
                assertArrayEquals(plain.cells()[i], fast.cells()[i], 1e-4f * Math.max(max, 1e-3f), arch + " " + i);
            }
        }
        MultiLayerNetwork seed = new MultiLayerNetwork(Architectures.build(Architecture.SEED, 4, 7, 0, null, 1e-3));
        seed.init();
        assertTrue(GradCam.fastest(seed, GradCam.layerIndex(seed, "conv1")) == seed, "a convolution follows conv1");
    }

    @Test
    void mapIsTheReluOfTheChannelMeanWeightedSum() {
        MultiLayerNetwork net = network(Activation.SOFTMAX, 9);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, 14, 14);
        GradCam.Result r = GradCam.compute(net, x, 2, null);
        INDArray out = net.output(x);
        assertEquals(out.argMax(1).getInt(0), r.classes()[0], "top class by default");
        for (int p = 0; p < 36; p++) {
            double sum = 0;
            for (int k = 0; k < 5; k++) {
                double alpha = 0;
                for (int q = 0; q < 36; q++) {
                    alpha += r.gradient().getDouble(0, k, q / 6, q % 6) / 36;
                }
                sum += alpha * r.activations().getDouble(0, k, p / 6, p % 6);
            }
            assertEquals(Math.max(0, sum), r.cells()[0][p], 1e-5);
        }
    }

    @Test
    void badLayersAreNamed() {
        MultiLayerNetwork net = network(Activation.SOFTMAX, 9);
        assertEquals(4, GradCam.layerIndex(net, ""));
        assertEquals(2, GradCam.layerIndex(net, "CONV2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCam.layerIndex(net,
                "pool1"));
        assertTrue(e.getMessage().contains("'pool1' is not a convolution layer") && e.getMessage().contains(
                "conv1, conv2, conv3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradCam.layerIndex(net, "conv9"));
        assertTrue(e.getMessage().contains("not a layer of the model"), e.getMessage());
        MultiLayerNetwork dense = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build())
                .layer(new OutputLayer.Builder().nIn(3).nOut(2).activation(Activation.SOFTMAX).build()).build());
        dense.init();
        e = assertThrows(IllegalArgumentException.class, () -> GradCam.layerIndex(dense, ""));
        assertTrue(e.getMessage().contains("no convolution layer"), e.getMessage());
    }

    @Test
    void cellCentresFollowTheLayersGeometry() {
        // seed at 32x32, valid 3x3 convolutions and 2x2 pools: conv1 centres at 1, 2, ...; pool1 at 1.5, 3.5;
        // conv2 at 3.5, 5.5; pool2 at 4.5, 8.5; conv3 at 8.5, 12.5, 16.5, 20.5.
        MultiLayerNetwork seed = new MultiLayerNetwork(Architectures.build(Architecture.SEED, 10, 1, 0, null, 1e-3));
        seed.init();
        assertEquals(new ReceptiveFields(1, 1, 1, 1), ReceptiveFields.of(seed, 0, 32, 32));
        assertEquals(new ReceptiveFields(3.5, 2, 3.5, 2), ReceptiveFields.of(seed, 2, 32, 32));
        assertEquals(new ReceptiveFields(8.5, 4, 8.5, 4), ReceptiveFields.of(seed, 4, 32, 32));
        // wide: same-padded convolutions keep the corner, each pool moves it by half its step.
        MultiLayerNetwork wide = new MultiLayerNetwork(Architectures.build(Architecture.WIDE, 10, 1, 0, null, 1e-3));
        wide.init();
        int conv3 = GradCam.layerIndex(wide, "conv3"); // after pool1: centres at 0.5, 2.5, ...
        assertEquals(new ReceptiveFields(0.5, 2, 0.5, 2), ReceptiveFields.of(wide, conv3, 32, 32));
        // Mapping back: a map that is 1 at cell (1, 0) and 0 elsewhere peaks at input pixel x = 12.5 -> 12 and 13.
        float[] cells = new float[16];
        cells[1] = 1;
        float[] img = ReceptiveFields.of(seed, 4, 32, 32).toImage(cells, 4, 4, 32, 32, 32, 32);
        assertEquals(0.875f, img[12], 1e-6f); // (12 - 8.5) / 4 = 0.875 of the way to cell 1
        assertEquals(0.875f, img[13], 1e-6f);
        assertEquals(0f, img[8], 1e-6f); // on cell 0's centre
        assertEquals(0f, img[31 * 32 + 12], 1e-6f); // row 31 lies beyond the last centre: nearest cell row 3
        // The image at twice the input size: its pixel 25 (centre 12.25 of the input) sits 0.9375 towards cell 1.
        float[] big = ReceptiveFields.of(seed, 4, 32, 32).toImage(cells, 4, 4, 32, 32, 64, 64);
        assertEquals(0.9375f, big[25], 1e-6f);
    }
}
