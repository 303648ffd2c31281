package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.cnnclassifier.testing.Fixtures;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * The SciJava commands with an ImgLib2 {@code ArrayImg} as {@code image}, through CommandService,
 * against the same command given the same pixels as an ImagePlus ({@code imp}): the same feature
 * maps, the same probabilities, the same activations; and the ImgLib2 outputs hold the pixels of
 * the ImagePlus outputs. A 3-channel 8-bit ArrayImg is compared with ImageJ's own RGB image.
 */
class ImgLib2CommandsTest {
    private static Context context;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        System.setProperty("java.awt.headless", "true");
        context = new Context();
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    static CommandModule run(Class<? extends Command> type, Object... inputs) throws Exception {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < inputs.length; i += 2) {
            map.put((String) inputs[i], inputs[i + 1]);
        }
        CommandModule m = context.service(CommandService.class).run(type, true, map).get();
        assertFalse(m.isCanceled(), m.getCancelReason());
        return m;
    }

    /** 30x20 random floats, as an ImgLib2 image and as an ImageJ image of its own array copy. */
    static ArrayImg<FloatType, FloatArray> randomFloats() {
        Random rnd = new Random(7);
        float[] pixels = new float[30 * 20];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rnd.nextFloat() * 200 - 50;
        }
        return ArrayImgs.floats(pixels, 30, 20);
    }

    /** A CIFAR sample as ImageJ opens it (RGB). */
    static ImagePlus cifarRgb() {
        ImagePlus imp = IJ.openImage(Fixtures.cifarJpegs().resolve("cat/0003.jpg").toString());
        assertEquals(ImagePlus.COLOR_RGB, imp.getType());
        return imp;
    }

    /** The RGB image's R, G, B as an X, Y, channel ArrayImg of unsigned bytes, copied by hand. */
    static ArrayImg<UnsignedByteType, ByteArray> channelsOf(ImagePlus rgb) {
        ColorProcessor cp = (ColorProcessor) rgb.getProcessor();
        int n = cp.getPixelCount();
        byte[] r = new byte[n], g = new byte[n], b = new byte[n], all = new byte[3 * n];
        cp.getRGB(r, g, b);
        System.arraycopy(r, 0, all, 0, n);
        System.arraycopy(g, 0, all, n, n);
        System.arraycopy(b, 0, all, 2 * n, n);
        return ArrayImgs.unsignedBytes(all, cp.getWidth(), cp.getHeight(), 3);
    }

    static float[] values(RandomAccessibleInterval<FloatType> img) {
        long size = 1;
        for (int d = 0; d < img.numDimensions(); d++) {
            size *= img.dimension(d);
        }
        float[] out = new float[(int) size];
        Cursor<FloatType> c = Views.flatIterable(img).cursor();
        for (int i = 0; c.hasNext(); i++) {
            out[i] = c.next().get();
        }
        return out;
    }

    /** Every page's values in stack order; an RGB page as its R, G and B (ImageJ's own channel split). */
    static float[] stackValues(ImagePlus imp) {
        int plane = imp.getWidth() * imp.getHeight();
        List<ij.process.ImageProcessor> planes = new java.util.ArrayList<>();
        for (int s = 1; s <= imp.getStackSize(); s++) {
            ij.process.ImageProcessor ip = imp.getStack().getProcessor(s);
            if (ip instanceof ColorProcessor cp) {
                for (int c = 1; c <= 3; c++) {
                    planes.add(cp.getChannel(c, null));
                }
            } else {
                planes.add(ip);
            }
        }
        float[] out = new float[plane * planes.size()];
        for (int i = 0; i < planes.size(); i++) {
            System.arraycopy((float[]) planes.get(i).convertToFloat().getPixels(), 0, out, i * plane, plane);
        }
        return out;
    }

    @Test
    void applyConvolutionKernelToAnArrayImgGivesTheImagePlusPathsMaps() throws Exception {
        ArrayImg<FloatType, FloatArray> img = randomFloats();
        ImagePlus imp = new ImagePlus("ramp", new FloatProcessor(30, 20, values(img).clone()));
        Object[] keys = {"preset", "Edges", "stride", 2, "padding", "same", "edges", "reflect"};
        CommandModule viaImg = run(ApplyConvolutionKernelCommand.class, concat(keys, "image", img));
        CommandModule viaImp = run(ApplyConvolutionKernelCommand.class, concat(keys, "imp", imp));
        ImagePlus expected = (ImagePlus) viaImp.getOutput("result");
        ImagePlus actual = (ImagePlus) viaImg.getOutput("result");
        assertEquals(3, expected.getStackSize()); // the Edges preset: Sobel X, Sobel Y, Laplacian
        assertArrayEquals(stackValues(expected), stackValues(actual), 0f);
        @SuppressWarnings("unchecked")
        Img<FloatType> maps = (Img<FloatType>) viaImg.getOutput("resultImg");
        assertArrayEquals(new long[] {15, 10, 3}, maps.dimensionsAsLongArray());
        assertArrayEquals(stackValues(expected), values(maps), 0f);
        // Headless, the output is printed as what it is (PrintUndisplayedOutputs), never displayed twice.
        assertEquals("ImgLib2 image 15x10x3 (FloatType)", PrintUndisplayedOutputs.describe(maps));
        assertTrue(PrintUndisplayedOutputs.isImgLib2(maps) && PrintUndisplayedOutputs.isImgLib2(List.of(maps))
                && !PrintUndisplayedOutputs.isImgLib2(expected));
    }

    @Test
    void threeChannelBytesAreConvolvedAsImageJsRgbImage() throws Exception {
        ImagePlus rgb = cifarRgb();
        Object[] keys = {"preset", "Edges", "channels", "separate"};
        ImagePlus expected = (ImagePlus) run(ApplyConvolutionKernelCommand.class, concat(keys, "imp", rgb))
                .getOutput("result");
        ImagePlus actual = (ImagePlus) run(ApplyConvolutionKernelCommand.class,
                concat(keys, "image", channelsOf(rgb))).getOutput("result");
        assertEquals(9, expected.getStackSize()); // 3 kernels x R, G, B
        assertArrayEquals(stackValues(expected), stackValues(actual), 0f);
    }

    @Test
    void classifyImageGivesTheSameProbabilitiesForAnArrayImg() throws Exception {
        String model = TinyModels.cifarModel().toString();
        ImagePlus rgb = cifarRgb();
        CommandModule viaImp = run(ClassifyImageCommand.class, "imp", rgb, "model", model, "top", 1);
        CommandModule viaImg = run(ClassifyImageCommand.class, "image", channelsOf(rgb), "model", model, "top", 1);
        assertEquals(viaImp.getOutput("topClass"), viaImg.getOutput("topClass"));
        assertEquals((double) viaImp.getOutput("probability"), (double) viaImg.getOutput("probability"), 0);
        assertTrue((double) viaImg.getOutput("probability") > 0.1);

        // One gray float plane: the ImagePlus of the same floats (replicated to R, G, B by the model's input).
        ArrayImg<FloatType, FloatArray> gray = randomFloats();
        ImagePlus grayImp = new ImagePlus("gray", new FloatProcessor(30, 20, values(gray).clone()));
        CommandModule grayImp1 = run(ClassifyImageCommand.class, "imp", grayImp, "model", model, "top", 1);
        CommandModule grayImg1 = run(ClassifyImageCommand.class, "image", gray, "model", model, "top", 1);
        assertEquals(grayImp1.getOutput("topClass"), grayImg1.getOutput("topClass"));
        assertEquals((double) grayImp1.getOutput("probability"), (double) grayImg1.getOutput("probability"), 0);
    }

    @Test
    void showChannelsAndActivationsReturnsTheSameActivationsAsImgs() throws Exception {
        String model = TinyModels.cifarModel().toString();
        ImagePlus rgb = cifarRgb();
        Object[] keys = {"activations", true, "model", model, "output", tmp.toFile()};
        CommandModule viaImp = run(ShowChannelsAndActivationsCommand.class, concat(keys, "imp", rgb));
        CommandModule viaImg = run(ShowChannelsAndActivationsCommand.class, concat(keys, "image", channelsOf(rgb)));
        @SuppressWarnings("unchecked")
        List<ImagePlus> expected = (List<ImagePlus>) viaImp.getOutput("images");
        @SuppressWarnings("unchecked")
        List<ImagePlus> actual = (List<ImagePlus>) viaImg.getOutput("images");
        @SuppressWarnings("unchecked")
        List<Img<FloatType>> imgs = (List<Img<FloatType>>) viaImg.getOutput("imgs");
        assertEquals(expected.size(), actual.size());
        assertEquals(actual.size(), imgs.size());
        assertTrue(actual.size() >= 2, "channels and at least one layer");
        for (int i = 0; i < actual.size(); i++) {
            assertArrayEquals(stackValues(expected.get(i)), stackValues(actual.get(i)), 0f, "image " + i);
            assertArrayEquals(stackValues(actual.get(i)), values(imgs.get(i)), 0f, "Img " + i);
        }
        // The channels image of the 3-channel input: X, Y, and its 3 channels.
        assertArrayEquals(new long[] {32, 32, 3}, imgs.get(0).dimensionsAsLongArray());
    }

    @Test
    void noImageIsAnErrorNamingTheThreeWays() throws Exception {
        CommandModule m = context.service(CommandService.class).run(ApplyConvolutionKernelCommand.class, true,
                Map.of("preset", "Edges")).get();
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("'image'") && m.getCancelReason().contains("'imp'")
                && m.getCancelReason().contains("'input'"), m.getCancelReason());
    }

    static Object[] concat(Object[] keys, Object... more) {
        Object[] out = new Object[keys.length + more.length];
        System.arraycopy(keys, 0, out, 0, keys.length);
        System.arraycopy(more, 0, out, keys.length, more.length);
        return out;
    }
}
