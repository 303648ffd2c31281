package org.cnnclassifier.network;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Learning rate falling linearly from {@code initialValue} at iteration 0 to 0 at
 * {@code maxIter}. Why not ND4J's PolySchedule: in 1.0.0-M2.1 it computes
 * {@code initialValue * (1 + i / maxIter)^power}, so with power 1 the rate rises to twice its
 * start and then drops to 0 (TrainerTest checks this class against the formula, and that a model
 * using it saves and loads: the JSON creator below).
 */
public final class LinearDecaySchedule implements ISchedule {
    private final double initialValue;
    private final int maxIter;

    public LinearDecaySchedule(@JsonProperty("initialValue") double initialValue,
            @JsonProperty("maxIter") int maxIter) {
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be at least 1; got " + maxIter);
        }
        this.initialValue = initialValue;
        this.maxIter = maxIter;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return iteration >= maxIter ? 0 : initialValue * (maxIter - iteration) / maxIter;
    }

    @Override
    public ISchedule clone() {
        return new LinearDecaySchedule(initialValue, maxIter);
    }

    public double getInitialValue() {
        return initialValue;
    }

    public int getMaxIter() {
        return maxIter;
    }
}
