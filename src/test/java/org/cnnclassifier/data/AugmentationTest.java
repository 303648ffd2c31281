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
}
