package org.cnnclassifier.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.Fixtures;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.network.OmpThreads;

/** Classify Folder's core: CSV format and atomic write, unreadable files, class folders, cancel, bad input. */
public class FolderClassifierTest {
    static Classifier color;

    @BeforeAll
    static void load() throws IOException {
        color = ModelCache.get(TinyModels.colorModel().toString());
    }

    /** red/, green/, blue/ with 4 images each (PNG and TIFF of different sizes), a broken JPEG and a text file. */
    static Path colorFolder(Path root) throws IOException {
        Random rnd = new Random(3);
        for (int c = 0; c < 3; c++) {
            Path d = Files.createDirectories(root.resolve(TinyModels.COLORS.get(c)));
            for (int i = 0; i < 4; i++) {
                int w = 32 + 8 * i, h = 32 + 4 * i;
                byte[] planes = TinyModels.colorImage(c, rnd);
                ColorProcessor cp = new ColorProcessor(32, 32);
                cp.setRGB(slice(planes, 0), slice(planes, 1), slice(planes, 2));
                ImagePlus imp = new ImagePlus("x", cp.resize(w, h));
                String path = d.resolve("img" + i + (i % 2 == 0 ? ".png" : ".tif")).toString();
                assertTrue(i % 2 == 0 ? new FileSaver(imp).saveAsPng(path) : new FileSaver(imp).saveAsTiff(path));
            }
        }
        Files.write(root.resolve("red/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5});
        Files.writeString(root.resolve("red/notes.txt"), "not an image");
        return root;
    }

    private static byte[] slice(byte[] planes, int c) {
        byte[] out = new byte[1024];
        System.arraycopy(planes, c * 1024, out, 0, 1024);
        return out;
    }

    public static final FolderClassifier.RowSink NO_SINK = new FolderClassifier.RowSink() {
        @Override
        public void row(FolderClassifier.Row row) {
        }

        @Override
        public void failure(FolderClassifier.Failure failure) {
        }
    };

    @Test
    void mirrorGivesAnImageAndItsMirrorImageTheMeanOfTheirProbabilities(@TempDir Path tmp) throws IOException {
        ColorProcessor cp = new ColorProcessor(40, 32);
        cp.setColor(new java.awt.Color(220, 20, 20));
        cp.fill();
        cp.setColor(new java.awt.Color(30, 40, 230));
        cp.fill(new ij.gui.Roi(16, 0, 24, 32));
        ImageProcessor flipped = cp.duplicate();
        flipped.flipHorizontal();
        Path in = Files.createDirectories(tmp.resolve("in"));
        assertTrue(new FileSaver(new ImagePlus("a", cp)).saveAsPng(in.resolve("a.png").toString()));
        assertTrue(new FileSaver(new ImagePlus("b", flipped)).saveAsPng(in.resolve("b.png").toString()));
        float[][] plain = byFile(FolderClassifier.run(new FolderClassifier.Options(in, false, "", 3, null), color,
                ProgressListener.SILENT, NO_SINK));
        float[][] mirror = byFile(FolderClassifier.run(new FolderClassifier.Options(in, false, "", 3, null, 0, 0,
                new InferenceViews(true, false)),
                color, ProgressListener.SILENT, NO_SINK));
        assertTrue(Math.abs(plain[0][0] - plain[1][0]) > 1e-3, "the two files must classify differently alone");
        for (int k = 0; k < 3; k++) {
            assertEquals((plain[0][k] + plain[1][k]) / 2, mirror[0][k], 1e-6);
            assertEquals((plain[0][k] + plain[1][k]) / 2, mirror[1][k], 1e-6);
        }
    }

    /** Probabilities by class index of a.png and b.png. */
    private static float[][] byFile(FolderClassifier.Result r) {
        float[][] p = new float[2][3];
        for (FolderClassifier.Row row : r.rows()) {
            for (Classifier.Ranked ranked : row.ranked()) {
                p[row.file().equals("a.png") ? 0 : 1][ranked.classIndex()] = (float) ranked.probability();
            }
        }
        return p;
    }

    @Test
    void writesCsvWithRelativePathsRanksAndConfusion(@TempDir Path tmp) throws IOException {
        Path in = colorFolder(tmp.resolve("in"));
        Path csv = tmp.resolve("out.csv");
        List<FolderClassifier.Failure> failures = new ArrayList<>();
        FolderClassifier.Result r = FolderClassifier.run(
                new FolderClassifier.Options(in, true, "", 2, csv, 5, 2), color, ProgressListener.SILENT,
                new FolderClassifier.RowSink() {
                    @Override
                    public void row(FolderClassifier.Row row) {
                    }

                    @Override
                    public void failure(FolderClassifier.Failure f) {
                        failures.add(f);
                    }
                });
        List<String> lines = Files.readAllLines(csv);
        assertEquals("file,class,probability,class_2,probability_2", lines.get(0));
        assertEquals(13, lines.size(), "header + 12 readable images");
        assertEquals(1, failures.size());
        assertEquals("red/broken.png", failures.get(0).file());
        assertFalse(failures.get(0).reason().isBlank());
        // Sorted relative paths; the text file is not matched by the default filter.
        assertTrue(lines.get(1).startsWith("blue/img0.png,"), lines.get(1));
        assertTrue(lines.stream().noneMatch(l -> l.contains("notes.txt")));
        int correct = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(5, f.length);
            double p1 = Double.parseDouble(f[2]), p2 = Double.parseDouble(f[4]);
            assertTrue(p1 >= p2 && p1 <= 1 && p2 >= 0, line);
            correct += f[0].startsWith(f[1] + "/") ? 1 : 0;
        }
        assertTrue(r.hasConfusion());
        // Accuracy and confusion matrix agree with the CSV's rows, counted independently.
        assertEquals(correct / 12.0, r.accuracy(), 1e-12);
        assertEquals(12, r.labelled());
        int diag = 0, total = 0;
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                total += r.confusion()[t][p];
                diag += t == p ? r.confusion()[t][p] : 0;
            }
        }
        assertEquals(12, total);
        assertEquals(correct, diag);
        assertTrue(r.accuracy() > 0.9, "colour model on colour images: " + r.accuracy());
        assertNoTempFiles(tmp);
    }

    @Test
    void probabilitiesInCsvAreDl4jOutputOfImageJDecodedFile(@TempDir Path tmp) throws IOException {
        Path in = colorFolder(tmp.resolve("in"));
        Path csv = tmp.resolve("out.csv");
        FolderClassifier.run(new FolderClassifier.Options(in, true, "*.tif", 3, csv), color, ProgressListener.SILENT, NO_SINK);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(7, lines.size());
        String[] first = lines.get(1).split(",");
        assertEquals("blue/img1.tif", first[0]);
        // Oracle: IJ.openImage, ImageJ's own area-averaging resize, then DL4J's output.
        ImagePlus imp = IJ.openImage(in.resolve(first[0]).toString());
        ImageProcessor ip = imp.getProcessor();
        ip.setInterpolationMethod(ImageProcessor.BILINEAR);
        ColorProcessor small = (ColorProcessor) ip.resize(32, 32, true);
        byte[] r = new byte[1024], g = new byte[1024], b = new byte[1024];
        small.getRGB(r, g, b);
        byte[] planes = new byte[3072];
        System.arraycopy(r, 0, planes, 0, 1024);
        System.arraycopy(g, 0, planes, 1024, 1024);
        System.arraycopy(b, 0, planes, 2048, 1024);
        INDArray out = color.network().output(NetworkInput.toFeatures(new byte[][] {planes}, 3, 32, 32), false);
        for (int k = 0; k < 3; k++) {
            int cls = TinyModels.COLORS.indexOf(first[1 + 2 * k]);
            assertEquals(out.getDouble(0, cls), Double.parseDouble(first[2 + 2 * k]), 1e-5);
        }
    }

    @Test
    void notRecursiveAndFilter(@TempDir Path tmp) throws IOException {
        Path in = colorFolder(tmp.resolve("in"));
        IOException e = assertThrows(IOException.class, () -> FolderClassifier.run(
                new FolderClassifier.Options(in, false, "", 3, null), color, ProgressListener.SILENT, NO_SINK));
        assertTrue(e.getMessage().contains("No images") && e.getMessage().contains("recursive"), e.getMessage());
        FolderClassifier.Result r = FolderClassifier.run(new FolderClassifier.Options(in.resolve("green"), false, "*.PNG", 3, null),
                color, ProgressListener.SILENT, NO_SINK);
        assertEquals(List.of("img0.png", "img2.png"), r.rows().stream().map(FolderClassifier.Row::file).toList());
        assertFalse(r.hasConfusion(), "no class subfolders");
    }

    @Test
    void openMpThreadsAreRestoredAfterARunAndAfterAFailure(@TempDir Path tmp) throws IOException {
        Path in = colorFolder(tmp.resolve("in"));
        int before = OmpThreads.current();
        FolderClassifier.run(new FolderClassifier.Options(in, true, "", 3, null), color, ProgressListener.SILENT, NO_SINK);
        assertEquals(before, OmpThreads.current());
        assertThrows(IllegalStateException.class, () -> FolderClassifier.run(new FolderClassifier.Options(in, true, "", 3, null),
                color, ProgressListener.SILENT, new FolderClassifier.RowSink() {
                    @Override
                    public void row(FolderClassifier.Row row) {
                        assertEquals(FolderClassifier.networkThreads(), OmpThreads.current(), "every core for the network during the run");
                        throw new IllegalStateException("sink failed");
                    }

                    @Override
                    public void failure(FolderClassifier.Failure f) {
                    }
                }));
        assertEquals(before, OmpThreads.current());
    }

    @Test
    void symlinkedInputFolderIsClassifiedRecursively(@TempDir Path tmp) throws IOException {
        Path in = colorFolder(tmp.resolve("in"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), in);
        FolderClassifier.Result r = FolderClassifier.run(new FolderClassifier.Options(link, true, "", 3, null), color,
                ProgressListener.SILENT, NO_SINK);
        assertEquals(12, r.rows().size());
        assertTrue(r.hasConfusion());
        assertEquals(1, r.failures().size());
    }

    @Test
    void cancelKeepsRowsAndWritesNoCsv(@TempDir Path tmp) throws IOException {
        Path in = colorFolder(tmp.resolve("in"));
        Path csv = Files.writeString(tmp.resolve("out.csv"), "previous results\n");
        List<FolderClassifier.Row> seen = new ArrayList<>();
        ProgressListener cancelAfterFirstBatch = ProgressListener.cancelWhen(() -> !seen.isEmpty());
        FolderClassifier.Result r = FolderClassifier.run(new FolderClassifier.Options(in, true, "", 3, csv, 4, 2), color,
                cancelAfterFirstBatch, new FolderClassifier.RowSink() {
                    @Override
                    public void row(FolderClassifier.Row row) {
                        seen.add(row);
                    }

                    @Override
                    public void failure(FolderClassifier.Failure f) {
                    }
                });
        assertTrue(r.canceled());
        assertEquals(4, r.rows().size());
        assertEquals(4, seen.size());
        assertEquals("previous results\n", Files.readString(csv), "the old CSV is untouched");
        assertNoTempFiles(tmp);
    }

    @Test
    void badOutputOrFolderFailsBeforeWriting(@TempDir Path tmp) throws IOException {
        Path in = colorFolder(tmp.resolve("in"));
        IOException noDir = assertThrows(IOException.class, () -> FolderClassifier.checkInput(
                new FolderClassifier.Options(in, true, "", 3, tmp.resolve("missing/out.csv"))));
        assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
        IOException isDir = assertThrows(IOException.class, () -> FolderClassifier.checkInput(
                new FolderClassifier.Options(in, true, "", 3, in)));
        assertTrue(isDir.getMessage().contains("is a folder"), isDir.getMessage());
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        IOException underFile = assertThrows(IOException.class, () -> FolderClassifier.checkInput(
                new FolderClassifier.Options(in, true, "", 3, file.resolve("out.csv"))));
        assertTrue(underFile.getMessage().contains("does not exist"), underFile.getMessage());
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        IOException none = assertThrows(IOException.class, () -> FolderClassifier.checkInput(
                new FolderClassifier.Options(empty, true, "", 3, tmp.resolve("o.csv"))));
        assertTrue(none.getMessage().contains("No images"), none.getMessage());
        IOException missing = assertThrows(IOException.class, () -> FolderClassifier.checkInput(
                new FolderClassifier.Options(tmp.resolve("nope"), true, "", 3, null)));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
        assertFalse(Files.exists(tmp.resolve("o.csv")));
    }

    @Test
    void cifarSamplesWithTinyCifarModel(@TempDir Path tmp) throws IOException {
        Path model = TinyModels.cifarModel();
        Path samples = Fixtures.cifarJpegs();
        int n = 10 * Fixtures.JPEGS_PER_CLASS;
        Classifier cifar = ModelCache.get(model.toString());
        Path csv = tmp.resolve("samples.csv");
        FolderClassifier.Result r = FolderClassifier.run(new FolderClassifier.Options(samples, true, "*.jpg", 3, csv),
                cifar, ProgressListener.SILENT, NO_SINK);
        assertEquals(n, r.rows().size());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(n + 1, lines.size());
        assertTrue(r.hasConfusion());
        // The tiny model is weak (the default model's accuracy is tested in DefaultModelTest); check that
        // the confusion matrix counts exactly the CSV's (true folder, predicted class) pairs.
        int[][] counted = new int[10][10];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            counted[TinyModels.CIFAR.indexOf(f[0].substring(0, f[0].indexOf('/')))][TinyModels.CIFAR.indexOf(f[1])]++;
        }
        int correct = 0;
        for (int t = 0; t < 10; t++) {
            assertEquals(java.util.Arrays.toString(counted[t]), java.util.Arrays.toString(r.confusion()[t]));
            correct += counted[t][t];
        }
        assertEquals(correct / (double) n, r.accuracy(), 1e-12);
    }

    static void assertNoTempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void csvHeaderForTopOne() {
        assertEquals("file,class,probability", FolderClassifier.csvHeader(1));
        assertNotNull(color);
    }
}
