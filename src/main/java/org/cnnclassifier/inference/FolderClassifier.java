package org.cnnclassifier.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cnnclassifier.data.FolderListing;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.util.Writable;
import org.cnnclassifier.evaluation.ConfusionMatrix;
import org.cnnclassifier.network.OmpThreads;

/**
 * Classify Folder's core: lists the image files of a folder, decodes a batch on every core
 * ({@link DecodePipeline}), classifies it on every core, and reports one row per file.
 * Files that cannot be read are reported and skipped. When the folder holds one subfolder per
 * model class, the subfolder is the true class and accuracy and a confusion matrix are computed.
 * The CSV ({@link ClassificationCsv}) is written (atomically) only when the whole folder was classified.
 */
public final class FolderClassifier {
    /**
     * What to classify and how. {@code batch} files are decoded and classified per step (default:
     * the classifier's {@link Classifier#batchSize()}); {@code threads} decode files (default: one
     * per core); {@code views} are averaged per image (test-time averaging; {@link InferenceViews}).
     */
    public record Options(Path input, boolean recursive, String filter, int top, Path output, int batch, int threads,
            InferenceViews views) {
        public Options {
            if (top < 1) {
                throw new IllegalArgumentException("top must be at least 1 (got " + top + ").");
            }
            batch = Math.max(0, batch);
            threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            views = views != null ? views : InferenceViews.NONE;
        }

        public Options(Path input, boolean recursive, String filter, int top, Path output) {
            this(input, recursive, filter, top, output, 0, 0, InferenceViews.NONE);
        }

        public Options(Path input, boolean recursive, String filter, int top, Path output, int batch, int threads) {
            this(input, recursive, filter, top, output, batch, threads, InferenceViews.NONE);
        }
    }

    /** One classified file: relative path and its top classes. */
    public record Row(String file, List<Classifier.Ranked> ranked, String trueClass) {
    }

    /** A file that could not be classified, and why. */
    public record Failure(String file, String reason) {
    }

    /** Receives rows as they are classified (so a cancelled run keeps the rows done). */
    public interface RowSink {
        void row(Row row);

        void failure(Failure failure);
    }

    /** The outcome of a run. */
    public record Result(List<Row> rows, List<Failure> failures, List<String> classNames, int[][] confusion,
            double accuracy, int labelled, double seconds, boolean canceled) {
        public double imagesPerSecond() {
            return seconds > 0 ? (rows.size() + failures.size()) / seconds : 0;
        }

        /** True when the folder's subfolders named the true classes. */
        public boolean hasConfusion() {
            return confusion != null;
        }

        /** The confusion matrix with recall, precision and accuracy; null without class subfolders. */
        public ConfusionMatrix confusionMatrix() {
            return confusion != null ? new ConfusionMatrix(classNames, confusion) : null;
        }
    }

    /**
     * Class probabilities of one decoded batch ({@code names} are the files' relative paths); the default is
     * {@link Classifier#probabilities(byte[][], InferenceViews)}. A scorer may do more per batch (heat maps).
     */
    public interface Scorer {
        float[][] score(byte[][] images, List<String> names) throws IOException;
    }

    private FolderClassifier() {
    }

    /** OpenMP threads for the network: every core (the decoders wait meanwhile). */
    static int networkThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Checks everything that can be checked before the model is loaded or a file decoded (input
     * folder, files present, output folder writable), so bad input fails fast with nothing written.
     */
    public static List<Path> checkInput(Options o) throws IOException {
        List<Path> files = FolderListing.list(o.input(), o.recursive(), o.filter());
        if (files.isEmpty()) {
            String filter = o.filter() == null || o.filter().isBlank() ? FolderListing.DEFAULT_FILTER : o.filter();
            throw new IOException("No images in " + o.input() + " matching '" + filter + "'"
                    + (o.recursive() ? "" : " (subfolders not searched; tick 'recursive' to include them)")
                    + ". Choose a folder with images or change the filter.");
        }
        if (o.output() != null) {
            checkWritable(o.output());
            Writable.checkNotAmong(o.output(), "CSV", files, "input image");
        }
        return files;
    }

    /** Fails with a clear message when {@code output} cannot be written; writes nothing. */
    public static void checkWritable(Path output) throws IOException {
        Writable.check(output, "CSV", "results.csv", Writable.Kind.CSV);
    }

    /**
     * Classifies every file; rows go to {@code sink} as they are done. On cancel (Esc) returns
     * the rows done so far with {@code canceled} set and writes no CSV.
     */
    public static Result run(Options o, Classifier classifier, ProgressListener progress, RowSink sink)
            throws IOException {
        return run(o, classifier, progress, sink, null);
    }

