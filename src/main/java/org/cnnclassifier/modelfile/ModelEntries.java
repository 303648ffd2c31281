package org.cnnclassifier.modelfile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cnnclassifier.network.LinearDecaySchedule;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The entries of a model zip, checked one by one before DL4J restores the network, so that a
 * damaged file gives a message saying what is wrong ({@link ModelFile#unusable}) instead of a raw
 * DL4J or ND4J exception: not a zip, a truncated zip, no model.json, no configuration.json, a
 * configuration that is not a network, no coefficients.bin, or weights that are truncated, random
 * or do not fit the configuration.
 */
public record ModelEntries(String name, byte[] metadata, byte[] configuration, byte[] coefficients) {
    /** Beyond the weights themselves, coefficients.bin holds two small ND4J headers. */
    private static final int COEFFICIENT_HEADER_MAX = 4096;
    /** No trained weight comes near this; damaged bytes read as floats often do. */
    private static final double MAX_WEIGHT = 1e6;

    /**
     * Class names that models written before the package split (plugin 0.1.0 of 2026-12-06 and
     * earlier) hold in their configuration.json, and where those classes live now.
     */
    static final Map<String, String> MOVED_CLASSES = Map.of(
            "org.cnnclassifier.model.LinearDecaySchedule", LinearDecaySchedule.class.getName());

    static ModelEntries read(byte[] bytes, String name) throws IOException {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            throw ModelFile.unusable(name, bytes.length == 0 ? "the file is empty (0 bytes)" : "it is not a zip file");
        }
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (ZipException | EOFException e) {
            throw ModelFile.unusable(name, "the zip is truncated or damaged (" + ModelFile.firstLine(e) + ")");
        }
        byte[] metadata = entries.get(ModelFile.METADATA_ENTRY);
        byte[] configuration = entries.get(ModelSerializer.CONFIGURATION_JSON);
        byte[] coefficients = entries.get(ModelSerializer.COEFFICIENTS_BIN);
        if (metadata == null && configuration == null) {
            throw ModelFile.unusable(name, entries.isEmpty()
                    ? "it is not a zip file or the zip is truncated (no entries can be read)"
                    : "it holds neither " + ModelFile.METADATA_ENTRY + " nor a DL4J network");
        }
        if (metadata == null) {
            throw ModelFile.unusable(name, "it has no " + ModelFile.METADATA_ENTRY + " of format '"
                    + ModelMetadata.FORMAT + "'");
        }
        if (configuration == null) {
            throw ModelFile.unusable(name, "it holds no DL4J network (" + ModelSerializer.CONFIGURATION_JSON + ")");
        }
        if (coefficients == null) {
            throw ModelFile.unusable(name, "it holds no network weights (" + ModelSerializer.COEFFICIENTS_BIN + ")");
        }
        return new ModelEntries(name, metadata, configuration, coefficients);
    }

    /** The network with its weights, or an IOException naming what is damaged. */
    MultiLayerNetwork restore(byte[] zipBytes) throws IOException {
        String json = new String(configuration, StandardCharsets.UTF_8);
        String current = currentClassNames(json);
        if (!current.equals(json)) {
            zipBytes = withConfiguration(zipBytes, current.getBytes(StandardCharsets.UTF_8));
        }
        long expected;
        try {
            MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(current);
            expected = 0;
            for (NeuralNetConfiguration layer : conf.getConfs()) {
                expected += layer.getLayer().initializer().numParams(layer);
            }
        } catch (RuntimeException e) {
            throw ModelFile.unusable(name, "its " + ModelSerializer.CONFIGURATION_JSON
                    + " is not a DL4J network configuration ("
                    + ModelFile.firstLine(e) + ")");
        }
        // Weights are 4-byte floats (or 8-byte doubles); a shorter file is truncated, and a much
        // longer one belongs to another network.
        if (coefficients.length < expected * 4 || coefficients.length > expected * 8 + COEFFICIENT_HEADER_MAX) {
            throw ModelFile.unusable(name, "its " + ModelSerializer.COEFFICIENTS_BIN + " (" + coefficients.length
                    + " bytes) does not hold the " + expected + " weights of its network: truncated or damaged");
        }
        MultiLayerNetwork network;
        try {
            network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zipBytes), true);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw ModelFile.unusable(name, "its " + ModelSerializer.COEFFICIENTS_BIN + " cannot be read: damaged ("
                    + ModelFile.firstLine(e) + ")");
        }
        INDArray params = network.params();
        if (params == null || params.length() != expected) {
            throw ModelFile.unusable(name, "its " + ModelSerializer.COEFFICIENTS_BIN + " holds "
                    + (params == null ? 0 : params.length())
                    + " weights; its network needs " + expected);
        }
        double maxAbs = 0;
        for (double w : params.data().asDouble()) {
            // NaN fails both comparisons: count it as damaged
            maxAbs = Math.abs(w) <= maxAbs ? maxAbs : Math.abs(w) >= 0 ? Math.abs(w) : Double.NaN;
            if (!Double.isFinite(maxAbs)) {
                break;
            }
        }
        if (!Double.isFinite(maxAbs) || maxAbs > MAX_WEIGHT) {
            throw ModelFile.unusable(name, "its " + ModelSerializer.COEFFICIENTS_BIN
                    + " holds damaged weights (largest magnitude "
                    + maxAbs + ")");
        }
        return network;
    }

    /** The configuration with each moved class under its present name. */
    static String currentClassNames(String json) {
        for (Map.Entry<String, String> moved : MOVED_CLASSES.entrySet()) {
            json = json.replace('"' + moved.getKey() + '"', '"' + moved.getValue() + '"');
        }
        return json;
    }

    /** The zip with its configuration.json replaced, every other entry as it was. */
    private static byte[] withConfiguration(byte[] zipBytes, byte[] configuration) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zipBytes.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(e.getName().equals(ModelSerializer.CONFIGURATION_JSON) ? configuration : in.readAllBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
