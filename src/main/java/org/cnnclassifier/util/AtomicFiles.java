package org.cnnclassifier.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers never see it half-written: the content goes to a temporary file
 * in the target's folder, which is moved over the target only when complete. If writing fails
 * or is cancelled, the previous file stays as it was and the temporary file is removed.
 */
public final class AtomicFiles {
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
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("Cannot write the " + what + " to " + target + ": folder " + dir
                    + " does not exist. Choose a path in an existing folder.");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("Cannot write the " + what + " to " + target + ": folder " + dir
                    + " is not writable. Choose another path.");
        }
        if (Files.isDirectory(target)) {
            throw new IOException("Cannot write the " + what + " to " + target + ": it is a folder. Give a file name.");
        }
        // Not Files.createTempFile: its 0600 permissions would stay on the moved file; this one gets
        // the umask's permissions, like any file the user writes.
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp");
        Files.createFile(tmp);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
