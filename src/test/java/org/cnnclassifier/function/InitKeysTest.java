package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.TinyModels;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28, defect 7: with {@code init}, a key that the init model decides (architecture, dropout, size, channels,
 * normalize) given a value other than its default is an error naming the keys and the model's values (before:
 * architecture and dropout were silently ignored); model.json records the network that was trained. Oracle: the
 * init model's own model.json.
 */
class InitKeysTest {
    private static Values macro(Map<String, String> raw) {
        return TrainClassifier.SPEC.parse(raw, Spec.Source.MACRO, Key.Scope.BOTH);
    }

    @Test
    void aKeyThatInitDecidesIsNamed(@TempDir Path tmp) throws Exception {
        Path init = TinyModels.colorModel();
        ModelMetadata own = ModelFile.readMetadata(init);
        String size = own.inputWidth() + "x" + own.inputHeight();
        Path data = Files.createDirectories(tmp.resolve("data"));
        String[][] cases = {{"size", "28x28", size}, {"channels", "gray", "rgb"},
            {"architecture", "bn", own.architecture()}, {"dropout", "0.5", null},
            {"normalize", "min-max", "divide-by-255"}};
        for (String[] c : cases) {
            Map<String, String> raw = new HashMap<>(Map.of("data", data.toString(), "model",
                    tmp.resolve("m.zip").toString(), "init", init.toString(), c[0], c[1]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainClassifier.options(macro(raw)), c[0]);
            assertTrue(e.getMessage().startsWith("init trains " + init + " with its own architecture"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(", so " + c[0] + "=" + c[1]
                    + (c[2] != null ? " (the model's: " + c[2] + ")" : "") + " was given but would be ignored."),
                    e.getMessage());
        }
        // The issue's line: every key init decides that differs from its default is named.
        Map<String, String> issue = new HashMap<>(Map.of("data", data.toString(), "model",
                tmp.resolve("m.zip").toString(), "init", init.toString(), "size", "32x32", "channels", "rgb",
                "architecture", "bn", "dropout", "0.5"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainClassifier.options(macro(issue)));
        assertTrue(e.getMessage().contains("architecture=bn (the model's: " + own.architecture() + "), dropout=0.5 "
                + "were given"), e.getMessage());
        // A macro recorded from the dialog holds every key at its value; at the defaults, init trains.
        Map<String, String> recorded = new LinkedHashMap<>();
        for (Key k : TrainClassifier.SPEC.keys(Key.Scope.BOTH)) {
            if (k.kind() != Key.Kind.FLAG) {
                recorded.put(k.name(), k.defaultValue());
            }
        }
        recorded.put("data", data.toString());
        recorded.put("model", tmp.resolve("m.zip").toString());
        recorded.put("init", init.toString());
        TrainingOptions o = TrainClassifier.options(macro(recorded));
        assertEquals(init.toString(), o.init());
        assertFalse(Files.exists(tmp.resolve("m.zip")));
    }

    @Test
    void modelJsonRecordsTheInitNetworkNotTheIgnoredOptions(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        for (String c : new String[] {"red", "blue"}) {
            Path d = Files.createDirectories(data.resolve(c));
            for (int i = 0; i < 4; i++) {
                ColorProcessor cp = new ColorProcessor(32, 32);
                cp.setColor(c.equals("red") ? new Color(220, 10 * i, 0) : new Color(0, 10 * i, 220));
                cp.fill();
                assertTrue(new FileSaver(new ImagePlus(c, cp)).saveAsPng(d.resolve(i + ".png").toString()));
            }
        }
        Path init = TinyModels.colorModel();
        ModelMetadata own = ModelFile.readMetadata(init);
        // Trainer's own API (no key check): architecture bn and dropout 0.5 asked, the init network trained.
        TrainingOptions o = TrainingOptions.builder().data(data).model(tmp.resolve("m.zip")).init(init.toString())
                .architecture(Architecture.parse("bn")).dropout(0.5).epochs(1).batch(4).validation("0").build();
        Trainer.train(o, ProgressListener.SILENT, null);
        ModelMetadata m = ModelFile.readMetadata(tmp.resolve("m.zip"));
        assertEquals(own.architecture(), m.architecture());
        assertEquals(own.architecture(), m.training().get("architecture"));
        assertEquals(own.inputWidth() + "x" + own.inputHeight(), m.training().get("size"));
        assertFalse(m.training().containsKey("dropout") && Double.valueOf(0.5).equals(m.training().get("dropout")),
                m.training().toString());
    }
}
