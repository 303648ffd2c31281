package org.cnnclassifier.image;

import java.util.ArrayList;
import java.util.List;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * ImageJ 1.x pixels as ImgLib2 images and back, without copying: ArrayImgs wrap the processor's
 * own pixel array, so writes go through to the ImageJ image. (imglib2-ij is not available here.)
 * Values are raw pixel values, as ImageJ's filters see them (no density calibration).
 */
public final class ImgBridge {
    /** Names of the channels {@link #channels} returns for an RGB image. */
    public static final List<String> RGB_NAMES = List.of("R", "G", "B");

    private ImgBridge() {
    }

    public static ArrayImg<UnsignedByteType, ByteArray> wrap(ByteProcessor ip) {
        return ArrayImgs.unsignedBytes((byte[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
    }

    public static ArrayImg<UnsignedShortType, ShortArray> wrap(ShortProcessor ip) {
        return ArrayImgs.unsignedShorts((short[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
    }

    public static ArrayImg<FloatType, FloatArray> wrap(FloatProcessor ip) {
        return ArrayImgs.floats((float[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
    }

    public static ArrayImg<ARGBType, IntArray> wrap(ColorProcessor ip) {
        return ArrayImgs.argbs((int[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
    }

    /**
     * The image's channels as real-valued ImgLib2 views over its own pixels: one for 8-, 16- and
     * 32-bit images, three (R, G, B, each 0-255) for RGB.
     */
    public static List<RandomAccessibleInterval<? extends RealType<?>>> channels(ImageProcessor ip) {
        List<RandomAccessibleInterval<? extends RealType<?>>> out = new ArrayList<>();
        if (ip instanceof ByteProcessor bp) {
            out.add(wrap(bp));
        } else if (ip instanceof ShortProcessor sp) {
            out.add(wrap(sp));
        } else if (ip instanceof FloatProcessor fp) {
            out.add(wrap(fp));
        } else if (ip instanceof ColorProcessor cp) {
            ArrayImg<ARGBType, IntArray> argb = wrap(cp);
            for (int c = 1; c <= 3; c++) { // ARGB: 0 alpha, 1 red, 2 green, 3 blue
                out.add(Converters.argbChannel(argb, c));
            }
        } else {
            throw new IllegalArgumentException("Unsupported image type: " + ip.getClass().getSimpleName());
        }
        return out;
    }

    /** A FloatProcessor sharing the float ArrayImg's pixel array (no copy). */
    public static FloatProcessor toFloatProcessor(ArrayImg<FloatType, FloatArray> img) {
        return new FloatProcessor((int) img.dimension(0), (int) img.dimension(1),
                img.update(null).getCurrentStorageArray());
    }
}
