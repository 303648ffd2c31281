package org.cnnclassifier.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The model shipped in the jar records how it was trained (model.json's {@code training}) without a
 * path of the machine it was trained on: {@code init} and {@code model} name files, not temporary
 * absolute paths, and no value anywhere in model.json is an absolute path.
 */
class BundledModelMetadataTest {
    static final Path BUNDLED = Path.of("src/main/resources/models/cifar10-default.zip");

    /** Unix absolute paths of a developer's machine and any Windows drive path. */
    static final List<Pattern> MACHINE_PATHS = List.of(Pattern.compile("\"/(tmp|work|root|home|Users)/"),
            Pattern.compile("\"[A-Za-z]:(\\\\\\\\|/)"), Pattern.compile("\"/[^\"]*/"));

    @Test
    void trainingRecordNamesFilesNotMachinePaths() throws IOException {
        ModelMetadata m = ModelFile.readMetadata(BUNDLED);
        // The fine-tuning run of docs/training.md: init='wide12.zip' (12 epochs), model='cifar10-default.zip'.
        assertEquals("wide12.zip", m.training().get("init"));
        assertEquals("cifar10-default.zip", m.training().get("model"));
        assertEquals("wide", m.architecture());
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
