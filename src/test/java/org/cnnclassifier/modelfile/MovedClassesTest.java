package org.cnnclassifier.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.LinearDecaySchedule;
import org.cnnclassifier.network.Nd4jSetup;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A model written before the package split names {@code org.cnnclassifier.model.LinearDecaySchedule}
 * in its configuration.json; it still loads, with the same weights as under the present name.
 */
class MovedClassesTest {
    static final String LEGACY = "org.cnnclassifier.model.LinearDecaySchedule";
    static final String CURRENT = "org.cnnclassifier.network.LinearDecaySchedule";

    @Test
    void aModelNamingTheOldPackageLoadsWithTheSameWeights() throws IOException {
        // A model trained with schedule=linear, as every model of those releases (the default model too)
        Nd4jSetup.ensureInitialized();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.buildWith(Architecture.SEED, 10, 1, 0,
                new Adam(new LinearDecaySchedule(0.003, 100)), 0, 32, 32, 3));
        net.init();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ModelFile.write(net, ModelMetadata.builder().architecture("seed").classNames(
                java.util.List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")).build(), zip);
        byte[] bundled = zip.toByteArray();
        byte[] legacy = rename(bundled, CURRENT, LEGACY);
        byte[] current = rename(bundled, LEGACY, CURRENT);
        assertTrue(configuration(legacy).contains('"' + LEGACY + '"'), "the legacy zip names the old class");
        assertTrue(!configuration(current).contains(LEGACY), "the current zip does not");

        ModelFile.LoadedModel fromLegacy = ModelFile.load(new ByteArrayInputStream(legacy), "legacy.zip");
        ModelFile.LoadedModel fromCurrent = ModelFile.load(new ByteArrayInputStream(current), "current.zip");
        assertEquals(fromCurrent.network().params(), fromLegacy.network().params());
        assertEquals(fromCurrent.network().getLayerWiseConfigurations().toJson(),
                fromLegacy.network().getLayerWiseConfigurations().toJson());
    }

    static String configuration(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().equals("configuration.json")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException("no configuration.json");
    }

    static byte[] rename(byte[] zip, String from, String to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] data = in.readAllBytes();
                if (e.getName().equals("configuration.json")) {
                    data = new String(data, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(data);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
