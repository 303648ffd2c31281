package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.cnnclassifier.conv.KernelPresets;
import org.cnnclassifier.ij1.ApplyConvolutionKernelPlugin;
import org.cnnclassifier.testing.HeadlessContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** The SciJava command as scripts and headless runs use it, in a real SciJava context. */
class ApplyConvolutionKernelCommandTest extends HeadlessContext {
    private static CommandModule run(Object... inputs) throws Exception {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < inputs.length; i += 2) {
            map.put((String) inputs[i], inputs[i + 1]);
        }
        return context.service(CommandService.class).run(ApplyConvolutionKernelCommand.class, true, map).get();
    }

    private static ImagePlus ramp() {
        FloatProcessor fp = new FloatProcessor(30, 20);
        Random rnd = new Random(21);
        for (int i = 0; i < 600; i++) {
            fp.setf(i, rnd.nextFloat() * 100);
        }
        return new ImagePlus("ramp", fp);
    }

    @Test
    void convolvesAnImagePlusAndSavesTheTiff(@TempDir Path dir) throws Exception {
        File out = dir.resolve("features.tif").toFile();
        CommandModule m = run("imp", ramp(), "preset", "Edges", "stride", 2, "padding", "valid", "output", out);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus result = (ImagePlus) m.getOutput("result");
        assertEquals("ramp-features", result.getTitle());
        assertEquals(3, result.getStackSize());
        assertEquals((30 - 3) / 2 + 1, result.getWidth());
        assertEquals((20 - 3) / 2 + 1, result.getHeight());
        ImagePlus saved = IJ.openImage(out.getPath());
        assertNotNull(saved);
        assertEquals(3, saved.getStackSize());
        assertEquals("Sobel Y", saved.getStack().getSliceLabel(2));
        float[] a = (float[]) result.getStack().getPixels(3);
        float[] b = (float[]) saved.getStack().getPixels(3);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i]);
        }
    }

    @Test
    void readsTheImageFromAFileAndTypedKernels(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.tif");
        IJ.saveAsTiff(ramp(), in.toString());
        CommandModule m = run("input", in.toFile(), "kernels", "# A\\n1 0\\n0 -1\\n\\n# B\\n1 1 1", "normalize", false);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus result = (ImagePlus) m.getOutput("result");
        assertEquals(2, result.getStackSize());
        assertEquals("A", result.getStack().getSliceLabel(1));
        // Hand check of one pixel of kernel A (2x2, same padding pads after): p(x,y) - p(x+1,y+1).
        ImagePlus src = ramp();
        float expected = src.getProcessor().getf(4, 5) - src.getProcessor().getf(5, 6);
        assertEquals(expected, result.getStack().getProcessor(1).getf(4, 5), 1e-4);
    }

    @Test
    void badInputCancelsWithTheMessageAndWritesNothing(@TempDir Path dir) throws Exception {
        File out = dir.resolve("never.tif").toFile();
        CommandModule m = run("imp", ramp(), "kernels", "1 2\n3 oops", "output", out);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("\"oops\""), m.getCancelReason());
        assertNull(m.getOutput("result"));
        assertFalse(out.exists());
        CommandModule none = run("preset", "Edges");
        assertTrue(none.isCanceled());
        assertTrue(none.getCancelReason().contains("No image"), none.getCancelReason());
        CommandModule stride = run("imp", ramp(), "stride", 0);
        assertTrue(stride.isCanceled());
        assertTrue(stride.getCancelReason().contains("'stride'"), stride.getCancelReason());
        // Headless text that is not a whole number names the key instead of running as "stride 0" or the default.
        for (String bad : new String[] {"1.5", "abc", ""}) {
            CommandModule m2 = run("imp", ramp(), "stride", bad);
            assertTrue(m2.isCanceled(), bad);
            assertTrue(m2.getCancelReason().contains("is not valid for 'stride': give a whole number of at least 1"),
                    m2.getCancelReason());
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no file, not even a temporary one");
        }
    }

    @Test
    void parameterNamesAreTheMacroKeys() throws Exception {
        for (Field f : ApplyConvolutionKernelPlugin.class.getFields()) {
            if (f.getName().startsWith("KEY_")) {
                String key = (String) f.get(null);
                assertNotNull(ApplyConvolutionKernelCommand.class.getDeclaredField(key), key);
            }
        }
        assertEquals(KernelPresets.EDGES, org.cnnclassifier.conv.KernelSources.DEFAULT_PRESET);
    }
}
