package org.cnnclassifier.training;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Muon (Keller Jordan 2024, airbench94_muon): Nesterov momentum whose step is orthogonalised, a
 * convolution's filters taken as a matrix of one row per output channel and replaced by about the
 * nearest semi-orthogonal matrix (its singular values brought near 1 by a quintic Newton-Schulz
 * iteration), times the rate. For one layer's weights only: {@code rows} is its output channels, and
 * {@code size} its weight count, so that DL4J never merges two layers into one updater block.
 */
public final class Muon implements IUpdater {
    private static final long serialVersionUID = 1L;
    /** The quintic iteration's coefficients (airbench94_muon), steep at 0 so three steps suffice. */
    static final double A = 3.4445;
    static final double B = -4.7750;
    static final double C = 2.0315;
    static final int STEPS = 3;

    private double rate;
    private ISchedule schedule;
    private final double momentum;
    private final long rows;
    private final long size;

    public Muon(@JsonProperty("rate") double rate, @JsonProperty("schedule") ISchedule schedule,
            @JsonProperty("momentum") double momentum, @JsonProperty("rows") long rows,
            @JsonProperty("size") long size) {
        this.rate = rate;
        this.schedule = schedule;
        this.momentum = momentum;
        this.rows = rows;
        this.size = size;
    }

    /** G's orthogonalisation: X = G / |G|, then X <- a X + (b XX' + c (XX')^2) X, on the wide side. */
    static INDArray orthogonalise(INDArray g) {
        boolean tall = g.rows() > g.columns();
        INDArray x = (tall ? g.transpose() : g).div(g.norm2Number().doubleValue() + 1e-7);
        for (int i = 0; i < STEPS; i++) {
            INDArray xxt = x.mmul(x.transpose());
            INDArray poly = xxt.mul(B).addi(xxt.mmul(xxt).muli(C));
            x = x.mul(A).addi(poly.mmul(x));
        }
        return tall ? x.transpose() : x;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), 'c', initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public IUpdater clone() {
        return new Muon(rate, schedule == null ? null : schedule.clone(), momentum, rows, size);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return schedule != null ? schedule.valueAt(iteration, epoch) : rate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.rate = lr;
        this.schedule = lrSchedule;
    }

    /** Only itself: DL4J puts adjacent parameters with equal updaters in one block, and Muon takes one layer's. */
    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    public double getRate() {
        return rate;
    }

    public ISchedule getSchedule() {
        return schedule;
    }

    public double getMomentum() {
        return momentum;
    }

    public long getRows() {
        return rows;
    }

    public long getSize() {
        return size;
    }

    private static final class Updater implements GradientUpdater<Muon> {
        private final Muon config;
        private INDArray velocity;

        Updater(Muon config) {
            this.config = config;
        }

        @Override
        public Muon getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            velocity = state.get("V");
            if (initialize) {
                velocity.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of("V", velocity);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            velocity = viewArray;
            if (initialize) {
                velocity.assign(0);
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            if (gradient.length() != config.size) {
                throw new IllegalStateException("Muon for " + config.size + " weights got " + gradient.length());
            }
            velocity.muli(config.momentum).addi(gradient);
            INDArray nesterov = velocity.mul(config.momentum).addi(gradient);
            INDArray step = orthogonalise(nesterov.reshape('c', config.rows, config.size / config.rows));
            gradient.assign(step.reshape(gradient.shape()).muli(config.getLearningRate(iteration, epoch)));
        }
    }
}
