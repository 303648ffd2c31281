package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;

import org.cnnclassifier.data.ClassFolders;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28, defect 3: a 32-bit image with a NaN or infinite pixel is never classified or trained on
 * (before: NaN probabilities with min-max, a fake 1.000000 with percentile or one Inf pixel). Classify
 * Image refuses it, Classify Folder lists it with the unreadable files, training skips it naming the file.
 * Oracle: Java's Float.isNaN/isInfinite count of the pixels put in.
 */
class NonFinitePixelsTest {
    /** A 16x16 ramp with {@code bad} at pixel (3, 4). */
    private static FloatProcessor ramp(float bad) {
        FloatProcessor fp = new FloatProcessor(16, 16);
        for (int i = 0; i < 256; i++) {
            fp.setf(i, i * 0.5f);
        }
        fp.setf(3, 4, bad);
        return fp;
    }

    @Test
    void everyNormalisationRefusesNaNAndInfinitePixels() {
        for (String norm : InputShape.NORMALIZATIONS) {
            InputShape shape = new InputShape(8, 8, 1, InputShape.GRAY, norm);
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> PlanarChannels.fromChannels(List.of(ramp(bad)), shape), norm + " " + bad);
                String count = Float.isNaN(bad) ? "1 NaN pixel value" : "1 infinite pixel value";
                assertTrue(e.getMessage().startsWith("The image has " + count), e.getMessage());
            }
            PlanarChannels.fromChannels(List.of(ramp(7)), shape); // finite: accepted
        }
    }

    @Test
    void classifyImageRefusesClassifyFolderListsTrainingSkips(@TempDir Path tmp) throws Exception {
        FloatProcessor two = ramp(Float.NaN);
        two.setf(5, 5, Float.NaN);
        ImagePlus nan = new ImagePlus("nan", two);
        Values image = ClassifyImage.SPEC.parse(Map.of("model", TinyModels.colorModel().toString()),
                Spec.Source.DEFAULTS, Key.Scope.SCRIPT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassifyImage.classify(nan, image));
        assertTrue(e.getMessage().startsWith("The image has 2 NaN pixel values"), e.getMessage());
        // A selection that leaves the NaN pixels out is classified.
        nan.setRoi(8, 8, 8, 8);
        assertEquals(1, ClassifyImage.classify(nan, image).size());

        Path folder = Files.createDirectories(tmp.resolve("in"));
        assertTrue(new FileSaver(new ImagePlus("a", ramp(Float.POSITIVE_INFINITY))).saveAsTiff(
                folder.resolve("inf.tif").toString()));
        assertTrue(new FileSaver(new ImagePlus("b", ramp(3))).saveAsTiff(folder.resolve("ok.tif").toString()));
        Map<String, String> raw = new HashMap<>(Map.of("input", folder.toString(), "model",
                TinyModels.colorModel().toString(), "filter", "*.tif"));
        raw.put("output", tmp.resolve("r.csv").toString());
        FolderClassifier.Result r = ClassifyFolder.run(ClassifyFolder.SPEC.parse(raw, Spec.Source.DEFAULTS,
                Key.Scope.SCRIPT), ProgressListener.SILENT, new ClassifyFolder.Tables(new ResultsTable(),
                        new ResultsTable()), false);
        assertEquals(List.of("ok.tif"), r.rows().stream().map(FolderClassifier.Row::file).toList());
        assertEquals(1, r.failures().size());
        assertEquals("inf.tif", r.failures().get(0).file());
        assertTrue(r.failures().get(0).reason().contains("1 infinite pixel value"), r.failures().get(0).reason());
        String csv = Files.readString(tmp.resolve("r.csv"));
        assertTrue(!csv.contains("inf.tif") && !csv.contains("NaN"), csv);

        // Training data: the file is skipped and named, the others are read.
        Path data = tmp.resolve("data");
        for (String c : List.of("a", "b")) {
            Path d = Files.createDirectories(data.resolve(c));
            for (int i = 0; i < 2; i++) {
                ImageStack s = new ImageStack(16, 16);
                s.addSlice(ramp(i + 1));
                assertTrue(new FileSaver(new ImagePlus("x", s)).saveAsTiff(d.resolve(i + ".tif").toString()));
            }
        }
        Path bad = data.resolve("b").resolve("nan.tif");
        assertTrue(new FileSaver(new ImagePlus("n", ramp(Float.NaN))).saveAsTiff(bad.toString()));
        for (String norm : InputShape.NORMALIZATIONS) {
            ClassFolders.Result read = ClassFolders.read(data, new InputShape(8, 8, 1, InputShape.GRAY, norm),
                    ProgressListener.SILENT);
            assertEquals(4, read.images().size(), norm);
            assertEquals(1, read.skipped().size(), norm);
            assertEquals(bad, read.skipped().get(0).file());
            assertTrue(read.skipped().get(0).reason().contains("1 NaN pixel value"), read.skipped().get(0).reason());
        }
    }
}
