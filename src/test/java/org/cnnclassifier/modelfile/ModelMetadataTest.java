package org.cnnclassifier.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.training.TrainingOptions;

/** model.json as the {@link ModelMetadata} record, and the option enums' words. */
class ModelMetadataTest {
    @TempDir
    Path tmp;

    @Test
    void keysAnOlderModelJsonLeavesOutKeepTheirDefaultsAndUnknownKeysAreIgnored() throws IOException {
        Path zip = tmp.resolve("old.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry(ModelFile.METADATA_ENTRY));
            z.write(("{\"format\": \"cnn-classifier-model\", \"architecture\": \"seed\", \"classNames\": [\"a\", \"b\"],"
                    + " \"inputWidth\": 28, \"aKeyOfALaterVersion\": {\"x\": 1}}").getBytes(StandardCharsets.UTF_8));
        }
        ModelMetadata m = ModelFile.readMetadata(zip);
        assertEquals(List.of("a", "b"), m.classNames());
        assertEquals(List.of(28, 32, 3), List.of(m.inputWidth(), m.inputHeight(), m.inputChannels()));
        assertEquals(ModelMetadata.FORMAT_VERSION, m.formatVersion());
        assertEquals("RGB", m.channelOrder());
        assertEquals(ModelMetadata.NORMALIZATION_UNIT_RANGE, m.normalization());
        assertEquals(ModelMetadata.describe(ModelMetadata.NORMALIZATION_UNIT_RANGE), m.normalizationDescription());
        assertEquals(Map.of(), m.training());
        assertTrue(Double.isNaN(m.validationAccuracy()) && Double.isNaN(m.validationLoss()));
        assertNull(m.created());
        // The default model in the jar records its normalisation and the whole training run.
        ModelMetadata d = ModelFile.loadDefault().metadata();
        assertEquals("air", d.architecture());
        assertEquals(ModelMetadata.describe(ModelMetadata.NORMALIZATION_UNIT_RANGE), d.normalizationDescription());
        assertEquals("triangle", d.training().get(TrainingOptions.KEY_SCHEDULE));
    }

    @Test
    void savedMetadataReadsBackEqualWithItsKeysInComponentOrder() throws IOException {
        ModelMetadata m = ModelMetadata.builder().architecture("bn").classNames(List.of("cat", "dog"))
                .training(Map.of(TrainingOptions.KEY_EPOCHS, 3)).epochsRun(3).validationAccuracy(0.5)
                .trainingImages(90).validationImages(10).trainingSeconds(1.5).build();
        Path file = tmp.resolve("m.zip");
        ModelFile.save(TinyModels.network(2, 1), m, file);
        ModelMetadata back = ModelFile.readMetadata(file);
        assertTrue(back.created() != null && !back.created().isEmpty());
        assertEquals(m.toBuilder().created(back.created()).build(), back);
        assertThrows(UnsupportedOperationException.class, () -> back.classNames().add("bird"));

        String json = null;
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null;) {
                if (e.getName().equals(ModelFile.METADATA_ENTRY)) {
                    json = new String(z.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        List<String> keys = new ArrayList<>();
        Matcher k = Pattern.compile("(?m)^  \"(\\w+)\" :").matcher(json);
        while (k.find()) {
            keys.add(k.group(1));
        }
        assertEquals(Arrays.stream(ModelMetadata.class.getRecordComponents()).map(c -> c.getName()).toList(), keys);
    }

    @Test
    void optionWordsAndTheirMessages() {
        assertEquals(List.of("seed", "bn", "wide", "air"), Architecture.words());
        assertEquals(Architecture.BN, Architecture.parse(" BN"));
        assertEquals(0.2, Architecture.BN.defaultDropout());
        assertEquals(List.of("constant", "linear", "onecycle", "triangle"), TrainingOptions.Schedule.words());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.Schedule.parse("cosine"));
        assertEquals("schedule must be one of constant, linear, onecycle, triangle; got 'cosine'.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse("resnet"));
        assertEquals("Unknown architecture 'resnet'. Choose one of [seed, bn, wide, air].", e.getMessage());
    }
}
