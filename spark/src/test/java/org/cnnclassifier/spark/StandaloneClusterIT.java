package org.cnnclassifier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.inference.FolderClassifier;

/**
 * The job jar submitted by SparkSubmit to a real standalone cluster (a master and two workers, each
 * its own JVM, on 127.0.0.1), against the plugin's Classify Folder on the same files; then with one
 * worker killed in the middle of the job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    static final int JOB_SECONDS = 240;
    @TempDir
    static Path tmp;
    static SparkCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new SparkCluster(Files.createDirectories(Path.of("target", "cluster-it").toAbsolutePath()));
        try {
            cluster.startAll(2, 90);
        } catch (Throwable e) {
            cluster.close();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Path jobJar() {
        Path jar = Path.of(System.getProperty("job.jar", "target/CNN_Classifier-spark-0.1.0-job.jar"));
        assertTrue(Files.isRegularFile(jar), "job jar " + jar + ": run 'mvn package' in spark/");
        return jar;
    }

    static String finish(Process job, Path log) throws Exception {
        if (!job.waitFor(JOB_SECONDS, TimeUnit.SECONDS)) {
            job.destroyForcibly();
            throw new AssertionError("job still running after " + JOB_SECONDS + " s:\n" + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertEquals(0, job.exitValue(), out);
        return out;
    }

    @Test
    @Order(1)
    void clusterCsvEqualsClassifyFolder() throws Exception {
        Path input = JobFixtures.input(Files.createDirectory(tmp.resolve("in")), 1);
        Path expected = tmp.resolve("plugin.csv"), actual = tmp.resolve("cluster.csv");
        FolderClassifier.Result plugin = JobFixtures.classifyFolder(input, expected, 3, false, true);
        Path log = tmp.resolve("job.log");
        Process job = cluster.submit(jobJar(), log, List.of("--input", input.toString(), "--output", actual.toString(),
                "--recursive", "--top", "3", "--shift", "--partitions", "4"));
        String out = finish(job, log);
        JobFixtures.assertSameCsv(expected, actual);
        JobFixtures.assertSameFailures(plugin, actual);
        assertTrue(out.contains("4/4 partitions done"), out);
        assertTrue(out.contains("on " + cluster.url), out);
    }

    @Test
    @Order(2)
    void workerKilledMidJobTasksRunAgainOnTheOther() throws Exception {
        Path input = JobFixtures.input(Files.createDirectory(tmp.resolve("in-kill")), 20);
        Path expected = tmp.resolve("plugin-kill.csv"), actual = tmp.resolve("cluster-kill.csv");
        FolderClassifier.Result plugin = JobFixtures.classifyFolder(input, expected, 2, false, false);
        assertEquals(2000, plugin.rows().size());
        Path log = tmp.resolve("job-kill.log");
        Process job = cluster.submit(jobJar(), log, List.of("--input", input.toString(), "--output", actual.toString(),
                "--recursive", "--top", "2", "--partitions", "40"));
        // Both executors work (1 core each, 40 tasks); at the first task done, worker 2 dies with its executor.
        SparkCluster.await(log, Pattern.compile("1/40 partitions done"),
                JOB_SECONDS);
        assertTrue(job.isAlive(), "the job ended before a worker could be killed");
        Process worker = cluster.workers.get(1);
        worker.descendants().forEach(ProcessHandle::destroy);
        worker.destroy();
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "worker 2 did not stop");
        String out = finish(job, log);
        assertTrue(out.contains("40/40 partitions done"), out);
        assertTrue(Pattern.compile("task of partition \\d+ lost on executor").matcher(out).find(),
                "a task was lost with the worker and run again: " + out);
        JobFixtures.assertSameCsv(expected, actual);
        JobFixtures.assertSameFailures(plugin, actual);
    }
}
