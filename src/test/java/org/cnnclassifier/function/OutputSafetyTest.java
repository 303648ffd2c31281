package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;

import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.TinyModels;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28, defects 1 and 2: no output replaces an input (an input image, the model in use, a file of
 * another kind, a file inside the training data), and a long legal name never loses a finished run:
 * every output name is tried before the work and the temporary and recovery names stay short.
 * Oracle: the input files' bytes before and after, and the file system's own 255-byte limit.
 */
class OutputSafetyTest {
    private static Values folderValues(Path input, Path model, Path output) {
        Map<String, String> raw = new HashMap<>(Map.of("input", input.toString(), "model", model.toString(),
                "recursive", "true", "filter", "*.jpg"));
        raw.put("output", output.toString());
        return ClassifyFolder.SPEC.parse(raw, Spec.Source.DEFAULTS, Key.Scope.SCRIPT);
    }

    private static FolderClassifier.Result classifyFolder(Values v) throws IOException {
        return ClassifyFolder.run(v, ProgressListener.SILENT,
                new ClassifyFolder.Tables(new ResultsTable(), new ResultsTable()), false);
    }

    /** A folder cf/red/0000.jpg .. 0002.jpg of red images. */
    private static Path redJpegs(Path tmp) throws IOException {
        Path red = Files.createDirectories(tmp.resolve("cf").resolve("red"));
        for (int i = 0; i < 3; i++) {
            ColorProcessor cp = new ColorProcessor(32, 32);
            cp.setColor(new java.awt.Color(200, 20 + i, 30));
            cp.fill();
            assertTrue(new FileSaver(new ImagePlus("r", cp)).saveAsJpeg(red.resolve(
                    String.format("%04d.jpg", i)).toString()));
        }
        return tmp.resolve("cf");
    }

