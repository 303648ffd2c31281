package org.cnnclassifier.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The model shipped in the jar records how it was trained (model.json's {@code training}: the whole
 * run of one command) without a path of the machine it was trained on: no value anywhere in
 * model.json is an absolute path.
 */
class BundledModelMetadataTest {
    static final Path BUNDLED = Path.of("src/main/resources/models/cifar10-default.zip");

    /** Unix absolute paths of a developer's machine and any Windows drive path. */
    static final List<Pattern> MACHINE_PATHS = List.of(Pattern.compile("\"/(tmp|work|root|home|Users)/"),
            Pattern.compile("\"[A-Za-z]:(\\\\\\\\|/)"), Pattern.compile("\"/[^\"]*/"));

    /**
     * One run from scratch made it (scripts/train-default-model.sh, docs/training.md#default-model): no
     * {@code init}, every epoch it asked for run and recorded, within the 30 minutes.
     */
    @Test
    void trainingRecordIsTheWholeRunOfTheDocumentedCommand() throws IOException {
        ModelMetadata m = ModelFile.readMetadata(BUNDLED);
        assertEquals("", m.training().get("init"), "trained from scratch, not fine-tuned from another model");
        assertEquals("../shared/cifar-10-batches-bin", m.training().get("data"));
        assertEquals("target/cifar10-default.zip", m.training().get("model"));
        assertEquals(((Number) m.training().get("epochs")).intValue(), m.epochsRun(), "every epoch asked for ran");
        assertEquals(45_000, m.trainingImages());
        assertEquals(5_000, m.validationImages());
        assertTrue(m.trainingSeconds() > 0 && m.trainingSeconds() <= 30 * 60, "seconds: " + m.trainingSeconds());
    }

    /**
     * The script's Train keys are the ones the bundled model recorded, so that running the script
     * remakes it. Skipped keys: {@code data} (the script's argument) and {@code workers} (0 asks for
     * the automatic count; the record holds the count that ran).
     */
    @Test
    void scriptsKeysAreTheBundledModelsKeys() throws IOException {
        String script = Files.readString(Path.of("scripts/train-default-model.sh"), StandardCharsets.UTF_8);
        Matcher keyValue = Pattern.compile("(\\w+)='([^'$]*)'").matcher(
                script.substring(script.indexOf("TrainClassifierCommand \\")));
        Map<String, String> keys = new LinkedHashMap<>();
        while (keyValue.find()) {
            keys.put(keyValue.group(1), keyValue.group(2));
        }
        keys.remove("workers");
        assertTrue(keys.size() >= 15 && keys.containsKey("epochs") && !keys.containsKey("data"), "parsed: " + keys);
        Map<String, Object> recorded = ModelFile.readMetadata(BUNDLED).training();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            Object value = recorded.get(e.getKey());
            String given = e.getValue();
            boolean same = value instanceof Number n ? n.doubleValue() == Double.parseDouble(given)
                    : String.valueOf(value).equals(given);
            assertTrue(same, e.getKey() + ": the script says '" + given + "', the bundled model recorded " + value);
        }
    }

    @Test
    void noValueInModelJsonIsAnAbsolutePath() throws IOException {
        String json;
        try (ZipFile zip = new ZipFile(BUNDLED.toFile())) {
            json = new String(zip.getInputStream(zip.getEntry("model.json")).readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Pattern p : MACHINE_PATHS) {
            assertFalse(p.matcher(json).find(), "model.json holds an absolute path (" + p + "):\n" + json);
        }
    }
}
