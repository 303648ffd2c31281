package org.cnnclassifier.network;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELUDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GELU in its sigmoid form, {@code x * sigmoid(1.702 x)}, as libnd4j's {@code gelu} op computes it
 * (one fused pass each way). ND4J's own {@code ActivationGELU} has the same forward pass, but its
 * gradient op overflows to NaN for inputs of 27 and more ({@code e^(1.702 x)} squared); here the
 * input is first capped at {@link #GRADIENT_CAP}, above which the gradient is 1 in float anyway.
 * Train's replicas run GELU layers as {@code speed.GeluKeepingSigmoid}, whose backward pass reuses the forward's
 * sigmoid instead.
 */
public final class Gelu extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;
    /** The scale inside the sigmoid: GELU is {@code x * sigmoid(SIGMOID_SCALE x)}. */
    public static final double SIGMOID_SCALE = 1.702;
    /** The gradient {@code s (1 + 1.702 x (1 - s))} rounds to 1 in float from x = 20 on (1 - s < e^-34). */
    static final double GRADIENT_CAP = 20;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return Nd4j.getExecutioner().exec(new GELU(in, in));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        // In place, as DL4J's own activations: the layer hands over a copy of its input.
        Nd4j.getExecutioner().exec(new ScalarMin(in, null, in, GRADIENT_CAP));
        INDArray dLdz = Nd4j.getExecutioner().exec(new GELUDerivative(in, in));
        return new Pair<>(dLdz.muli(epsilon), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Gelu;
    }

    @Override
    public int hashCode() {
        return Gelu.class.hashCode();
    }

    @Override
    public String toString() {
        return "gelu";
    }
}
