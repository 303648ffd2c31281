package org.cnnclassifier.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.cnnclassifier.data.FolderListing;
import org.cnnclassifier.inference.FolderClassifier;

/**
 * The files to classify, listed once on the driver, and split into partitions of consecutive files of
 * about equal size (Spark's {@code binaryFiles} packs hundreds of small files into one partition).
 * A local folder (a path or a {@code file:} URI) is listed by the plugin's {@link FolderListing}, so
 * files, order and relative names are Classify Folder's; another Hadoop URI ({@code hdfs:},
 * {@code s3a:}, ...) through Hadoop's FileSystem with the same filter, hidden-file rule and order.
 */
final class Listing {
    /** One file: where a task reads it ({@code local} path or Hadoop URI), its CSV name and size. */
    record FileRef(String location, boolean local, String name, long size) implements Serializable {
    }

    private Listing() {
    }

    /** True when {@code input} names a local folder (no scheme, or {@code file:}). */
    static boolean isLocal(String input) {
        URI uri = uri(input);
        return uri == null || uri.getScheme() == null || uri.getScheme().length() == 1
                || uri.getScheme().equalsIgnoreCase("file");
    }

    static Path localPath(String input) {
        URI uri = uri(input);
        return uri != null && "file".equalsIgnoreCase(uri.getScheme()) ? Path.of(uri) : Path.of(input);
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (Exception e) {
            return null;
        }
    }

    /** The files under {@code input}, in Classify Folder's order; IOException (the plugin's messages) when none. */
    static List<FileRef> list(String input, boolean recursive, String filter, Configuration hadoop) throws IOException {
        List<FileRef> files = new ArrayList<>();
        if (isLocal(input)) {
            Path folder = localPath(input).toAbsolutePath().normalize();
            for (Path p : FolderClassifier.checkInput(
                    new FolderClassifier.Options(folder, recursive, filter, 1, null))) {
                files.add(new FileRef(p.toString(), true, FolderListing.relative(folder, p), Files.size(p)));
            }
            return files;
        }
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(input);
        FileSystem fs = root.getFileSystem(hadoop);
        FileStatus status;
        try {
            status = fs.getFileStatus(root);
        } catch (java.io.FileNotFoundException e) {
            status = null;
        }
        if (status == null || !status.isDirectory()) {
            throw new IOException("Input folder not found: " + input + ". Choose an existing folder of images.");
        }
        Predicate<String> matcher = FolderListing.nameMatcher(filter);
        String base = status.getPath().toUri().getPath();
        base = base.endsWith("/") ? base : base + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(status.getPath(), recursive);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            String rel = f.getPath().toUri().getPath().substring(base.length());
            boolean hidden = ("/" + rel).contains("/.");
            if (f.isFile() && !hidden && matcher.test(f.getPath().getName())) {
                files.add(new FileRef(f.getPath().toString(), false, rel, f.getLen()));
            }
        }
        files.sort((a, b) -> a.name().compareTo(b.name()));
        if (files.isEmpty()) {
            throw new IOException("No images in " + input + " matching '" + FolderListing.glob(filter) + "'"
                    + (recursive ? "" : " (subfolders not searched; add --recursive to include them)")
                    + ". Choose a folder with images or change the filter.");
        }
        return files;
    }

    /**
     * Consecutive runs of {@code files}, {@code parts} of them (at most one per file), cut where the
     * running size passes each multiple of total/parts: equal bytes per task, listing order kept.
     */
    static List<List<FileRef>> split(List<FileRef> files, int parts) {
        int n = Math.max(1, Math.min(parts, files.size()));
        long total = 0;
        for (FileRef f : files) {
            total += Math.max(1, f.size());
        }
        List<List<FileRef>> out = new ArrayList<>(n);
        List<FileRef> current = new ArrayList<>();
        long seen = 0;
        for (int i = 0; i < files.size(); i++) {
            FileRef f = files.get(i);
            current.add(f);
            seen += Math.max(1, f.size());
            int left = files.size() - i - 1, partsLeft = n - out.size() - 1;
            boolean full = seen * n >= total * (out.size() + 1);
            if (partsLeft > 0 && (full || left == partsLeft)) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        out.add(current);
        return out;
    }
}
