package org.cnnclassifier.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.filter.Convolver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.conv.KernelPresets;
import org.cnnclassifier.host.ImageJHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built plugin in a real ImageJ 1.54p ({@code java -jar ij.jar -batch} under Xvfb): the
 * "Apply Convolution Kernel" section of macros/demo.ijm, checked on the files it writes, and bad
 * input in a macro, which must stop the macro with a message and write nothing.
 */
class ApplyConvolutionKernelIT {

    @Test
    void demoMacroWritesFeatureMapsThatMatchImageJsConvolver(@TempDir Path out) throws Exception {
        ImageJHost.Run run = ImageJHost.runMacro(ImageJHost.macrosDir().resolve("demo.ijm"), out.toString(), 600);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("shapes-edges.tif: 160x120, 3 slices (c=1 z=3 t=1): Sobel X, Sobel Y, Laplacian"),
                run.output());
        assertFalse(run.output().contains("Apply Convolution Kernel error"), run.output());
        // The demo runs every menu command; plain ImageJ has a no-operation SLF4J binding (pom.xml).
        assertFalse(run.output().contains("SLF4J:"), run.output());

        ImagePlus shapes = open(out.resolve("shapes.tif"));
        ImagePlus edges = open(out.resolve("shapes-edges.tif"));
        assertEquals(ImagePlus.GRAY32, edges.getType());
        assertEquals(3, edges.getStackSize());
        String[] names = {"Sobel X", "Sobel Y", "Laplacian"};
        for (int i = 0; i < 3; i++) {
            assertEquals(names[i], edges.getStack().getSliceLabel(i + 1));
            Kernel k = KernelPresets.get(names[i]).get(0);
            float[] expected = convolver(shapes.getProcessor().convertToFloat(), k);
            assertClose(expected, (float[]) edges.getStack().getPixels(i + 1), 160, 0, names[i]);
        }

