package org.cnnclassifier.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Random;

import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.progress.ProgressListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.inference.InferenceViews;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;

/** Evaluator against figures computed here by hand from the network's own outputs. */
class EvaluatorTest {
    @Test
    void accuracyLossConfusionPrecisionRecall() {
        Nd4jSetup.ensureInitialized();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(Architecture.SEED, 10, 3, 0, null, 1e-3));
        net.init();
        Random r = new Random(1);
        int n = 600; // more than two inference batches of the NHWC twin
        byte[][] images = new byte[n][LabeledImages.BYTES_PER_IMAGE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            r.nextBytes(images[i]);
            labels[i] = r.nextInt(10);
        }
        LabeledImages data = new LabeledImages(images, labels, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "test");
        check(net, images, labels, Evaluator.evaluate(net, data, ProgressListener.SILENT),
                net.output(NetworkInput.toFeatures(images, 3, 32, 32), false));

        // mirror: the outputs averaged with those of the images mirrored here by hand (planar rows reversed).
        byte[][] mirrored = new byte[n][];
        for (int i = 0; i < n; i++) {
            mirrored[i] = new byte[images[i].length];
            for (int row = 0; row < 3 * 32; row++) {
                for (int x = 0; x < 32; x++) {
                    mirrored[i][row * 32 + x] = images[i][row * 32 + 31 - x];
                }
            }
        }
        INDArray averaged = net.output(NetworkInput.toFeatures(images, 3, 32, 32), false)
                .add(net.output(NetworkInput.toFeatures(mirrored, 3, 32, 32), false)).div(2);
        EvaluationResult m = Evaluator.evaluate(net, data, ProgressListener.SILENT, new InferenceViews(true, false));
        check(net, images, labels, m, averaged);
        assertNotEquals(e(net, data).loss(), m.loss());

        // mirror and shift: the mean over the images and their copies shifted by (1, 1) and (-1, -1)
        // (pixel (x, y) from (x + dx, y + dy), black outside), each also mirrored, all by hand here.
        INDArray six = averaged.mul(2);
        for (int d : new int[] {1, -1}) {
            byte[][] shifted = new byte[n][LabeledImages.BYTES_PER_IMAGE];
            byte[][] shiftedMirrored = new byte[n][LabeledImages.BYTES_PER_IMAGE];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            int sx = x + d, sy = y + d;
                            byte v = sx < 0 || sy < 0 || sx > 31 || sy > 31 ? 0 : images[i][c * 1024 + sy * 32 + sx];
                            shifted[i][c * 1024 + y * 32 + x] = v;
                            shiftedMirrored[i][c * 1024 + y * 32 + 31 - x] = v;
                        }
                    }
                }
            }
            six.addi(net.output(NetworkInput.toFeatures(shifted, 3, 32, 32), false))
                    .addi(net.output(NetworkInput.toFeatures(shiftedMirrored, 3, 32, 32), false));
        }
        EvaluationResult ms = Evaluator.evaluate(net, data, ProgressListener.SILENT, new InferenceViews(true, true));
        check(net, images, labels, ms, six.div(6));
        assertNotEquals(m.loss(), ms.loss());
    }

    private static EvaluationResult e(MultiLayerNetwork net, LabeledImages data) {
        return Evaluator.evaluate(net, data, ProgressListener.SILENT);
    }

    /** {@code e} against the figures computed by hand from the network outputs {@code out}. */
    private static void check(MultiLayerNetwork net, byte[][] images, int[] labels, EvaluationResult e,
            INDArray out) {
        int n = images.length;
        int[][] conf = new int[10][10];
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            float[] p = out.getRow(i).toFloatVector();
            int best = 0;
            for (int k = 1; k < 10; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            conf[labels[i]][best]++;
            correct += best == labels[i] ? 1 : 0;
            loss -= Math.log(p[labels[i]]);
        }
        assertEquals((double) correct / n, e.accuracy(), 1e-12);
        assertEquals(loss / n, e.loss(), 1e-4);
        for (int a = 0; a < 10; a++) {
            int row = 0;
            int col = 0;
            for (int k = 0; k < 10; k++) {
                assertEquals(conf[a][k], e.confusion()[a][k]);
                row += conf[a][k];
                col += conf[k][a];
            }
            assertEquals(col == 0 ? Double.NaN : (double) conf[a][a] / col, e.precision()[a], 1e-12);
            assertEquals(row == 0 ? Double.NaN : (double) conf[a][a] / row, e.recall()[a], 1e-12);
        }
    }
}
