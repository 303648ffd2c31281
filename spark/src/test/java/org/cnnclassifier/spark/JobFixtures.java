package org.cnnclassifier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ij.measure.ResultsTable;

import org.cnnclassifier.util.Csv;
import org.cnnclassifier.function.ClassifyFolder;
import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.progress.ProgressListener;

/**
 * Inputs for the Spark tests (the top level's fixture JPEGs, copied, with a damaged JPEG among them)
 * and the oracle: the plugin's own Classify Folder ({@link ClassifyFolder#run}) on the same folder.
 */
final class JobFixtures {
    static final String DAMAGED = "bird/zz-damaged.jpg";

    private JobFixtures() {
    }

    static Path fixtures() {
        Path p = Path.of(System.getProperty("fixtures", "../src/test/resources/fixtures/cifar10-jpg"));
        assertTrue(Files.isDirectory(p), "fixture folder " + p.toAbsolutePath());
        return p;
    }

    /**
     * The fixture JPEGs (class subfolders) {@code copies} times under {@code dir} (copy k>0 as
     * "name-k.jpg"), and a damaged JPEG: the first 600 bytes of a real one.
     */
    static Path input(Path dir, int copies) throws IOException {
        Path src = fixtures();
        List<Path> jpegs;
        try (Stream<Path> s = Files.walk(src)) {
            jpegs = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertEquals(100, jpegs.size(), "fixture JPEGs");
        for (Path j : jpegs) {
            Path rel = src.relativize(j);
            Files.createDirectories(dir.resolve(rel).getParent());
            for (int k = 0; k < copies; k++) {
                String name = rel.getFileName().toString();
                Path target = dir.resolve(rel).resolveSibling(k == 0 ? name : name.replace(".jpg", "-" + k + ".jpg"));
                Files.copy(j, target);
            }
        }
        byte[] whole = Files.readAllBytes(jpegs.get(0));
        Files.write(dir.resolve(DAMAGED), java.util.Arrays.copyOf(whole, 600));
        return dir;
    }

    /** The plugin's Classify Folder on {@code input} (recursive), CSV to {@code csv}. */
    static FolderClassifier.Result classifyFolder(Path input, Path csv, int top, boolean mirror, boolean shift)
            throws IOException {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put(ClassifyFolder.INPUT, input.toString());
        raw.put(ClassifyFolder.OUTPUT, csv.toString());
        raw.put(ClassifyFolder.RECURSIVE, "true");
        raw.put(ClassifyFolder.TOP, Integer.toString(top));
        raw.put("mirror", Boolean.toString(mirror));
        raw.put("shift", Boolean.toString(shift));
        var v = ClassifyFolder.SPEC.parse(raw, Spec.Source.DEFAULTS, Key.Scope.SCRIPT);
        FolderClassifier.Result r = ClassifyFolder.run(v, ProgressListener.cancelWhen(() -> false),
                new ClassifyFolder.Tables(new ResultsTable(), new ResultsTable()), false);
        assertFalse(r.canceled());
        return r;
    }

    /** The job's CSV equals the plugin's: header, rows in order, classes, probabilities within 1e-6. */
    static void assertSameCsv(Path expected, Path actual) throws IOException {
        assertTrue(Files.isRegularFile(actual), "no CSV " + actual);
        List<String> e = Files.readAllLines(expected, StandardCharsets.UTF_8);
        List<String> a = Files.readAllLines(actual, StandardCharsets.UTF_8);
        assertEquals(e.get(0), a.get(0), "header");
        assertEquals(e.size(), a.size(), "rows");
        for (int i = 1; i < e.size(); i++) {
            String[] x = e.get(i).split(","), y = a.get(i).split(",");
            assertEquals(x.length, y.length, "row " + i);
            assertEquals(x[0], y[0], "file of row " + i);
            for (int c = 1; c < x.length; c += 2) {
                assertEquals(x[c], y[c], "class of " + x[0]);
                // 6 decimals in the CSV: values 1e-7 apart (another batch split) may round 1e-6 apart
                double dx = Math.abs(Double.parseDouble(x[c + 1]) - Double.parseDouble(y[c + 1]));
                assertTrue(dx <= 1e-6 + 1e-12, "probability of " + x[0] + ": " + x[c + 1] + " vs " + y[c + 1]);
            }
        }
    }

    /** The job's unreadable-files CSV lists exactly the plugin's unreadable files, with the same reasons. */
    static void assertSameFailures(FolderClassifier.Result plugin, Path csv) throws IOException {
        Path list = ClassifyFolderJob.unreadablePath(csv);
        List<String> expected = new ArrayList<>();
        for (FolderClassifier.Failure f : plugin.failures()) {
            expected.add(Csv.row(f.file(), f.reason()));
        }
        assertTrue(expected.stream().anyMatch(l -> l.startsWith(DAMAGED + ",")), "plugin lists the damaged JPEG");
        List<String> actual = Files.readAllLines(list, StandardCharsets.UTF_8);
        assertEquals("file,reason", actual.get(0));
        assertEquals(expected, actual.subList(1, actual.size()));
    }
}
