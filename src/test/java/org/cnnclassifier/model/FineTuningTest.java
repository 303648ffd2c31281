package org.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init} and {@code freeze}: training that starts from the default model's weights. */
class FineTuningTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    /** The bn network at the default shape (32x32 RGB), from scratch or from {@code init}. */
    static TrainingOptions.Builder options(Path data, String init, int epochs) {
        return OwnShapesTest.options(data, null, epochs)
                .size(TrainingOptions.DEFAULTS.size())
                .channels(TrainingOptions.DEFAULTS.channels())
                .architecture(Architecture.BN)
                .rate(1e-3)
                .validation("")
                .init(init);
    }

    @Test
    void fineTuningTheDefaultModelBeatsTrainingFromScratchOnTheSameFewImages() throws IOException {
        // 10 JPEGs per class to train on; the 200 CIFAR-10 records of the binary fixture to evaluate on.
        Path data = Fixtures.cifarJpegs();
        Trainer.Result scratch = Trainer.train(options(data, "", 3).build(), ProgressListener.SILENT, null);
        Trainer.Result tuned = Trainer.train(options(data, "default", 3).build(), ProgressListener.SILENT, null);
        var test = org.cnnclassifier.data.CifarBinary.readFile(Fixtures.cifarBatch());
        double a = Evaluator.evaluate(scratch.network(), test, ProgressListener.SILENT).accuracy();
        double b = Evaluator.evaluate(tuned.network(), test, ProgressListener.SILENT).accuracy();
        assertTrue(b > a + 0.3, "fine-tuned " + b + " vs from scratch " + a);
        assertEquals("default", tuned.metadata().training().get("init"));
        assertEquals("bn", tuned.metadata().architecture());
    }

    @Test
    void otherClassesGetANewOutputLayerAndFreezeKeepsTheConvolutions() throws IOException {
        Path data = tmp.resolve("pets");
        for (String k : List.of("cat", "dog")) {
            Path d = Files.createDirectories(data.resolve(k));
            try (var s = Files.list(Fixtures.cifarJpegs().resolve(k))) {
                for (Path f : s.toList()) {
                    Files.copy(f, d.resolve(f.getFileName()));
                }
            }
        }
        TrainingOptions o = options(data, "default", 2).freeze(true).model(tmp.resolve("pets.zip")).build();
        Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
        ModelFile.LoadedModel saved = ModelFile.load(o.model());
        ModelFile.LoadedModel start = ModelFile.loadDefault();
        assertEquals(List.of("cat", "dog"), saved.metadata().classNames());
        assertEquals(2, saved.network().getLayer("output").getParam("W").size(1));
        for (String layer : List.of("conv1", "conv6", "bn3")) {
            // Batch normalisation's running mean and variance follow the data; its scale and shift are frozen.
            for (String p : layer.startsWith("bn") ? List.of("gamma", "beta") : List.of("W", "b")) {
                assertEquals(start.network().getLayer(layer).getParam(p), saved.network().getLayer(layer).getParam(p),
                        layer + " " + p);
            }
        }
        assertNotEquals(start.network().getLayer("dense1").getParam("W"), r.network().getLayer("dense1")
                .getParam("W"));
        // A plain network of the same layers: classifiable, with activations of its named layers.
        Classifier c = Classifier.of(saved, "pets.zip");
        assertEquals(2, c.probabilities(new byte[][] {new byte[3 * 32 * 32]})[0].length);
    }

    @Test
    void initWithItsOwnShapeKeysOrFreezeWithoutInitAreRefused() {
        TrainingOptions o = TrainingOptions.builder().data(java.nio.file.Path.of("/data")).init("default")
                .size("native").build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                o::validate);
        assertTrue(e.getMessage().startsWith("init starts from a model whose input size"), e.getMessage());
        o = o.toBuilder().size(TrainingOptions.DEFAULTS.size()).build();
        o.validate(); // init alone is fine
        TrainingOptions freezeAlone = o.toBuilder().init("").freeze(true).build();
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, freezeAlone::validate);
        assertTrue(e.getMessage().startsWith("freeze keeps the convolution layers of the init model fixed"),
                e.getMessage());
    }
}
