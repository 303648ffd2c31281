package org.cnnclassifier.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;

class TriangleScheduleTest {
    @Test
    void rateRisesFromAFifthToThePeakAtAFifthOfTheRunThenFallsToZero() {
        // 100 steps, peak 0.4: 0.08 at step 0, +0.0128 a step up to 0.4 at step 20, then -0.005 a step.
        TriangleSchedule s = TriangleSchedule.of(0.4, 100);
        assertEquals(20, s.getPeakIter());
        assertEquals(0.08, s.valueAt(0, 0), 1e-12);
        assertEquals(0.08 + 10 * 0.016, s.valueAt(10, 0), 1e-12);
        assertEquals(0.4, s.valueAt(20, 1), 1e-12);
        assertEquals(0.2, s.valueAt(60, 3), 1e-12);
        assertEquals(0.005, s.valueAt(99, 5), 1e-12);
        assertEquals(0, s.valueAt(100, 5), 0);
        assertEquals(0, s.valueAt(150, 7), 0);
        // a run of one step: the peak at step 0
        assertEquals(1.0, TriangleSchedule.of(1.0, 1).valueAt(0, 0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new TriangleSchedule(1, 0.2, 10, 10));
    }

    @Test
    void survivesTheNetworkConfigurationJsonOfAModelFile() {
        TriangleSchedule s = TriangleSchedule.of(0.05, 300);
        MultiLayerConfiguration conf = Architectures.buildWith(Architecture.WIDE, 10, 1, 0, new Nesterovs(s, 0.9), 5e-4,
                32, 32, 3);
        String json = conf.toJson();
        assertEquals(true, json.contains("org.cnnclassifier.network.TriangleSchedule"), "class named in the JSON");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        Nesterovs n = (Nesterovs) ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertEquals(0.9, n.getMomentum(), 0);
        for (int i : new int[] {0, 30, 60, 61, 200, 299, 300}) {
            assertEquals(s.valueAt(i, 0), n.getLearningRate(i, 0), 1e-15, "step " + i);
        }
    }
}
