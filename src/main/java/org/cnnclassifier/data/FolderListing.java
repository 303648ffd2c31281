package org.cnnclassifier.data;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files a folder command works on: regular, non-hidden files whose name matches a glob
 * filter (case-insensitive), optionally in subfolders, sorted by relative path so runs are
 * reproducible.
 */
public final class FolderListing {
    /** Default filter: the image formats ImageJ opens by itself. */
    public static final String DEFAULT_FILTER = "*.{jpg,jpeg,png,gif,tif,tiff,bmp,pgm}";

    private FolderListing() {
    }

    /** Files under {@code folder} matching {@code filter} (a glob such as {@code *.jpg}; empty means the default). */
    public static List<Path> list(Path folder, boolean recursive, String filter) throws IOException {
        if (Files.isRegularFile(folder)) {
            throw new IOException("The input " + folder + " is a file; Classify Folder needs a folder. Give the folder "
                    + "that holds it (" + folder.toAbsolutePath().getParent() + "), or use Classify Image for one "
                    + "file.");
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException("Input folder not found: " + folder + ". Choose an existing folder of images.");
        }
        Predicate<String> matcher = nameMatcher(filter);
        List<Path> files = new ArrayList<>();
        for (Path p : recursive ? walk(folder) : listed(folder)) {
            if (Files.isRegularFile(p) && !isHidden(folder.relativize(p))
                    && matcher.test(p.getFileName().toString())) {
                files.add(p);
            }
        }
        files.sort((a, b) -> folder.relativize(a).toString().compareTo(folder.relativize(b).toString()));
        return files;
    }

    /** The glob a {@code filter} value stands for: itself, trimmed, or {@link #DEFAULT_FILTER} when empty. */
    public static String glob(String filter) {
        return filter == null || filter.isBlank() ? DEFAULT_FILTER : filter.trim();
    }

    /**
     * Whether a file name (no folder) matches {@code filter}, case-insensitively; an IOException naming
     * a pattern that is not valid. Also the Spark job's rule for Hadoop listings.
     */
    public static Predicate<String> nameMatcher(String filter) throws IOException {
        String glob = glob(filter);
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException("The filter '" + glob + "' is not a valid pattern (" + e.getMessage()
                    + "). Use e.g. *.jpg or *.{png,tif}.");
        }
        return name -> matcher.matches(Path.of(name.toLowerCase(Locale.ROOT)));
    }

    private static List<Path> listed(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    /**
     * Every file under {@code folder}, following symbolic links (the folder itself may be one, and
     * so may its subfolders) but entering no folder twice on one path: a link back to a folder
     * above it (a cycle) is skipped, as are folders that cannot be read.
     */
    private static List<Path> walk(Path folder) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(folder) && dir.getFileName().toString().startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                found.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // FileSystemLoopException for a cycle; AccessDeniedException; a dangling link
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
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
