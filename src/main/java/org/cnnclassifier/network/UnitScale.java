package org.cnnclassifier.network;

import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;

/**
 * Holds a batch normalisation layer's scale (gamma) at 1 after every update, as airbench's
 * normalisation has no trainable scale; the shift (beta) trains. DL4J's own {@code lockGammaBeta}
 * would fix the shift too, and {@code constrainGamma} takes norm constraints only.
 */
public final class UnitScale implements LayerConstraint {
    private static final long serialVersionUID = 1L;

    @Override
    public void applyConstraint(Layer layer, int iteration, int epoch) {
        layer.getParam(BatchNormalizationParamInitializer.GAMMA).assign(1);
    }

    @Override
    public void setParams(Set<String> params) {
        // Always gamma: the parameter set DL4J passes (all of the layer's) is not needed.
    }

    @Override
    public Set<String> getParams() {
        return Set.of(BatchNormalizationParamInitializer.GAMMA);
    }

    @Override
    public LayerConstraint clone() {
        return new UnitScale();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitScale;
    }

    @Override
    public int hashCode() {
        return UnitScale.class.hashCode();
    }
}
