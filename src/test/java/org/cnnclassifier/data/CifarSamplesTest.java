package org.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;

class CifarSamplesTest {
    @Test
    void stackHoldsDistinctImagesLabelledWithTheirClassAndMontageIs5x5() {
        int n = 60;
        byte[][] images = new byte[n][LabeledImages.BYTES_PER_IMAGE];
        int[] labels = new int[n];
        Random r = new Random(2);
        for (int i = 0; i < n; i++) {
            // image i: red plane holds i everywhere, so each slice tells which image it is
            java.util.Arrays.fill(images[i], 0, 1024, (byte) i);
            r.nextBytes(java.util.Arrays.copyOfRange(images[i], 1024, 3072));
            labels[i] = i % 10;
        }
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        ImagePlus stack = CifarSamples.stack(new LabeledImages(images, labels, names, "t"), 25, 5);
        assertEquals(25, stack.getStackSize());
        Set<Integer> seen = new HashSet<>();
        for (int s = 1; s <= 25; s++) {
            ColorProcessor cp = (ColorProcessor) stack.getStack().getProcessor(s);
            int i = (cp.getPixel(7, 9) >> 16) & 0xFF;
            seen.add(i);
            assertEquals(names.get(labels[i]), stack.getStack().getSliceLabel(s));
            // green channel equals the planar bytes
            assertEquals(images[i][1024 + 9 * 32 + 7] & 0xFF, (cp.getPixel(7, 9) >> 8) & 0xFF);
        }
        assertEquals(25, seen.size(), "distinct images");
        ImagePlus montage = CifarSamples.montage(stack, 5, 5, 4);
        assertEquals(5 * 128, montage.getWidth(), 5 * 2 + 2);
        assertEquals(5 * 128, montage.getHeight(), 5 * 2 + 2);
    }
}
