package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad keys in {@code ij.jar -batch} macros, for every kind of key: a word or fraction for a whole
 * number, a word for a real number, an unknown key, an unclosed bracket; and a damaged model file. Each prints one message
 * naming the key, stops the macro, and ImageJ exits (before, a non-number opened ImageJ's modal
 * "Numeric value expected" dialog and the run never ended).
 */
class BadMacroKeysIT {
    @Test
    void everyBadKeyStopsTheMacroWithAMessage(@TempDir Path tmp, @TempDir Path models) throws Exception {
        // A model zip whose network file is cut short: before, a raw stack trace and the macro went on.
        Path damaged = models.resolve("damaged.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(damaged))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("configuration.json"));
            zip.write("{\"confs\": [".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        ij.process.ColorProcessor cp = new ij.process.ColorProcessor(8, 8);
        assertTrue(new ij.io.FileSaver(new ij.ImagePlus("x", cp)).saveAsPng(models.resolve("x.png").toString()));
        Path macro = Path.of("src/test/resources/it-macros/bad_keys.ijm").toAbsolutePath();
        String[][] cases = {
            {"top-word", "Classify Image error: 'abc' is not valid for 'top': give a whole number from 1 to 1000."},
            {"top-zero", "Classify Image error: '0' is not valid for 'top'"},
            {"folder-top", "Classify Folder error: '1.5' is not valid for 'top'"},
            {"epochs", "Train CIFAR-10 Classifier error: 'abc' is not valid for 'epochs': give a whole number"},
            {"rate", "Train CIFAR-10 Classifier error: 'fast' is not valid for 'rate': give a number"},
            {"shape", "Train CIFAR-10 Classifier error: 'shape' is not a key of Train CIFAR-10 Classifier. Its keys "
                    + "are: data, architecture, epochs, batch, rate, schedule, validation, augment, dropout, seed, "
                    + "model, download, limit, size, channels, normalize, init, freeze, workers, smoothing, muon, "
                    + "optimizer, decay, lookahead, biasrate, whiten, identity."},
            {"seed", "Open CIFAR-10 Samples error: 'one' is not valid for 'seed': give a whole number."},
            {"bracket", "Evaluate Classifier error: The value of 'data' opens '[' but never closes it."},
            {"damaged", "Classify Image error: " + damaged + " is not a usable CNN Classifier model"},
            {"damaged-folder", "Classify Folder error: " + damaged + " is not a usable CNN Classifier model"},
            {"explain-layer", "Explain Classification error: 'pool1' is not a convolution layer; Grad-CAM needs one "
                    + "of the model's convolution layers: conv1, "},
            {"explain-class", "Explain Classification error: The model has no class 'unicorn'; give top or one of: "
                    + "airplane, automobile, "},
            {"explain-maps", "Classify Folder error: The maps folder " + tmp.resolve("none") + " does not exist."}};
        for (String[] c : cases) {
            ImageJHost.Run run = ImageJHost.runMacro(macro, c[0] + "|" + tmp + "|" + damaged, 120);
            String o = run.output();
            assertTrue(o.contains(c[1]), c[0] + ":\n" + o);
            assertFalse(o.contains("after run"), c[0] + ": the macro went on after the error:\n" + o);
            assertFalse(o.contains("Exception"), c[0] + ":\n" + o);
        }
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }
}