    @Test
    void classifyFolderNeverWritesItsCsvOverAnInputImageOrTheModel(@TempDir Path tmp) throws Exception {
        Path cf = redJpegs(tmp);
        Path jpeg = cf.resolve("red/0000.jpg");
        byte[] before = Files.readAllBytes(jpeg);
        IOException e = assertThrows(IOException.class,
                () -> classifyFolder(folderValues(cf, TinyModels.colorModel(), jpeg)));
        assertTrue(e.getMessage().contains(jpeg.toString()) && e.getMessage().contains("JPEG image"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(jpeg));

        Path model = Files.copy(TinyModels.colorModel(), tmp.resolve("in-use.zip"));
        byte[] modelBytes = Files.readAllBytes(model);
        e = assertThrows(IOException.class, () -> classifyFolder(folderValues(cf, model, model)));
        assertTrue(e.getMessage().contains("it is the model this run reads"), e.getMessage());
        assertArrayEquals(modelBytes, Files.readAllBytes(model));

        // A CSV may replace a CSV, as before.
        Path csv = Files.writeString(tmp.resolve("old.csv"), "file,class\n");
        assertEquals(3, classifyFolder(folderValues(cf, model, csv)).rows().size());
        assertTrue(Files.readString(csv).startsWith("file,class,probability"));

        // ... but not a CSV the listing itself reads: by its own path, or by a hard link to it outside the folder.
        Path listed = Files.writeString(cf.resolve("red/notes.csv"), "file,class\n");
        Path link = Files.createLink(tmp.resolve("link.csv"), listed);
        for (Path out : List.of(listed, link)) {
            Map<String, String> raw = new HashMap<>(Map.of("input", cf.toString(), "model", model.toString(),
                    "recursive", "true", "filter", "*", "output", out.toString()));
            IOException inList = assertThrows(IOException.class, () -> classifyFolder(
                    ClassifyFolder.SPEC.parse(raw, Spec.Source.DEFAULTS, Key.Scope.SCRIPT)), out.toString());
            assertEquals("Cannot write the CSV to " + out + ": it is the input image this run reads, and would be "
                    + "destroyed. Choose another file name.", inList.getMessage());
            assertEquals("file,class\n", Files.readString(listed));
        }
        assertEquals(3, classifyFolder(folderValues(cf, model, link)).rows().size(), "*.jpg: not an input, replaced");
    }

    @Test
    void trainingRefusesAModelInsideTheDataOrOverAnImage(@TempDir Path tmp) throws Exception {
        Path data = redJpegs(tmp);
        Path inside = data.resolve("red").resolve("x.png");
        TrainingOptions o = TrainingOptions.builder().data(data).model(inside).epochs(1).build();
        IOException e = assertThrows(IOException.class, () -> Trainer.train(o, ProgressListener.SILENT, null));
        assertTrue(e.getMessage().contains("inside the data folder " + data), e.getMessage());
        try (Stream<Path> s = Files.list(data.resolve("red"))) {
            assertEquals(3, s.count(), "nothing written into the data");
        }
        // An existing PNG elsewhere is not a model: refused before training, left as it was.
        Path png = tmp.resolve("plot.png");
        assertTrue(new FileSaver(new ImagePlus("p", new ColorProcessor(4, 4))).saveAsPng(png.toString()));
        byte[] before = Files.readAllBytes(png);
        TrainingOptions overPng = TrainingOptions.builder().data(data).model(png).epochs(1).build();
        e = assertThrows(IOException.class, () -> Trainer.train(overPng, ProgressListener.SILENT, null));
        assertTrue(e.getMessage().contains("PNG image, not a model .zip"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(png));
    }

    /** A name of {@code bytes} bytes ending in {@code suffix}. */
    private static String name(int bytes, String suffix) {
        return "m".repeat(bytes - suffix.length()) + suffix;
    }

    @Test
    void aModelNameOf240BytesIsSavedAndItsRecoveryNameFits(@TempDir Path tmp) throws Exception {
        Path target = tmp.resolve(name(240, ".zip"));
        ModelMetadata meta = ModelMetadata.builder().architecture("tiny").classNames(TinyModels.COLORS).build();
        ModelFile.saveTrained(TinyModels.network(3, 1), meta, target, false);
        assertEquals(TinyModels.COLORS, ModelFile.readMetadata(target).classNames());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(target.getFileName().toString()), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aNameTheFileSystemCannotHoldIsRefusedBeforeTheWork(@TempDir Path tmp) throws Exception {
        Path cf = redJpegs(tmp);
        // 249 bytes: legal; before, the temporary name (about 25 bytes longer) failed after classifying.
        Path csv = tmp.resolve(name(249, ".csv"));
        assertEquals(3, classifyFolder(folderValues(cf, TinyModels.colorModel(), csv)).rows().size());
        assertTrue(Files.readString(csv).startsWith("file,class,probability"));
        // 85 CJK characters are 255 bytes in UTF-8: legal; 86 are not, and fail before the model loads.
        Path cjk = tmp.resolve("\u732b".repeat(83) + ".csv"); // 249 + 4 bytes
        assertEquals(3, classifyFolder(folderValues(cf, TinyModels.colorModel(), cjk)).rows().size());
        Path tooLong = tmp.resolve("\u732b".repeat(86) + ".csv");
        IOException e = assertThrows(IOException.class,
                () -> classifyFolder(folderValues(cf, Path.of("/no/such/model.zip"), tooLong)));
        assertTrue(e.getMessage().contains("refuses the name") && e.getMessage().contains("262 bytes"),
                e.getMessage());
        // Train: a 248-byte model name is legal, but its "-history.csv" beside it would not be: refused up front.
        Map<String, String> raw = new HashMap<>(Map.of("data", cf.toString(), "model",
                tmp.resolve(name(248, ".zip")).toString()));
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> TrainClassifier.options(TrainClassifier.SPEC.parse(raw, Spec.Source.DEFAULTS,
                        Key.Scope.SCRIPT)));
        assertTrue(t.getMessage().contains("training history") && t.getMessage().contains("-history.csv"),
                t.getMessage());
        assertFalse(Files.exists(tmp.resolve(name(248, ".zip"))));
        assertEquals(255, "\u732b".repeat(85).getBytes(StandardCharsets.UTF_8).length);
    }
}
