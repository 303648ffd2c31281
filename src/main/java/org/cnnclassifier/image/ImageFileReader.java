package org.cnnclassifier.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.process.ColorProcessor;
import ij.plugin.PGM_Reader;

/**
 * Reads an image file and turns it into a network input by {@link PlanarChannels}. Stacks contribute
 * their first slice (for {@code native} channels, a stack without channels gives its pages as
 * channels). Thread-safe: each call uses its own Opener.
 * <p>
 * No ImageJ code that can show a dialog is reached for a file that is not a readable image: a
 * modal error (ImageJ's "Unsupported format or file not found", "Open TIFF", the CMYK JPEG note)
 * would stop a {@code -batch} run for good. So the file's format is taken from its first bytes
 * ({@link Opener#getFileType}, which only reads them); JPEG, PNG, GIF and BMP are decoded with
 * ImageIO (also about 50 times faster than ImageJ's AWT-toolkit JPEG reader); a TIFF is opened by
 * ImageJ only after its header was read without error; PGM/PPM through the reader's own method
 * (which throws instead of showing a message); DICOM with ImageJ's errors redirected to the Log;
 * anything else (empty files, text, FITS, formats only a plugin reads) is refused with an
 * IOException naming the reason.
 */
public final class ImageFileReader {
    private ImageFileReader() {
    }

    /** Planar RGB bytes of {@code file} resized to {@code width x height}; IOException names why it cannot be read. */
    public static byte[] read(Path file, int width, int height) throws IOException {
        return read(file, InputShape.CIFAR.with(width, height, 3));
    }

    /**
     * Planar bytes of {@code file} at {@code shape} (resolved; {@link PlanarChannels}): the first Z/T position's
     * channels; for {@code native} channels a multi-page TIFF's pages are its channels. IOException names why the
     * file cannot be read or does not fit the shape.
     */
    public static byte[] read(Path file, InputShape shape) throws IOException {
        return at(open(file), shape);
    }

    /** {@link #read(Path, InputShape)} for an image opened already. */
    public static byte[] at(ImagePlus imp, InputShape shape) throws IOException {
        try {
            return PlanarChannels.fromChannels(PlanarChannels.channelsAt(imp, 1, 1, pagesAsChannels(shape)), shape);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** Whether a stack without a channel dimension gives its pages as channels: for {@code native} channels. */
    public static boolean pagesAsChannels(InputShape shape) {
        return InputShape.NATIVE.equals(shape.mode());
    }

    /**
     * Opens {@code file} as an image without any ImageJ dialog; never null.
     *
     * @throws IOException whose message says why the file cannot be used (for an 'Unreadable Files' list)
     */
    public static ImagePlus open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException("file cannot be read (permissions)");
        }
        if (Files.size(file) == 0) {
            throw new IOException("empty file (0 bytes)");
        }
        Opener opener = new Opener();
        opener.setSilentMode(true);
        String path = file.toAbsolutePath().toString();
        int type = opener.getFileType(path);
        ImagePlus imp;
        try {
            imp = switch (type) {
                case Opener.JPEG, Opener.PNG, Opener.GIF, Opener.BMP -> openWithImageIO(file, Opener.types[type]);
                case Opener.TIFF -> openTiff(opener, file);
                case Opener.PGM -> openPgm(file);
                case Opener.DICOM, Opener.TIFF_AND_DICOM -> openRedirectingErrors(opener, path);
                case Opener.FITS ->
                        throw new IOException("FITS files are not read here (ImageJ's FITS reader stops macros on"
                        + " a damaged file); save it as TIFF");
                default -> throw new IOException(describeUnknown(file, type));
            };
        } catch (RuntimeException e) {
            throw new IOException("ImageJ cannot decode it (" + e + ")");
        }
        if (imp == null || imp.getProcessor() == null || imp.getWidth() < 1) {
            throw new IOException("not an image ImageJ can open");
        }
        return imp;
    }

