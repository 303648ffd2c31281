package org.cnnclassifier.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bad fixture gives one message naming the file and what is wrong. */
class KerasBadInputTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad-lfs-pointer.h5|Git LFS pointer",
        "bad-truncated.h5|truncated",
        "bad-noweights.keras|no weights",
        "bad-custom-layer.keras|'my_scale' (MyScale)",
        "bad-savedmodel|SavedModel folder",
        "bad-resnet-add.keras|(Add) takes 2 inputs",
        "bad-subclassed.keras|subclassed model",
        "bad-weights-only.h5|architecture is missing",
        "bad-weights-only.weights.h5|architecture is missing",
        "bad-mlp.keras|a flat vector of 784 values"})
    void badFilesGiveOneMessageNamingFileAndProblem(String fixture, String what) {
        Exception e = assertThrows(Exception.class, () -> KerasImport.convert(KerasFixtures.file(fixture),
                "a,b,c,d,e,f,g,h,i,j", "auto"));
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(fixture), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }

    @TempDir
    Path tmp;

    @Test
    void aTfsmLayerWrapperIsNamedAndHdf5SavedAsKerasIsReadAsHdf5() throws Exception {
        // k3-tutorial.keras with its config's first Conv2D turned into a TFSMLayer (Keras 3's SavedModel wrapper).
        Path wrapped = tmp.resolve("wrapped.keras");
        try (ZipFile in = new ZipFile(KerasFixtures.file("k3-tutorial.keras").toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(wrapped))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] b = in.getInputStream(e).readAllBytes();
                if (e.getName().equals("config.json")) {
                    b = new String(b, StandardCharsets.UTF_8).replaceFirst("\"class_name\": \"Conv2D\"",
                            "\"class_name\": \"TFSMLayer\"").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
            }
        }
        Exception e = assertThrows(Exception.class, () -> KerasImport.convert(wrapped, "a", "auto"));
        assertTrue(e.getMessage().contains(wrapped.toString()) && e.getMessage().contains("'conv2d' (TFSMLayer) wraps"
                + " a TensorFlow SavedModel"), e.getMessage());
        // TensorFlow 2.7's checkpoints: HDF5 saved under a .keras name.
        Path h5AsKeras = Files.copy(KerasFixtures.file("k2-tutorial.h5"), tmp.resolve("checkpoint.keras"));
        var imported = KerasImport.convert(h5AsKeras, "a,b,c,d,e,f,g,h,i,j", "auto");
        assertEquals("hdf5", imported.metadata().source().get("format"));
        assertEquals("2.21.0", imported.metadata().source().get("kerasVersion"));
    }
}
