package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Patch whitening: covariance of the whitened patches computed here with plain doubles. */
class WhiteningTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    /** 4-dimensional patches with strongly correlated, unequal-variance coordinates. */
    private static double[][] correlatedPatches(int n, long seed) {
        Random r = new Random(seed);
        double[][] p = new double[n][4];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian(), d = r.nextGaussian();
            p[i][0] = 0.5 + 2 * a;
            p[i][1] = -1 + a + 0.3 * b;
            p[i][2] = 3 + 0.1 * c - 0.5 * a;
            p[i][3] = 0.02 * d + 0.5 * b;
        }
        return p;
    }

    /** Covariance (n - 1 denominator) of the outputs of the given filters, by hand. */
    private static double[][] outputCovariance(double[][] patches, double[][] w, double[] b, int[] filters) {
        int n = patches.length, k = filters.length;
        double[][] out = new double[n][k];
        double[] mean = new double[k];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) {
                double s = b[filters[f]];
                for (int j = 0; j < patches[i].length; j++) {
                    s += w[filters[f]][j] * patches[i][j];
                }
                out[i][f] = s;
                mean[f] += s / n;
            }
        }
        double[][] cov = new double[k][k];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) {
                for (int g = 0; g < k; g++) {
                    cov[f][g] += (out[i][f] - mean[f]) * (out[i][g] - mean[g]) / (n - 1);
                }
            }
        }
        for (int f = 0; f < k; f++) {
            assertEquals(0, mean[f], 1e-9, "whitened outputs have mean 0 (bias = -w . mean)");
        }
        return cov;
    }

    @Test
    void whitenedPatchesHaveIdentityCovarianceAndFiltersComeInSignedPairs() {
        double[][] patches = correlatedPatches(3000, 1);
        Whitening.Filters f = Whitening.filters(patches, 10, 0);
        // 4 dimensions: 8 filters (+v, -v), the last 2 of 10 are left to the layer
        assertNull(f.weights()[8]);
        assertNull(f.weights()[9]);
        for (int i = 0; i < 8; i += 2) {
            for (int j = 0; j < 4; j++) {
                assertEquals(-f.weights()[i][j], f.weights()[i + 1][j], 1e-12);
            }
        }
        double[][] cov = outputCovariance(patches, f.weights(), f.bias(), new int[] {0, 2, 4, 6});
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(a == b ? 1 : 0, cov[a][b], 1e-8, "covariance[" + a + "][" + b + "]");
            }
        }
    }

    @Test
    void largestEigenvalueFirstAndEpsShrinksEachVarianceToLambdaOverLambdaPlusEps() {
        // Independent coordinates with variances 9, 4, 1, 0.25 (scaled axes): eigenvalues known exactly
        // up to sampling; the sample variances are the oracle.
        Random r = new Random(2);
        int n = 4000;
        double[] sd = {0.5, 3, 1, 2};
        double[][] p = new double[n][4];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                p[i][j] = sd[j] * r.nextGaussian();
            }
        }
        double eps = 0.5;
        Whitening.Filters f = Whitening.filters(p, 8, eps);
        // the first filter points along the largest-variance axis (coordinate 1, sd 3)
        double[] w0 = f.weights()[0];
        int axis = 0;
        for (int j = 1; j < 4; j++) {
            axis = Math.abs(w0[j]) > Math.abs(w0[axis]) ? j : axis;
        }
        assertEquals(1, axis);
        double[][] cov = outputCovariance(p, f.weights(), f.bias(), new int[] {0, 2, 4, 6});
        double[] expectedOrder = {9, 4, 1, 0.25};
        for (int k = 0; k < 4; k++) {
            // the output variance is lambda / (lambda + eps), lambda the sample variance along the filter
            double[] v = f.weights()[2 * k];
            double norm2 = 0;
            for (double x : v) {
                norm2 += x * x;
            }
            double lambda = 1 / norm2 - eps; // |w|^2 = 1 / (lambda + eps)
            assertEquals(lambda / (lambda + eps), cov[k][k], 1e-9);
            assertEquals(expectedOrder[k], lambda, 0.1 * expectedOrder[k], "eigenvalue " + k);
        }
    }

    @Test
    void firstConvolutionOfANetworkWhitensRandomPatchesOfTheImages() {
        Random r = new Random(3);
        int n = 64;
        byte[][] images = new byte[n][3 * 32 * 32];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            // smooth images: strongly correlated neighbouring pixels and channels
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    double v = 128 + 60 * Math.sin(0.2 * x + i) + 40 * Math.cos(0.3 * y - i);
                    for (int c = 0; c < 3; c++) {
                        // noise of its own per channel, so that all 27 patch dimensions vary
                        double noisy = v - 20 * c + r.nextInt(61) - 30;
                        images[i][c * 1024 + y * 32 + x] = (byte) Math.max(0, Math.min(255, noisy));
                    }
                }
            }
            labels[i] = i % 10;
        }
        LabeledImages data = new LabeledImages(images, labels, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
                "9"), "test");
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(Architecture.WIDE, 10, 1, 0, null, 1e-3));
        net.init();
        INDArray before = net.getLayer(0).getParam("W").dup();
        Whitening.apply(net, data, 5);
        INDArray w = net.getLayer(0).getParam("W"); // [24, 3, 3, 3]
        INDArray b = net.getLayer(0).getParam("b");
        double[][] weights = new double[24][];
        double[] bias = new double[24];
        for (int o = 0; o < 24; o++) {
            weights[o] = w.dup('c').reshape(24, 27).getRow(o).toDoubleVector();
            bias[o] = b.getDouble(o);
        }
        assertTrue(!before.equalsWithEps(w, 1e-6), "weights were set");
        // new patches (another seed), read here from the bytes: c, dy, dx order, value / 255
        double[][] patches = new double[5000][27];
        for (int p = 0; p < patches.length; p++) {
            int i = r.nextInt(n), y0 = r.nextInt(30), x0 = r.nextInt(30), k = 0;
            for (int c = 0; c < 3; c++) {
                for (int dy = 0; dy < 3; dy++) {
                    for (int dx = 0; dx < 3; dx++) {
                        patches[p][k++] = (images[i][c * 1024 + (y0 + dy) * 32 + x0 + dx] & 0xFF) / 255.0;
                    }
                }
            }
        }
        double[][] cov = outputCovariance12(patches, weights, bias);
        for (int a = 0; a < 12; a++) {
            // eps shrinks the small directions a little; held-out patches of the same images
            assertEquals(1, cov[a][a], 0.1, "variance of whitened coordinate " + a);
            for (int c = 0; c < a; c++) {
                assertEquals(0, cov[a][c], 0.1, "covariance " + a + ", " + c);
            }
        }
    }

    private static double[][] outputCovariance12(double[][] patches, double[][] w, double[] b) {
        int[] even = new int[12];
        for (int i = 0; i < 12; i++) {
            even[i] = 2 * i;
        }
        int n = patches.length;
        double[][] out = new double[n][12];
        double[] mean = new double[12];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < 12; f++) {
                double s = b[even[f]];
                for (int j = 0; j < 27; j++) {
                    s += w[even[f]][j] * patches[i][j];
                }
                out[i][f] = s;
                mean[f] += s / n;
            }
        }
        double[][] cov = new double[12][12];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < 12; f++) {
                for (int g = 0; g < 12; g++) {
                    cov[f][g] += (out[i][f] - mean[f]) * (out[i][g] - mean[g]) / (n - 1);
                }
            }
        }
        return cov;
    }
}
