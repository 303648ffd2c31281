package org.cnnclassifier.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.cnnclassifier.image.PlanarRgb;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;

/** Classify Image's core with a colour model trained in the test (known answers) and the model cache. */
class ClassifyImageTest {
    static Classifier color;

    @BeforeAll
    static void load() throws IOException {
        color = ModelCache.get(TinyModels.colorModel().toString());
    }

    static ColorProcessor solid(int w, int h, Color c) {
        ColorProcessor cp = new ColorProcessor(w, h);
        cp.setColor(c);
        cp.fill();
        return cp;
    }

    @Test
    void classifiesKnownColours() {
        Color[] colors = {new Color(220, 30, 40), new Color(20, 210, 50), new Color(30, 40, 230)};
        for (int c = 0; c < 3; c++) {
            ImagePlus imp = new ImagePlus("img", solid(57, 45, colors[c]));
            List<ImageClassification.SliceResult> r = ImageClassification.classify(imp, false, null, color, 3);
            assertEquals(1, r.size());
            assertEquals(TinyModels.COLORS.get(c), r.get(0).ranked().get(0).className());
            assertEquals(3, r.get(0).ranked().size());
        }
    }

    @Test
    void probabilitiesAreDl4jOutputOnTheSharedInputPath() {
        ImageProcessor ip = solid(64, 48, new Color(180, 120, 60));
        ip.setColor(new Color(10, 200, 30));
        ip.fillOval(5, 5, 30, 20);
        List<Classifier.Ranked> ranked = ImageClassification.classify(new ImagePlus("x", ip), false, null, color, 3).get(0).ranked();
        // Oracle: DL4J's own output on the input built by PlanarRgb.fromImage + NetworkInput.
        INDArray expected = color.network().output(
                NetworkInput.toFeatures(new byte[][] {PlanarRgb.fromImage(ip, 32, 32)}, 3, 32, 32), false);
        double sum = 0;
        for (Classifier.Ranked r : ranked) {
            assertEquals(expected.getDouble(0, r.classIndex()), r.probability(), 1e-6);
            sum += r.probability();
        }
        assertEquals(1.0, sum, 1e-5);
        assertTrue(ranked.get(0).probability() >= ranked.get(1).probability()
                && ranked.get(1).probability() >= ranked.get(2).probability());
        assertEquals(List.of(1, 2, 3), ranked.stream().map(Classifier.Ranked::rank).toList());
    }

    /** Left half red, right half blue, a green blob at the top left: not symmetric. */
    private static ColorProcessor asymmetric(int w, int h) {
        ColorProcessor ip = solid(w, h, new Color(220, 20, 20));
        ip.setColor(new Color(30, 40, 230));
        ip.fill(new ij.gui.Roi(w / 2, 0, w - w / 2, h));
        ip.setColor(new Color(20, 210, 50));
        ip.fillOval(2, 2, w / 3, h / 4);
        return ip;
    }

    @Test
    void mirrorAveragesTheImageAndItsMirrorImage() {
        ColorProcessor ip = asymmetric(48, 40);
        ImageProcessor flipped = ip.duplicate();
        flipped.flipHorizontal(); // oracle: ImageJ's own mirror image
        float[] plain = probabilities(ImageClassification.classify(new ImagePlus("a", ip), false, null, color, 3));
        float[] ofFlipped = probabilities(
                ImageClassification.classify(new ImagePlus("b", flipped), false, null, color, 3));
        float[] averaged = probabilities(
                ImageClassification.classify(new ImagePlus("a", ip), false, null, color, 3, new InferenceViews(true, false)));
        double differs = 0;
        for (int k = 0; k < 3; k++) {
            assertEquals((plain[k] + ofFlipped[k]) / 2, averaged[k], 1e-6);
            differs = Math.max(differs, Math.abs(plain[k] - ofFlipped[k]));
        }
        assertTrue(differs > 1e-3, "the mirror image must classify differently for the test to mean anything");
    }

