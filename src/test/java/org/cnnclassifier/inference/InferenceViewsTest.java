package org.cnnclassifier.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.junit.jupiter.api.Test;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/** The views of test-time averaging, against ImageJ's own translate and flipHorizontal. */
class InferenceViewsTest {
    private static final int W = 7, H = 5, C = 3;
    /** How ImageJ's translate moves each view's content (the views shift by (1, 1) and (-1, -1)). */
    private static final int[][] MOVES = {{0, 0}, {-1, -1}, {1, 1}};

    @Test
    void countsTheViews() {
        assertEquals(1, InferenceViews.NONE.count());
        assertEquals(2, new InferenceViews(true, false).count());
        assertEquals(3, new InferenceViews(false, true).count());
        assertEquals(6, new InferenceViews(true, true).count());
    }

    @Test
    void bytesAreShiftedAndMirroredAsImageJDoesIt() {
        List<ImageProcessor> channels = randomChannels(3);
        byte[][] images = {planarBytes(channels)};
        List<byte[][]> views = new InferenceViews(true, true).of(images, W, H);
        assertEquals(6, views.size());
        assertSame(images, views.get(0));
        for (int v = 0; v < 6; v++) {
            assertArrayEquals(planarBytes(expected(channels, v)), views.get(v)[0], "view " + v);
        }
    }

    @Test
    void float32BytePlanesMoveWholeValues() {
        // Values in [0, 1] with 0 and 1 present: min-max normalisation keeps them exactly, so the
        // byte planes PlanarChannels writes hold these very floats.
        Random r = new Random(5);
        List<ImageProcessor> channels = new ArrayList<>();
        for (int c = 0; c < C; c++) {
            float[] px = new float[W * H];
            for (int i = 0; i < px.length; i++) {
                px[i] = i == 0 ? 0 : i == 1 ? 1 : r.nextFloat();
            }
            channels.add(new FloatProcessor(W, H, px));
        }
        byte[] planes = PlanarChannels.fromChannels(channels, new InputShape(W, H, C, InputShape.NATIVE,
                InputShape.MIN_MAX));
        List<byte[][]> views = new InferenceViews(true, true).of(new byte[][] {planes}, W, H);
        for (int v = 0; v < 6; v++) {
            List<ImageProcessor> expected = expected(channels, v);
            for (int c = 0; c < C; c++) {
                for (int p = 0; p < W * H; p++) {
                    assertEquals(expected.get(c).getf(p), PlanarChannels.value(views.get(v)[0], W * H, c * W * H + p),
                            "view " + v + ", channel " + c + ", pixel " + p);
                }
            }
        }
    }

    @Test
    void reflectedShiftsFillTheEdgeWithTheImagesReflection() {
        // 1 2 3 / 4 5 6 / 7 8 9, shifted by one pixel each way: pixel -1 is pixel 1, pixel 3 is pixel 1.
        byte[][] image = {{1, 2, 3, 4, 5, 6, 7, 8, 9}};
        List<byte[][]> views = new InferenceViews(false, true, true).of(image, 3, 3);
        assertArrayEquals(new byte[] {5, 6, 5, 8, 9, 8, 5, 6, 5}, views.get(1)[0]);
        assertArrayEquals(new byte[] {5, 4, 5, 2, 1, 2, 5, 4, 5}, views.get(2)[0]);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 2, 0, 4, 5},
                new InferenceViews(false, true).of(image, 3, 3).get(2)[0], "black edge by default");
    }

    @Test
    void mirroredReflectedViewsAreTheMirrorImagesOfTheUnmirroredOnes() {
        List<ImageProcessor> channels = randomChannels(7);
        List<byte[][]> views = new InferenceViews(true, true, true).of(new byte[][] {planarBytes(channels)}, W, H);
        for (int v = 0; v < 3; v++) {
            List<ImageProcessor> mirrored = new ArrayList<>();
            for (int c = 0; c < C; c++) {
                byte[] plane = java.util.Arrays.copyOfRange(views.get(v)[0], c * W * H, (c + 1) * W * H);
                ImageProcessor ip = new ByteProcessor(W, H, plane);
                ip.flipHorizontal();
                mirrored.add(ip);
            }
            assertArrayEquals(planarBytes(mirrored), views.get(v + 3)[0], "view " + (v + 3));
        }
    }

    @Test
    void modelsTrainedOnReflectedShiftsGetReflectedViews() {
        InferenceViews asked = new InferenceViews(true, true);
        assertTrue(asked.forModel(trainedWith("flip-alternate translate=2")).reflect());
        assertTrue(asked.forModel(trainedWith("translate=2")).reflect());
        assertFalse(asked.forModel(trainedWith("true")).reflect(), "augment=true crops with black edges");
        assertFalse(asked.forModel(trainedWith("false")).reflect());
        assertFalse(asked.forModel(ModelMetadata.builder().classNames(List.of("a", "b")).build()).reflect(),
                "no training record (an imported Keras model)");
        assertEquals(asked, asked.forModel(trainedWith("true")));
    }

    private static ModelMetadata trainedWith(String augment) {
        return ModelMetadata.builder().classNames(List.of("a", "b")).training(Map.<String, Object>of("augment", augment)).build();
    }

    /** View {@code v} of the channels by ImageJ: translated (integer offsets: 0 outside), mirrored from view 3 on. */
    private static List<ImageProcessor> expected(List<ImageProcessor> channels, int v) {
        List<ImageProcessor> out = new ArrayList<>();
        for (ImageProcessor channel : channels) {
            ImageProcessor ip = channel.duplicate();
            ip.translate(MOVES[v % 3][0], MOVES[v % 3][1]);
            if (v >= 3) {
                ip.flipHorizontal();
            }
            out.add(ip);
        }
        return out;
    }

    /** C random 8-bit channels of W x H pixels. */
    private static List<ImageProcessor> randomChannels(long seed) {
        Random r = new Random(seed);
        List<ImageProcessor> channels = new ArrayList<>();
        for (int c = 0; c < C; c++) {
            byte[] px = new byte[W * H];
            r.nextBytes(px);
            channels.add(new ByteProcessor(W, H, px));
        }
        return channels;
    }

    private static byte[] planarBytes(List<ImageProcessor> channels) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (ImageProcessor ip : channels) {
            b.writeBytes((byte[]) ip.getPixels());
        }
        return b.toByteArray();
    }
}
