package org.cnnclassifier.image;

import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * Whole images between ImgLib2 and ImageJ 1.x, with one convention for the dimensions: X, Y, then
 * channels, then Z ({@code XY}, {@code XYC} or {@code XYCZ}). An ImgLib2 image becomes an ImagePlus of
 * its own bit depth (unsigned 8- and 16-bit stay so, every other real type becomes 32-bit); images
 * the commands make become {@code Img<FloatType>} sharing the ImagePlus's float pixels (no copy).
 */
public final class ImgImages {
    private ImgImages() {
    }

    /**
     * The ImgLib2 image as an ImagePlus: a 2D image is one plane, a 3D image's third dimension its
     * channels (a multi-channel hyperstack; 3 channels of 8-bit are what an RGB image's R, G, B are
     * to the classifier), a 4D image's fourth its Z slices. Pixel values are copied as they are.
     *
     * @throws IllegalArgumentException for fewer than 2 or more than 4 dimensions, or a plane too large
     */
    public static ImagePlus toImagePlus(RandomAccessibleInterval<? extends RealType<?>> image, String title) {
        int n = image.numDimensions();
        if (n < 2 || n > 4) {
            throw new IllegalArgumentException("The ImgLib2 image has " + n + " dimensions; give 2 (X, Y), 3 (X, Y, "
                    + "channels) or 4 (X, Y, channels, Z).");
        }
        long w = image.dimension(0), h = image.dimension(1);
        int channels = n > 2 ? Math.toIntExact(image.dimension(2)) : 1;
        int slices = n > 3 ? Math.toIntExact(image.dimension(3)) : 1;
        if (w * h > Integer.MAX_VALUE - 8 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The ImgLib2 image's planes (" + w + "x" + h + ") are larger than "
                    + "ImageJ's 2^31 pixels.");
        }
        RealType<?> type = Util.getTypeFromInterval(image);
        int bitDepth = type instanceof UnsignedByteType ? 8 : type instanceof UnsignedShortType ? 16 : 32;
        ImageStack stack = new ImageStack((int) w, (int) h);
        for (int z = 0; z < slices; z++) {
            for (int c = 0; c < channels; c++) { // ImageJ's stack order: channel fastest, then Z
                RandomAccessibleInterval<? extends RealType<?>> plane = image;
                if (n > 3) {
                    plane = Views.hyperSlice(plane, 3, image.min(3) + z);
                }
                if (n > 2) {
                    plane = Views.hyperSlice(plane, 2, image.min(2) + c);
                }
                stack.addSlice(copy(plane, (int) w, (int) h, bitDepth));
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(channels, slices, 1);
        if (channels > 1) {
            CompositeImage composite = new CompositeImage(imp, channels <= 7 ? CompositeImage.COMPOSITE
                    : CompositeImage.GRAYSCALE);
            composite.resetDisplayRanges();
            return composite;
        }
        return imp;
    }

    /** One XY plane's values, in ImgLib2's flat order (X fastest), into a new processor. */
    private static ImageProcessor copy(RandomAccessibleInterval<? extends RealType<?>> plane, int w, int h,
            int bitDepth) {
        Cursor<? extends RealType<?>> cursor = Views.flatIterable(plane).cursor();
        ImageProcessor ip = switch (bitDepth) {
            case 8 -> new ByteProcessor(w, h);
            case 16 -> new ShortProcessor(w, h);
            default -> new FloatProcessor(w, h);
        };
        for (int i = 0; cursor.hasNext(); i++) {
            double v = cursor.next().getRealDouble();
            if (bitDepth == 32) {
                ip.setf(i, (float) v);
            } else {
                ip.set(i, (int) v);
            }
        }
        if (bitDepth != 8) {
            ip.resetMinAndMax();
        }
        return ip;
    }

    /**
     * The image's pixels as {@code Img<FloatType>}: {@code XY} for one plane, {@code XYN} for a stack of N
     * pages (channels, slices, frames or feature maps), {@code XYCZ} for a hyperstack of C channels and
     * several Z/T positions (Z and T together); an RGB image gives 3 channels (R, G, B: {@code XYC}, or
     * {@code XYCZ} for a stack). Float planes are shared with the ImagePlus, others copied.
     */
    public static Img<FloatType> toFloatImg(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        int w = imp.getWidth(), h = imp.getHeight(), pages = stack.getSize();
        List<float[]> planes = new ArrayList<>();
        for (int i = 1; i <= pages; i++) {
            ImageProcessor ip = stack.getProcessor(i);
            if (ip instanceof ColorProcessor cp) {
                for (int c = 0; c < 3; c++) {
                    planes.add((float[]) cp.getChannel(c + 1, null).convertToFloat().getPixels());
                }
            } else {
                planes.add(ip.getPixels() instanceof float[] f ? f : (float[]) ip.convertToFloat().getPixels());
            }
        }
        int n = planes.size();
        if (n == 1) {
            return ArrayImgs.floats(planes.get(0), w, h);
        }
        int c = imp.getBitDepth() == 24 ? 3 : imp.getNChannels();
        long[] dims = c > 1 && c < n ? new long[] {w, h, c, n / c} : new long[] {w, h, n};
        PlanarImg<FloatType, FloatArray> img = PlanarImgs.floats(dims);
        for (int i = 0; i < n; i++) {
            img.setPlane(i, new FloatArray(planes.get(i)));
        }
        return img;
    }

    /** Each image as {@link #toFloatImg}. */
    public static List<Img<FloatType>> toFloatImgs(List<ImagePlus> images) {
        List<Img<FloatType>> out = new ArrayList<>();
        for (ImagePlus imp : images) {
            out.add(toFloatImg(imp));
        }
        return out;
    }
}
