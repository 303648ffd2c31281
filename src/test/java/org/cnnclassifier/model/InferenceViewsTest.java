package org.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/** The views of test-time averaging, against ImageJ's own translate and flipHorizontal. */
class InferenceViewsTest {
    private static final int W = 7, H = 5, C = 3;

    @Test
    void countsTheViews() {
        assertEquals(1, InferenceViews.NONE.count());
        assertEquals(2, new InferenceViews(true, false).count());
        assertEquals(3, new InferenceViews(false, true).count());
        assertEquals(6, new InferenceViews(true, true).count());
    }

    @Test
    void bytesAreShiftedAndMirroredAsImageJDoesIt() {
        Random r = new Random(3);
        ByteProcessor[] channels = new ByteProcessor[C];
        for (int c = 0; c < C; c++) {
            byte[] px = new byte[W * H];
            r.nextBytes(px);
            channels[c] = new ByteProcessor(W, H, px);
        }
        byte[][] images = {planarBytes(channels)};
        List<byte[][]> views = new InferenceViews(true, true).of(images, C, H, W);
        assertEquals(6, views.size());
        assertSame(images, views.get(0));
        // View order: as is, shifted by (1, 1) and (-1, -1) (content moves up-left, then down-right), then each mirrored.
        int[][] moves = {{0, 0}, {-1, -1}, {1, 1}};
        for (int v = 0; v < 6; v++) {
            ByteProcessor[] expected = new ByteProcessor[C];
            for (int c = 0; c < C; c++) {
                ImageProcessor ip = channels[c].duplicate();
                ip.translate(moves[v % 3][0], moves[v % 3][1]); // integer offsets: no interpolation, 0 outside
                if (v >= 3) {
                    ip.flipHorizontal();
                }
                expected[c] = (ByteProcessor) ip;
            }
            assertArrayEquals(planarBytes(expected), views.get(v)[0], "view " + v);
        }
    }

    @Test
    void floatValuesMoveAsWholeValues() {
        Random r = new Random(5);
        FloatProcessor[] channels = new FloatProcessor[C];
        for (int c = 0; c < C; c++) {
            float[] px = new float[W * H];
            for (int i = 0; i < px.length; i++) {
                px[i] = r.nextFloat() * 1000 - 500;
            }
            channels[c] = new FloatProcessor(W, H, px);
        }
        List<byte[][]> views = new InferenceViews(true, true).of(new byte[][] {planarFloats(channels)}, C, H, W);
        for (int v : new int[] {1, 5}) { // shifted (1, 1); mirrored and shifted (-1, -1)
            FloatProcessor[] expected = new FloatProcessor[C];
            for (int c = 0; c < C; c++) {
                ImageProcessor ip = channels[c].duplicate();
                ip.translate(v == 1 ? -1 : 1, v == 1 ? -1 : 1);
                if (v == 5) {
                    ip.flipHorizontal();
                }
                expected[c] = (FloatProcessor) ip;
            }
            assertArrayEquals(planarFloats(expected), views.get(v)[0], "view " + v);
        }
    }

    private static byte[] planarBytes(ByteProcessor[] channels) {
        ByteBuffer b = ByteBuffer.allocate(C * W * H);
        for (ByteProcessor ip : channels) {
            b.put((byte[]) ip.getPixels());
        }
        return b.array();
    }

    private static byte[] planarFloats(FloatProcessor[] channels) {
        ByteBuffer b = ByteBuffer.allocate(4 * C * W * H);
        for (FloatProcessor ip : channels) {
            for (float f : (float[]) ip.getPixels()) {
                b.putFloat(f);
            }
        }
        return b.array();
    }
}
