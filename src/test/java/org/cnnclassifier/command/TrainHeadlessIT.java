package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cnnclassifier.data.TestData;
import org.cnnclassifier.host.ImageJHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.modelfile.ModelFile;

/** The README's headless line, as written there: HeadlessMain with the packaged installation's class path. */
class TrainHeadlessIT {
    @TempDir
    Path tmp;

    private record Result(int exit, String output) {
    }

    private Result headless(String args) throws Exception {
        Path home = ImageJHost.home();
        String cp = String.join(File.pathSeparator, home.resolve("ij.jar").toString(), home.resolve("plugins/*").toString(),
                home.resolve("plugins/CNN_Classifier-deps/*").toString());
        Path log = tmp.resolve("out.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-cp", cp,
                "org.cnnclassifier.command.HeadlessMain", "--headless", "--run", "org.cnnclassifier.command.TrainClassifierCommand", args))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "headless training did not finish");
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void trainsHeadlessAndFailsWithStatus1OnBadInput() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("cifar"));
        Files.write(data.resolve("data_batch_1.bin"), TestData.realRecords(200));
        Path model = tmp.resolve("m.zip");
        Result ok = headless("data='" + data + "',architecture='seed',epochs='1',batch='32',validation='0.1',model='" + model + "'");
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("epoch 1: loss"), ok.output());
        assertTrue(ok.output().matches("(?s).*validationAccuracy = 0\\.\\d+.*"), ok.output());
        assertTrue(ok.output().matches("(?s).*history = table ('[^']*' )?with 1 row.*"), ok.output());
        assertFalse(ok.output().contains("Ignoring unsupported output"), ok.output());
        assertEquals(180, ModelFile.readMetadata(model).trainingImages());
        assertTrue(Files.isRegularFile(tmp.resolve("m-history.png")));

        Path model2 = tmp.resolve("m2.zip");
        Result bad = headless("data='" + data + "',batch='0',model='" + model2 + "'");
        assertEquals(1, bad.exit(), bad.output());
        assertTrue(bad.output().contains("[ERROR] Train CIFAR-10 Classifier: '0' is not valid for 'batch': give a "
                + "whole number of at least 1."), bad.output());
        assertFalse(Files.exists(model2));
        // One [ERROR] line, no stack trace, for a word as a number and for data that is not there.
        for (String keys : new String[] {"data='" + data + "',epochs='abc',model='" + model2 + "'",
                "data='" + tmp.resolve("missing") + "',epochs='1',model='" + model2 + "'"}) {
            Result r = headless(keys);
            assertEquals(1, r.exit(), r.output());
            assertEquals(1, r.output().lines().filter(l -> l.contains("[ERROR]")).count(), r.output());
            assertFalse(r.output().contains("\tat ") || r.output().contains("Exception"), r.output());
            assertFalse(Files.exists(model2));
        }
    }
}
