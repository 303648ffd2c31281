package org.cnnclassifier.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

/** The {@code optimizer} key: its word is the name in lower case, '_' as '-'. */
public enum Optimizer {
    /** Adam (DL4J's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8). */
    ADAM,
    /** SGD with Nesterov momentum {@link #NESTEROV_MOMENTUM} (DL4J's Nesterovs). */
    SGD_NESTEROV;

    /** Momentum of {@link #SGD_NESTEROV}, as airbench's. */
    public static final double NESTEROV_MOMENTUM = 0.9;

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static List<String> words() {
        return Arrays.stream(values()).map(Optimizer::word).toList();
    }

    /** The optimiser a key word names; else a message naming the key. */
    public static Optimizer parse(String word) {
        for (Optimizer o : values()) {
            if (o.word().equalsIgnoreCase(word == null ? "" : word.strip())) {
                return o;
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not valid for 'optimizer': give one of: "
                + String.join(", ", words()) + ".");
    }

    /** DL4J's updater for this optimiser at a scheduled rate, or at {@code rate} when {@code schedule} is null. */
    public IUpdater updater(ISchedule schedule, double rate) {
        return switch (this) {
            case ADAM -> schedule != null ? new Adam(schedule) : new Adam(rate);
            case SGD_NESTEROV -> schedule != null ? new Nesterovs(schedule, NESTEROV_MOMENTUM)
                    : new Nesterovs(rate, NESTEROV_MOMENTUM);
        };
    }
}
