package org.cnnclassifier.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

/** The XY / XYC / XYCZ convention between ImgLib2 and ImageJ, checked pixel by pixel against index arithmetic. */
class ImgImagesTest {
    @Test
    void fourDimensionsAreXYChannelsZInImageJsStackOrder() {
        // value = x + 10 y + 100 c + 1000 z, on a 4x3x2x5 image of unsigned shorts
        ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(4, 3, 2, 5);
        RandomAccess<UnsignedShortType> ra = img.randomAccess();
        for (int z = 0; z < 5; z++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        ra.setPositionAndGet(x, y, c, z).set(x + 10 * y + 100 * c + 1000 * z);
                    }
                }
            }
        }
        ImagePlus imp = ImgImages.toImagePlus(img, "t");
        assertEquals(16, imp.getBitDepth());
        assertEquals(2, imp.getNChannels());
        assertEquals(5, imp.getNSlices());
        assertTrue(imp instanceof CompositeImage);
        for (int z = 1; z <= 5; z++) {
            for (int c = 1; c <= 2; c++) {
                var ip = imp.getStack().getProcessor(imp.getStackIndex(c, z, 1));
                assertEquals(3 + 20 + 100 * (c - 1) + 1000 * (z - 1), ip.get(3, 2));
            }
        }
    }

    @Test
    void otherRealTypesBecome32BitAndAnOffsetIntervalIsRead() {
        Img<DoubleType> img = ArrayImgs.doubles(new double[] {0.5, -1.25, 3, 4, 5, 6}, 3, 2);
        ImagePlus imp = ImgImages.toImagePlus(Views.translate(img, 7, -2), "d");
        assertEquals(32, imp.getBitDepth());
        assertArrayEquals(new float[] {0.5f, -1.25f, 3, 4, 5, 6}, (float[]) imp.getProcessor().getPixels());
        assertThrows(IllegalArgumentException.class, () -> ImgImages.toImagePlus(ArrayImgs.floats(2, 2, 2, 2, 2), "5"));
        assertThrows(IllegalArgumentException.class, () -> ImgImages.toImagePlus(ArrayImgs.floats(7), "1"));
    }

    @Test
    void floatOutputsShareTheImagePlusPixels() {
        ImageStack stack = new ImageStack(2, 2);
        stack.addSlice(new FloatProcessor(2, 2, new float[] {1, 2, 3, 4}));
        stack.addSlice(new FloatProcessor(2, 2, new float[] {5, 6, 7, 8}));
        ImagePlus imp = new ImagePlus("maps", stack);
        Img<FloatType> img = ImgImages.toFloatImg(imp);
        assertArrayEquals(new long[] {2, 2, 2}, img.dimensionsAsLongArray());
        RandomAccess<FloatType> ra = img.randomAccess();
        assertEquals(7f, ra.setPositionAndGet(0, 1, 1).get());
        ra.get().set(-7);
        assertEquals(-7f, imp.getStack().getProcessor(2).getf(0, 1)); // no copy: written through
    }

    @Test
    void rgbOutputsAreThreeChannels() {
        ColorProcessor cp = new ColorProcessor(2, 1, new int[] {0x102030, 0x405060});
        Img<FloatType> img = ImgImages.toFloatImg(new ImagePlus("rgb", cp));
        assertArrayEquals(new long[] {2, 1, 3}, img.dimensionsAsLongArray());
        RandomAccess<FloatType> ra = img.randomAccess();
        assertEquals(0x40, ra.setPositionAndGet(1, 0, 0).get()); // R of the second pixel
        assertEquals(0x50, ra.setPositionAndGet(1, 0, 1).get());
        assertEquals(0x30, ra.setPositionAndGet(0, 0, 2).get());
    }
}
