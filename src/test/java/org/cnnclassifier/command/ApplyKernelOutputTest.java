package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.cnnclassifier.testing.HeadlessContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Issue 28, defect 1 (headless Apply Convolution Kernel): {@code output=} the input image or the kernel file is
 * refused before the convolution and the file keeps its bytes (before: the input TIFF was replaced by the maps).
 * Oracle: the input file's bytes before and after; a TIFF beside it is still written as before.
 */
class ApplyKernelOutputTest extends HeadlessContext {
    @Test
    void theInputImageAndTheKernelFileAreNeverTheOutput(@TempDir Path tmp) throws Exception {
        FloatProcessor fp = new FloatProcessor(12, 10);
        for (int i = 0; i < 120; i++) {
            fp.setf(i, i);
        }
        Path input = tmp.resolve("in.tif");
        assertTrue(new FileSaver(new ImagePlus("in", fp)).saveAsTiff(input.toString()));
        Path kernels = Files.writeString(tmp.resolve("k.txt"), "0 1 0\n1 -4 1\n0 1 0\n");
        byte[] image = Files.readAllBytes(input), kernel = Files.readAllBytes(kernels);
        for (Path output : new Path[] {input, kernels}) {
            CommandModule m = context.service(CommandService.class).run(ApplyConvolutionKernelCommand.class, true,
                    Map.of("input", input.toString(), "file", kernels.toString(), "output", output.toString())).get();
            assertTrue(m.isCanceled(), output.toString());
            String what = output.equals(input) ? "input image" : "kernel file";
            assertEquals("Cannot write the feature maps to " + output + ": it is the " + what + " this run reads, "
                    + "and would be destroyed. Choose another file name.", m.getCancelReason());
        }
        assertArrayEquals(image, Files.readAllBytes(input));
        assertArrayEquals(kernel, Files.readAllBytes(kernels));
        Path maps = tmp.resolve("maps.tif");
        CommandModule ok = context.service(CommandService.class).run(ApplyConvolutionKernelCommand.class, true,
                Map.of("input", input.toString(), "file", kernels.toString(), "output", maps.toString())).get();
        assertFalse(ok.isCanceled(), ok.getCancelReason());
        ImagePlus back = IJ.openImage(maps.toString());
        assertEquals(32, back.getBitDepth(), "the feature maps, as TIFF");
    }
}
