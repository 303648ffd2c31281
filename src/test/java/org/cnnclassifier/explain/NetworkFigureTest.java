package org.cnnclassifier.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.testing.TinyModels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network figure, read back from its pixels: its size and rows, the maps chosen per layer
 * against means of DL4J's own feedForward activations, the input enlarged pixel for pixel, and the
 * bars' lengths against the probabilities of DL4J's own output.
 */
class NetworkFigureTest {
    static Classifier model;

    @BeforeAll
    static void load() throws IOException {
        model = ModelCache.get(TinyModels.colorModel().toString());
    }

    @Test
    void figureShowsInputStrongestMapsAndProbabilityBars() {
        byte[] planes = new byte[3072];
        Random rnd = new Random(5);
        for (int i = 0; i < 1024; i++) { // reddish-blue noise: a mix of two classes
            planes[i] = (byte) (90 + rnd.nextInt(120));
            planes[1024 + i] = (byte) rnd.nextInt(60);
            planes[2048 + i] = (byte) (80 + rnd.nextInt(120));
        }
        ImagePlus imp = ChannelsAndActivationsTest.rgb(planes, "mix.png");
        NetworkFigure.Figure fig = NetworkFigure.build(imp, model, "all");
        ColorProcessor cp = (ColorProcessor) fig.image().getProcessor();
        NetworkFigure.Layout lay = fig.layout();
        assertEquals("mix-figure", fig.image().getTitle());
        assertEquals(NetworkFigure.MARGIN * 2 + NetworkFigure.LABEL_WIDTH + 8 * 64 + 7 * NetworkFigure.GAP,
                cp.getWidth());
        assertEquals(lay.barY()[2] + NetworkFigure.BAR_HEIGHT + NetworkFigure.BAR_GAP + NetworkFigure.MARGIN,
                cp.getHeight());

        // Oracle: DL4J's feedForward on the same bytes; the maps shown are the 8 highest means.
        MultiLayerNetwork net = model.network();
        INDArray features = NetworkInput.toFeatures(new byte[][] {planes}, 3, 32, 32);
        List<INDArray> ff = net.feedForward(features, false);
        String[] layers = {"conv1", "pool1", "conv2", "pool2"};
        assertEquals(layers.length, lay.rows().size());
        int lastY = lay.inputY() + lay.inputHeight();
        for (int l = 0; l < layers.length; l++) {
            NetworkFigure.Row row = lay.rows().get(l);
            assertEquals(layers[l], row.layer());
            assertTrue(row.y() > lastY, "rows go down the figure");
            lastY = row.y() + NetworkFigure.TILE;
            INDArray a = ff.get(l + 1);
            int n = (int) a.size(1);
            double[] means = new double[n];
            for (int f = 0; f < n; f++) {
                means[f] = a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(f)).meanNumber().doubleValue();
            }
            List<Integer> order = new ArrayList<>();
            for (int f = 0; f < n; f++) {
                order.add(f);
            }
            order.sort(Comparator.comparingDouble((Integer f) -> -means[f]));
            int[] expected = order.subList(0, Math.min(8, n)).stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, row.filters(), layers[l]);
            // Each tile is drawn (gray, not blank) and the label column holds the layer's name (ink).
            assertTrue(hasInk(cp, NetworkFigure.tileX(0), row.y(), 64, 20) || isGrayTile(cp, row.y()), layers[l]);
            assertTrue(hasInk(cp, NetworkFigure.MARGIN, row.y(), NetworkFigure.LABEL_WIDTH - 10, 16), layers[l]);
        }

        // The input, enlarged 4x nearest neighbour: each source pixel is a 4x4 block of the same colour.
        ColorProcessor src = (ColorProcessor) imp.getProcessor();
        assertEquals(128, lay.inputWidth());
        for (int y = 0; y < 32; y += 5) {
            for (int x = 0; x < 32; x += 3) {
                assertEquals(src.get(x, y) & 0xffffff, cp.get(lay.inputX() + 4 * x + 3, lay.inputY() + 4 * y + 1)
                        & 0xffffff);
            }
        }

        // Bars: their lengths, read back from the pixels, are the probabilities DL4J's output gives.
        float[] p = net.output(features, false).toFloatVector();
        assertArrayEquals(p, lay.probabilities(), 1e-5f);
        int top = Classifier.argMax(p);
        int drawn = 0;
        for (int c = 0; c < p.length; c++) {
            int colour = (c == top ? NetworkFigure.TOP_BAR : NetworkFigure.BAR).getRGB() & 0xffffff;
            int y = lay.barY()[c] + NetworkFigure.BAR_HEIGHT / 2, len = 0;
            while ((cp.get(lay.barX() + len, y) & 0xffffff) == colour) {
                len++;
            }
            assertEquals(p[c] * lay.barLength(), len, 0.51, "bar of " + lay.classes().get(c));
            drawn += len > 3 ? 1 : 0;
        }
        assertTrue(drawn >= 2, "the mixed image gives at least two visible bars: " + java.util.Arrays.toString(p));
    }

    @Test
    void unknownLayerIsNamed() {
        ImagePlus imp = ChannelsAndActivationsTest.rgb(new byte[3072], "zero.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkFigure.build(imp, model, "conv9"));
        assertTrue(e.getMessage().contains("conv9"), e.getMessage());
    }

    private static boolean hasInk(ColorProcessor cp, int x0, int y0, int w, int h) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if ((cp.get(x, y) & 0xffffff) != 0xffffff) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isGrayTile(ColorProcessor cp, int y) {
        int c = cp.get(NetworkFigure.tileX(0) + 10, y + 10);
        return ((c >> 16) & 0xff) == (c & 0xff);
    }
}
