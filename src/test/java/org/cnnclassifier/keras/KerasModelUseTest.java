package org.cnnclassifier.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import org.cnnclassifier.data.DataSources;
import org.cnnclassifier.evaluation.Evaluator;
import org.cnnclassifier.explain.ChannelsAndActivations;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.Fixtures;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * The written model .zip is an ordinary model: loaded by ModelFile, classified through Classifier
 * (the path of Classify Image/Folder and Evaluate) with Keras's probabilities, shown by Show Channels and
 * Activations with Keras's activations, and fine-tuned with Train's {@code init}.
 */
class KerasModelUseTest {
    @TempDir
    Path tmp;

    static List<String> classes(JsonNode predictions) {
        List<String> out = new ArrayList<>();
        predictions.path("classes").forEach(c -> out.add(c.asText()));
        return out;
    }

    /** Image i of a fixture's inputs as the plugin's planar 8-bit bytes (channel planes). */
    static byte[] planar(float[] nhwc, int h, int w, int c) {
        byte[] out = new byte[c * h * w];
        for (int p = 0; p < h * w; p++) {
            for (int ch = 0; ch < c; ch++) {
                out[ch * h * w + p] = (byte) Math.round(nhwc[p * c + ch]);
            }
        }
        return out;
    }

    Path imported(String fixture, JsonNode predictions) throws IOException {
        Path zip = tmp.resolve(fixture + ".zip");
        KerasImport.run(KerasFixtures.file(fixture), String.join(",", classes(predictions)), "auto", zip,
                ProgressListener.SILENT);
        return zip;
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3-tutorial.keras", "k2-logits.h5", "k3-gray.keras", "k3-normalization.keras",
        "k3-bn-gap.keras"})
    void theWrittenZipClassifiesWithKerasProbabilities(String fixture) throws IOException {
        JsonNode expected = KerasFixtures.predictions(fixture);
        ModelFile.LoadedModel model = ModelFile.load(imported(fixture, expected));
        assertEquals(fixture, model.metadata().source().get("file"));
        assertEquals(64, ((String) model.metadata().source().get("sha256")).length());
        Classifier classifier = Classifier.of(model, fixture);
        float[][] images = KerasFixtures.inputs(expected);
        JsonNode s = expected.path("inputShape");
        byte[][] planar = new byte[images.length][];
        for (int i = 0; i < images.length; i++) {
            planar[i] = planar(images[i], s.get(0).asInt(), s.get(1).asInt(), s.get(2).asInt());
        }
        float[][] probs = classifier.probabilities(planar);
        for (JsonNode img : expected.path("images")) {
            float[] keras = new float[probs[0].length];
            for (int k = 0; k < keras.length; k++) {
                keras[k] = (float) img.path("probabilities").get(k).asDouble();
            }
            assertArrayEquals(keras, probs[img.path("index").asInt()], 1e-4f, fixture);
        }
    }

    @Test
    void showChannelsAndActivationsGivesKerasFirstConvolution() throws IOException {
        JsonNode expected = KerasFixtures.predictions("k3-bn-gap.keras");
        Classifier classifier = Classifier.of(ModelFile.load(imported("k3-bn-gap.keras", expected)), "bn-gap");
        float[] image = KerasFixtures.inputs(expected)[0];
        ColorProcessor cp = new ColorProcessor(32, 32);
        for (int p = 0; p < 32 * 32; p++) {
            int r = Math.round(image[3 * p]), g = Math.round(image[3 * p + 1]), b = Math.round(image[3 * p + 2]);
            cp.set(p, r << 16 | g << 8 | b);
        }
        JsonNode act = expected.path("activations").get(0);
        assertEquals(0, act.path("index").asInt());
        String layer = act.path("layer").asText();
        List<ImagePlus> shown = ChannelsAndActivations.build(new ImagePlus("img", cp), classifier, layer, false);
        ImagePlus maps = shown.get(1);
        int h = act.path("shape").get(0).asInt(), w = act.path("shape").get(1).asInt();
        int c = act.path("shape").get(2).asInt();
        assertEquals(c, maps.getStackSize());
        double max = 0;
        for (int k = 0; k < c; k++) {
            float[] px = (float[]) maps.getStack().getProcessor(k + 1).convertToFloat().getPixels();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    max = Math.max(max, Math.abs(px[y * w + x] - act.path("values").get((y * w + x) * c + k)
                            .asDouble()));
                }
            }
        }
        assertTrue(max < 1e-4, "activation difference " + max);
    }

    @Test
    void fineTuningAnImportedModelImprovesItsAccuracyOnTheImages() throws IOException {
        // The tutorial's network written by Keras 2 (45% right on the 20 fixture images).
        JsonNode expected = KerasFixtures.predictions("k2-tutorial.h5");
        Path zip = imported("k2-tutorial.h5", expected);
        ModelFile.LoadedModel start = ModelFile.load(zip);
        Path data = Fixtures.cifarJpegs(); // 10 JPEGs per class
        var images = DataSources.evaluation(data, Classifier.shapeOf(start.metadata()), ProgressListener.SILENT)
                .images();
        var initial = Evaluator.evaluate(start.network(), images, ProgressListener.SILENT);
        for (boolean freeze : new boolean[] {false, true}) {
            TrainingOptions o = TrainingOptions.builder().data(data).architecture(Architecture.SEED)
                    .epochs(freeze ? 1 : 4).batch(10).rate(5e-3).seed(3).validation("").init(zip.toString())
                    .freeze(freeze).model(tmp.resolve("tuned-" + freeze + ".zip")).build();
            Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
            var tuned = Evaluator.evaluate(r.network(), images, ProgressListener.SILENT);
            System.out.printf("fine-tuning k2-tutorial.h5 (freeze %s, %d epochs): accuracy on the 100 images %.2f ->"
                    + " %.2f, loss %.3f -> %.3f%n", freeze, o.epochs(), initial.accuracy(), tuned.accuracy(),
                    initial.loss(), tuned.loss());
            if (!freeze) {
                assertTrue(tuned.accuracy() > initial.accuracy() && tuned.loss() < initial.loss() - 0.1,
                        "accuracy " + initial.accuracy() + " -> " + tuned.accuracy() + ", loss " + initial.loss()
                                + " -> " + tuned.loss());
            }
            assertEquals(freeze, start.network().getLayer("conv2d").getParam("W")
                    .equals(r.network().getLayer("conv2d").getParam("W")), "freeze " + freeze + " keeps conv2d");
            assertFalse(start.network().getLayer("dense").getParam("W").equals(r.network().getLayer("dense")
                    .getParam("W")), "dense layers train, frozen or not");
            assertEquals(KerasImport.ARCHITECTURE, ModelFile.load(o.model()).metadata().architecture());
        }
    }

    @Test
    void classesOfAnotherCountAreRefusedAndNothingIsWritten() throws IOException {
        Path zip = tmp.resolve("out.zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasImport.run(
                KerasFixtures.file("k3-tutorial.keras"), "cat,dog", "auto", zip, ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("2 names") && e.getMessage().contains("10 outputs"), e.getMessage());
        assertFalse(Files.exists(zip));
        Files.writeString(zip, "previous");
        assertThrows(IOException.class, () -> KerasImport.run(KerasFixtures.file("bad-truncated.h5"), "a,b", "auto",
                zip, ProgressListener.SILENT));
        assertEquals("previous", Files.readString(zip), "a failed import leaves the target as it was");
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(zip), files.toList(), "no temporary or half-written file");
        }
    }

    @Test
    void classNamesFromATextFileAndMeanStdNormalisation() throws IOException {
        Path names = tmp.resolve("classes.txt");
        JsonNode expected = KerasFixtures.predictions("k3-tutorial.keras");
        Files.write(names, classes(expected));
        // The model was fed x/255; mean-std=0/255 is the same convention written another way.
        KerasImport.Imported a = KerasImport.convert(KerasFixtures.file("k3-tutorial.keras"), names.toString(),
                "mean-std=0/255");
        assertEquals(classes(expected), a.metadata().classNames());
        float[][] images = KerasFixtures.inputs(expected);
        var input = KerasImportTest.nchwUnitRange(images, 32, 32, 3);
        float[][] p = a.network().output(input, false).toFloatMatrix();
        for (JsonNode img : expected.path("images")) {
            assertEquals(img.path("probabilities").get(img.path("argmax").asInt()).asDouble(),
                    p[img.path("index").asInt()][img.path("argmax").asInt()], 1e-4);
        }
    }
}
