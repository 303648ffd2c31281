package org.cnnclassifier.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers never see it half-written: the content goes to a temporary file
 * in the target's folder, which is moved over the target only when complete. If writing fails
 * or is cancelled, the previous file stays as it was and the temporary file is removed.
 * <p>
 * A process killed while writing (kill -9, power loss) cannot remove its temporary file: it stays
 * beside the target as a hidden {@code .cnn-<pid>-<6 random letters>.tmp}, which nothing reads, and
 * the target is untouched. The next write into that folder removes such files left by processes that no
 * longer run. The temporary name is short whatever the target's, so any name the file system can hold
 * can be written ({@link Writable#check} tries the target's name before the work starts).
 */
public final class AtomicFiles {
    /**
     * Test hook: when this system property names a file, {@link #write} writes the temporary
     * file's path into it once the content is complete and then waits (up to 10 minutes) before
     * moving it into place, so that a test can kill the process in the middle of a save.
     */
    public static final String PAUSE_BEFORE_MOVE_PROPERTY = "cnnclassifier.test.pauseBeforeMove";

    private AtomicFiles() {
    }

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically. {@code what} names the file in messages ("model", "CSV").
     *
     * @throws IOException naming the folder when it does not exist or is not writable
     */
    public static void write(Path target, String what, Writer writer) throws IOException {
        write(target, what, null, writer);
    }

    /**
     * As {@link #write(Path, String, Writer)}; with a {@code kind}, an existing target holding another kind of
     * file (an input image, a model) is refused ({@link Writable#check}).
     */
    public static void write(Path target, String what, Writable.Kind kind, Writer writer) throws IOException {
        Writable.check(target, what, null, kind);
        Path dir = target.toAbsolutePath().getParent();
        removeStaleTemporaries(dir);
        // Not Files.createTempFile: its 0600 permissions would stay on the moved file; this one gets
        // the umask's permissions, like any file the user writes.
        Path tmp = createTemporary(dir);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            pauseForTest(tmp);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code bytes} by a short-named temporary file moved into place, without {@link #write}'s
     * checks and its scan for stale temporaries: for many small files in a folder checked once.
     */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = createTemporary(dir);
        try {
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static final Pattern TEMPORARY = Pattern.compile("\\.cnn-(\\d+)-[a-z]{6}\\.tmp");

    /** A new, empty {@code .cnn-<pid>-<6 random letters>.tmp} in {@code dir}. */
    private static Path createTemporary(Path dir) throws IOException {
        for (int attempt = 0;; attempt++) {
            StringBuilder name = new StringBuilder(".cnn-").append(ProcessHandle.current().pid()).append('-');
            for (int i = 0; i < 6; i++) {
                name.append((char) ('a' + RANDOM.nextInt(26)));
            }
            try {
                return Files.createFile(dir.resolve(name.append(".tmp").toString()));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Temporary files left in {@code dir} by processes that no longer run. */
    static void removeStaleTemporaries(Path dir) {
        Pattern own = TEMPORARY;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".cnn-*.tmp")) {
            for (Path p : ds) {
                Matcher m = own.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover temporary file is harmless
        }
    }

    private static void pauseForTest(Path tmp) throws IOException {
        String marker = System.getProperty(PAUSE_BEFORE_MOVE_PROPERTY);
        if (marker == null || marker.isBlank()) {
            return;
        }
        Files.writeString(Path.of(marker), tmp.toString());
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
