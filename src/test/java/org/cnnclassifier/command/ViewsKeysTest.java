package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import org.cnnclassifier.explain.NetworkFigure;
import org.cnnclassifier.function.ApplyConvolutionKernel;
import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.TinyModels;
import org.cnnclassifier.testing.HeadlessContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * The keys of issue 23 through the functions and commands: Apply Convolution Kernel's {@code at=x,y}
 * (the "Convolution Arithmetic" table, checked against a hand-computed pixel), and Show Channels and
 * Activations' {@code figure} with the script-only {@code figure_output} PNG, headless.
 */
class ViewsKeysTest extends HeadlessContext {
    private static Values values(Spec spec, String... kv) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            raw.put(kv[i], kv[i + 1]);
        }
        return spec.parse(raw, Spec.Source.DEFAULTS, Key.Scope.SCRIPT);
    }

    @Test
    void atGivesTheArithmeticOfThatPixelInEveryMap() throws Exception {
        ByteProcessor bp = new ByteProcessor(7, 6);
        Random r = new Random(4);
        for (int i = 0; i < 42; i++) {
            bp.set(i, r.nextInt(256));
        }
        ImagePlus gray = new ImagePlus("g", bp);
        Values v = values(ApplyConvolutionKernel.SPEC, "kernels", "# A\n1 2\n3 4\n\n# B\n0 -1\n1 0", "stride", "2",
                "padding", "valid", "normalize", "false", "at", "2,1");
        ImagePlus features = ApplyConvolutionKernel.apply(gray, v, ProgressListener.SILENT);
        ResultsTable rt = ApplyConvolutionKernel.arithmetic(features, gray, v);
        assertEquals(2 * (4 + 1), rt.size()); // two maps: four products and the sum each
        // By hand: map pixel (2, 1) at stride 2, valid, reads input (4..5, 2..3).
        double a = bp.get(4, 2) + 2 * bp.get(5, 2) + 3 * bp.get(4, 3) + 4 * bp.get(5, 3);
        double b = -bp.get(5, 2) + bp.get(4, 3);
        assertEquals("sum", rt.getStringValue("row", 4));
        assertEquals(a, rt.getValue("product", 4), 1e-9);
        assertEquals(a, rt.getValue("map", 4), 1e-3);
        assertEquals("B", rt.getStringValue("filter", 9));
        assertEquals(b, rt.getValue("product", 9), 1e-9);
        assertEquals(b, rt.getValue("map", 9), 1e-3);
        assertEquals(5, rt.getValue("input_x", 1), 0);
        assertEquals(2, rt.getValue("input_y", 1), 0);
        assertEquals(2 * bp.get(5, 2), rt.getValue("product", 1), 1e-9);

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ApplyConvolutionKernel
                .arithmetic(features, gray, values(ApplyConvolutionKernel.SPEC, "at", "3")));
        assertTrue(bad.getMessage().contains("'3' is not valid for 'at'"), bad.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> ApplyConvolutionKernel
                .arithmetic(features, gray, values(ApplyConvolutionKernel.SPEC, "at", "3,0")));
        assertTrue(outside.getMessage().contains("outside the feature map (3x3)"), outside.getMessage());
    }

    @Test
    void figureOutputWritesThePngHeadless(@TempDir Path dir) throws Exception {
        ColorProcessor cp = new ColorProcessor(32, 32);
        Random r = new Random(9);
        for (int i = 0; i < 1024; i++) {
            cp.set(i, r.nextInt(1 << 24));
        }
        Path image = dir.resolve("noise.png");
        assertTrue(new FileSaver(new ImagePlus("noise", cp)).saveAsPng(image.toString()));
        Path png = dir.resolve("figure.png");
        Map<String, Object> in = new HashMap<>(Map.of("input", image.toString(), "model",
                TinyModels.colorModel().toString(), "figure", "true", "figure_output", png.toString()));
        CommandModule m = context.service(CommandService.class).run(ShowChannelsAndActivationsCommand.class, true, in)
                .get();
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus fig = IJ.openImage(png.toString());
        assertEquals(NetworkFigure.MARGIN * 2 + NetworkFigure.LABEL_WIDTH + 8 * 64 + 7 * NetworkFigure.GAP,
                fig.getWidth());
        assertTrue(fig.getHeight() > 128 + 4 * 64, "input, four layer rows and the bars: " + fig.getHeight());

        in.put("figure", "false");
        in.put("figure_output", dir.resolve("none.png").toString());
        m = context.service(CommandService.class).run(ShowChannelsAndActivationsCommand.class, true, in).get();
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("also set 'figure'"), m.getCancelReason());
        assertFalse(Files.exists(dir.resolve("none.png")));
    }
}
