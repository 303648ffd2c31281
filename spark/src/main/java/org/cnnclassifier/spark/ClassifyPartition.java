package org.cnnclassifier.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.inference.InferenceViews;

/**
 * One task: the files of one partition through Classify Folder's core ({@link FolderClassifier#classify}:
 * the plugin's decoding, views and batches), with the executor's one copy of the model. Returns one
 * {@link Outcome} per file, in listing order. Files on a Hadoop file system are copied to a local
 * temporary folder first (the plugin's reader opens local files).
 */
final class ClassifyPartition implements FlatMapFunction<Iterator<List<Listing.FileRef>>, ClassifyPartition.Outcome> {
    private static final long serialVersionUID = 1L;

    /** One file's result: top classes (indices) and probabilities, or why it could not be read. */
    record Outcome(String file, int[] classes, double[] probabilities, String error) implements Serializable {
    }

    /**
     * What tasks share: the model's bytes (broadcast), its SHA-256 and name, the views and top, and
     * the OpenMP threads each task's network calls use (the executor's cores).
     */
    record Setup(Broadcast<byte[]> model, String sha, String name, int top, boolean mirror, boolean shift,
            int networkThreads) implements Serializable {
    }

    private final Setup setup;

    ClassifyPartition(Setup setup) {
        this.setup = setup;
    }

    @Override
    public Iterator<Outcome> call(Iterator<List<Listing.FileRef>> chunks) throws IOException {
        Classifier classifier = ExecutorModels.get(setup.sha(), setup.model().value(), setup.name());
        List<Outcome> out = new ArrayList<>();
        while (chunks.hasNext()) {
            classify(chunks.next(), classifier, out);
        }
        return out.iterator();
    }

    private void classify(List<Listing.FileRef> chunk, Classifier classifier, List<Outcome> out) throws IOException {
        Path tmp = null;
        try {
            List<Path> files = new ArrayList<>(chunk.size());
            List<String> names = new ArrayList<>(chunk.size());
            for (Listing.FileRef f : chunk) {
                if (f.local()) {
                    files.add(Path.of(f.location()));
                } else {
                    tmp = tmp != null ? tmp : Files.createTempDirectory("cnn-classifier-spark");
                    files.add(copy(f, tmp.resolve(files.size() + "-" + Path.of(f.name()).getFileName())));
                }
                names.add(f.name());
            }
            int threads = setup.networkThreads() > 0 ? setup.networkThreads()
                    : Runtime.getRuntime().availableProcessors();
            int decoders = TaskContext.get() != null ? Math.max(1, TaskContext.get().cpus()) : 1;
            InferenceViews views = new InferenceViews(setup.mirror(), setup.shift());
            FolderClassifier.classify(files, names, classifier, setup.top(), views, decoders, threads,
                    new FolderClassifier.RowSink() {
                        @Override
                        public void row(FolderClassifier.Row row) {
                            int k = row.ranked().size();
                            int[] classes = new int[k];
                            double[] p = new double[k];
                            for (int r = 0; r < k; r++) {
                                classes[r] = row.ranked().get(r).classIndex();
                                p[r] = row.ranked().get(r).probability();
                            }
                            out.add(new Outcome(row.file(), classes, p, null));
                        }

                        @Override
                        public void failure(FolderClassifier.Failure f) {
                            out.add(new Outcome(f.file(), null, null, f.reason()));
                        }
                    });
        } finally {
            if (tmp != null) {
                try (var s = Files.walk(tmp)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static Path copy(Listing.FileRef f, Path target) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(f.location()));
        FileSystem fs = p.getFileSystem(new Configuration());
        try (InputStream in = fs.open(p)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
