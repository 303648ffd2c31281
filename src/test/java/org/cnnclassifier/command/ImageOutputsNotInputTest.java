package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.cnnclassifier.testing.HeadlessContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Headless Explain Classification ({@code output}) and Show Channels and Activations
 * ({@code figure_output}) refuse to write over the image they read, before any work, and the file
 * keeps its bytes (as Apply Convolution Kernel does: issue 28, defect 1). Oracle: the file's bytes.
 */
class ImageOutputsNotInputTest extends HeadlessContext {
    @Test
    void theInputImageIsNeverTheExplainedImageOrTheFigure(@TempDir Path tmp) throws Exception {
        ColorProcessor cp = new ColorProcessor(32, 32);
        for (int i = 0; i < 32 * 32; i++) {
            cp.set(i, i * 7919);
        }
        Path input = tmp.resolve("in.png");
        assertTrue(new FileSaver(new ImagePlus("in", cp)).saveAsPng(input.toString()));
        byte[] before = Files.readAllBytes(input);

        CommandModule explain = context.service(CommandService.class).run(ExplainClassificationCommand.class, true,
                Map.of("input", input.toString(), "model", "", "output", input.toString())).get();
        assertTrue(explain.isCanceled());
        assertEquals("Cannot write the explained image to " + input + ": it is the input image this run reads, "
                + "and would be destroyed. Choose another file name.", explain.getCancelReason());

        CommandModule figure = context.service(CommandService.class).run(ShowChannelsAndActivationsCommand.class,
                true, Map.of("input", input.toString(), "model", "", "figure", "true", "figure_output",
                        input.toString())).get();
        assertTrue(figure.isCanceled());
        assertEquals("Cannot write the network figure to " + input + ": it is the input image this run reads, "
                + "and would be destroyed. Choose another file name.", figure.getCancelReason());

        assertArrayEquals(before, Files.readAllBytes(input));
    }
}
