package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.cnnclassifier.data.CifarBinary;
import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.data.TestData;
import org.cnnclassifier.progress.CanceledException;
import org.cnnclassifier.progress.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.network.OmpThreads;
import org.cnnclassifier.speed.InputConvolution;
import org.cnnclassifier.speed.PlainMaxPooling;

class TrainerTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    /**
     * A batch file of {@code n} CIFAR-layout images whose class sets their mean colour: learnable,
     * so the training assertions mean something, and the same on every machine (real CIFAR-10
     * records are used where the tests need them, from the committed fixture).
     */
    Path batchFile(String name, int n, long seed) throws IOException {
        return batchFile(tmp, name, n, seed);
    }

    /** As {@link #batchFile(String, int, long)}, in {@code dir}. */
    static Path batchFile(Path dir, String name, int n, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] rec = new byte[n * CifarBinary.RECORD_BYTES];
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(10);
            rec[i * CifarBinary.RECORD_BYTES] = (byte) label;
            for (int c = 0; c < 3; c++) {
                int mean = 40 + 20 * ((label + c * 3) % 10);
                for (int p = 0; p < 1024; p++) {
                    rec[i * CifarBinary.RECORD_BYTES + 1 + c * 1024 + p] = (byte) Math.max(0, Math.min(255, mean + r.nextInt(61) - 30));
                }
            }
        }
        Path f = dir.resolve(name);
        Files.write(f, rec);
        return f;
    }

    TrainingOptions.Builder options(Path data, int epochs) {
        return TrainingOptions.builder()
                .data(data)
                .architecture(Architecture.SEED)
                .epochs(epochs)
                .batch(32)
                .rate(2e-3)
                .seed(7)
                .validation(""); // no held-out images unless a test asks for them
    }

    @Test
    void shortRunLossFallsAndAccuracyRisesWellAboveChance() throws IOException {
        TrainingOptions o = options(batchFile("train.bin", 800, 1), 6).build();
        Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
        List<EpochStats> h = r.history();
        assertEquals(6, h.size());
        assertTrue(h.get(5).loss() < h.get(0).loss() - 0.2, "loss falls: " + h);
        assertTrue(h.get(5).accuracy() > 0.3, "training accuracy well above chance (0.1): " + h);
        assertTrue(Double.isNaN(h.get(0).validationAccuracy()));
    }

    @Test
    void twoWorkersLearnAndRecordTheirCountWhileOneWorkerIsThePlainRun() throws IOException {
        Path data = batchFile("train.bin", 800, 1);
        Trainer.Result two = Trainer.train(options(data, 6).workers(2).build(), ProgressListener.SILENT, null);
        List<EpochStats> h = two.history();
        assertTrue(h.get(5).loss() < h.get(0).loss() - 0.2, "loss falls: " + h);
        assertTrue(h.get(5).accuracy() > 0.3, "training accuracy well above chance (0.1): " + h);
        assertEquals(2, two.metadata().training().get(TrainingOptions.KEY_WORKERS));
        // One worker is DL4J's own fit, batch after batch: the oracle is a network fitted by hand,
        // with the layers Train swaps in for speed (each checked against DL4J's own layer in its
        // test; the first convolution's weight gradient differs by float rounding, which Adam
        // carries into later steps, so the oracle needs the same layer to agree to the bit).
        TrainingOptions one = options(data, 1).workers(1).build();
        INDArray trained = Trainer.train(one, ProgressListener.SILENT, null).network().params();
        LabeledImages images = CifarBinary.readFile(data);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork byHand = new org.deeplearning4j.nn.multilayer
                .MultiLayerNetwork(Architectures.build(Architecture.SEED, 10, 7, one.effectiveDropout(), null, 2e-3));
        byHand.init();
        PlainMaxPooling.installWherePays(byHand);
        InputConvolution.install(byHand);
        int[] order = LabeledImages.permutation(images.size(), new Random(7));
        for (int from = 0; from < images.size(); from += 32) {
            byHand.fit(images.batch(order, from, Math.min(images.size(), from + 32), null));
        }
        assertArrayEquals(byHand.params().toFloatVector(), trained.toFloatVector(), 0f);
    }

    @Test
    void workersZeroGivesEachReplicaAHundredBatchesAndAnExplicitCountIsKept() {
        TrainingOptions auto = TrainingOptions.builder().build();
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(1, auto.workersFor(47), "bn on 6,000 images at batch 128: one network");
        assertEquals(1, auto.workersFor(199));
        assertEquals(Math.min(2, Math.min(4, cores)), auto.workersFor(200));
        assertEquals(Math.min(4, cores), auto.workersFor(100_000), "at most 4, and one per core");
        TrainingOptions three = auto.toBuilder().workers(3).build();
        assertEquals(3, three.workersFor(47), "a count given is kept");
        assertEquals(2, three.workersFor(2), "but not more than the batches of an epoch");
    }

    @Test
    void duringTwoWorkerRoundsTheCallingThreadUsesOneOpenMpThreadAndGetsItsCountBack() throws IOException {
        // The replicas' threads have the cores during the rounds; the calling thread's own OpenMP
        // workers spun after each round's averaging (9% of the CPU), so it runs on one thread then.
        List<Integer> inRounds = new ArrayList<>();
        List<Integer> atEpochEnd = new ArrayList<>();
        ProgressListener watch = new ProgressListener() {
            @Override
            public void status(String message) {
                (message.startsWith("Training") ? inRounds : atEpochEnd).add(OmpThreads.current());
            }

            @Override
            public void progress(double fraction) {
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
        try (OmpThreads two = OmpThreads.limit(2)) {
            Trainer.train(options(batchFile("train.bin", 400, 6), 2).workers(2).build(), watch, null);
            assertEquals(2, OmpThreads.current(), "the caller's count after the run");
        }
        assertFalse(inRounds.isEmpty());
        assertTrue(inRounds.stream().allMatch(t -> t == 1), "one thread in the rounds: " + inRounds);
        // Accuracy is measured between epochs with every thread again.
        assertTrue(atEpochEnd.contains(2), "between epochs: " + atEpochEnd);
    }

    @Test
    void fixedSeedGivesTheSameWeightsOnARerun() throws IOException {
        // Two workers (replicas on two threads, averaged): reproducible too for a given worker count.
        TrainingOptions o = options(batchFile("train.bin", 256, 2), 1).augment(true).dropout(0.3).workers(2).build();
        INDArray a = Trainer.train(o, ProgressListener.SILENT, null).network().params();
        INDArray b = Trainer.train(o, ProgressListener.SILENT, null).network().params();
        assertArrayEquals(a.toFloatVector(), b.toFloatVector(), 0f, "same seed, same weights (bit for bit)");
        o = o.toBuilder().seed(8).build();
        INDArray c = Trainer.train(o, ProgressListener.SILENT, null).network().params();
        assertFalse(java.util.Arrays.equals(a.toFloatVector(), c.toFloatVector()));
    }

    @Test
    void saveLoadRoundTripGivesIdenticalOutputsAndCompleteMetadata() throws IOException {
        TrainingOptions o = options(batchFile("train.bin", 300, 3), 1)
                .validation("0.2")
                .schedule(TrainingOptions.Schedule.ONECYCLE) // its DL4J schedule must survive the model's JSON
                .model(tmp.resolve("m.zip"))
                .build();
        Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
        ModelFile.LoadedModel m = ModelFile.load(o.model());
        LabeledImages data = CifarBinary.readFile(o.data());
        var batch = data.batch(LabeledImages.identity(data.size()), 0, 50, null).getFeatures();
        assertArrayEquals(r.network().output(batch, false).dup().data().asFloat(), m.network().output(batch, false).dup().data().asFloat(), 0f);
        ModelMetadata md = m.metadata();
        assertEquals(Architecture.SEED.word(), md.architecture());
        assertEquals(CifarBinary.DEFAULT_CLASS_NAMES, md.classNames());
        assertEquals(240, md.trainingImages());
        assertEquals(60, md.validationImages());
        assertEquals(1, md.epochsRun());
        assertEquals(r.validation().accuracy(), md.validationAccuracy(), 0);
        assertTrue(md.validationAccuracy() >= 0 && md.validationAccuracy() <= 1);
        assertEquals(7, ((Number) md.training().get("seed")).intValue());
        assertEquals("onecycle", md.training().get("schedule"));
        for (String k : List.of("data", "architecture", "epochs", "batch", "rate", "schedule", "validation", "augment", "dropout", "seed")) {
            assertTrue(md.training().containsKey(k), k);
        }
        assertTrue(md.trainingSeconds() > 0);
        assertEquals(ModelMetadata.NORMALIZATION_UNIT_RANGE, md.normalization());
        // Training swaps a faster ReLU backward into the configuration; the file names DL4J's own.
        String json;
        try (var zip = new java.util.zip.ZipFile(o.model().toFile())) {
            json = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(json.contains("ActivationReLU"), "the configuration names DL4J's ReLU");
        assertFalse(json.contains("FastReluBackward"), "no class of the plugin in the configuration");
    }

    /** smoothing: labels spread by hand-computed amounts, and DL4J's loss on them is the soft cross-entropy. */
    @Test
    void labelSmoothingSpreadsEachLabelAndTheLossIsTheSoftCrossEntropy() throws IOException {
        LabeledImages data = CifarBinary.readFile(batchFile("s.bin", 40, 5));
        var ds = data.batch(LabeledImages.identity(8), 0, 8, null, false, 0.1);
        float[][] y = ds.getLabels().toFloatMatrix();
        for (int i = 0; i < 8; i++) {
            for (int c = 0; c < 10; c++) {
                assertEquals(c == data.label(i) ? 0.91f : 0.01f, y[i][c], 1e-7f, "row " + i + " class " + c);
            }
        }
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                Architectures.build(Architecture.SEED, 10, 3, 0, null, 1e-3));
        net.init();
        float[][] p = net.output(ds.getFeatures(), false).toFloatMatrix();
        double expected = 0;
        for (int i = 0; i < 8; i++) {
            for (int c = 0; c < 10; c++) {
                expected -= y[i][c] * Math.log(p[i][c]) / 8;
            }
        }
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.computeGradientAndScore();
        assertEquals(expected, net.score(), 1e-5 * expected);

        // The Trainer uses it (another network than without it) and model.json records it.
        TrainingOptions plain = options(batchFile("t.bin", 96, 6), 1).build();
        TrainingOptions smooth = plain.toBuilder().smoothing(0.2).model(tmp.resolve("s.zip")).build();
        Trainer.Result a = Trainer.train(plain, ProgressListener.SILENT, null);
        Trainer.Result b = Trainer.train(smooth, ProgressListener.SILENT, null);
        assertFalse(a.network().params().equals(b.network().params()));
        assertEquals(0.2, ((Number) ModelFile.load(smooth.model()).metadata().training().get("smoothing"))
                .doubleValue());
        for (double bad : new double[] {-0.1, 1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> plain.toBuilder().smoothing(bad).build().validate());
            assertTrue(e.getMessage().startsWith("smoothing is the fraction of each label spread over all classes"),
                    e.getMessage());
        }
    }

    @Test
    void rateSchedulesHaveTheDocumentedShape() {
        assertNull(Trainer.rateSchedule(TrainingOptions.Schedule.CONSTANT, 0.01, 100));
        // linear: rate * (100 - i) / 100, computed by hand.
        var linear = Trainer.rateSchedule(TrainingOptions.Schedule.LINEAR, 0.01, 100);
        assertEquals(0.01, linear.valueAt(0, 0), 1e-12);
        assertEquals(0.005, linear.valueAt(50, 1), 1e-12);
        assertEquals(0.0001, linear.valueAt(99, 1), 1e-12);
        assertEquals(0, linear.valueAt(100, 1), 0);
        // onecycle over 100 steps: 0.001 up to 0.01 in 45 steps (0.0002 a step), down again by
        // step 90, then 0.001 * 0.01^(k / 10) for the last 10 steps k = 0..9.
        var oneCycle = Trainer.rateSchedule(TrainingOptions.Schedule.ONECYCLE, 0.01, 100);
        assertEquals(0.001, oneCycle.valueAt(0, 0), 1e-12);
        assertEquals(0.001 + 22 * 0.0002, oneCycle.valueAt(22, 0), 1e-12);
        assertEquals(0.01, oneCycle.valueAt(45, 0), 1e-12);
        assertEquals(0.01 - 20 * 0.0002, oneCycle.valueAt(65, 0), 1e-12);
        assertEquals(0.001, oneCycle.valueAt(90, 0), 1e-12);
        assertEquals(0.001 * Math.pow(0.01, 0.9), oneCycle.valueAt(99, 0), 1e-12);
        // Both survive the network configuration's JSON (the model file), schedule included.
        for (var schedule : List.of(linear, oneCycle)) {
            var conf = Architectures.build(Architecture.SEED, 10, 1, 0, schedule, 0.01);
            var back = org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(conf.toJson());
            var adam = (org.nd4j.linalg.learning.config.Adam) ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(0).getLayer()).getIUpdater();
            assertEquals(schedule.valueAt(37, 0), adam.getLearningRate(37, 0), 1e-12);
        }
    }

    @Test
    void cancelMidRunKeepsThePreviousModel() throws IOException {
        Path data = batchFile("train.bin", 400, 4);
        TrainingOptions o = options(data, 3).model(tmp.resolve("model.zip")).build();
        // A zip's signature: an existing file of another kind is never replaced (issue 28), so it looks like a model.
        Files.writeString(o.model(), "PK\u0003\u0004previous model");
        AtomicInteger checks = new AtomicInteger();
        ProgressListener cancelAfter5 = new ProgressListener() {
            public void status(String m) {
            }

            public void progress(double f) {
            }

            public boolean isCanceled() {
                return checks.incrementAndGet() > 5;
            }
        };
        assertThrows(CanceledException.class, () -> Trainer.train(o, cancelAfter5, null));
        assertEquals("PK\u0003\u0004previous model", Files.readString(o.model()));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("model.zip", "train.bin"), s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void validationFileIsLeftOutOfTraining() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar"));
        Files.write(dir.resolve("data_batch_1.bin"), TestData.records(30, 1));
        Files.write(dir.resolve("data_batch_2.bin"), TestData.records(20, 2));
        TrainingOptions.Builder o = options(dir, 1).validation("data_batch_2.bin");
        Trainer.Data d = Trainer.load(o.build(), ProgressListener.SILENT);
        assertEquals(30, d.training().size());
        assertEquals(20, d.validation().size());
        o.validation("0.1");
        d = Trainer.load(o.build(), ProgressListener.SILENT);
        assertEquals(45, d.training().size());
        assertEquals(5, d.validation().size());
        o.limit(10);
        assertEquals(10, Trainer.load(o.build(), ProgressListener.SILENT).training().size());
    }

    @Test
    void badInputsAreClearErrors() throws IOException {
        Path data = tmp.resolve("missing-data");
        TrainingOptions.Builder o = options(data, 0);
        TrainingOptions noEpochs = o.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.train(noEpochs, ProgressListener.SILENT, null));
        assertTrue(e.getMessage().startsWith("epochs must be at least 1"), e.getMessage());
        TrainingOptions noBatch = o.epochs(1).batch(0).build();
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.train(noBatch, ProgressListener.SILENT, null));
        assertTrue(e.getMessage().startsWith("batch"), e.getMessage());
        TrainingOptions badFraction = o.batch(32).validation("1.5").build();
        assertThrows(IllegalArgumentException.class, () -> Trainer.train(badFraction, ProgressListener.SILENT, null));
        o.validation("");
        // unwritable model path: checked before any data is read or trained
        TrainingOptions noFolder = o.model(tmp.resolve("no-such-folder").resolve("m.zip")).build();
        IOException io = assertThrows(IOException.class, () -> Trainer.train(noFolder, ProgressListener.SILENT, null));
        assertTrue(io.getMessage().contains("does not exist") && io.getMessage().contains("no-such-folder"), io.getMessage());
        TrainingOptions aFolder = o.model(tmp).build();
        io = assertThrows(IOException.class, () -> Trainer.train(aFolder, ProgressListener.SILENT, null));
        assertTrue(io.getMessage().contains("is a folder"), io.getMessage());
        TrainingOptions noData = o.model(tmp.resolve("m.zip")).build();
        io = assertThrows(IOException.class, () -> Trainer.train(noData, ProgressListener.SILENT, null));
        assertTrue(io.getMessage().contains("Data not found"), io.getMessage());
        assertFalse(Files.exists(noData.model()));
    }

    @Test
    void aModelFileThatIsNotOursIsRejected() throws IOException {
        Path text = tmp.resolve("notes.zip");
        Files.writeString(text, "hello");
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(text));
        assertTrue(e.getMessage().startsWith(text + " is not a usable CNN Classifier model"), e.getMessage());
        Path otherZip = tmp.resolve("other.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(otherZip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("data.txt"));
            z.write(1);
        }
        e = assertThrows(IOException.class, () -> ModelFile.load(otherZip));
        assertTrue(e.getMessage().startsWith(otherZip + " is not a usable CNN Classifier model"), e.getMessage());
    }
}
