package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Import Keras Model in the packaged ImageJ: the tutorial's network written by Keras 3 imported from an
 * {@code ij.jar -batch} macro and classifying a folder of the fixture JPEGs as Keras does; written by Keras 2
 * imported headless (HeadlessMain); a bad file stops the macro with one message, and headless exits 1 with one
 * [ERROR] line; nothing is written then.
 */
class KerasImportIT {
    static final Path KERAS = Path.of("src/test/resources/keras").toAbsolutePath();

    @TempDir
    Path tmp;

    static String classes(JsonNode p) {
        List<String> c = new ArrayList<>();
        p.path("classes").forEach(n -> c.add(n.asText()));
        return String.join(",", c);
    }

    @Test
    void macroImportsAndClassifiesAFolderAsKerasDoes() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(KERAS.resolve("predictions-k3-tutorial.keras.json").toFile());
        Path images = Files.createDirectories(tmp.resolve("images"));
        Map<String, JsonNode> byFile = new HashMap<>();
        for (JsonNode img : expected.path("images")) {
            String name = img.path("label").asText() + "-" + Path.of(img.path("path").asText()).getFileName();
            Files.copy(Path.of("src/test/resources").resolve(img.path("path").asText()), images.resolve(name));
            byFile.put(name, img);
        }
        Path zip = tmp.resolve("k3.zip"), csv = tmp.resolve("k3.csv");
        Path macro = Path.of("src/test/resources/it-macros/keras_import.ijm").toAbsolutePath();
        ImageJHost.Run run = ImageJHost.runMacro(macro, KERAS.resolve("k3-tutorial.keras") + "|" + classes(expected)
                + "|" + zip + "|" + images + "|" + csv, 300);
        assertTrue(run.output().contains("after run"), run.output());
        assertFalse(run.output().contains("Exception"), run.output());
        ModelMetadata m = ModelFile.readMetadata(zip);
        assertEquals("3.15.1", m.source().get("kerasVersion"));
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(21, rows.size(), rows.toString());
        int agree = 0, sure = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            JsonNode img = byFile.get(Path.of(f[0]).getFileName().toString());
            JsonNode p = img.path("probabilities");
            int argmax = img.path("argmax").asInt();
            double second = 0;
            for (int k = 0; k < p.size(); k++) {
                second = k == argmax ? second : Math.max(second, p.get(k).asDouble());
            }
            // ImageJ's JPEG decoder may differ from Pillow's by a few levels: compare where Keras is clear.
            if (p.get(argmax).asDouble() - second > 0.2) {
                sure++;
                agree += f[1].equals(expected.path("classes").get(argmax).asText()) ? 1 : 0;
            }
        }
        assertTrue(sure >= 10, sure + " clear images");
        assertEquals(sure, agree, "top classes of the clear images\n" + rows);

        Path bad = tmp.resolve("bad.zip");
        ImageJHost.Run failed = ImageJHost.runMacro(macro, KERAS.resolve("bad-resnet-add.keras") + "|" + classes(expected)
                + "|" + bad + "|" + images + "|" + tmp.resolve("bad.csv"), 300);
        assertTrue(failed.output().contains("Import Keras Model error: Cannot import the Keras model "
                + KERAS.resolve("bad-resnet-add.keras") + ": it is a Functional model that is not a chain of layers:"
                + " 'add' (Add) takes 2 inputs"), failed.output());
        assertFalse(failed.output().contains("after run") || failed.output().contains("Exception"), failed.output());
        assertFalse(Files.exists(bad) || Files.exists(tmp.resolve("bad.csv")));
    }

    private ImageJHost.Run headless(String keys) throws Exception {
        Path home = ImageJHost.home();
        String cp = String.join(File.pathSeparator, home.resolve("ij.jar").toString(), home.resolve("plugins/*")
                .toString(), home.resolve("plugins/CNN_Classifier-deps/*").toString());
        return ImageJHost.runJava(tmp, List.of("-Xmx2g", "-cp", cp, "org.cnnclassifier.command.HeadlessMain",
                "--headless", "--run", "org.cnnclassifier.command.ImportKerasModelCommand", keys), 300, "headless import");
    }

    @Test
    void headlessImportsKeras2AndFailsWithStatus1OnALfsPointer() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(KERAS.resolve("predictions-k2-tutorial.h5.json").toFile());
        Path zip = tmp.resolve("k2.zip");
        ImageJHost.Run ok = headless("file='" + KERAS.resolve("k2-tutorial.h5") + "',classes='" + classes(expected)
                + "',model='" + zip + "'");
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("Imported k2-tutorial.h5 (Keras 2.21.0, 32x32x3 input, 10 classes, normalize"
                + " divide-by-255) as " + zip), ok.output());
        assertEquals(List.of(expected.path("classes").get(0).asText()), ModelFile.readMetadata(zip).classNames()
                .subList(0, 1));

        Path bad = tmp.resolve("bad.zip");
        ImageJHost.Run r = headless("file='" + KERAS.resolve("bad-lfs-pointer.h5") + "',classes='a,b',model='" + bad
                + "'");
        assertEquals(1, r.exitCode(), r.output());
        assertEquals(1, r.output().lines().filter(l -> l.contains("[ERROR]")).count(), r.output());
        assertTrue(r.output().contains("[ERROR] Import Keras Model: Cannot import the Keras model "
                + KERAS.resolve("bad-lfs-pointer.h5") + ": it is a Git LFS pointer"), r.output());
        assertFalse(r.output().contains("\tat ") || r.output().contains("Exception"), r.output());
        assertFalse(Files.exists(bad));
    }
}
