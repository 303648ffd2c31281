package org.cnnclassifier.network;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The triangular learning rate of the fast CIFAR-10 trainers (Page's ResNet-9, hlb-CIFAR10,
 * airbench): linear from {@code startFraction * peak} at iteration 0 up to {@code peak} at
 * {@code peakIter}, then linear down to 0 at {@code maxIter} (and 0 after it). Named in a saved
 * network's configuration.json (the JSON creator below), as {@link LinearDecaySchedule}.
 */
public final class TriangleSchedule implements ISchedule {
    private final double peak;
    private final double startFraction;
    private final int peakIter;
    private final int maxIter;

    public TriangleSchedule(@JsonProperty("peak") double peak, @JsonProperty("startFraction") double startFraction,
            @JsonProperty("peakIter") int peakIter, @JsonProperty("maxIter") int maxIter) {
        if (maxIter < 1 || peakIter < 0 || peakIter >= maxIter) {
            throw new IllegalArgumentException("Need 0 <= peakIter < maxIter; got " + peakIter + " and " + maxIter);
        }
        this.peak = peak;
        this.startFraction = startFraction;
        this.peakIter = peakIter;
        this.maxIter = maxIter;
    }

    /** The schedule of {@code schedule=triangle}: from peak/5, the peak after 20% of the steps. */
    public static TriangleSchedule of(double peak, int maxIter) {
        return new TriangleSchedule(peak, 0.2, Math.min(maxIter - 1, (int) (0.2 * maxIter)), maxIter);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration >= maxIter) {
            return 0;
        }
        if (iteration < peakIter) {
            double t = iteration / (double) peakIter;
            return peak * (startFraction + (1 - startFraction) * t);
        }
        return peak * (maxIter - iteration) / (double) (maxIter - peakIter);
    }

    @Override
    public ISchedule clone() {
        return new TriangleSchedule(peak, startFraction, peakIter, maxIter);
    }

    public double getPeak() {
        return peak;
    }

    public double getStartFraction() {
        return startFraction;
    }

    public int getPeakIter() {
        return peakIter;
    }

    public int getMaxIter() {
        return maxIter;
    }
}
