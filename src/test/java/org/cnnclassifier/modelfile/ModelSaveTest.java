package org.cnnclassifier.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.cnnclassifier.data.TestData;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.TinyModels;
import org.cnnclassifier.testing.TrainAndSaveMain;
import org.cnnclassifier.util.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;

/**
 * Saving a trained model: a save that fails at the end of training keeps the network in a
 * fallback file named in the message; a process killed in the middle of the save leaves the
 * previous model intact and loadable.
 */
class ModelSaveTest {
    @TempDir
    Path tmp;

    TrainingOptions options(Path model) throws IOException {
        Path data = Files.write(tmp.resolve("data_batch_1.bin"), TestData.realRecords(64));
        return TrainingOptions.builder()
                .data(data)
                .architecture(Architecture.SEED)
                .epochs(1)
                .batch(32)
                .validation("0")
                .model(model)
                .build();
    }

    @Test
    void modelFolderReplacedByAFileDuringTrainingSavesToTheTemporaryFolder() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("models"));
        Path model = folder.resolve("m.zip");
        TrainingOptions o = options(model);
        ModelSaveException e = assertThrows(ModelSaveException.class, () -> Trainer.train(o, ProgressListener.SILENT, (s, h) -> {
            try {
                Files.delete(folder);
                Files.writeString(folder, "now a file");
            } catch (IOException x) {
                throw new AssertionError(x);
            }
        }));
        Path saved = e.savedTo();
        assertNotNull(saved, e.getMessage());
        try {
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), saved.getParent().toAbsolutePath());
            assertTrue(saved.getFileName().toString().matches("m\\.recovered-\\d{8}-\\d{6}\\.zip"), saved.toString());
            assertTrue(e.getMessage().startsWith("Could not save the trained model to " + model + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("The trained network was saved to " + saved + " instead"), e.getMessage());
            assertEquals(1, ModelFile.load(saved).metadata().epochsRun());
        } finally {
            Files.deleteIfExists(saved);
        }
    }

    @Test
    void modelPathTurnedIntoAFolderDuringTrainingSavesNextToIt() throws IOException {
        Path model = tmp.resolve("m.zip");
        TrainingOptions o = options(model);
        ModelSaveException e = assertThrows(ModelSaveException.class, () -> Trainer.train(o, ProgressListener.SILENT, (s, h) -> {
            try {
                Files.createDirectory(model);
            } catch (IOException x) {
                throw new AssertionError(x);
            }
        }));
        Path saved = e.savedTo();
        assertNotNull(saved, e.getMessage());
        assertEquals(tmp.toAbsolutePath(), saved.getParent());
        assertTrue(e.getMessage().contains("it is a folder") && e.getMessage().contains(saved.toString()), e.getMessage());
        assertEquals(TinyModels.CIFAR, ModelFile.load(saved).metadata().classNames());
    }

    @Test
    void trainingKilledDuringTheSaveLeavesTheOldModelIntact() throws Exception {
        Path model = tmp.resolve("m.zip");
        TinyModels.save(TinyModels.network(10, 3), TinyModels.CIFAR, "old", model);
        byte[] old = Files.readAllBytes(model);
        TrainingOptions o = options(model);
        Path marker = tmp.resolve("paused");
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Djava.awt.headless=true", "-D" + AtomicFiles.PAUSE_BEFORE_MOVE_PROPERTY + "=" + marker,
                "-cp", System.getProperty("java.class.path"), TrainAndSaveMain.class.getName(), o.data().toString(), model.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!Files.exists(marker) || Files.readString(marker).isEmpty()) {
                assertTrue(p.isAlive(), () -> "the training process ended before the save: " + read(log));
                assertTrue(System.nanoTime() < deadline, () -> "the training process did not reach the save: " + read(log));
                Thread.sleep(100);
            }
            Path temporary = Path.of(Files.readString(marker, StandardCharsets.UTF_8).trim());
            assertTrue(Files.size(temporary) > 0, "the new model is written, not yet moved");
            // kill -9 inside the save
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertArrayEquals(old, Files.readAllBytes(model), "the old model is untouched");
        assertEquals("old", ModelFile.load(model).metadata().architecture());
        // What remains: the killed process's hidden temporary file, which nothing reads ...
        List<String> left = leftovers();
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).matches("\\.cnn-" + p.pid() + "-[a-z]{6}\\.tmp"), left.toString());
        // ... and which the next save of that model removes.
        TinyModels.save(TinyModels.network(10, 4), TinyModels.CIFAR, "new", model);
        assertEquals(List.of(), leftovers());
        assertEquals("new", ModelFile.load(model).metadata().architecture());
        assertFalse(Files.exists(tmp.resolve("m.zip.tmp")));
    }

    List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).sorted().toList();
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
