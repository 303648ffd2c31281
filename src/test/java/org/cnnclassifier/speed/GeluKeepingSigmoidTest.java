package org.cnnclassifier.speed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Gelu;
import org.cnnclassifier.network.Nd4jSetup;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The GELU layer that keeps its sigmoid, against the formula worked in double and against DL4J's layer with Gelu. */
class GeluKeepingSigmoidTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    /** One GELU layer on 6 inputs, then a linear output with a squared-error loss. */
    private static MultiLayerNetwork single() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new ActivationLayer.Builder().activation(new Gelu()).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).hasBias(false)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(6)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void activationAndGradientFollowTheFormula() {
        double[] xs = {-30, -2.5, -0.3, 0, 0.7, 40};
        MultiLayerNetwork net = single();
        GeluKeepingSigmoid.install(net);
        Layer gelu = net.getLayer(0);
        assertTrue(gelu instanceof GeluKeepingSigmoid);
        INDArray x = Nd4j.createFromArray(xs).castTo(DataType.FLOAT).reshape(1, 6);
        gelu.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        INDArray y = gelu.activate(true, LayerWorkspaceMgr.noWorkspaces());
        INDArray eps = Nd4j.createFromArray(1f, -2f, 3f, 0.5f, -1f, 2f).reshape(1, 6);
        INDArray dx = gelu.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        for (int i = 0; i < xs.length; i++) {
            double s = 1 / (1 + Math.exp(-1.702 * xs[i]));
            // d/dx of x s(1.702 x) = s + 1.702 x s (1 - s)
            double slope = s + 1.702 * xs[i] * s * (1 - s);
            assertEquals(xs[i] * s, y.getDouble(0, i), 1e-6 * Math.max(1, Math.abs(xs[i])), "activation at " + xs[i]);
            assertEquals(eps.getDouble(0, i) * slope, dx.getDouble(0, i), 1e-6, "gradient at " + xs[i]);
        }
        assertEquals(1, ((GeluKeepingSigmoid) gelu).keptPasses);
    }

    @Test
    void airTrainsAsWithDl4jsGeluLayers() {
        MultiLayerNetwork dl4j = FastBatchNormHelperTest.network(Architecture.parse("air"));
        MultiLayerNetwork kept = dl4j.clone();
        GeluKeepingSigmoid.install(kept);
        int installed = 0;
        for (Layer l : kept.getLayers()) {
            installed += l instanceof GeluKeepingSigmoid ? 1 : 0;
        }
        assertEquals(6, installed, "air's six GELU layers");

        DataSet data = FastBatchNormHelperTest.randomBatch(16, 3, 32, 4);
        Gradient e = FastBatchNormHelperTest.gradient(dl4j, data);
        Gradient a = FastBatchNormHelperTest.gradient(kept, data);
        assertEquals(dl4j.score(), kept.score(), 1e-6 * dl4j.score());
        for (String key : e.gradientForVariable().keySet()) {
            INDArray expected = e.getGradientFor(key);
            double difference = expected.sub(a.getGradientFor(key)).norm2Number().doubleValue();
            assertTrue(difference <= 1e-4 * expected.norm2Number().doubleValue() + 1e-9, key + ": " + difference);
        }
        int passes = 0;
        for (Layer l : kept.getLayers()) {
            passes += l instanceof GeluKeepingSigmoid g ? g.keptPasses : 0;
        }
        assertEquals(6, passes, "each GELU layer's backward used its kept sigmoid");

        for (int step = 0; step < 3; step++) {
            DataSet b = FastBatchNormHelperTest.randomBatch(16, 3, 32, 20 + step);
            dl4j.fit(b);
            kept.fit(b);
        }
        INDArray p = dl4j.params();
        assertTrue(p.sub(kept.params()).norm2Number().doubleValue() <= 1e-4 * p.norm2Number().doubleValue());
        // Outside training the layer is DL4J's: the same outputs to the bit, from the same weights.
        kept.setParams(dl4j.params());
        INDArray x = FastBatchNormHelperTest.randomBatch(8, 3, 32, 9).getFeatures();
        assertArrayEquals(dl4j.output(x).dup().data().asFloat(), kept.output(x).dup().data().asFloat(), 0f);
    }
}
