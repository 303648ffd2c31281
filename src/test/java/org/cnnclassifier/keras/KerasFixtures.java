package org.cnnclassifier.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The Keras fixtures of src/test/resources/keras (made by real Keras, see its README.md and
 * make_fixtures.py): model files, Keras's own predictions and the input images as float32 NHWC 0..255.
 */
final class KerasFixtures {
    static final Path DIR = Path.of("src/test/resources/keras");
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasFixtures() {
    }

    static Path file(String name) {
        return DIR.resolve(name);
    }

    /** predictions-{@code fixture}.json. */
    static JsonNode predictions(String fixture) throws IOException {
        return JSON.readTree(DIR.resolve("predictions-" + fixture + ".json").toFile());
    }

    /** The input images a predictions file names: [n][h*w*c] floats, 0..255, channels last. */
    static float[][] inputs(JsonNode predictions) throws IOException {
        JsonNode header = JSON.readTree(Path.of("src/test/resources").resolve(predictions.path("inputs").asText())
                .toFile());
        JsonNode shape = header.path("shape");
        int n = shape.get(0).asInt(), size = shape.get(1).asInt() * shape.get(2).asInt() * shape.get(3).asInt();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources").resolve(header.path("file").asText()))) {
            bytes = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[n][size];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                out[i][j] = b.getFloat();
            }
        }
        return out;
    }
}
