package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.cnnclassifier.conv.KernelParser;
import org.cnnclassifier.data.CifarBinary;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28, "Smaller": a fake .tar.gz is named without binary garbage; a hand-edited model.json with a class named
 * twice or channelOrder "BGR" is refused; a kernel weight that overflows (1e38) or vanishes (1e-50) in 32-bit floats
 * is refused. Oracles: Java's float conversion ((float) 1e-50 == 0), the bytes written, the edited model.json.
 */
class HandEditedInputsTest {
    @Test
    void aFakeTarGzIsNamedInPlainWords(@TempDir Path tmp) throws Exception {
        Path fake = tmp.resolve("cifar-10-binary.tar.gz");
        byte[] garbage = new byte[4096];
        new Random(3).nextBytes(garbage);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(fake))) {
            out.write(garbage);
        }
        IOException e = assertThrows(IOException.class, () -> CifarBinary.readArchive(fake, n -> true));
        assertTrue(e.getMessage().startsWith("The archive " + fake + " is a gzip file but not a tar archive"),
                e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable: " + e.getMessage());
    }

    @Test
    void aModelJsonWithAClassTwiceOrBgrIsRefused(@TempDir Path tmp) throws Exception {
        ModelFile.LoadedModel good = ModelFile.load(TinyModels.colorModel());
        ModelMetadata twice = good.metadata().toBuilder().classNames(List.of("red", "green", "Red")).build();
        ModelMetadata bgr = good.metadata().toBuilder().channelOrder("BGR").build();
        for (ModelMetadata m : List.of(twice, bgr)) {
            Path f = tmp.resolve("edited.zip");
            ModelFile.save(good.network(), m, f);
            IOException e = assertThrows(IOException.class, () -> ModelFile.load(f));
            assertTrue(e.getMessage().startsWith(f + " is not a usable CNN Classifier model: its model.json "),
                    e.getMessage());
            assertTrue(e.getMessage().contains(m == bgr ? "channelOrder 'BGR'" : "the class 'Red' twice"),
                    e.getMessage());
        }
    }

    @Test
    void kernelWeightsThatOverflowOrVanishAreRefused() {
        assertEquals(0f, (float) 1e-50);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> KernelParser.parse("0 1e38\n0 0"));
        assertTrue(big.getMessage().contains("\"1e38\" (number 2 on the line) is too large"), big.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> KernelParser.parse("0 0\n1e-50 0"));
        assertTrue(small.getMessage().contains("\"1e-50\" (number 1 on the line) is too small for a 32-bit kernel "
                + "weight: it would become 0"), small.getMessage());
        assertEquals(1e-30f, KernelParser.parse("1e-30 0\n0 0").get(0).weights()[0]);
    }
}
