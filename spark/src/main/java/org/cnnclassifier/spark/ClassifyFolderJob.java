package org.cnnclassifier.spark;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.cnnclassifier.inference.ClassificationCsv;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.util.AtomicFiles;
import org.cnnclassifier.util.Csv;

/**
 * Classify Folder as a Spark job (docs/spark.md): checks the output and the master, starts Spark while it
 * lists the input and loads the model on the driver, ships the model's bytes to every executor once (a
 * broadcast), classifies partitions of the listing with the plugin's core ({@link ClassifyPartition}) and
 * writes Classify Folder's CSV ({@link ClassificationCsv}, atomically) on the driver. Files that cannot be read are
 * printed ("Skipped file: reason", as the headless command) and written to {@code <output>.unreadable.csv}.
 * Any problem: one line "[ERROR] ..." and exit status 1, and no CSV.
 */
public final class ClassifyFolderJob {
    private static final String SPARK_UTILS_LOGGER = "org.apache.spark.util.Utils";

    private ClassifyFolderJob() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            // Nothing to clean up (the CSV is written last, atomically); Spark's and Hadoop's shutdown hooks
            // would wait for a half-started context (a silent master) for tens of seconds.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(status);
        }
    }

    /** Runs the job; returns the exit status (0, or 1 after printing one "[ERROR]" line to {@code err}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            classify(JobArgs.parse(args), out);
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("[ERROR] " + e.getMessage());
        } catch (RuntimeException e) {
            err.println("[ERROR] The Spark job failed: " + firstLine(e));
        }
        return 1;
    }

    static void classify(JobArgs a, PrintStream out) throws IOException {
        long start = System.nanoTime();
        Path output = Path.of(a.output()).toAbsolutePath();
        FolderClassifier.checkWritable(output);
        // spark-submit passes its --master as the system property spark.master
        String master = a.master() != null ? a.master() : a.conf().getOrDefault("spark.master",
                System.getProperty("spark.master"));
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException(
                    "Give the Spark master: --master local[*] or --master spark://host:7077.");
        }
        int localCores = localCores(master);
        if (localCores == 0) {
            probe(master, a.masterTimeout());
        }
        boolean ownLogLevels = System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null;
        if (ownLogLevels) {
            Configurator.setRootLevel(Level.WARN);
            // Said while Spark starts, beside the checks below, so they would come before a bad input's one line.
            // Hadoop's "Unable to load native-hadoop library": the job reads no compressed Hadoop files.
            Configurator.setLevel("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR);
            if (localCores > 0) {
                // "Your hostname resolves to a loopback address": a local master talks to no other host.
                Configurator.setLevel(SPARK_UTILS_LOGGER, Level.ERROR);
            }
        }
        SparkConf conf = new SparkConf(true).setAppName("CNN Classifier: Classify Folder").setMaster(master);
        a.conf().forEach(conf::set);
        if (localCores > 1 && !conf.contains("spark.task.cpus")) {
            // One task at a time with every core, as Classify Folder runs: its decoders and its network
            // threads in one pipeline. Two tasks of one core each were slower (0.65x, docs/spark.md).
            conf.set("spark.task.cpus", Integer.toString(localCores));
        }
        // Spark starts (about 2 s) on its own thread while this one lists the input and loads the network
        // (ND4J's start, the weights). Spark prints nothing at start (the log levels above), so a bad input
        // still gets its one line; Spark is stopped again before it is reported.
        CompletableFuture<JavaSparkContext> starting = startAsync(conf);
        List<Listing.FileRef> files;
        String modelName = ModelCache.isDefault(a.model()) ? "default model" : a.model().trim();
        byte[] modelBytes;
        Classifier classifier;
        try {
            files = Listing.list(a.input(), a.recursive(), a.filter(), new org.apache.hadoop.conf.Configuration());
            modelBytes = modelBytes(a.model());
            classifier = ExecutorModels.load(modelBytes, modelName); // ModelFile's messages for a bad model
        } catch (IOException | RuntimeException e) {
            stopWhenStarted(starting, a.masterTimeout());
            throw e;
        }
        String sha = ExecutorModels.sha256(modelBytes);
        int top = Math.min(a.top(), classifier.classNames().size());
        List<ClassifyPartition.Outcome> outcomes;
        try (JavaSparkContext sc = await(starting, master, a.masterTimeout())) {
            if (ownLogLevels && localCores > 0) {
                Configurator.setLevel(SPARK_UTILS_LOGGER, Level.WARN); // e.g. a busy UI port
            }
            if (localCores > 0) {
                ExecutorModels.put(sha, classifier); // the driver is the executor: no second load
            }
            int cores = executorCores(conf, master);
            int parts = a.partitions() > 0 ? a.partitions()
                    : localCores > 0 ? localPartitions(files.size())
                    : defaultPartitions(files.size(), sc.defaultParallelism(), classifier.batchSize());
            List<List<Listing.FileRef>> chunks = Listing.split(files, parts);
            Broadcast<byte[]> model = sc.broadcast(modelBytes);
            AtomicInteger done = new AtomicInteger();
            sc.sc().addSparkListener(new Progress(out, done, chunks.size()));
            out.printf(Locale.ROOT, "Classify Folder (Spark): %d files in %d partition%s on %s%n", files.size(),
                    chunks.size(), chunks.size() == 1 ? "" : "s", master);
            ClassifyPartition task = new ClassifyPartition(new ClassifyPartition.Setup(model, sha, modelName, top,
                    a.mirror(), a.shift(), cores));
            outcomes = sc.parallelize(chunks, chunks.size()).mapPartitions(task).collect();
        }
        write(outcomes, classifier, top, output, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        long failed = outcomes.stream().filter(o -> o.error() != null).count();
        out.printf(Locale.ROOT, "Classify Folder (Spark): %d images in %.1f s (%.0f images/s)%s, CSV %s%n",
                outcomes.size() - failed, seconds, outcomes.size() / seconds,
                failed > 0 ? ", " + failed + " unreadable" : "", output);
    }

    /** The rows in listing order through the plugin's CSV writer; unreadable files printed and listed beside it. */
    private static void write(List<ClassifyPartition.Outcome> outcomes, Classifier classifier, int top, Path output,
            PrintStream out) throws IOException {
        List<FolderClassifier.Row> rows = new ArrayList<>(outcomes.size());
        List<ClassifyPartition.Outcome> failures = new ArrayList<>();
        List<String> names = classifier.classNames();
        for (ClassifyPartition.Outcome o : outcomes) {
            if (o.error() != null) {
                failures.add(o);
                continue;
            }
            List<Classifier.Ranked> ranked = new ArrayList<>(o.classes().length);
            for (int r = 0; r < o.classes().length; r++) {
                int c = o.classes()[r];
                ranked.add(new Classifier.Ranked(r + 1, c, names.get(c), o.probabilities()[r]));
            }
            rows.add(new FolderClassifier.Row(o.file(), ranked, null));
        }
        Path unreadable = unreadablePath(output);
        Files.deleteIfExists(unreadable);
        if (!failures.isEmpty()) {
            for (ClassifyPartition.Outcome f : failures) {
                out.println("Skipped " + f.file() + ": " + f.error());
            }
            AtomicFiles.write(unreadable, "CSV", stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                w.write(Csv.row("file", "reason") + "\n");
                for (ClassifyPartition.Outcome f : failures) {
                    w.write(Csv.row(f.file(), f.error()) + "\n");
                }
                w.flush();
            });
        }
        ClassificationCsv.write(output, rows, top);
    }

    /** {@code results.csv} -> {@code results.unreadable.csv}. */
    static Path unreadablePath(Path output) {
        String name = output.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return output.resolveSibling(stem + ".unreadable.csv");
    }

    private static byte[] modelBytes(String model) throws IOException {
        if (ModelCache.isDefault(model)) {
            byte[] bytes = ModelFile.defaultModelBytes();
            if (bytes == null) {
                throw new IOException("The default model is missing from the job jar; rebuild it.");
            }
            return bytes;
        }
        Path file = Path.of(model.trim());
        if (!Files.isRegularFile(file)) {
            throw new IOException("Model file not found: " + file + ". Choose a model .zip saved by Train Classifier.");
        }
        return Files.readAllBytes(file);
    }

    /** A spark:// master must take a connection within the timeout, before Spark waits for it far longer. */
    private static void probe(String master, int seconds) throws IOException {
        if (!master.startsWith("spark://")) {
            return;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            try (Socket s = new Socket()) {
                int port = uri.getPort() > 0 ? uri.getPort() : 7077;
                s.connect(new InetSocketAddress(uri.getHost(), port), seconds * 1000);
                return;
            } catch (IOException e) {
                // next master, if any
            }
        }
        throw new IOException("The Spark master " + master + " does not answer (no connection within " + seconds
                + " s). Check the URL and that the master runs.");
    }

    /** Starts Spark on a daemon thread of its own (a silent master must not keep the job alive). */
    private static CompletableFuture<JavaSparkContext> startAsync(SparkConf conf) {
        var started = new CompletableFuture<JavaSparkContext>();
        Thread t = new Thread(() -> {
            try {
                started.complete(new JavaSparkContext(conf));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "cnn-classifier-spark-start");
        t.setDaemon(true);
        t.start();
        return started;
    }

    /**
     * The started context. For a cluster, waits at most {@code seconds} for the master to register the
     * application (the SparkContext's start waits for that): Spark itself waits 3 x 20 s for a silent
     * master, then longer to stop. On timeout the half-started context is left to its daemon thread
     * (the job exits). Executors may come later; the tasks wait for them.
     */
    private static JavaSparkContext await(CompletableFuture<JavaSparkContext> starting, String master, int seconds)
            throws IOException {
        try {
            return JobArgs.isLocal(master) ? starting.get() : starting.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw silent(master, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting Spark.");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** After a failure while Spark started: stops it, so that the JVM (a test's) may start another. */
    private static void stopWhenStarted(CompletableFuture<JavaSparkContext> starting, int seconds) {
        try {
            starting.get(seconds, TimeUnit.SECONDS).stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // it did not start, or not in time: nothing to stop here
        }
    }

    private static IOException silent(String master, int seconds) {
        return new IOException("The Spark master " + master + " did not answer within " + seconds
                + " s (the application was not registered). Check the URL and that the master runs.");
    }

    /** OpenMP threads per network call: the executor's cores (local[N]: N). 0: all cores of the executor's host. */
    static int executorCores(SparkConf conf, String master) {
        return conf.contains("spark.executor.cores") ? conf.getInt("spark.executor.cores", 1) : localCores(master);
    }

    /** The cores of a local master: local (1), local[N], local[*] (this host's), local[N,F] (N); else 0. */
    static int localCores(String master) {
        if (master.equals("local")) {
            return 1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)").matcher(master);
        if (!m.lookingAt()) {
            return 0; // local-cluster[...], spark://, yarn, k8s://
        }
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    /** Files per partition on a local master: each partition's pipeline starts and drains (about 0.2 s here). */
    static final int LOCAL_FILES_PER_PARTITION = 20_000;

    /** A local master: partitions of {@link #LOCAL_FILES_PER_PARTITION} files, for progress lines, no more. */
    static int localPartitions(int files) {
        return Math.max(1, (int) Math.ceil(files / (double) LOCAL_FILES_PER_PARTITION));
    }

    /** Two partitions per task slot, and none above 8 network batches (so a lost executor costs little). */
    static int defaultPartitions(int files, int parallelism, int batch) {
        int bySize = (int) Math.ceil(files / (8.0 * Math.max(1, batch)));
        return Math.max(1, Math.min(files, Math.max(2 * parallelism, bySize)));
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    /** Prints a line per partition done, and one per task lost (Spark runs it again elsewhere). */
    private static final class Progress extends SparkListener {
        private final PrintStream out;
        private final AtomicInteger done;
        private final int total;

        Progress(PrintStream out, AtomicInteger done, int total) {
            this.out = out;
            this.done = done;
            this.total = total;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            if (e.reason() == Success$.MODULE$) {
                out.printf(Locale.ROOT, "Classify Folder (Spark): %d/%d partitions done%n", done.incrementAndGet(),
                        total);
            } else {
                out.printf(Locale.ROOT, "Classify Folder (Spark): task of partition %d lost on executor %s (%s);"
                        + " Spark runs it again%n", e.taskInfo().index(), e.taskInfo().executorId(),
                        e.reason().toString().split("\n")[0]);
            }
        }
    }
}
