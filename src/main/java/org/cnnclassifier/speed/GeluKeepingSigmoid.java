package org.cnnclassifier.speed;

import org.cnnclassifier.network.Gelu;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's activation layer with {@link Gelu}, {@code x * s} with {@code s = sigmoid(1.702 x)}, in a training
 * replica: the training forward pass keeps {@code s}, so the backward pass is {@code s (1 + 1.702 x (1 - s))}
 * times the output gradient, plain multiplies and adds. libnd4j's {@code gelu_derivative} works out
 * {@code e^(1.702 x)} again with {@code pow}, one value at a time: 18-24 ms per 1.84 M values (one of {@code air}'s
 * block-1 maps at batch 128, one thread) against 3.3-4.2 for these passes; the forward pass takes 9-11 ms
 * against 8-10 for the fused {@code gelu} op. Outside training (and for any other activation) DL4J's code runs.
 */
public final class GeluKeepingSigmoid extends ActivationLayer {
    /** {@code s} of the last training forward pass, in the activations' workspace: it lasts until the backward pass. */
    private INDArray sigmoid;
    /** Backward passes that used the kept sigmoid: for tests. */
    int keptPasses;

    GeluKeepingSigmoid(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Replaces each of {@code net}'s GELU activation layers (after init or clone) by one of these. */
    public static void install(MultiLayerNetwork net) {
        StandInLayers.replace(net, l -> l.getClass() == ActivationLayer.class
                && ((ActivationLayer) l).layerConf().getActivationFn() instanceof Gelu, GeluKeepingSigmoid::new);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        sigmoid = null;
        if (!training) {
            return super.activate(false, workspaceMgr);
        }
        assertInputSet(false);
        INDArray s = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.shape(), 'c');
        input.mul(Gelu.SIGMOID_SCALE, s);
        Nd4j.getExecutioner().exec(new Sigmoid(s, s));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.shape(), 'c');
        input.mul(s, out);
        sigmoid = s;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray s = sigmoid;
        sigmoid = null;
        if (s == null) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        s.rsub(1.0, delta);
        delta.muli(input).muli(Gelu.SIGMOID_SCALE).addi(1.0).muli(s).muli(epsilon);
        keptPasses++;
        return new Pair<>(new DefaultGradient(), delta);
    }

    @Override
    public void clear() {
        super.clear();
        sigmoid = null;
    }
}
