package org.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AugmentationTest {
    /** A 3-channel 3x2 image, planes R = 1..6, G = 11..16, B = 21..26 (row-major). */
    private static final byte[] IMG = {1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25, 26};

    @Test
    void identity() {
        assertArrayEquals(IMG, Augmentation.transform(IMG, 3, 2, false, 0, 0));
    }

    @Test
    void horizontalFlipMirrorsEveryRowOfEveryPlane() {
        byte[] expected = {3, 2, 1, 6, 5, 4, 13, 12, 11, 16, 15, 14, 23, 22, 21, 26, 25, 24};
        assertArrayEquals(expected, Augmentation.transform(IMG, 3, 2, true, 0, 0));
    }

    @Test
    void shiftFillsWithZeroPadding() {
        // crop moved one pixel right: out(x) = in(x + 1), last column from the padding
        byte[] right = {2, 3, 0, 5, 6, 0, 12, 13, 0, 15, 16, 0, 22, 23, 0, 25, 26, 0};
        assertArrayEquals(right, Augmentation.transform(IMG, 3, 2, false, 1, 0));
        // one pixel up: out(y) = in(y - 1)
        byte[] down = {0, 0, 0, 1, 2, 3, 0, 0, 0, 11, 12, 13, 0, 0, 0, 21, 22, 23};
        assertArrayEquals(down, Augmentation.transform(IMG, 3, 2, false, 0, -1));
    }

    @Test
    void randomAugmentationIsFlipPlusShiftWithinFourPixels() {
        Augmentation a = new Augmentation(7, 32, 32);
        byte[] img = new byte[3 * 32 * 32];
        new java.util.Random(3).nextBytes(img);
        int flips = 0;
        for (int t = 0; t < 200; t++) {
            byte[] out = a.apply(img);
            boolean found = false;
            for (int f = 0; f < 2 && !found; f++) {
                for (int dx = -4; dx <= 4 && !found; dx++) {
                    for (int dy = -4; dy <= 4 && !found; dy++) {
                        if (java.util.Arrays.equals(out, Augmentation.transform(img, 32, 32, f == 1, dx, dy))) {
                            found = true;
                            flips += f;
                        }
                    }
                }
            }
            assertTrue(found, "augmented image is not a flip + shift of at most 4 pixels");
        }
        assertTrue(flips > 60 && flips < 140, "flip probability about 1/2: " + flips);
        assertEquals(3 * 32 * 32, img.length);
    }

    /** A one-plane 4x3 image: rows 1 2 3 4 / 5 6 7 8 / 9 10 11 12. */
    private static final byte[] GRID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @Test
    void reflectedTranslationMirrorsAtTheEdgeWithoutRepeatingIt() {
        // by hand: out(x, y) = in(r(x + dx), r(y + dy)), r(-k) = k, r(n - 1 + k) = n - 1 - k
        assertArrayEquals(new byte[] {3, 4, 3, 2, 7, 8, 7, 6, 11, 12, 11, 10},
                Augmentation.reflected(GRID, 4, 3, false, 2, 0));
        assertArrayEquals(new byte[] {7, 6, 5, 6, 3, 2, 1, 2, 7, 6, 5, 6},
                Augmentation.reflected(GRID, 4, 3, false, -2, -1));
        // mirrored first (4 3 2 1 / ...), then shifted one to the right, reflected at the edge
        assertArrayEquals(new byte[] {3, 2, 1, 2, 7, 6, 5, 6, 11, 10, 9, 10},
                Augmentation.reflected(GRID, 4, 3, true, 1, 0));
        assertArrayEquals(GRID, Augmentation.reflected(GRID, 4, 3, false, 0, 0));
        // three planes move alike
        assertArrayEquals(new byte[] {2, 1, 2, 5, 4, 5, 12, 11, 12, 15, 14, 15, 22, 21, 22, 25, 24, 25},
                Augmentation.reflected(IMG, 3, 2, false, -1, 0));
    }

    @Test
    void translateTwoDrawsEveryShiftUpToTwoPixelsWithReflectionAndNoFlip() {
        Augmentation a = Augmentation.of("translate=2", 5, 8, 8);
        byte[] img = new byte[3 * 64];
        new java.util.Random(4).nextBytes(img);
        java.util.Set<String> shifts = new java.util.HashSet<>();
        for (int t = 0; t < 400; t++) {
            byte[] out = a.apply(img, t);
            String found = null;
            for (int dx = -2; dx <= 2; dx++) {
                for (int dy = -2; dy <= 2; dy++) {
                    if (java.util.Arrays.equals(out, Augmentation.reflected(img, 8, 8, false, dx, dy))) {
                        found = dx + "," + dy;
                    }
                }
            }
            assertTrue(found != null, "a reflected shift of at most 2 pixels");
            shifts.add(found);
        }
        assertEquals(25, shifts.size(), "all 5 x 5 shifts occur");
    }

    @Test
    void alternatingFlipFlipsEveryImageInExactlyOneOfTwoConsecutiveEpochs() {
        byte[] flipped = {3, 2, 1, 6, 5, 4, 13, 12, 11, 16, 15, 14, 23, 22, 21, 26, 25, 24};
        Augmentation a = Augmentation.of("flip-alternate", 9, 3, 2);
        int n = 1000;
        boolean[][] was = new boolean[7][n];
        for (int epoch = 1; epoch <= 6; epoch++) {
            a.setEpoch(epoch);
            for (int i = 0; i < n; i++) {
                byte[] out = a.apply(IMG, i);
                boolean f = java.util.Arrays.equals(out, flipped);
                assertTrue(f || java.util.Arrays.equals(out, IMG), "only flipped or as is");
                was[epoch][i] = f;
            }
        }
        int firstEpochFlips = 0;
        for (int i = 0; i < n; i++) {
            for (int epoch = 1; epoch < 6; epoch++) {
                assertTrue(was[epoch][i] != was[epoch + 1][i], "image " + i + " epochs " + epoch + ", " + (epoch + 1));
            }
            firstEpochFlips += was[1][i] ? 1 : 0;
        }
        // the per-image bit is random: about half the images start flipped (binomial, sd 16)
        assertTrue(firstEpochFlips > 420 && firstEpochFlips < 580, "flipped in epoch 1: " + firstEpochFlips);
        // the same seed gives the same flips; another seed other ones
        Augmentation same = Augmentation.of("flip-alternate", 9, 3, 2);
        Augmentation other = Augmentation.of("flip-alternate", 10, 3, 2);
        int differ = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(was[1][i], java.util.Arrays.equals(same.apply(IMG, i), flipped));
            differ += was[1][i] != java.util.Arrays.equals(other.apply(IMG, i), flipped) ? 1 : 0;
        }
        assertTrue(differ > 400 && differ < 600, "another seed: " + differ);
    }

    @Test
    void theAugmentValuesAreTheOldFlagPlusTheNewModesAndOthersNameTheKey() {
        assertEquals(null, Augmentation.of("false", 1, 32, 32));
        assertEquals("flip-alternate translate=2", Augmentation.check(" Flip-Alternate   translate=2 "));
        for (String bad : new String[] {"yes", "translate=3", "flip,translate=2", ""}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Augmentation.check(bad));
            assertTrue(e.getMessage().contains("'augment'") && e.getMessage().contains("flip-alternate"),
                    e.getMessage());
        }
        // true is the standard augmentation: a flip and a zero-padded shift of up to 4 pixels, as before
        Augmentation standard = Augmentation.of("true", 7, 32, 32);
        Augmentation before = new Augmentation(7, 32, 32);
        byte[] img = new byte[3 * 32 * 32];
        new java.util.Random(3).nextBytes(img);
        for (int t = 0; t < 20; t++) {
            assertArrayEquals(before.apply(img), standard.apply(img, t));
        }
    }

    @Test
    void cutoutSetsOneSquareInsideTheImageToBlackInEveryPlane() {
        // Hand-computed: a 3-plane 4x3 image of 1..36, a 2x2 square cut at (1, 1).
        byte[] img = new byte[36];
        for (int i = 0; i < 36; i++) {
            img[i] = (byte) (i + 1);
        }
        byte[] expected = {1, 2, 3, 4, 5, 0, 0, 8, 9, 0, 0, 12,
            13, 14, 15, 16, 17, 0, 0, 20, 21, 0, 0, 24,
            25, 26, 27, 28, 29, 0, 0, 32, 33, 0, 0, 36};
        Augmentation.cut(img, 4, 3, 1, 1, 2);
        assertArrayEquals(expected, img);
    }

    @Test
    void trueCutoutIsTrueWithAnEightPixelSquareCutAtEveryPlaceInside() {
        // Every pixel 1..255, never 0, so black pixels come from the cut or the crop's padding.
        byte[] img = new byte[3 * 32 * 32];
        for (int i = 0; i < img.length; i++) {
            img[i] = (byte) (1 + i % 255);
        }
        for (long seed = 0; seed < 300; seed++) {
            // The first image of each seed: the flip and shift are those of augment=true with that seed,
            // and only pixels of one 8x8 square (some may be padding already) turn black.
            byte[] plain = Augmentation.of("true", seed, 32, 32).apply(img, 0);
            byte[] cut = Augmentation.of("true cutout=8", seed, 32, 32).apply(img, 0);
            int[] box = changedBox(plain, cut, 32, 32);
            assertTrue(box[2] - box[0] < 8 && box[3] - box[1] < 8, "seed " + seed + ": changes span more than 8x8");
        }
        // Without flip and shift the whole square shows: 3 x 64 black pixels, at each of the 625 places.
        Augmentation cutOnly = new Augmentation(11, 32, 32, Augmentation.Flip.NONE, 0, false, 8);
        boolean[][] seen = new boolean[25][25];
        for (int t = 0; t < 5000; t++) {
            byte[] cut = cutOnly.apply(img, t);
            int[] box = changedBox(img, cut, 32, 32);
            assertEquals(7, box[2] - box[0]);
            assertEquals(7, box[3] - box[1]);
            int black = 0;
            for (byte b : cut) {
                black += b == 0 ? 1 : 0;
            }
            assertEquals(3 * 64, black);
            seen[box[1]][box[0]] = true;
        }
        for (int y = 0; y < 25; y++) {
            for (int x = 0; x < 25; x++) {
                assertTrue(seen[y][x], "never cut at (" + x + ", " + y + ")");
            }
        }
        assertTrue(Augmentation.MODES.contains(Augmentation.check("TRUE  Cutout=8")));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Augmentation.of("true cutout=8", 1, 6, 6));
        assertTrue(e.getMessage().contains("6x6") && e.getMessage().contains("augment=true"), e.getMessage());
    }

    /** {x0, y0, x1, y1} of the pixels that differ (all of them black), over all planes. */
    private static int[] changedBox(byte[] before, byte[] after, int width, int height) {
        int[] box = {width, height, -1, -1};
        for (int i = 0; i < after.length; i++) {
            if (after[i] != before[i]) {
                assertEquals(0, after[i], "a changed pixel is black");
                int x = i % width, y = i / width % height;
                box[0] = Math.min(box[0], x);
                box[1] = Math.min(box[1], y);
                box[2] = Math.max(box[2], x);
                box[3] = Math.max(box[3], y);
            }
        }
        return box;
    }
}
