package org.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {
    @TempDir
    Path tmp;

    private static final int R = CifarBinary.RECORD_BYTES;

    /** The bytes of record i, label and planes, as written. */
    private static void assertRecord(byte[] written, int i, LabeledImages d, int j) {
        assertEquals(written[i * R] & 0xFF, d.label(j));
        assertArrayEquals(Arrays.copyOfRange(written, i * R + 1, (i + 1) * R), d.image(j));
    }

    @Test
    void readsFolderOfTrainingBatchesInOrderWithMetaNames() throws IOException {
        byte[] b1 = TestData.records(7, 1);
        byte[] b2 = TestData.records(5, 2);
        Files.write(tmp.resolve("data_batch_1.bin"), b1);
        Files.write(tmp.resolve("data_batch_2.bin"), b2);
        Files.write(tmp.resolve("test_batch.bin"), TestData.records(3, 3));
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.writeString(tmp.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n");

        LabeledImages d = CifarBinary.readTrainingFolder(tmp);
        assertEquals(12, d.size());
        assertEquals(names, d.classNames());
        assertRecord(b1, 0, d, 0);
        assertRecord(b1, 6, d, 6);
        assertRecord(b2, 0, d, 7);
        assertRecord(b2, 4, d, 11);

        LabeledImages without2 = CifarBinary.readTrainingFolder(tmp, tmp.resolve("data_batch_2.bin"));
        assertEquals(7, without2.size());

        LabeledImages eval = DataSources.evaluation(tmp, org.cnnclassifier.progress.ProgressListener.SILENT).images();
        assertEquals(3, eval.size());
    }

    @Test
    void findsTheArchiveFolderInside() throws IOException {
        Path sub = Files.createDirectories(tmp.resolve(CifarBinary.ARCHIVE_FOLDER));
        Files.write(sub.resolve("data_batch_1.bin"), TestData.records(2, 1));
        assertEquals(sub, CifarBinary.findBatchFolder(tmp));
        assertEquals(CifarBinary.DEFAULT_CLASS_NAMES, CifarBinary.readTrainingFolder(sub).classNames());
    }

    @Test
    void readsTarGzWithoutUnpacking() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/cifar-10-batches-bin"));
        byte[] b1 = TestData.records(4, 11);
        byte[] b5 = TestData.records(3, 15);
        byte[] test = TestData.records(2, 16);
        Files.write(src.resolve("data_batch_1.bin"), b1);
        Files.write(src.resolve("data_batch_5.bin"), b5);
        Files.write(src.resolve("test_batch.bin"), test);
        Files.writeString(src.resolve("batches.meta.txt"), String.join("\n", CifarBinary.DEFAULT_CLASS_NAMES), StandardCharsets.UTF_8);
        Files.writeString(src.resolve("readme.html"), "<html>not a batch</html>");
        Path archive = TestData.tarGz(tmp.resolve("src"), tmp.resolve("cifar-10-binary.tar.gz"), List.of("cifar-10-batches-bin"));

        LabeledImages train = DataSources.training(archive, null, false, org.cnnclassifier.progress.ProgressListener.SILENT).images();
        assertEquals(7, train.size());
        assertRecord(b1, 0, train, 0);
        assertRecord(b5, 2, train, 6);

        LabeledImages trainWithout5 = DataSources.training(archive, Path.of("data_batch_5.bin"), false,
                org.cnnclassifier.progress.ProgressListener.SILENT).images();
        assertEquals(4, trainWithout5.size());

        LabeledImages t = DataSources.evaluation(archive, org.cnnclassifier.progress.ProgressListener.SILENT).images();
        assertEquals(2, t.size());
        assertRecord(test, 1, t, 1);
        // nothing unpacked beside the archive
        try (var s = Files.list(tmp)) {
            assertEquals(2, s.count());
        }
    }

    @Test
    void truncatedArchiveIsAClearError() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/cifar-10-batches-bin"));
        Files.write(src.resolve("data_batch_1.bin"), TestData.records(50, 1));
        Path archive = TestData.tarGz(tmp.resolve("src"), tmp.resolve("c.tar.gz"), List.of("cifar-10-batches-bin"));
        byte[] all = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(all, all.length / 2));
        IOException e = assertThrows(IOException.class, () -> CifarBinary.readArchive(archive, n -> true));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a valid"), e.getMessage());
    }

    @Test
    void wrongSizeFileIsRejectedNamingIt() throws IOException {
        Path f = tmp.resolve("data_batch_1.bin");
        byte[] b = TestData.records(3, 1);
        Files.write(f, Arrays.copyOf(b, b.length - 100)); // truncated
        IOException e = assertThrows(IOException.class, () -> CifarBinary.readFile(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("not a multiple of 3073"), e.getMessage());
        Files.write(f, new byte[0]);
        assertThrows(IOException.class, () -> CifarBinary.readFile(f));
    }

    @Test
    void labelAbove9IsRejectedNamingRecord() throws IOException {
        byte[] b = TestData.records(4, 1);
        b[2 * R] = 10;
        Path f = tmp.resolve("data_batch_1.bin");
        Files.write(f, b);
        IOException e = assertThrows(IOException.class, () -> CifarBinary.readTrainingFolder(tmp));
        assertTrue(e.getMessage().contains("record 2") && e.getMessage().contains("label 10"), e.getMessage());
    }

    @Test
    void missingFolderAndEmptyFolderAreClearErrors() throws IOException {
        Path missing = tmp.resolve("nope");
        IOException e = assertThrows(IOException.class,
                () -> DataSources.training(missing, null, false, org.cnnclassifier.progress.ProgressListener.SILENT));
        assertTrue(e.getMessage().startsWith("Data not found: " + missing), e.getMessage());
        assertEquals(e.getMessage().indexOf(missing.toString()), e.getMessage().lastIndexOf(missing.toString()),
                "the path is named once: " + e.getMessage());
        IOException batch = assertThrows(IOException.class, () -> CifarBinary.readFile(missing.resolve("data_batch_9.bin")));
        assertEquals("CIFAR-10 batch file not found: " + missing.resolve("data_batch_9.bin"), batch.getMessage());
        IOException folder = assertThrows(IOException.class, () -> ClassFolders.read(missing, org.cnnclassifier.progress.ProgressListener.SILENT));
        assertEquals("Folder not found: " + missing, folder.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IOException e2 = assertThrows(IOException.class,
                () -> DataSources.training(empty, null, false, org.cnnclassifier.progress.ProgressListener.SILENT));
        assertTrue(e2.getMessage().contains("No class subfolders"), e2.getMessage());
    }

    @Test
    void recordsRoundTrip() throws IOException {
        byte[] b = TestData.records(5, 9);
        Path f = tmp.resolve("x.bin");
        Files.write(f, b);
        assertArrayEquals(b, CifarBinary.toRecords(CifarBinary.readFile(f)));
    }
}
