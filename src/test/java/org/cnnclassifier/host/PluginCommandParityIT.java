package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.cnnclassifier.command.ClassifyImageCommand;
import org.cnnclassifier.command.EvaluateClassifierCommand;
import org.cnnclassifier.data.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Classify Image and Evaluate Classifier, whose menu commands fill tables (not shown headless):
 * the PlugIns from a macro in real ImageJ, and the SciJava commands in-process, on the same image,
 * selection, model and data, give the same classes, probabilities, accuracy and loss.
 */
class PluginCommandParityIT {
    @Test
    void classifyImageAndEvaluateAgreeAcrossHosts(@TempDir Path tmp) throws Exception {
        ColorProcessor cp = new ColorProcessor(41, 37);
        for (int i = 0; i < 41 * 37; i++) {
            cp.set(i, (int) ((i * 2654435761L) & 0xffffff));
        }
        Path image = tmp.resolve("noise.png");
        assertTrue(new FileSaver(new ImagePlus("noise", cp)).saveAsPng(image.toString()));
        Path data = tmp.resolve("data_batch_1.bin");
        Files.write(data, TestData.records(50, 4));
        String model = "default"; // the shipped model: CIFAR-10 classes, as the data
        ImageJHost.Run run = ImageJHost.runMacro(Path.of("src/test/resources/it-macros/parity.ijm").toAbsolutePath(),
                image + "|" + model + "|" + data, 300);
        String out = run.output();
        assertEquals(0, run.exitCode(), out);
        assertFalse(out.contains("Exception"), out);

        System.setProperty("java.awt.headless", "true");
        try (Context context = new Context()) {
            CommandService cs = context.service(CommandService.class);
            // The selection's bounds, as a file: what the menu command classifies of the selected image.
            ImagePlus imp = new ImagePlus(image.toString());
            imp.setRoi(new Roi(3, 5, 20, 18));
            Path crop = tmp.resolve("crop.png");
            assertTrue(new FileSaver(imp.crop()).saveAsPng(crop.toString()));
            CommandModule m = cs.run(ClassifyImageCommand.class, true, Map.of("input", crop.toString(), "model", model,
                    "top", 3)).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            String expected = String.format(Locale.ROOT, "rank1=%s %.9f", m.getOutput("topClass"),
                    (Double) m.getOutput("probability"));
            assertTrue(out.contains(expected), expected + " in\n" + out);
            CommandModule eval = cs.run(EvaluateClassifierCommand.class, true, Map.of("model", model,
                    "data", data.toString())).get();
            assertFalse(eval.isCanceled(), eval.getCancelReason());
            for (String key : List.of("accuracy", "loss")) {
                String figure = String.format(Locale.ROOT, "%s=%.9f", key, (Double) eval.getOutput(key));
                assertTrue(out.contains(figure), figure + " in\n" + out);
            }
        }
    }
}
