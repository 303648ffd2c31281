package org.cnnclassifier.training;

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
import org.cnnclassifier.evaluation.Evaluator;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;

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
        assertEquals(ModelFile.loadDefault().metadata().architecture(), tuned.metadata().architecture(),
                "the init model's architecture, not the options' bn");
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
        int frozen = 0;
        for (org.deeplearning4j.nn.api.Layer layer : start.network().getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            boolean bn = layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization;
            if (!bn && !(layer instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer)) {
                continue;
            }
            // Batch normalisation's running mean and variance follow the data; its scale and shift are frozen.
            for (String p : bn ? List.of("gamma", "beta") : List.of("W", "b")) {
                assertEquals(layer.getParam(p), saved.network().getLayer(name).getParam(p), name + " " + p);
                frozen++;
            }
        }
        assertTrue(frozen >= 12, frozen + " frozen parameter arrays");
        // That the new output layer does train under freeze: wideModelGetsANewOutputLayerOnItsFlattenedMaps.
        // A plain network of the same layers: classifiable, with activations of its named layers.
        Classifier c = Classifier.of(saved, "pets.zip");
        assertEquals(2, c.probabilities(new byte[][] {new byte[3 * 32 * 32]})[0].length);
    }

    /**
     * wide's output layer reads the flattened maps directly (no hidden dense layer), so a new output
     * layer for other classes must keep the flatten in front of it.
     */
    @Test
    void wideModelGetsANewOutputLayerOnItsFlattenedMaps() {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                Architectures.build(Architecture.WIDE, 10, 3, 0, null, 1e-3));
        net.init();
        List<String> cifar = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        var start = new ModelFile.LoadedModel(net, ModelMetadata.builder().architecture("wide").classNames(cifar).build());
        for (boolean freeze : new boolean[] {false, true}) {
            var tuned = FineTuning.network(start, List.of("cat", "dog", "frog"), 1, null, 1e-3, freeze);
            assertEquals(512, tuned.getLayer("output").getParam("W").size(0));
            assertEquals(net.getLayer("conv7").getParam("W"), tuned.getLayer("conv7").getParam("W"));
            org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(
                    org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 32, 32);
            org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.eye(3).getRows(0, 1, 2, 0);
            assertEquals(List.of(4L, 3L), java.util.Arrays.stream(tuned.output(x).shape()).boxed().toList());
            org.nd4j.linalg.api.ndarray.INDArray before = tuned.getLayer("output").getParam("W").dup();
            tuned.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
            assertNotEquals(before, tuned.getLayer("output").getParam("W"), "freeze " + freeze);
            assertEquals(freeze, net.getLayer("conv7").getParam("W").equals(tuned.getLayer("conv7").getParam("W")),
                    "freeze " + freeze + " keeps conv7");
        }
    }

    /** Fine-tuning an {@code air} model keeps what it kept fixed: the whitened stem and the 1/9 scale. */
    @Test
    void airModelKeepsItsFixedLayersFixedWhenFineTuned() {
        var conf = Architectures.build(Architecture.AIR, 10, 3, 0, null, 1e-3);
        Architectures.freezeStem(conf);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();
        List<String> cifar = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        var start = new ModelFile.LoadedModel(net, ModelMetadata.builder().architecture("air").classNames(cifar).build());
        var tuned = FineTuning.network(start, List.of("cat", "dog", "frog"), 1, null, 1e-2, false);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 32, 32);
        org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.eye(3).getRows(0, 1, 2, 0);
        for (int i = 0; i < 2; i++) {
            tuned.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        }
        assertEquals(net.getLayer("conv1").getParam("W"), tuned.getLayer("conv1").getParam("W"), "the stem");
        assertEquals(net.getLayer("conv1").getParam("b"), tuned.getLayer("conv1").getParam("b"), "the stem's bias");
        org.junit.jupiter.api.Assertions.assertArrayEquals(net.getLayer("scale").getParam("W").toFloatVector(),
                tuned.getLayer("scale").getParam("W").toFloatVector(), 0f, "the 1/9 scale");
        assertNotEquals(net.getLayer("conv7").getParam("W"), tuned.getLayer("conv7").getParam("W"), "conv7 trains");
    }

    /** A model fine-tuned with freeze, fine-tuned again without it: its convolutions train again. */
    @Test
    void layersAFormerRunFrozeTrainWithoutFreeze() {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                Architectures.build(Architecture.WIDE, 3, 3, 0, null, 1e-3));
        net.init();
        List<String> classes = List.of("cat", "dog", "frog");
        var start = new ModelFile.LoadedModel(net, ModelMetadata.builder().architecture("wide").classNames(classes).build());
        var frozen = FineTuning.network(start, classes, 1, null, 1e-2, true);
        var again = FineTuning.network(new ModelFile.LoadedModel(frozen, start.metadata()), classes, 1, null, 1e-2, false);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 32, 32);
        org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.eye(3).getRows(0, 1, 2, 0);
        org.nd4j.linalg.api.ndarray.INDArray conv1 = again.getLayer("conv1").getParam("W").dup();
        again.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        assertNotEquals(conv1, again.getLayer("conv1").getParam("W"), "conv1 trains again");
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
