package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cnnclassifier.network.Nd4jSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Muon's orthogonalisation against a hand computation: for G = U diag(s) V' with known orthogonal U
 * and V, the quintic iteration keeps U and V and maps each singular value x = s / |G| through
 * p(x) = a x + b x^3 + c x^5 three times. Then its momentum bookkeeping, step by step.
 */
class MuonTest {
    private static final double COS = 0.6;
    private static final double SIN = 0.8;

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    private static double p(double x) {
        return Muon.A * x + Muon.B * x * x * x + Muon.C * x * x * x * x * x;
    }

    /** U (2x2, a rotation), V' (2x3, rows of a signed permutation), G = U diag(3, 1) V'. */
    private static double[][] product(double s1, double s2) {
        double[][] u = {{COS, -SIN}, {SIN, COS}};
        double[][] vt = {{0, 0, -1}, {1, 0, 0}};
        double[] s = {s1, s2};
        double[][] g = new double[2][3];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    g[i][j] += u[i][k] * s[k] * vt[k][j];
                }
            }
        }
        return g;
    }

    private static double[] flat(INDArray a) {
        return a.dup('c').reshape(a.length()).toDoubleVector();
    }

    private static double[] flat(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void orthogonalisationKeepsTheSingularVectorsAndMapsTheSingularValues() {
        double norm = Math.sqrt(3 * 3 + 1 * 1);
        double x1 = 3 / norm;
        double x2 = 1 / norm;
        for (int i = 0; i < Muon.STEPS; i++) {
            x1 = p(x1);
            x2 = p(x2);
        }
        double[][] expected = product(x1, x2);
        INDArray g = Nd4j.create(product(3, 1)).castTo(DataType.FLOAT);
        assertArrayEquals(flat(expected), flat(Muon.orthogonalise(g)), 1e-5);
        // A tall matrix is done on its transpose: the same singular values.
        assertArrayEquals(flat(Nd4j.create(expected).transpose()), flat(Muon.orthogonalise(g.transpose())), 1e-5);
        // Singular values 3 and 1 both end near 1 (0.68 and 1.04): about an orthogonal step, whatever G's scale.
        assertEquals(0.682, x1, 0.001);
        assertEquals(1.041, x2, 0.001);
        assertArrayEquals(flat(Muon.orthogonalise(g)), flat(Muon.orthogonalise(g.mul(1000))), 1e-5);
    }

    @Test
    void stepsAreTheOrthogonalisedNesterovMomentumTimesTheRate() {
        double rate = 0.1;
        double mu = 0.85;
        Muon config = new Muon(rate, null, mu, 2, 6);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 6);
        GradientUpdater<?> u = config.instantiate(state, true);
        double[] g1 = flat(product(3, 1));
        double[] g2 = flat(product(-1, 2));
        double[] v = new double[6];
        for (double[] g : new double[][] {g1, g2}) {
            double[] nesterov = new double[6];
            for (int i = 0; i < 6; i++) {
                v[i] = mu * v[i] + g[i];
                nesterov[i] = g[i] + mu * v[i];
            }
            INDArray expected = Muon.orthogonalise(Nd4j.create(nesterov, new long[] {2, 3}).castTo(DataType.FLOAT))
                    .mul(rate);
            INDArray gradient = Nd4j.create(g, new long[] {1, 6}).castTo(DataType.FLOAT);
            u.applyUpdater(gradient, 0, 0);
            assertArrayEquals(flat(expected), flat(gradient), 1e-5);
            assertArrayEquals(v, state.toDoubleVector(), 1e-5);
        }
        // A block of another size (two layers merged by DL4J) is refused rather than mis-shaped.
        assertThrows(IllegalStateException.class, () -> u.applyUpdater(Nd4j.zeros(DataType.FLOAT, 1, 12), 0, 0));
    }
}
