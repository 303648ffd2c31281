package org.cnnclassifier.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.inference.ModelCache;

/**
 * A damaged model zip gives an IOException saying the file is not a usable model and what is
 * wrong, for every kind of damage, through ModelFile.load and ModelCache.get (which the commands
 * use); never a raw DL4J/ND4J exception.
 */
class ModelFileDamageTest {
    @TempDir
    Path tmp;
    static Map<String, byte[]> good;

    @BeforeAll
    static void read() throws IOException {
        good = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(TinyModels.colorModel()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                good.put(e.getName(), in.readAllBytes());
            }
        }
    }

    Path zip(String name, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = change.apply(new LinkedHashMap<>(good));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return Files.write(tmp.resolve(name), bytes.toByteArray());
    }

    static void assertUnusable(Path file, String what) {
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(file), file.toString());
        String m = e.getMessage();
        assertTrue(m.startsWith(file + " is not a usable CNN Classifier model: "), m);
        assertTrue(m.contains(what), m);
        assertTrue(m.endsWith("Train a model again or use a .zip written by Train CIFAR-10 Classifier."), m);
        ModelCache.clear();
        IOException viaCache = assertThrows(IOException.class, () -> ModelCache.get(file.toString()));
        assertEquals(m, viaCache.getMessage());
    }

    @Test
    void theUndamagedCopyLoads() throws IOException {
        Path copy = zip("copy.zip", m -> m);
        assertEquals(TinyModels.COLORS, ModelFile.load(copy).metadata().classNames());
    }

    @Test
    void missingCoefficients() throws IOException {
        assertUnusable(zip("nocoef.zip", m -> {
            m.remove("coefficients.bin");
            return m;
        }), "no network weights (coefficients.bin)");
    }

    @Test
    void truncatedCoefficients() throws IOException {
        assertUnusable(zip("cut.zip", m -> {
            m.put("coefficients.bin", Arrays.copyOf(m.get("coefficients.bin"), m.get("coefficients.bin").length / 2));
            return m;
        }), "truncated or damaged");
        assertUnusable(zip("cut2.zip", m -> {
            m.put("coefficients.bin", Arrays.copyOf(m.get("coefficients.bin"), m.get("coefficients.bin").length - 40));
            return m;
        }), "coefficients.bin");
    }

    @Test
    void randomCoefficients() throws IOException {
        Random r = new Random(5);
        assertUnusable(zip("random.zip", m -> {
            byte[] b = new byte[m.get("coefficients.bin").length];
            r.nextBytes(b);
            m.put("coefficients.bin", b);
            return m;
        }), "coefficients.bin");
        // headers intact, weights random: loads as numbers, but not as weights any training writes
        assertUnusable(zip("randomweights.zip", m -> {
            byte[] b = m.get("coefficients.bin").clone();
            byte[] noise = new byte[b.length - 300];
            r.nextBytes(noise);
            System.arraycopy(noise, 0, b, 300, noise.length);
            m.put("coefficients.bin", b);
            return m;
        }), "damaged weights");
    }

    @Test
    void configurationNotJson() throws IOException {
        assertUnusable(zip("conf.zip", m -> {
            m.put("configuration.json", "this is { not JSON".getBytes(StandardCharsets.UTF_8));
            return m;
        }), "configuration.json is not a DL4J network configuration");
    }

    @Test
    void metadataNotJson() throws IOException {
        assertUnusable(zip("meta.zip", m -> {
            m.put(ModelFile.METADATA_ENTRY, "{ broken".getBytes(StandardCharsets.UTF_8));
            return m;
        }), "model.json is not valid JSON");
    }

    @Test
    void notAZipTruncatedOrEmpty() throws IOException {
        assertUnusable(Files.writeString(tmp.resolve("notes.zip"), "just some text"), "it is not a zip file");
        assertUnusable(Files.write(tmp.resolve("empty.zip"), new byte[0]), "empty");
        byte[] whole = Files.readAllBytes(TinyModels.colorModel());
        assertUnusable(Files.write(tmp.resolve("half.zip"), Arrays.copyOf(whole, whole.length / 2)), "truncated");
        assertUnusable(Files.write(tmp.resolve("head.zip"), Arrays.copyOf(whole, 40)), "truncated");
    }

    @Test
    void folderAndMissingPathMessages() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("models"));
        IOException dir = assertThrows(IOException.class, () -> ModelCache.get(folder.toString()));
        assertEquals("The model " + folder + " is a folder; choose the model .zip file inside it.", dir.getMessage());
        Path missing = tmp.resolve("nope.zip");
        IOException gone = assertThrows(IOException.class, () -> ModelCache.get(missing.toString()));
        String m = gone.getMessage();
        assertTrue(m.startsWith("Model file not found: " + missing + "."), m);
        assertEquals(m.indexOf(missing.toString()), m.lastIndexOf(missing.toString()), "the path is named once: " + m);
    }
}
