package org.cnnclassifier.data;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files a folder command works on: regular, non-hidden files whose name matches a glob
 * filter (case-insensitive), optionally in subfolders, sorted by relative path so runs are
 * reproducible.
 */
public final class ImageFiles {
    /** Default filter: the image formats ImageJ opens by itself. */
    public static final String DEFAULT_FILTER = "*.{jpg,jpeg,png,gif,tif,tiff,bmp,pgm}";

    private ImageFiles() {
    }

    /** Files under {@code folder} matching {@code filter} (a glob such as {@code *.jpg}; empty means the default). */
    public static List<Path> list(Path folder, boolean recursive, String filter) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("Input folder not found: " + folder + ". Choose an existing folder of images.");
        }
        String glob = filter == null || filter.isBlank() ? DEFAULT_FILTER : filter.trim();
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException("The filter '" + glob + "' is not a valid pattern (" + e.getMessage()
                    + "). Use e.g. *.jpg or *.{png,tif}.");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = recursive ? Files.walk(folder) : Files.list(folder)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !isHidden(folder.relativize(p)))
                    .filter(p -> matcher.matches(Path.of(p.getFileName().toString().toLowerCase(Locale.ROOT))))
                    .forEach(files::add);
        }
        files.sort((a, b) -> folder.relativize(a).toString().compareTo(folder.relativize(b).toString()));
        return files;
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The path of {@code file} relative to {@code folder}, with '/' separators (as written to CSV files). */
    public static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }
}
