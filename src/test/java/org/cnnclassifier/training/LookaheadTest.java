package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.network.Nd4jSetup;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Lookahead's slow weights against a hand computation in double precision: a linear unit
 * {@code y = w . x + b} with squared error, plain SGD ({@code w -= lr * 2 (y - t) x}, DL4J's MSE
 * gradient for one output and one example), and every k steps {@code slow += 0.5 (fast - slow)},
 * {@code fast = slow}.
 */
class LookaheadTest {
    private static final double LR = 0.05;
    private static final double[][] X = {{1, 2}, {-1, 0.5}, {0.3, -2}, {2, 1}, {-0.5, -1}, {1.5, 0.2}, {0, 1},
        {-2, 0.7}};
    private static final double[] T = {1, -1, 0.5, 2, -0.3, 1.2, 0.4, -1.5};
    /** Parameters in DL4J's order for a dense output layer: W (2x1), then b. */
    private static final double[] START = {0.5, -0.3, 0.1};

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    private static MultiLayerNetwork linearUnit() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(LR))
                .dataType(DataType.DOUBLE).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.params().assign(Nd4j.create(START));
        return net;
    }

    private static DataSet example(int t) {
        return new DataSet(Nd4j.create(new double[][] {X[t]}), Nd4j.create(new double[][] {{T[t]}}));
    }

    /** One SGD step of the hand model on example t. */
    private static double[] sgd(double[] p, int t) {
        double y = p[0] * X[t][0] + p[1] * X[t][1] + p[2];
        double g = 2 * (y - T[t]);
        return new double[] {p[0] - LR * g * X[t][0], p[1] - LR * g * X[t][1], p[2] - LR * g};
    }

    private static void assertParams(double[] expected, INDArray actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.getDouble(i), 1e-12, what + " parameter " + i);
        }
    }

    @Test
    void slowWeightsMoveHalfwayToTheFastOnesEveryKStepsAndTheFastRestartFromThem() {
        int k = 3;
        MultiLayerNetwork net = linearUnit();
        Lookahead lookahead = new Lookahead(k, TrainingOptions.LOOKAHEAD_ALPHA, net.params());
        double[] fast = START.clone();
        double[] slow = START.clone();
        for (int t = 0; t < X.length; t++) {
            net.fit(example(t));
            fast = sgd(fast, t);
            boolean synced = lookahead.step(List.of(net.params()));
            assertEquals((t + 1) % k == 0, synced, "sync after step " + (t + 1));
            if (synced) {
                for (int i = 0; i < 3; i++) {
                    slow[i] = slow[i] + 0.5 * (fast[i] - slow[i]);
                }
                fast = slow.clone();
            }
            assertParams(fast, net.params(), "fast weights after step " + (t + 1));
            assertParams(slow, lookahead.slow(), "slow weights after step " + (t + 1));
        }
        // after 3 steps by hand, written out: slow = start + 0.5 * (fast3 - start)
        double[] f3 = sgd(sgd(sgd(START, 0), 1), 2);
        MultiLayerNetwork again = linearUnit();
        Lookahead la = new Lookahead(3, 0.5, again.params());
        for (int t = 0; t < 3; t++) {
            again.fit(example(t));
            la.step(List.of(again.params()));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(START[i] + 0.5 * (f3[i] - START[i]), la.slow().getDouble(i), 1e-12);
        }
    }

    @Test
    void withTwoReplicasTheSlowWeightsFollowTheirAverageAndEveryReplicaIsReset() {
        MultiLayerNetwork net = linearUnit();
        List<MultiLayerNetwork> seen = new ArrayList<>();
        try (DataParallel replicas = new DataParallel(net, 2, 1)) {
            Lookahead lookahead = new Lookahead(2, 0.5, net.params());
            double[] fast = START.clone();
            double[] slow = START.clone();
            for (int round = 0; round < 4; round++) {
                int a = 2 * round, b = 2 * round + 1;
                replicas.fit(List.of(example(a), example(b)));
                // plain SGD keeps no state: the average of the two replicas' steps from the same weights
                double[] pa = sgd(fast, a), pb = sgd(fast, b);
                for (int i = 0; i < 3; i++) {
                    fast[i] = (pa[i] + pb[i]) / 2;
                }
                boolean synced = lookahead.step(replicas.params());
                if (synced) {
                    for (int i = 0; i < 3; i++) {
                        slow[i] += 0.5 * (fast[i] - slow[i]);
                    }
                    fast = slow.clone();
                }
                assertEquals(round % 2 == 1, synced);
                for (INDArray p : replicas.params()) {
                    assertParams(fast, p, "replica after round " + (round + 1));
                }
                assertParams(slow, lookahead.slow(), "slow weights after round " + (round + 1));
            }
            seen.add(net);
        }
        assertFalse(seen.isEmpty());
        assertTrue(net.params().getDouble(0) != START[0]);
    }
}