    private static String describeUnknown(Path file, int type) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.lastIndexOf('.') >= 0 ? name.substring(name.lastIndexOf('.') + 1) : "";
        String kind = type >= 0 && type < Opener.types.length ? Opener.types[type] : "unknown";
        return ext.isEmpty() ? "not an image (format " + kind + ")"
                : "not a readable image: the content is not " + ext.toUpperCase(Locale.ROOT) + " (format " + kind + ")";
    }

    /**
     * ImageJ's Opener.openUsingImageIO without its error dialog: Opener.openImage decodes JPEGs
     * through the AWT toolkit at about 12 ms per file here (80 files/s), ImageIO at 0.1-0.3 ms.
     * A file ImageIO cannot decode (truncated, damaged, CMYK JPEG, which ImageJ cannot open either)
     * is refused.
     */
    private static ImagePlus openWithImageIO(Path file, String format) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            throw new IOException("damaged or truncated " + format + " (" + why + ")");
        }
        if (img == null) {
            throw new IOException("damaged or truncated " + format + " (no decoder accepts it)");
        }
        ColorProcessor rgb = packedRgb(img);
        return rgb != null ? new ImagePlus(file.getFileName().toString(), rgb)
                : new ImagePlus(file.getFileName().toString(), img);
    }

    /**
     * The pixels of an sRGB image in ImageIO's usual layout for colour JPEGs (3 bytes per pixel, BGR)
     * packed straight into a ColorProcessor, or null for any other image. ImageJ's
     * {@code new ImagePlus(title, bufferedImage)} gives the same pixels through AWT's PixelGrabber,
     * one colour-model call per pixel: 0.09-0.19 ms per 32x32 file, as much as the decoding itself
     * (0.12-0.23 ms), against 0.01 ms here.
     */
    static ColorProcessor packedRgb(BufferedImage img) {
        WritableRaster raster = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getType() != BufferedImage.TYPE_3BYTE_BGR || !img.getColorModel().getColorSpace().isCS_sRGB()
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || buffer.getOffset() != 0 || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || model.getPixelStride() != 3 || model.getScanlineStride() != 3 * w
                || !Arrays.equals(model.getBandOffsets(), new int[] {2, 1, 0})) {
            return null;
        }
        byte[] bgr = buffer.getData();
        int[] pixels = new int[w * h];
        for (int i = 0, o = 0; i < pixels.length; i++, o += 3) {
            pixels[i] = 0xff000000 | (bgr[o + 2] & 0xff) << 16 | (bgr[o + 1] & 0xff) << 8 | (bgr[o] & 0xff);
        }
        return new ColorProcessor(w, h, pixels);
    }

    /** Serialises the use of ImageJ's JVM-wide "redirect error messages" flag between decoding threads. */
    private static final Object REDIRECT_LOCK = new Object();

    private static ImagePlus openPgm(Path file) throws IOException {
        try {
            ImageStack stack = new PGM_Reader().openFile(file.toAbsolutePath().toString());
            if (stack == null || stack.getSize() == 0) {
                throw new IOException("damaged PGM/PPM (no image in it)");
            }
            return new ImagePlus(file.getFileName().toString(), stack);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.toString();
            throw new IOException("damaged PGM/PPM (" + why + ")");
        }
    }

    /** ImageJ's opener with IJ.error going to the Log window instead of a modal dialog. */
    private static ImagePlus openRedirectingErrors(Opener opener, String path) {
        synchronized (REDIRECT_LOCK) {
            IJ.redirectErrorMessages(true);
            try {
                return opener.openImage(path);
            } finally {
                IJ.redirectErrorMessages(false);
            }
        }
    }

    /** ImageJ's TIFF reader, once the header was read: Opener.openTiff shows a dialog when it cannot be. */
    private static ImagePlus openTiff(Opener opener, Path file) throws IOException {
        File f = file.toAbsolutePath().toFile();
        String dir = f.getParent() + File.separator;
        FileInfo[] info;
        try {
            info = new TiffDecoder(dir, f.getName()).getTiffInfo();
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.toString();
            throw new IOException("damaged or unsupported TIFF (" + why + ")");
        }
        if (info == null || info.length == 0 || info[0].width < 1 || info[0].height < 1) {
            throw new IOException("damaged or unsupported TIFF (no image in it)");
        }
        long need = info[0].getOffset() + (long) info[0].width * info[0].height * Math.max(1,
                info[0].getBytesPerPixel());
        if (info[0].compression <= FileInfo.COMPRESSION_NONE && info[0].fileType != FileInfo.BITMAP
                && Files.size(file) < need) {
            throw new IOException("truncated TIFF (" + Files.size(file) + " bytes, the first image needs " + need
                    + ")");
        }
        // Silent mode: FileOpener logs pixel-data errors instead of showing them.
        return opener.openImage(dir, f.getName());
    }
}
