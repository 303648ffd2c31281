package org.cnnclassifier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the job, each in a JVM of its own as a user runs it: one line "[ERROR] ..." naming
 * the problem, exit status 1, and no CSV.
 */
class BadInputTest {
    @TempDir
    Path tmp;
    Path input;

    @BeforeEach
    void input() throws IOException {
        input = JobFixtures.input(Files.createDirectory(tmp.resolve("in")), 1);
    }

    /** Runs the job's main; returns exit status and the output lines (stdout and stderr). */
    static Run job(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.awt.headless=true"));
        cmd.addAll(Arrays.asList(System.getProperty("spark.opens", "").trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ClassifyFolderJob.class.getName()));
        cmd.addAll(Arrays.asList(args));
        Path log = dir.resolve("job.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the job did not stop within 120 s: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList());
    }

    record Run(int status, List<String> lines) {
        /** Exit status 1 and one "[ERROR]" line that contains {@code words}; returns that line. */
        String assertOneError(String... words) {
            assertEquals(1, status, lines.toString());
            List<String> errors = lines.stream().filter(l -> l.startsWith("[ERROR] ")).toList();
            assertEquals(1, errors.size(), lines.toString());
            for (String w : words) {
                assertTrue(errors.get(0).contains(w), errors.get(0) + " should name " + w);
            }
            return errors.get(0);
        }
    }

    @Test
    void modelThatIsNotAModel() throws Exception {
        Path model = Files.writeString(tmp.resolve("notes.zip"), "not a model");
        Path csv = tmp.resolve("out.csv");
        Run r = job(tmp, "--master", "local[1]", "--input", input.toString(), "--output", csv.toString(),
                "--recursive", "--model", model.toString());
        r.assertOneError("notes.zip", "not a usable CNN Classifier model");
        assertEquals(1, r.lines().size(), "nothing but the error (Spark starts beside the checks, silently): " + r.lines());
        assertFalse(Files.exists(csv));
    }

    @Test
    void inputThatDoesNotExist() throws Exception {
        Path csv = tmp.resolve("out.csv");
        Run r = job(tmp, "--master", "local[1]", "--input", tmp.resolve("nowhere").toString(), "--output",
                csv.toString());
        r.assertOneError("Input folder not found", "nowhere");
        assertEquals(1, r.lines().size(), r.lines().toString());
        assertFalse(Files.exists(csv));
    }

    @Test
    void outputThatIsAFolder() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("results.csv"));
        Run r = job(tmp, "--master", "local[1]", "--input", input.toString(), "--output", folder.toString(),
                "--recursive");
        r.assertOneError("results.csv", "it is a folder");
        assertEquals(1, r.lines().size(), r.lines().toString());
        try (var s = Files.list(folder)) {
            assertEquals(0, s.count(), "nothing written into the folder");
        }
    }

    @Test
    void masterThatDoesNotAnswer() throws Exception {
        Path csv = tmp.resolve("out.csv");
        // Takes connections and never says a word: the job must give up after its timeout.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread accept = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            accept.setDaemon(true);
            accept.start();
            String master = "spark://127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();
            Run r = job(tmp, "--master", master, "--master-timeout", "4", "--input", input.toString(), "--output",
                    csv.toString(), "--recursive", "--conf", "spark.ui.enabled=false");
            double seconds = (System.nanoTime() - start) / 1e9;
            r.assertOneError(master, "did not answer within 4 s");
            assertTrue(seconds < 60, "gave up after " + seconds + " s");
            assertFalse(Files.exists(csv));
        }
        // A port nobody listens on: refused at once.
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = job(tmp, "--master", "spark://127.0.0.1:" + closed, "--master-timeout", "4", "--input",
                input.toString(), "--output", csv.toString(), "--recursive");
        r.assertOneError("spark://127.0.0.1:" + closed, "does not answer");
        assertEquals(1, r.lines().size(), r.lines().toString());
        assertFalse(Files.exists(csv));
    }
}
