package org.cnnclassifier.training;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lookahead (Zhang, Lucas, Hinton, Ba 2019; airbench uses a variant): slow weights, a copy of the
 * network's parameters at the start, and every {@code k} optimiser steps of the fast weights (the
 * network) {@code slow += alpha * (fast - slow)}, then {@code fast = slow}. With data-parallel
 * training one step is one round of the replicas, whose parameters are all equal after averaging:
 * the slow weights follow the average and every replica is set to them. The optimiser state
 * (Adam's moments, Nesterov's velocity) is left as it is; batch normalisation's running statistics
 * are parameters in DL4J and are interpolated too (as airbench's state-dict lerp does).
 */
public final class Lookahead {
    private final int k;
    private final double alpha;
    private final INDArray slow;
    private long steps;

    /** @param params the fast weights at the start (copied) */
    public Lookahead(int k, double alpha, INDArray params) {
        if (k < 1) {
            throw new IllegalArgumentException("lookahead must be at least 1 step; got " + k);
        }
        this.k = k;
        this.alpha = alpha;
        this.slow = params.dup();
    }

    /**
     * Called after each optimiser step of the fast weights ({@code fast}: each replica's parameter
     * view, all equal); every k-th call moves the slow weights and resets every replica to them.
     * Returns true when it synchronised.
     */
    public boolean step(List<INDArray> fast) {
        steps++;
        if (steps % k != 0) {
            return false;
        }
        // slow = slow + alpha * (fast - slow)
        slow.muli(1 - alpha).addi(fast.get(0).mul(alpha));
        for (INDArray f : fast) {
            f.assign(slow);
        }
        return true;
    }

    /** The slow weights (a copy). */
    public INDArray slow() {
        return slow.dup();
    }
}
