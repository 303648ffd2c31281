package org.cnnclassifier.modelfile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.util.ModelSerializer;

/**
 * Classes of this plugin that a saved network configuration names by their full name (DL4J's JSON
 * records {@code "@class"}), under the names they had when older models were saved: the package
 * split moved them, and a model file must keep loading. Names are rewritten in configuration.json
 * before DL4J reads it; the model file itself is left as it is.
 */
final class LegacyClassNames {
    /** Old name to new name. */
    static final Map<String, String> MOVED = Map.of(
            "org.cnnclassifier.model.LinearDecaySchedule", "org.cnnclassifier.training.LinearDecaySchedule");

    private LegacyClassNames() {
    }

    /** The configuration with old class names replaced (the same array when there is none). */
    static byte[] update(byte[] configuration) {
        String json = new String(configuration, StandardCharsets.UTF_8);
        String updated = json;
        for (Map.Entry<String, String> e : MOVED.entrySet()) {
            updated = updated.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"");
        }
        return updated.equals(json) ? configuration : updated.getBytes(StandardCharsets.UTF_8);
    }

    /** The zip with its configuration.json replaced by {@code configuration}, every other entry as it was. */
    static byte[] withConfiguration(byte[] zipBytes, byte[] configuration) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zipBytes.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(ModelSerializer.CONFIGURATION_JSON.equals(e.getName()) ? configuration : in.readAllBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
