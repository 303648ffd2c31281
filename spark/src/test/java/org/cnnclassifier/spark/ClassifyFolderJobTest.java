package org.cnnclassifier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.inference.FolderClassifier;

/** The job at local[2], in this JVM, against the plugin's Classify Folder on the same files. */
class ClassifyFolderJobTest {
    @TempDir
    Path tmp;

    @Test
    void local2CsvEqualsClassifyFolder() throws Exception {
        Path input = JobFixtures.input(Files.createDirectory(tmp.resolve("in")), 1);
        Path expected = tmp.resolve("plugin.csv"), actual = tmp.resolve("spark.csv");
        FolderClassifier.Result plugin = JobFixtures.classifyFolder(input, expected, 3, true, false);
        assertEquals(100, plugin.rows().size());
        assertEquals(1, plugin.failures().size());

        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int loadsBefore = ExecutorModels.loads();
        int status = ClassifyFolderJob.run(new String[] {"--master", "local[2]", "--input", input.toString(),
            "--output", actual.toString(), "--recursive", "--top", "3", "--mirror", "--partitions", "5",
            "--conf", "spark.ui.enabled=false"}, new PrintStream(out, true), new PrintStream(err, true));
        String log = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, log);
        JobFixtures.assertSameCsv(expected, actual);
        JobFixtures.assertSameFailures(plugin, actual);
        assertTrue(log.contains("Skipped " + JobFixtures.DAMAGED + ": "), log);
        assertTrue(log.contains("5/5 partitions done"), log);
        // local mode: the driver's check load is the only one; five tasks took the same copy
        assertEquals(loadsBefore + 1, ExecutorModels.loads());
    }

    @Test
    void splitKeepsOrderAndBalancesBytes() {
        List<Listing.FileRef> files = new ArrayList<>();
        long[] sizes = {100, 100, 100, 100, 400, 100, 100, 100, 100, 100};
        for (int i = 0; i < sizes.length; i++) {
            files.add(new Listing.FileRef("f" + i, true, "f" + i, sizes[i]));
        }
        // total 1,300 bytes in 3 parts: cut where the running size first reaches 1300/3 (800, after
        // the 400-byte file) and 2*1300/3 (900)
        List<List<Listing.FileRef>> parts = Listing.split(files, 3);
        assertEquals(List.of(5, 1, 4), parts.stream().map(List::size).toList());
        assertEquals(files, parts.stream().flatMap(List::stream).toList());
        // never an empty part, never more parts than files
        assertEquals(List.of(1, 1), Listing.split(files.subList(0, 2), 5).stream().map(List::size).toList());
        // 6 parts: cuts at running sizes 400 (>=217), 500 (>=433), 700 (>=650), 900 (>=867), 1100 (>=1083)
        assertEquals(List.of(1, 1, 2, 2, 2, 2), Listing.split(List.of(files.get(4), files.get(0), files.get(1),
                files.get(2), files.get(3), files.get(5), files.get(6), files.get(7), files.get(8), files.get(9)), 6)
                .stream().map(List::size).toList());
        assertFalse(parts.stream().anyMatch(List::isEmpty));
    }

    /** A local master runs one task at a time with all its cores; its partitions are 20,000 files each. */
    @Test
    void localMastersGetOneTaskWithEveryCoreAndFewPartitions() {
        assertEquals(1, ClassifyFolderJob.localCores("local"));
        assertEquals(3, ClassifyFolderJob.localCores("local[3]"));
        assertEquals(2, ClassifyFolderJob.localCores("local[2,4]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), ClassifyFolderJob.localCores("local[*]"));
        assertEquals(0, ClassifyFolderJob.localCores("local-cluster[2,1,1024]"));
        assertEquals(0, ClassifyFolderJob.localCores("spark://host:7077"));
        assertEquals(1, ClassifyFolderJob.localPartitions(1));
        assertEquals(1, ClassifyFolderJob.localPartitions(20_000));
        assertEquals(2, ClassifyFolderJob.localPartitions(20_001));
        assertEquals(50, ClassifyFolderJob.localPartitions(1_000_000));
    }
}