    @Test
    void mirrorAndShiftAverageSixViewsOfTheImage() {
        // 32x32, the model's input size, so each view below is exactly what the network sees.
        ColorProcessor ip = asymmetric(32, 32);
        // Oracle: the mean of the single-view probabilities of ImageJ's own translated (0 outside)
        // and mirrored copies: content moved up-left and down-right by one pixel, each also mirrored.
        float[] mean = new float[3];
        int[][] moves = {{0, 0}, {-1, -1}, {1, 1}};
        double differs = 0;
        float[] plain = probabilities(ImageClassification.classify(new ImagePlus("a", ip), false, null, color, 3));
        for (int[] move : moves) {
            for (boolean flip : new boolean[] {false, true}) {
                ImageProcessor view = ip.duplicate();
                view.translate(move[0], move[1]);
                if (flip) {
                    view.flipHorizontal();
                }
                float[] p = probabilities(ImageClassification.classify(new ImagePlus("v", view), false, null, color, 3));
                for (int k = 0; k < 3; k++) {
                    mean[k] += p[k] / 6;
                    differs = Math.max(differs, Math.abs(p[k] - plain[k]));
                }
            }
        }
        float[] averaged = probabilities(
                ImageClassification.classify(new ImagePlus("a", ip), false, null, color, 3, new InferenceViews(true, true)));
        for (int k = 0; k < 3; k++) {
            assertEquals(mean[k], averaged[k], 1e-5);
        }
        assertTrue(differs > 1e-3, "the views must classify differently for the test to mean anything");
    }

    @Test
    void aModelTrainedOnReflectedShiftsIsShownReflectedShiftViews() throws IOException {
        ModelFile.LoadedModel loaded = ModelFile.load(TinyModels.colorModel());
        ModelMetadata reflected = loaded.metadata().toBuilder()
                .training(java.util.Map.<String, Object>of("augment", "flip-alternate translate=2")).build();
        Classifier c = Classifier.of(new ModelFile.LoadedModel(loaded.network(), reflected), "reflected");
        byte[] image = PlanarRgb.fromImage(asymmetric(32, 32), 32, 32);
        // Oracle: the mean of the single-view probabilities of the reflected-edge views (their bytes are
        // checked by hand in InferenceViewsTest), which must differ from the black-edge views' mean.
        List<byte[][]> views = new InferenceViews(true, true, true).of(new byte[][] {image}, 32, 32);
        List<byte[][]> black = new InferenceViews(true, true, false).of(new byte[][] {image}, 32, 32);
        float[] mean = new float[3];
        float[] blackMean = new float[3];
        for (int v = 0; v < views.size(); v++) {
            float[] p = c.probabilities(views.get(v))[0];
            float[] q = c.probabilities(black.get(v))[0];
            for (int k = 0; k < 3; k++) {
                mean[k] += p[k] / views.size();
                blackMean[k] += q[k] / views.size();
            }
        }
        float[] averaged = c.probabilities(new byte[][] {image}, new InferenceViews(true, true))[0];
        double apart = 0;
        for (int k = 0; k < 3; k++) {
            assertEquals(mean[k], averaged[k], 1e-5);
            apart = Math.max(apart, Math.abs(mean[k] - blackMean[k]));
        }
        assertTrue(apart > 1e-4, "reflected and black edges must classify differently for the test to mean anything");
    }

    /** Probabilities by class index from the ranked list. */
    private static float[] probabilities(List<ImageClassification.SliceResult> r) {
        float[] p = new float[3];
        for (Classifier.Ranked ranked : r.get(0).ranked()) {
            p[ranked.classIndex()] = (float) ranked.probability();
        }
        return p;
    }

    @Test
    void selectionBoundsClassifyOnlyThatRegion() {
        ColorProcessor cp = solid(80, 40, new Color(220, 20, 20));
        cp.setColor(new Color(20, 20, 220));
        cp.fillRect(40, 0, 40, 40);
        ImagePlus imp = new ImagePlus("halves", cp);
        assertEquals("red", ImageClassification.classify(imp, false, new Rectangle(2, 2, 30, 30), color, 1).get(0).ranked().get(0).className());
        assertEquals("blue", ImageClassification.classify(imp, false, new Rectangle(45, 5, 30, 30), color, 1).get(0).ranked().get(0).className());
    }

    @Test
    void currentSliceOrEverySlice() {
        ImageStack stack = new ImageStack(40, 40);
        stack.addSlice("r", solid(40, 40, new Color(230, 30, 30)));
        stack.addSlice("g", solid(40, 40, new Color(30, 230, 30)));
        stack.addSlice("b", solid(40, 40, new Color(30, 30, 230)));
        ImagePlus imp = new ImagePlus("stack", stack);
        imp.setSlice(2);
        List<ImageClassification.SliceResult> one = ImageClassification.classify(imp, false, null, color, 2);
        assertEquals(1, one.size());
        assertEquals(2, one.get(0).slice());
        assertEquals("green", one.get(0).ranked().get(0).className());
        List<ImageClassification.SliceResult> all = ImageClassification.classify(imp, true, null, color, 2);
        assertEquals(List.of(1, 2, 3), all.stream().map(ImageClassification.SliceResult::slice).toList());
        assertEquals(List.of("red", "green", "blue"), all.stream().map(s -> s.ranked().get(0).className()).toList());
    }

