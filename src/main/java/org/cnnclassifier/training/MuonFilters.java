package org.cnnclassifier.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The {@code muon} key, as airbench94_muon trains its filters: each trained convolution of {@code air}
 * steps by {@link Muon} instead of the {@code optimizer} (without weight decay), and its filters are
 * scaled back to a norm of sqrt(filters) after every step. A normalisation follows each of them, so
 * the scale is free and the norm fixes the step's size relative to the weights. Biases, normalisation
 * shifts and the dense head keep the {@code optimizer}.
 */
public final class MuonFilters {
    /** The largest rate the key takes. */
    public static final double MAX_RATE = 1;
    /** Muon's Nesterov momentum per step of 128 images, from airbench's 0.6 per 2,000; not tuned (recipe.md). */
    public static final double MOMENTUM = 0.85;

    private MuonFilters() {
    }

    /** Refuses a rate out of range, Muon on a network other than {@code air}, or with {@code init}. */
    static void check(double rate, Architecture architecture, boolean fromModel) {
        if (!(rate >= 0 && rate <= MAX_RATE)) {
            throw new IllegalArgumentException("muon (the peak rate of Muon for air's convolution filters) must be 0 "
                    + "(off) or above 0 and at most " + (int) MAX_RATE + " (0.08 is usual); got " + rate + ".");
        }
        if (rate > 0 && fromModel) {
            throw new IllegalArgumentException("muon sets a new network's optimiser, but init keeps its model's "
                    + "layers as they are; leave muon or init out.");
        }
        if (rate > 0 && architecture != Architecture.AIR) {
            throw new IllegalArgumentException("muon is for the air network, whose every convolution is followed by "
                    + "batch normalisation; use architecture=air, or leave muon out (0).");
        }
    }

    /** Gives every trained convolution of {@code conf} Muon at {@code schedule}. */
    public static void apply(MultiLayerConfiguration conf, ISchedule schedule, double rate) {
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            if (layerConf.getLayer() instanceof ConvolutionLayer c && !Architectures.frozen(c)) {
                long size = c.getNOut() * c.getNIn() * c.getKernelSize()[0] * c.getKernelSize()[1];
                c.setIUpdater(new Muon(rate, schedule, MOMENTUM, c.getNOut(), size));
                c.setRegularization(new ArrayList<>());
                List<LayerConstraint> constraints = new ArrayList<>();
                if (c.getConstraints() != null) {
                    constraints.addAll(c.getConstraints());
                }
                constraints.add(new FilterNorm());
                c.setConstraints(constraints);
            }
        }
    }

    /** Scales a convolution's filters to a norm of sqrt(filters) after every step. */
    public static final class FilterNorm implements LayerConstraint {
        private static final long serialVersionUID = 1L;

        @Override
        public void applyConstraint(Layer layer, int iteration, int epoch) {
            var w = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            w.muli(Math.sqrt(w.size(0)) / w.norm2Number().doubleValue());
        }

        @Override
        public void setParams(Set<String> params) {
            // Always the weights: the parameter set DL4J passes (all of the layer's) is not needed.
        }

        @Override
        public Set<String> getParams() {
            return Set.of(ConvolutionParamInitializer.WEIGHT_KEY);
        }

        @Override
        public LayerConstraint clone() {
            return new FilterNorm();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FilterNorm;
        }

        @Override
        public int hashCode() {
            return FilterNorm.class.hashCode();
        }
    }
}
