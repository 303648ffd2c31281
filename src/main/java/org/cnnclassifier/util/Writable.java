package org.cnnclassifier.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one check, before any work is done, that a file (model, CSV) can be written where the user
 * asked, with a message naming the problem and what to do; writes nothing.
 */
public final class Writable {
    private Writable() {
    }

    /**
     * Fails with a clear message when {@code target} cannot be written.
     *
     * @param what    the file's kind in messages ("model", "CSV")
     * @param example a file name to suggest when {@code target} is a folder ("model.zip", "results.csv"), or null
     */
    public static void check(Path target, String what, String example) throws IOException {
        String head = "Cannot write the " + what + " to " + target + ": ";
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(head + "folder " + dir + " does not exist. Choose a path in an existing folder.");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(head + "folder " + dir + " is not writable. Choose another path.");
        }
        if (Files.isDirectory(target)) {
            throw new IOException(head + "it is a folder. Give a file name"
                    + (example != null ? " such as " + example : "") + ".");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new IOException(head + "the file exists and is read-only. Choose another path.");
        }
    }
}
