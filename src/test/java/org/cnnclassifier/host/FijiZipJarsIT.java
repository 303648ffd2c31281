package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four Fiji zips hold exactly the jars they held before the Spark job was added (issue 27):
 * the expectation is the list recorded from the zips built on 2026-12-06, in
 * src/test/resources/fiji-zip-jars/&lt;platform&gt;.txt ({@code ${version}} for the project version).
 * A dependency of the Spark job leaking into the plugin's runtime (Spark itself, or Maven's mediation
 * changing the scope of ND4J's commons-* jars) changes the list and fails this test.
 */
class FijiZipJarsIT {
    @ParameterizedTest
    @ValueSource(strings = {"linux64", "win64", "macosx", "macosx-arm64"})
    void zipHoldsExactlyTheRecordedJars(String platform) throws IOException {
        FijiInstallIT.fijiLike(); // skipped with -DskipFijiZips, as the zips are not built then
        Path zip = FijiInstallIT.zip(platform);
        assertTrue(Files.isRegularFile(zip), "missing " + zip);
        String version = System.getProperty("project.version", "0.1.0");
        List<String> expected;
        try (InputStream in = FijiZipJarsIT.class.getResourceAsStream("/fiji-zip-jars/" + platform + ".txt")) {
            assertNotNull(in, "no recorded list for " + platform);
            expected = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.replace("${version}", version))
                    .sorted().toList();
        }
        List<String> actual = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).forEach(actual::add);
        }
        actual.sort(null);
        // 20 jars before the Keras importer, then deeplearning4j-modelimport, hdf5 and hdf5's natives for
        // the platform (HDF5 1.12.1-1.5.7 has no macOS arm64 build).
        assertEquals(platform.equals("macosx-arm64") ? 22 : 23, expected.size(), "recorded list of " + platform);
        assertEquals(expected, actual, zip + " holds other jars than before");
    }
}