    /** As {@link #run(Options, Classifier, ProgressListener, RowSink)}, with {@code scorer} (null: the default). */
    public static Result run(Options o, Classifier classifier, ProgressListener progress, RowSink sink, Scorer scorer)
            throws IOException {
        Scorer score = scorer != null ? scorer : (images, read) -> classifier.probabilities(images, o.views());
        List<Path> files = checkInput(o);
        long start = System.nanoTime();
        List<String> classes = classifier.classNames();
        int top = Math.min(o.top(), classes.size());
        Map<String, Integer> classIndex = classFolders(o.input(), classes);
        ConfusionMatrix matrix = classIndex != null ? new ConfusionMatrix(classes) : null;
        List<Row> rows = new ArrayList<>(files.size());
        List<Failure> failures = new ArrayList<>();
        int n = files.size();
        List<String> names = files.stream().map(f -> FolderListing.relative(o.input(), f)).toList();
        boolean canceled = false;
        // Decoding and the network take turns, each on every core (see DecodePipeline); the OpenMP
        // setting of this thread may have been lowered before, and is restored afterwards.
        try (OmpThreads omp = OmpThreads.limit(networkThreads());
                DecodePipeline decoder = new DecodePipeline(files, o.threads(), classifier.shape())) {
            int step = o.batch() > 0 ? o.batch() : classifier.batchSize();
            for (int from = 0; from < n; from += step) {
                int to = Math.min(n, from + step);
                if (progress.isCanceled()) {
                    canceled = true;
                    break;
                }
                step(decoder, from, to, names, classifier, score, top, classIndex, new RowSink() {
                    @Override
                    public void row(Row row) {
                        if (row.trueClass() != null) {
                            // ranked.get(0) is the argmax (ties: lower class index first, as argMax)
                            matrix.add(classIndex.get(row.trueClass()), row.ranked().get(0).classIndex());
                        }
                        rows.add(row);
                        sink.row(row);
                    }

                    @Override
                    public void failure(Failure failure) {
                        failures.add(failure);
                        sink.failure(failure);
                    }
                });
                double secs = (System.nanoTime() - start) / 1e9;
                progress.status(String.format(Locale.ROOT, "Classify Folder: %d/%d, %.0f images/s", to, n, to / secs));
                progress.progress((double) to / n);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int labelled = matrix != null ? matrix.total() : 0;
        double accuracy = matrix != null ? matrix.accuracy() : Double.NaN;
        Result result = new Result(rows, failures, classes, matrix != null ? matrix.counts() : null, accuracy,
                labelled, seconds,
                canceled);
        progress.progress(1);
        if (canceled) {
            progress.status("Classify Folder canceled after " + rows.size() + " of " + n + " images; no CSV written.");
            return result;
        }
        if (o.output() != null) {
            writeCsv(o.output(), rows, top);
        }
        progress.status(String.format(Locale.ROOT, "Classify Folder: %d images in %.1f s (%.0f images/s)%s", n, seconds,
                n / seconds, Double.isNaN(accuracy) ? ""
                        : String.format(Locale.ROOT, ", accuracy %.1f%%", 100 * accuracy)));
        return result;
    }

    /**
     * Classifies {@code files} as {@link #run} does, step by step at the classifier's batch size, and
     * reports each file to {@code sink} in order under its name in {@code names} (the CSV's relative
     * path): no progress, confusion matrix or CSV. For jobs that split one listing among workers (the
     * Spark job); {@code networkThreads} OpenMP threads run the network, {@code decodeThreads} decode.
     */
    public static void classify(List<Path> files, List<String> names, Classifier classifier, int top,
            InferenceViews views, int decodeThreads, int networkThreads, RowSink sink) {
        InferenceViews v = views != null ? views : InferenceViews.NONE;
        Scorer score = (images, read) -> classifier.probabilities(images, v);
        int k = Math.min(Math.max(top, 1), classifier.classNames().size());
        try (OmpThreads omp = OmpThreads.limit(networkThreads);
                DecodePipeline decoder = new DecodePipeline(files, decodeThreads, classifier.shape())) {
            int step = classifier.batchSize();
            for (int from = 0; from < files.size(); from += step) {
                step(decoder, from, Math.min(files.size(), from + step), names, classifier, score, k, null, sink);
            }
        } catch (IOException e) { // the default scorer reads no file
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes files {@code from}..{@code to} and classifies those that could be read; rows and failures in order. */
    private static void step(DecodePipeline decoder, int from, int to, List<String> names, Classifier classifier,
            Scorer score, int top, Map<String, Integer> classIndex, RowSink sink) throws IOException {
        List<byte[]> images = new ArrayList<>(to - from);
        List<String> read = new ArrayList<>(to - from);
        int i = from;
        for (DecodePipeline.Decoded d : decoder.decode(from, to)) {
            String rel = names.get(i++);
            if (d.ok()) {
                images.add(d.image());
                read.add(rel);
            } else {
                sink.failure(new Failure(rel, d.error()));
            }
        }
        float[][] probabilities = score.score(images.toArray(new byte[0][]), read);
        for (int j = 0; j < probabilities.length; j++) {
            String rel = read.get(j);
            String truth = classIndex != null ? trueClass(rel, classIndex) : null;
            sink.row(new Row(rel, classifier.top(probabilities[j], top), truth));
        }
    }

    /**
     * Maps class name to index when every immediate subfolder of {@code input} that holds files is
     * named after a model class (case-insensitive) and there is at least one; otherwise null.
     */
    static Map<String, Integer> classFolders(Path input, List<String> classes) throws IOException {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            byName.put(classes.get(i).toLowerCase(Locale.ROOT), i);
        }
        Map<String, Integer> found = new HashMap<>();
        try (var s = Files.list(input)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isDirectory(p) || name.startsWith(".")) {
                    continue;
                }
                Integer idx = byName.get(name.toLowerCase(Locale.ROOT));
                if (idx == null) {
                    return null;
                }
                found.put(name, idx);
            }
        }
        return found.isEmpty() ? null : found;
    }

    private static String trueClass(String relative, Map<String, Integer> classIndex) {
        int slash = relative.indexOf('/');
        return slash > 0 && classIndex.containsKey(relative.substring(0, slash)) ? relative.substring(0, slash) : null;
    }

    /**
     * CSV header for {@code top} ranks: file,class,probability,class_2,probability_2,... ({@link ClassificationCsv}).
     */
    public static String csvHeader(int top) {
        return ClassificationCsv.header(top);
    }

    /** Writes the rows as CSV, atomically ({@link ClassificationCsv}). */
    public static void writeCsv(Path output, List<Row> rows, int top) throws IOException {
        ClassificationCsv.write(output, rows, top);
    }
}