    @Test
    void moreSlicesThanOneBatch() {
        Color[] colors = {new Color(230, 30, 30), new Color(30, 230, 30), new Color(30, 30, 230)};
        ImageStack stack = new ImageStack(33, 35);
        int n = color.batchSize() + 6;
        for (int i = 0; i < n; i++) {
            stack.addSlice("s" + i, solid(33, 35, colors[i % 3]));
        }
        List<ImageClassification.SliceResult> all = ImageClassification.classify(new ImagePlus("many", stack), true, null, color, 1);
        assertEquals(n, all.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, all.get(i).slice());
            assertEquals(TinyModels.COLORS.get(i % 3), all.get(i).ranked().get(0).className(), "slice " + (i + 1));
        }
    }

    @Test
    void grayscaleIsReplicated() {
        ByteProcessor bp = new ByteProcessor(40, 30);
        bp.setValue(90);
        bp.fill();
        List<Classifier.Ranked> gray = ImageClassification.classify(new ImagePlus("g", bp), false, null, color, 3).get(0).ranked();
        List<Classifier.Ranked> rgb = ImageClassification.classify(new ImagePlus("c", solid(40, 30, new Color(90, 90, 90))), false, null, color, 3).get(0).ranked();
        assertEquals(rgb.get(0).className(), gray.get(0).className());
        assertEquals(rgb.get(0).probability(), gray.get(0).probability(), 1e-6);
    }

    @Test
    void tinyImageIsRejected() {
        ImagePlus imp = new ImagePlus("dot", new ByteProcessor(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageClassification.classify(imp, false, null, color, 3));
        assertTrue(e.getMessage().startsWith("The image is 1x1 pixels; Classify Image needs at least 2x2"), e.getMessage());
        // a 1x1 selection on a large image: the message names the selection, not the image
        ImagePlus big = new ImagePlus("big", new ByteProcessor(40, 40));
        IllegalArgumentException sel = assertThrows(IllegalArgumentException.class,
                () -> ImageClassification.classify(big, false, new java.awt.Rectangle(5, 5, 1, 1), color, 3));
        assertTrue(sel.getMessage().startsWith("The selection is 1x1 pixels; Classify Image needs at least 2x2"), sel.getMessage());
    }

    @Test
    void cacheReusesTheLoadedModelUntilTheFileChanges(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("m.zip");
        Files.copy(TinyModels.colorModel(), file);
        int loads = ModelCache.loadCount();
        Classifier a = ModelCache.get(file.toString());
        Classifier b = ModelCache.get(tmp.resolve(".").resolve("m.zip").toString());
        assertSame(a, b);
        assertEquals(loads + 1, ModelCache.loadCount());
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        Classifier c = ModelCache.get(file.toString());
        assertNotSame(a, c);
        assertEquals(loads + 2, ModelCache.loadCount());
    }

    @Test
    void notAModelIsRejected(@TempDir Path tmp) throws IOException {
        Path txt = Files.writeString(tmp.resolve("notes.zip"), "just text");
        IOException e = assertThrows(IOException.class, () -> ModelCache.get(txt.toString()));
        assertTrue(e.getMessage().contains("is not a usable CNN Classifier model"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> ModelCache.get(tmp.resolve("none.zip").toString()));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }

    @Test
    void modelWhoseNetworkDoesNotTakeItsRecordedShapeIsRejected(@TempDir Path tmp) throws IOException {
        ModelFile.LoadedModel m = ModelFile.load(TinyModels.colorModel());
        ModelMetadata mnist = m.metadata().toBuilder().inputWidth(28).inputHeight(28).inputChannels(1).build();
        Path file = tmp.resolve("mnist.zip");
        ModelFile.save(m.network(), mnist, file);
        IOException e = assertThrows(IOException.class, () -> ModelCache.get(file.toString()));
        assertTrue(e.getMessage().contains("records 28x28x1 input") && e.getMessage().contains("3-channel")
                && e.getMessage().contains("damaged"), e.getMessage());
    }
}
