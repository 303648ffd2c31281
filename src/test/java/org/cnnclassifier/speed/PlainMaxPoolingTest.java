package org.cnnclassifier.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.NativeBuilds;
import org.cnnclassifier.network.Nd4jSetup;

/**
 * Max pooling on libnd4j's own kernels against DL4J's layer (oneDNN's kernels): the same pooled maps,
 * the same loss and gradients, the same weights after training steps.
 */
class PlainMaxPoolingTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    private static int replaced(MultiLayerNetwork net) {
        int n = 0;
        for (Layer layer : net.getLayers()) {
            n += layer instanceof PlainMaxPooling ? 1 : 0;
        }
        return n;
    }

    /** Passes each replaced layer ran on libnd4j's kernels rather than handing to DL4J's code. */
    private static int plainPasses(MultiLayerNetwork net, int layer) {
        return ((PlainMaxPooling) net.getLayers()[layer]).plainPasses;
    }

    @ParameterizedTest
    @CsvSource({"seed, 2", "bn, 3", "wide, 4"})
    void sameActivationsGradientsAndTrainingAsDl4jsLayer(String name, int pools) {
        Architecture architecture = Architecture.parse(name);
        MultiLayerNetwork dl4j = FastBatchNormHelperTest.network(architecture);
        MultiLayerNetwork plain = FastBatchNormHelperTest.network(architecture);
        PlainMaxPooling.install(plain);
        assertEquals(pools, replaced(plain));
        FastBatchNormHelper.install(dl4j);
        FastBatchNormHelper.install(plain);

        DataSet data = FastBatchNormHelperTest.randomBatch(16, 3, 32, 3);
        // Every layer's activations, the pooled maps included, to the bit.
        var expected = dl4j.feedForward(data.getFeatures(), true);
        var actual = plain.feedForward(data.getFeatures(), true);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "activations of layer " + (i - 1));
        }

        Gradient e = FastBatchNormHelperTest.gradient(dl4j, data);
        Gradient a = FastBatchNormHelperTest.gradient(plain, data);
        assertEquals(dl4j.score(), plain.score());
        for (String key : e.gradientForVariable().keySet()) {
            assertEquals(e.getGradientFor(key), a.getGradientFor(key), key);
        }

        // Three Adam steps on other batches: the weights stay identical.
        for (int step = 0; step < 3; step++) {
            DataSet b = FastBatchNormHelperTest.randomBatch(16, 3, 32, 10 + step);
            dl4j.fit(b);
            plain.fit(b);
        }
        assertEquals(dl4j.params(), plain.params());
        for (int i = 0; i < plain.getnLayers(); i++) {
            if (plain.getLayers()[i] instanceof PlainMaxPooling) {
                // feedForward, computeGradientAndScore (forward and backward), 3 fits (forward and backward)
                assertEquals(1 + 2 + 3 * 2, plainPasses(plain, i), "layer " + i);
            }
        }
    }

    @Test
    void averagePoolingIsLeftToDl4j() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 2)).build();
        MultiLayerNetwork[] nets = FastBatchNormHelperTest.sameWeights(conf);
        MultiLayerNetwork dl4j = nets[0];
        MultiLayerNetwork plain = nets[1];
        PlainMaxPooling.install(plain);
        assertEquals(2, replaced(plain));
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 8, 8);
        // The average pool runs DL4J's own code, the max pool libnd4j's kernel: the same outputs.
        assertEquals(dl4j.output(x), plain.output(x));
        assertEquals(0, plainPasses(plain, 0));
        assertEquals(1, plainPasses(plain, 1));
    }

    @Test
    void installedOnlyWhereOneDnnLacksAPlainLayoutKernel() {
        assertEquals(false, PlainMaxPooling.paysOn(new NativeBuilds.Cpu(true, true)), "AVX-512: oneDNN's jit kernels");
        assertEquals(true, PlainMaxPooling.paysOn(new NativeBuilds.Cpu(true, false)), "AVX2 only: simple_nchw");
        assertEquals(true, PlainMaxPooling.paysOn(NativeBuilds.Cpu.UNKNOWN), "unknown: as before");
        MultiLayerNetwork net = FastBatchNormHelperTest.network(Architecture.SEED);
        PlainMaxPooling.installWherePays(net);
        boolean avx512 = Boolean.TRUE.equals(NativeBuilds.cpuFeatures().avx512());
        assertEquals(avx512 ? 0 : 2, replaced(net), "this machine's CPU decides: AVX-512 " + avx512);
    }
}
