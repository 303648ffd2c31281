package org.cnnclassifier.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and workers, each a JVM of its own started
 * from Spark's own classes (Spark's class path from Maven, target/spark-classpath*.txt), on
 * ephemeral ports. Workers start executors from SPARK_HOME/jars, here a folder of links to the same
 * jars. {@link #close} stops every JVM it started.
 */
final class SparkCluster implements AutoCloseable {
    static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://[\\w.]+:\\d+)");
    final Path dir;
    final String classPath;
    final Path sparkHome;
    private final List<Process> processes = new ArrayList<>();
    Process master;
    final List<Process> workers = new ArrayList<>();
    String url;

    SparkCluster(Path dir) throws IOException {
        this.dir = dir;
        this.classPath = classPath();
        this.sparkHome = sparkHome(dir.resolve("spark-home"), classPath);
    }

    /** Spark's class path: the lines of the files named in -Dspark.classpath, joined. */
    static String classPath() throws IOException {
        String files = System.getProperty("spark.classpath",
                "target/spark-classpath.txt:target/spark-classpath-shared.txt");
        List<String> parts = new ArrayList<>();
        for (String f : files.split(":")) {
            parts.add(Files.readString(Path.of(f), StandardCharsets.UTF_8).trim());
        }
        return String.join(":", parts);
    }

    private static Path sparkHome(Path home, String classPath) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String jar : classPath.split(":")) {
            Path link = jars.resolve(Path.of(jar).getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of(jar));
            }
        }
        return home;
    }

    static List<String> java(String heap) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Djava.awt.headless=true"));
        cmd.addAll(Arrays.asList(System.getProperty("spark.opens", "").trim().split("\\s+")));
        return cmd;
    }

    /** Starts {@code mainClass} of Spark with {@code args}, output to {@code log}. */
    Process start(String name, String heap, String mainClass, List<String> args) throws IOException {
        List<String> cmd = java(heap);
        cmd.addAll(List.of("-cp", classPath, mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        environment(pb.environment());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    void environment(Map<String, String> env) {
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
    }

    /** Master and {@code n} workers of 1 core and 2 GB each, registered, within {@code seconds}. */
    SparkCluster startAll(int n, int seconds) throws Exception {
        master = start("master", "512m", "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"));
        Matcher m = await("master", MASTER_URL, seconds);
        url = m.group(1);
        for (int i = 1; i <= n; i++) {
            Path work = Files.createDirectories(dir.resolve("work-" + i));
            workers.add(start("worker-" + i, "512m", "org.apache.spark.deploy.worker.Worker",
                    List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "2g",
                            "--work-dir", work.toString(), url)));
        }
        for (int i = 1; i <= n; i++) {
            await("worker-" + i, Pattern.compile("Successfully registered with master"), seconds);
        }
        return this;
    }

    /** Waits for a line of {@code name}.log matching {@code pattern}. */
    Matcher await(String name, Pattern pattern, int seconds) throws Exception {
        return await(dir.resolve(name + ".log"), pattern, seconds);
    }

    /** Waits for a line of {@code log} matching {@code pattern}. */
    static Matcher await(Path log, Pattern pattern, int seconds) throws Exception {
        String name = log.getFileName().toString();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log)) {
                Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return m;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not log '" + pattern + "' within " + seconds + " s:\n"
                + (Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no log)"));
    }

    /** SparkSubmit of the job jar to this cluster, output to {@code log}. */
    Process submit(Path jobJar, Path log, List<String> jobArgs) throws IOException {
        List<String> cmd = java("1g");
        cmd.addAll(List.of("-cp", classPath, "org.apache.spark.deploy.SparkSubmit", "--master", url,
                "--class", ClassifyFolderJob.class.getName(),
                "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.cores=1", jobJar.toString()));
        cmd.addAll(jobArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb.environment());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Stops every JVM started here (workers first, which stop their executors), forcibly after 20 s. */
    @Override
    public void close() {
        List<Process> order = new ArrayList<>(processes);
        java.util.Collections.reverse(order);
        for (Process p : order) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : order) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