        // kernels=[# Diagonal\n1 0\n0 -1] stride=2 padding=valid activation=relu, normalize off:
        // out(x, y) = max(0, p(2x, 2y) - p(2x + 1, 2y + 1)), computed here by hand.
        ImagePlus diagonal = open(out.resolve("shapes-diagonal-stride2.tif"));
        assertEquals(80, diagonal.getWidth());
        assertEquals(60, diagonal.getHeight());
        assertEquals("Diagonal", label(diagonal));
        ImageProcessor p = shapes.getProcessor();
        ImageProcessor d = diagonal.getProcessor();
        boolean sawPositive = false;
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 80; x++) {
                float expected = Math.max(0f, p.getf(2 * x, 2 * y) - p.getf(2 * x + 1, 2 * y + 1));
                assertEquals(expected, d.getf(x, y), 1e-4, "diagonal at " + x + "," + y);
                sawPositive |= expected > 0;
            }
        }
        assertTrue(sawPositive);

        // RGB: channels=separate gives R, G, B maps; channels=sum their sum. Edges are zero-padded,
        // so ImageJ's Convolver (replicated edges) is the oracle away from the border.
        ColorProcessor colors = (ColorProcessor) open(out.resolve("colors.tif")).getProcessor();
        ImagePlus separate = open(out.resolve("colors-sobel-separate.tif"));
        ImagePlus sum = open(out.resolve("colors-sobel-sum.tif"));
        assertEquals(3, separate.getNChannels());
        assertEquals("Sobel X", label(sum));
        float[] total = new float[96 * 64];
        String[] rgb = {"R", "G", "B"};
        Kernel sobel = KernelPresets.get(KernelPresets.SOBEL_X).get(0);
        for (int c = 0; c < 3; c++) {
            assertEquals("Sobel X (" + rgb[c] + ")", separate.getStack().getSliceLabel(c + 1));
            float[] map = (float[]) separate.getStack().getPixels(c + 1);
            assertClose(convolver(colors.toFloat(c, null), sobel), map, 96, 1, "Sobel X on " + rgb[c]);
            for (int i = 0; i < total.length; i++) {
                total[i] += map[i];
            }
        }
        assertClose(total, (float[]) sum.getProcessor().getPixels(), 96, 0, "RGB sum");
    }

    @Test
    void badInputInAMacroStopsItWithAMessageAndWritesNothing(@TempDir Path out) throws Exception {
        Path macro = Paths.get("src/test/resources/macros/apply-convolution-bad-input.ijm");
        String[][] cases = {
            {"token", "\"x\" (number 2 on the line) is not a number"},
            {"ragged", "ragged"},
            {"empty", "contains no kernel"},
            {"nan", "not a finite number"},
            {"large", "larger than the image"},
            {"stride", "'0' is not valid for 'stride': give a whole number of at least 1."},
            // ImageJ's own dialog would open a modal "Numeric value expected" here and hang -batch.
            {"strideword", "'abc' is not valid for 'stride': give a whole number of at least 1."},
            {"unknownkey", "'strides' is not a key of Apply Convolution Kernel. Its keys are: kernels, preset, file, "
                    + "stride,"},
            {"choice", "'Foo' is not valid for 'preset': give one of: "},
            {"noimage", "No image is open"}};
        for (String[] c : cases) {
            ImageJHost.Run run = ImageJHost.runMacro(macro, c[0] + " " + out, 120);
            String o = run.output();
            assertTrue(o.contains("Apply Convolution Kernel error: ") && o.contains(c[1]), c[0] + ":\n" + o);
            assertFalse(o.contains("after run"), c[0] + ": the macro went on after the error:\n" + o);
            try (var files = Files.list(out)) {
                assertEquals(0, files.count(), c[0] + ": a file was written");
            }
        }
    }

    @Test
    void headlessCommandLineFromTheReadmeWritesTheTiff(@TempDir Path out) throws Exception {
        Path in = out.resolve("in.tif");
        FloatProcessor fp = new FloatProcessor(50, 40);
        for (int i = 0; i < 2000; i++) {
            fp.setf(i, (i * 37) % 101);
        }
        IJ.saveAsTiff(new ImagePlus("in", fp), in.toString());
        Path home = ImageJHost.home();
        String cp = home.resolve("ij.jar") + java.io.File.pathSeparator + home.resolve("plugins/*")
                + java.io.File.pathSeparator + home.resolve("plugins/CNN_Classifier-deps/*");
        Path tif = out.resolve("features.tif");
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "org.cnnclassifier.command.HeadlessMain", "--headless", "--run",
                "org.cnnclassifier.command.ApplyConvolutionKernelCommand",
                "input='" + in + "',preset='Edges',stride=1,padding='same',output='" + tif + "'")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        ImagePlus features = open(tif);
        assertEquals(3, features.getStackSize(), log);
        assertEquals("Laplacian", features.getStack().getSliceLabel(3));
        // The command's image output is described, not dropped with scijava's "Ignoring unsupported output".
        assertTrue(log.matches("(?s).*result = image '[^']*' 50x40, 3 slices.*"), log);
        assertFalse(log.contains("Ignoring unsupported output"), log);
        // Its ImgLib2 twin (X, Y, the 3 maps) likewise.
        assertTrue(log.contains("resultImg = ImgLib2 image 50x40x3 (FloatType)"), log);
        float[] expected = convolver(fp, KernelPresets.get(KernelPresets.LAPLACIAN).get(0));
        assertClose(expected, (float[]) features.getStack().getPixels(3), 50, 0, "headless Laplacian");
    }

    private static ImagePlus open(Path p) {
        ImagePlus imp = IJ.openImage(p.toString());
        assertNotNull(imp, "cannot open " + p);
        return imp;
    }

    /** A slice label; ImageJ keeps a single image's label in the "Slice_Label" property. */
    private static String label(ImagePlus imp) {
        return imp.getStackSize() == 1 ? imp.getProp("Slice_Label") : imp.getStack().getSliceLabel(1);
    }

    private static float[] convolver(ImageProcessor floatCopy, Kernel k) {
        FloatProcessor fp = (FloatProcessor) floatCopy.duplicate();
        new Convolver().convolve(fp, k.weights(), k.width(), k.height()); // normalize on, as the macro
        return (float[]) fp.getPixels();
    }

    /** 1e-5 relative to the map's largest magnitude ({@code w} pixels wide), ignoring {@code border} pixels at the edges. */
    private static void assertClose(float[] expected, float[] actual, int w, int border, String what) {
        int h = expected.length / w;
        double scale = 1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int y = border; y < h - border; y++) {
            for (int x = border; x < w - border; x++) {
                int i = y * w + x;
                if (Math.abs(expected[i] - actual[i]) > 1e-5 * scale) {
                    throw new AssertionError(what + ": pixel " + x + "," + y + " is " + actual[i] + ", expected " + expected[i]);
                }
            }
        }
    }
}
