package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.cnnclassifier.data.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.cnnclassifier.modelfile.ModelFile;

/** The SciJava commands as scripts and headless runs use them: train, then evaluate and open samples. */
class TrainClassifierCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainEvaluateAndSamplesThroughSciJava() throws Exception {
        Files.write(tmp.resolve("data_batch_1.bin"), TestData.realRecords(200));
        Path model = tmp.resolve("model.zip");
        try (Context context = new Context()) {
            CommandService cs = context.service(CommandService.class);
            CommandModule train = cs.run(TrainClassifierCommand.class, true, Map.of("data", tmp.toFile(), "architecture", "seed",
                    "epochs", 2, "batch", 32, "validation", "0.25", "model", model.toFile())).get();
            assertTrue(Files.isRegularFile(model));
            assertEquals(2, ModelFile.readMetadata(model).epochsRun());
            ResultsTable history = (ResultsTable) train.getOutput("history");
            assertEquals(2, history.size());
            assertEquals(((Double) train.getOutput("validationAccuracy")), history.getValue("val_accuracy", 1), 1e-12);
            assertTrue(train.getOutput("plot") instanceof ImagePlus);

            CommandModule eval = cs.run(EvaluateClassifierCommand.class, true, Map.of("model", model.toString(),
                    "data", tmp.resolve("data_batch_1.bin").toFile())).get();
            double acc = (Double) eval.getOutput("accuracy");
            assertTrue(acc > 0 && acc <= 1);
            ResultsTable confusion = (ResultsTable) eval.getOutput("confusion");
            double total = 0;
            int classes = org.cnnclassifier.data.CifarBinary.DEFAULT_CLASS_NAMES.size();
            assertEquals(classes + 1, confusion.size(), "a row per true class, then 'all'");
            for (int r = 0; r < classes; r++) {
                for (String c : org.cnnclassifier.data.CifarBinary.DEFAULT_CLASS_NAMES) {
                    total += confusion.getValue(c, r);
                }
            }
            assertEquals(200, total, 0);
            assertEquals("all", confusion.getStringValue("true_class", classes));
            assertEquals(200, confusion.getValue("images", classes), 0);
            assertEquals((Double) eval.getOutput("accuracy"), confusion.getValue("recall", classes), 1e-12);

            CommandModule samples = cs.run(OpenCifarSamplesCommand.class, true, Map.of("data", tmp.toFile(), "seed", 3L,
                    "output", tmp.resolve("montage.png").toString())).get();
            ImagePlus stack = (ImagePlus) samples.getOutput("stack");
            assertEquals(25, stack.getStackSize());
            assertTrue(org.cnnclassifier.data.CifarBinary.DEFAULT_CLASS_NAMES.contains(stack.getStack().getSliceLabel(1)));
            assertTrue(Files.size(tmp.resolve("montage.png")) > 0);
        }
        assertTrue(new File(tmp.toFile(), "model-history.csv").isFile());
    }
}
