package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.cnnclassifier.data.FolderListing;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.TinyModels;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;
import org.cnnclassifier.util.MissingFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28, defect 9 (one class: say that training needs 2 and name the one found, not DL4J's "Softmax + nOut=1")
 * and the cheap "Smaller" items: a validation fraction that leaves nothing to train on, a validation folder that is
 * the training folder, a missing init model, a file given as Classify Folder's input folder, a selection outside the
 * image. Oracle: the data written here (its class names, image counts and paths) named in each message.
 */
class TrainingRefusalsTest {
    private static Path classes(Path root, int perClass, String... names) throws IOException {
        for (String c : names) {
            Path d = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < perClass; i++) {
                ColorProcessor cp = new ColorProcessor(8, 8);
                cp.setColor(new Color(10 * i, c.length() * 30, 100));
                cp.fill();
                assertTrue(new FileSaver(new ImagePlus(c, cp)).saveAsPng(d.resolve(i + ".png").toString()));
            }
        }
        return root;
    }

    private static TrainingOptions.Builder options(Path data, Path tmp) {
        return TrainingOptions.builder().data(data).model(tmp.resolve("m.zip")).epochs(1).size("16x16");
    }

    @Test
    void oneClassIsNamed(@TempDir Path tmp) throws Exception {
        Path data = classes(tmp.resolve("d"), 3, "cat");
        IOException e = assertThrows(IOException.class,
                () -> Trainer.train(options(data, tmp).build(), ProgressListener.SILENT, null));
        assertEquals("Training needs at least 2 classes; found only 'cat' in " + data
                + ". Add a subfolder of images for each other class.", e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("m.zip")));
    }

    @Test
    void validationThatLeavesNothingOrIsTheTrainingData(@TempDir Path tmp) throws Exception {
        Path data = classes(tmp.resolve("d"), 20, "cat", "dog");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(options(data, tmp).validation("0.99").build(), ProgressListener.SILENT, null));
        assertTrue(e.getMessage().startsWith("validation=0.99 holds out all 40 images of " + data), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.train(options(data, tmp)
                .validation(data.toString()).build(), ProgressListener.SILENT, null));
        assertTrue(e.getMessage().startsWith("The validation data " + data + " is the training data itself"),
                e.getMessage());
        Path missing = tmp.resolve("no-such-init.zip");
        MissingFileException m = assertThrows(MissingFileException.class, () -> Trainer.train(
                TrainingOptions.builder().data(data).model(tmp.resolve("m.zip")).epochs(1).init(missing.toString())
                        .build(), ProgressListener.SILENT, null));
        assertTrue(m.getMessage().startsWith("Init model not found: " + missing + ". Give 'init'"), m.getMessage());
    }

    @Test
    void aFileForAFolderAndASelectionOutsideTheImage(@TempDir Path tmp) throws Exception {
        Path file = classes(tmp, 1, "x").resolve("x").resolve("0.png");
        IOException e = assertThrows(IOException.class, () -> FolderListing.list(file, false, ""));
        assertTrue(e.getMessage().startsWith("The input " + file + " is a file; Classify Folder needs a folder"),
                e.getMessage());
        ImagePlus imp = new ImagePlus("i", new ColorProcessor(32, 32));
        imp.setRoi(new Roi(100, 100, 20, 20));
        Values v = ClassifyImage.SPEC.parse(Map.of("model", TinyModels.colorModel().toString()),
                Spec.Source.DEFAULTS, Key.Scope.SCRIPT);
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> ClassifyImage.classify(imp, v));
        assertTrue(s.getMessage().startsWith("The selection (20x20 at 100,100) lies outside the 32x32 image."),
                s.getMessage());
    }
}
