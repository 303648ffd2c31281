package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cnnclassifier.data.TestData;
import org.cnnclassifier.host.ImageJHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;

/** macros/train_small.ijm in real ImageJ under Xvfb: samples, Train (1 epoch), Evaluate, via run(...) with macro keys. */
class TrainMacroIT {
    @TempDir
    Path tmp;

    @Test
    void trainMacroWritesModelWithMetadata() throws Exception {
        Files.write(tmp.resolve("data_batch_1.bin"), TestData.realRecords(200));
        ImageJHost.Run run = ImageJHost.runMacro(ImageJHost.macrosDir().resolve("train_small.ijm"), tmp.toString(), 300);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("samples: 2 images"), run.output());
        Path model = tmp.resolve("model.zip");
        assertTrue(Files.isRegularFile(model), run.output());
        ModelMetadata md = ModelFile.readMetadata(model);
        assertEquals("seed", md.architecture());
        assertEquals(1, md.epochsRun());
        assertEquals(160, md.trainingImages());
        assertEquals(40, md.validationImages());
        assertEquals(42, ((Number) md.training().get("seed")).intValue());
        assertEquals(10, md.classNames().size());
        assertTrue(md.validationAccuracy() >= 0 && md.validationAccuracy() <= 1);
        assertTrue(Files.isRegularFile(tmp.resolve("model-history.csv")));
        assertTrue(Files.isRegularFile(tmp.resolve("model-history.png")));
        assertTrue(run.output().contains("evaluation accuracy: "), run.output());
        // every temporary file was moved into place or removed
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
