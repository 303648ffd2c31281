package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;

import org.cnnclassifier.data.Augmentation;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.progress.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ImageClassification;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Nd4jSetup;

/**
 * Full-precision normalisation ({@code normalize=min-max/percentile}): computed from the original 16-bit values,
 * recorded in model.json and applied identically at classification. Synthetic 16-bit 4-channel images whose class
 * shows only in channel 4, as a step of 60 at intensity 1000 (far above 255), beside one saturated pixel: through
 * 8 bits (divide-by-255 from the display range) the step is below one grey level and the class is lost.
 */
class PrecisionTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    /** {@code n} 32x32 16-bit 4-channel hyperstack TIFFs per class (2 classes); see the class comment. */
    static Path sixteenBitFolders(Path dir, int n, long seed) throws IOException {
        Random r = new Random(seed);
        for (int k = 0; k < 2; k++) {
            Path d = Files.createDirectories(dir.resolve("class" + k));
            for (int i = 0; i < n; i++) {
                ImageStack st = new ImageStack(32, 32);
                for (int c = 0; c < 4; c++) {
                    ShortProcessor sp = new ShortProcessor(32, 32);
                    // Channels 1-3: a blob of random place, height and level, the same for both classes.
                    int bx = r.nextInt(32), by = r.nextInt(32), base = r.nextInt(30_000), peak = r.nextInt(30_000);
                    for (int p = 0; p < 1024; p++) {
                        boolean left = p % 32 < 16;
                        double d2 = Math.pow(p % 32 - bx, 2) + Math.pow(p / 32 - by, 2);
                        int v = c < 3 ? base + (int) (peak * Math.exp(-d2 / 50)) + r.nextInt(200)
                                : 1000 + (int) Math.round(10 * r.nextGaussian()) + (left == (k == 0) ? 60 : 0);
                        sp.set(p, v);
                    }
                    if (c == 3) {
                        sp.set(r.nextInt(1024), 65535);
                    }
                    st.addSlice(sp);
                }
                ImagePlus imp = new ImagePlus("x", st);
                imp.setDimensions(4, 1, 1);
                new FileSaver(imp).saveAsTiffStack(d.resolve(String.format("%03d.tif", i)).toString());
            }
        }
        return dir;
    }

    static Trainer.Result train(Path data, Path model, String normalize, int epochs) throws IOException {
        TrainingOptions o = OwnShapesTest.options(data, model, epochs).normalize(normalize).validation("0.25").build();
        return Trainer.train(o, ProgressListener.SILENT, null);
    }

    @Test
    void classAboveIntensity255InChannel4IsLearnedOnlyInFullPrecision() throws IOException {
        Path data = sixteenBitFolders(tmp.resolve("data"), 60, 11);
        Path model = tmp.resolve("percentile.zip");
        Trainer.Result precise = train(data, model, InputShape.PERCENTILE, 5);
        ModelMetadata meta = ModelFile.load(model).metadata();
        assertEquals(List.of(32, 32, 4), List.of(meta.inputWidth(), meta.inputHeight(), meta.inputChannels()));
        assertEquals("percentile", meta.normalization());
        assertTrue(meta.normalizationDescription().contains("99.8"), meta.normalizationDescription());
        assertTrue(precise.validation().accuracy() >= 0.9, "percentile: " + precise.validation().accuracy());

        Trainer.Result squeezed = train(data, null, InputShape.DIVIDE_BY_255, 5);
        assertTrue(squeezed.validation().accuracy() <= 0.75, "divide-by-255: " + squeezed.validation().accuracy());

        // Classify Image applies the model's normalisation to the 16-bit values of an open image.
        Classifier c = ModelCache.get(model.toString());
        ImagePlus imp = IJ.openImage(data.resolve("class1").resolve("003.tif").toString());
        imp.setDisplayRange(0, 255); // the display range plays no part
        var top = ImageClassification.classify(imp, false, null, c, 2).get(0).ranked();
        assertEquals("class1", top.get(0).className());
        byte[] fromFile = org.cnnclassifier.image.ImageFileReader.read(data.resolve("class1").resolve("003.tif"),
                c.shape());
        assertEquals(c.probabilities(new byte[][] {fromFile})[0][1], top.get(0).probability(), 1e-6);
    }

    @Test
    void floatValuesSurviveTheByteLayoutNetworkInputAndAugmentation() {
        ShortProcessor a = new ShortProcessor(20, 18);
        ShortProcessor b = new ShortProcessor(20, 18);
        for (int p = 0; p < 360; p++) {
            a.set(p, 300 + p);
            b.set(p, 60_000 - 7 * p);
        }
        InputShape shape = new InputShape(20, 18, 2, InputShape.NATIVE, InputShape.MIN_MAX);
        byte[] planes = PlanarChannels.fromChannels(List.of(a, b), shape);
        assertEquals(4 * 2 * 360, planes.length);
        assertEquals(shape.bytes(), planes.length);
        INDArray x = NetworkInput.toFeatures(new byte[][] {planes}, 2, 18, 20);
        assertEquals(0, x.getFloat(0, 0, 0, 0), 1e-7);
        assertEquals(1, x.getFloat(0, 0, 17, 19), 1e-7);
        assertEquals(1, x.getFloat(0, 1, 0, 0), 1e-7);
        assertEquals(100.0 / 359, x.getFloat(0, 0, 5, 0), 1e-6);
        assertEquals(1 - 100.0 / 359, x.getFloat(0, 1, 5, 0), 1e-6);
        // Augmentation moves whole values: a shifted, flipped copy equals the shifted, flipped floats.
        byte[] moved = Augmentation.transform(planes, 20, 18, true, 2, -1);
        INDArray y = NetworkInput.toFeatures(new byte[][] {moved}, 2, 18, 20);
        assertEquals(x.getFloat(0, 1, 4, 20 - 1 - 5), y.getFloat(0, 1, 5, 3), 1e-7);
        assertEquals(0, y.getFloat(0, 0, 0, 0), 0);
        // Percentiles as numpy computes them (linear interpolation).
        // Percentiles as numpy computes them (linear interpolation): 0..100 give p3 = 3 and p99.8 = 99.8.
        float[] v = new float[121];
        for (int i = 0; i < 121; i++) {
            v[i] = i <= 100 ? 100 - i : 50;
        }
        java.util.Arrays.fill(v, 101, 121, 50); // 20 more values of 50 move the percentiles: check by hand
        InputShape pct = new InputShape(11, 11, 1, InputShape.GRAY, InputShape.PERCENTILE);
        byte[] p = PlanarChannels.fromChannels(List.of(new ij.process.FloatProcessor(11, 11, v)), pct);
        float[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        double lo = sorted[3] + (0.03 * 120 - 3) * (sorted[4] - sorted[3]);
        double hi = sorted[119] + (0.998 * 120 - 119) * (sorted[120] - sorted[119]);
        assertArrayEquals(new double[] {3.6, 99.76}, new double[] {lo, hi}, 1e-4);
        assertEquals(1, PlanarChannels.value(p, 121, 0), 0); // (100 - lo) / (hi - lo) = 1.004, clipped
        assertEquals((97 - lo) / (hi - lo), PlanarChannels.value(p, 121, 3), 1e-6);
        assertEquals(0, PlanarChannels.value(p, 121, 100), 0);
        assertEquals((50 - lo) / (hi - lo), PlanarChannels.value(p, 121, 120), 1e-6);
    }
}
