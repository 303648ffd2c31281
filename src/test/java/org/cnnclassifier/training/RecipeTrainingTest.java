package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.cnnclassifier.data.CifarBinary;
import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.progress.ProgressListener;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Nesterovs;

/** Every recipe key at once through Train, two replicas, saved and loaded back. */
class RecipeTrainingTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    @Test
    void allRecipeKeysTrainWithTwoReplicasAndTheModelSavesAndLoads() throws IOException {
        TrainingOptions o = TrainingOptions.builder().data(TrainerTest.batchFile(tmp, "train.bin", 256, 11)).architecture(Architecture.SEED).epochs(2)
                .batch(32).rate(0.05).seed(3).validation("").workers(2).optimizer(Optimizer.SGD_NESTEROV)
                .decay(5e-4).schedule(TrainingOptions.Schedule.TRIANGLE).lookahead(3).whiten(true)
                .augment("flip-alternate translate=2").smoothing(0.1).model(tmp.resolve("m.zip")).build();
        Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
        assertTrue(r.history().get(1).accuracy() > 0.3, "learns: " + r.history().get(1).accuracy());
        ModelFile.LoadedModel m = ModelFile.load(o.model());
        LabeledImages data = CifarBinary.readFile(o.data());
        var batch = data.batch(LabeledImages.identity(data.size()), 0, 40, null).getFeatures();
        assertArrayEquals(r.network().output(batch, false).dup().data().asFloat(),
                m.network().output(batch, false).dup().data().asFloat(), 0f);
        var training = m.metadata().training();
        assertEquals("sgd-nesterov", training.get("optimizer"));
        assertEquals("triangle", training.get("schedule"));
        assertEquals("flip-alternate translate=2", training.get("augment"));
        assertEquals(3, ((Number) training.get("lookahead")).intValue());
        assertEquals(true, training.get("whiten"));
        assertEquals(5e-4, ((Number) training.get("decay")).doubleValue(), 0);
        // the loaded configuration has Nesterov momentum 0.9 at the triangle's rate: 8 steps a run
        // (2 epochs of 4 rounds of two batches), peak 0.05 at step 1, 0 at step 8
        Nesterovs n = (Nesterovs) ((BaseLayer) m.network().getLayerWiseConfigurations().getConf(0).getLayer())
                .getIUpdater();
        assertEquals(0.9, n.getMomentum(), 0);
        assertEquals(0.01, n.getLearningRate(0, 0), 1e-12);
        assertEquals(0.05, n.getLearningRate(1, 0), 1e-12);
        assertEquals(0.05 * 4 / 7, n.getLearningRate(4, 0), 1e-12);
        String json;
        try (var zip = new java.util.zip.ZipFile(o.model().toFile())) {
            json = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        assertTrue(json.contains("org.cnnclassifier.network.TriangleSchedule"), "the schedule's class is named");
        assertTrue(json.contains("WeightDecay"), "weight decay is in the configuration");
    }
    /**
     * {@code air} with airbench's keys through Train on two replicas: the whitened stem stays fixed (its
     * filters are still exact signed pairs, which a trained stem would break: ReLU passes different
     * gradients to {@code +v} and {@code -v}), the normalisations' scales stay 1, the biases move at
     * {@code biasrate} except the stem's, and the model saves and loads (the scale constraint included).
     */
    @Test
    void airTrainsWithAFixedWhitenedStemAndLoadsBack() throws IOException {
        TrainingOptions o = TrainingOptions.builder().data(TrainerTest.batchFile(tmp, "air.bin", 128, 7))
                .architecture(Architecture.AIR).epochs(2).batch(16).rate(0.05).seed(3).validation("").workers(2)
                .optimizer(Optimizer.SGD_NESTEROV).decay(0.01).schedule(TrainingOptions.Schedule.TRIANGLE)
                .whiten(true).identity(true).biasRate(64).augment("flip-alternate translate=2").smoothing(0.2)
                .model(tmp.resolve("air.zip")).build();
        Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
        ModelFile.LoadedModel m = ModelFile.load(o.model());
        var stem = m.network().getLayer("conv1");
        float[] w = stem.getParam("W").dup('c').data().asFloat(); // 24 filters of 3x2x2
        for (int pair = 0; pair < 12; pair++) {
            for (int k = 0; k < 12; k++) {
                assertEquals(-w[2 * pair * 12 + k], w[(2 * pair + 1) * 12 + k], 0f, "stem filters " + 2 * pair + " and "
                        + (2 * pair + 1) + " are still opposite");
            }
        }
        float[] b = stem.getParam("b").dup().data().asFloat();
        for (int pair = 0; pair < 12; pair++) {
            assertEquals(-b[2 * pair], b[2 * pair + 1], 1e-6f, "whitening's biases, -w . mean, are opposite too");
        }
        assertEquals(1.0, m.network().getLayer("bn7").getParam("gamma").minNumber().doubleValue(), 0);
        assertEquals(1.0, m.network().getLayer("bn7").getParam("gamma").maxNumber().doubleValue(), 0);
        assertTrue(m.network().getLayer("bn7").getParam("beta").amaxNumber().doubleValue() > 0);
        assertEquals("air", m.metadata().architecture());
        LabeledImages data = CifarBinary.readFile(o.data());
        var batch = data.batch(LabeledImages.identity(data.size()), 0, 20, null).getFeatures();
        assertArrayEquals(r.network().output(batch, false).dup().data().asFloat(),
                m.network().output(batch, false).dup().data().asFloat(), 0f);
    }

    /**
     * {@code muon} through Train on two replicas: after every step each trained convolution's filters
     * have the norm sqrt(filters) (FilterNorm), the stem stays the whitened one, the filters moved, and
     * the model, whose configuration names Muon, loads back to the same outputs.
     */
    @Test
    void airWithMuonKeepsItsFilterNormsAndLoadsBack() throws IOException {
        TrainingOptions.Builder b = TrainingOptions.builder().data(TrainerTest.batchFile(tmp, "muon.bin", 128, 7))
                .architecture(Architecture.AIR).epochs(2).batch(16).rate(0.05).seed(3).validation("").workers(2)
                .optimizer(Optimizer.SGD_NESTEROV).schedule(TrainingOptions.Schedule.TRIANGLE).whiten(true)
                .identity(true).biasRate(64).smoothing(0.2);
        Trainer.Result plain = Trainer.train(b.epochs(1).rate(1e-9).model(tmp.resolve("start.zip")).build(),
                ProgressListener.SILENT, null);
        TrainingOptions o = b.epochs(2).rate(0.05).muon(0.08).model(tmp.resolve("muon.zip")).build();
        Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
        ModelFile.LoadedModel m = ModelFile.load(o.model());
        int convolutions = 0;
        for (var layer : m.network().getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer
                    && !"conv1".equals(layer.conf().getLayer().getLayerName())) {
                INDArray w = layer.getParam("W");
                assertEquals(Math.sqrt(w.size(0)), w.norm2Number().doubleValue(), 1e-3 * Math.sqrt(w.size(0)),
                        layer.conf().getLayer().getLayerName());
                INDArray start = plain.network().getLayer(layer.getIndex()).getParam("W");
                double startNorm = start.norm2Number().doubleValue();
                double cos = w.mul(start).sumNumber().doubleValue() / (startNorm * Math.sqrt(w.size(0)));
                assertTrue(cos < 0.999, "the filters turned: cosine " + cos);
                convolutions++;
            }
        }
        assertEquals(6, convolutions, "air's six trained convolutions");
        assertArrayEquals(plain.network().getLayer("conv1").getParam("W").dup().data().asFloat(),
                m.network().getLayer("conv1").getParam("W").dup().data().asFloat(), 0f, "the stem stays fixed");
        LabeledImages data = CifarBinary.readFile(o.data());
        var batch = data.batch(LabeledImages.identity(data.size()), 0, 20, null).getFeatures();
        assertArrayEquals(r.network().output(batch, false).dup().data().asFloat(),
                m.network().output(batch, false).dup().data().asFloat(), 0f);
        assertEquals(0.08, m.metadata().training().get("muon"));
    }

    /**
     * {@code decay}'s penalty stays out of the reported loss: the first step's loss (the epoch's, with one
     * batch) equals that of the same run without decay, whose weights start the same, on one replica and
     * two; the decayed weights do end smaller.
     */
    @Test
    void decayLeavesTheReportedLossAsTheDataLoss() throws IOException {
        Path data = TrainerTest.batchFile(tmp, "decay.bin", 64, 5);
        for (int workers : new int[] {1, 2}) {
            double[] loss = new double[2];
            double[] norm = new double[2];
            double[] decays = {0, 0.5};
            for (int i = 0; i < 2; i++) {
                TrainingOptions o = TrainingOptions.builder().data(data).architecture(Architecture.SEED).epochs(1)
                        .batch(64 / workers).rate(0.01).seed(3).validation("").workers(workers).decay(decays[i])
                        .model(tmp.resolve("d" + workers + i + ".zip")).build();
                Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
                loss[i] = r.history().get(0).loss();
                norm[i] = r.network().params().norm2Number().doubleValue();
            }
            assertEquals(loss[0], loss[1], 1e-5, workers + " workers: the loss of the first step is the data's");
            assertTrue(loss[1] < 5, "a cross-entropy of 10 classes, not a sum of squared weights: " + loss[1]);
            assertTrue(norm[1] < norm[0], "decay shrinks the weights: " + norm[1] + " vs " + norm[0]);
        }
    }
}
