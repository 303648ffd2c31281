package org.cnnclassifier.conv;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** 2D ImgLib2 images as the row-by-row float arrays the band loop reads. */
final class FloatPixels {
    private FloatPixels() {
    }

    /** The float pixels of a 2D image: the backing array of a float ArrayImg, otherwise a copy. */
    static float[] of(RandomAccessibleInterval<? extends RealType<?>> img) {
        float[] backing = backingArray(img);
        if (backing != null) {
            return backing;
        }
        int w = (int) img.dimension(0);
        int h = (int) img.dimension(1);
        float[] out = new float[w * h];
        Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
        for (int i = 0; i < out.length; i++) {
            out[i] = c.next().getRealFloat();
        }
        return out;
    }

    /** True when {@link #of} has to copy this image (anything but a float ArrayImg). */
    static boolean needsCopy(RandomAccessibleInterval<? extends RealType<?>> img) {
        return backingArray(img) == null;
    }

    private static float[] backingArray(RandomAccessibleInterval<? extends RealType<?>> img) {
        if (img instanceof ArrayImg<?, ?> a && a.firstElement() instanceof FloatType
                && a.update(null) instanceof FloatArray fa) {
            return fa.getCurrentStorageArray();
        }
        return null;
    }
}
