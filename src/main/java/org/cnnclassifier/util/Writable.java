package org.cnnclassifier.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;

/**
 * The one check, before any work is done, that a file (model, CSV) can be written where the user
 * asked, with a message naming the problem and what to do; writes nothing that stays.
 */
public final class Writable {
    /** What a written file holds: an existing file of another kind is never replaced (it may be an input). */
    public enum Kind {
        CSV("a CSV table"), ZIP("a model .zip"), TIFF("a TIFF image"), PNG("a PNG image");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    private Writable() {
    }

    /**
     * Fails with a clear message when {@code target} cannot be written.
     *
     * @param what    the file's kind in messages ("model", "CSV")
     * @param example a file name to suggest when {@code target} is a folder ("model.zip", "results.csv"), or null
     */
    public static void check(Path target, String what, String example) throws IOException {
        check(target, what, example, null);
    }

    /**
     * As {@link #check(Path, String, String)}; with a {@code kind}, an existing file that holds something else
     * (an image, a model, an archive where a CSV goes) is refused, and the name is tried out in its folder
     * (created and removed), so a name the file system cannot hold fails now, not after the work.
     */
    public static void check(Path target, String what, String example, Kind kind) throws IOException {
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
        if (kind == null) {
            return;
        }
        if (Files.isRegularFile(target)) {
            String found = otherKind(target, kind);
            if (found != null) {
                throw new IOException(head + "the file exists and is " + found + ", not " + kind.words
                        + "; writing would destroy it. Choose another file name"
                        + (example != null ? " such as " + example : "") + ".");
            }
        } else {
            tryName(target, head);
        }
    }

    /** Refuses {@code output} when it is the same file as {@code input} (which the run reads). */
    public static void checkNotInput(Path output, String what, Path input, String inputWhat) throws IOException {
        if (output != null && input != null && same(output, input)) {
            throw destroysInput(output, what, inputWhat);
        }
    }

    /**
     * {@link #checkNotInput} for many inputs (a folder's listing): the output's file identity is read once, then one
     * attribute read per input instead of three file checks.
     */
    public static void checkNotAmong(Path output, String what, List<Path> inputs, String inputWhat)
            throws IOException {
        if (output == null || !Files.exists(output)) {
            return;
        }
        Path out = output.toAbsolutePath().normalize();
        Object key = Files.readAttributes(out, BasicFileAttributes.class).fileKey();
        for (Path input : inputs) {
            boolean same = key == null ? same(out, input) // no file keys on this file system
                    : input.toAbsolutePath().normalize().equals(out) || key.equals(fileKey(input));
            if (same) {
                throw destroysInput(output, what, inputWhat);
            }
        }
    }

    /** The file's identity (device and inode here), or null when it cannot be read. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null; // an input that cannot be read is not the output; its own read reports it
        }
    }

    private static IOException destroysInput(Path output, String what, String inputWhat) {
        return new IOException("Cannot write the " + what + " to " + output + ": it is the " + inputWhat
                + " this run reads, and would be destroyed. Choose another file name.");
    }

    /** True when both paths name one file (the same path, or links to one file). */
    public static boolean same(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize(), y = b.toAbsolutePath().normalize();
        if (x.equals(y)) {
            return true;
        }
        try {
            return Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
        } catch (IOException e) {
            return false;
        }
    }

    /** True when {@code path} is inside {@code folder} (at any depth). */
    public static boolean inside(Path path, Path folder) {
        Path p = path.toAbsolutePath().normalize(), f = folder.toAbsolutePath().normalize();
        try {
            p = p.getParent() != null && Files.isDirectory(p.getParent())
                    ? p.getParent().toRealPath().resolve(p.getFileName()) : p;
            f = Files.isDirectory(f) ? f.toRealPath() : f;
        } catch (IOException e) {
            // compare the paths as given
        }
        return !p.equals(f) && p.startsWith(f);
    }

    /** Creates and removes the file, so that a name too long (in bytes) for the file system fails now. */
    private static void tryName(Path target, String head) throws IOException {
        try {
            Files.createFile(target);
            Files.delete(target);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process wrote it meanwhile: the name is fine
        } catch (FileSystemException e) {
            int bytes = target.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
            String reason = e.getReason() != null ? e.getReason() : e.toString();
            throw new IOException(head + "the file system refuses the name (" + reason + "; it is " + bytes
                    + " bytes in UTF-8, most file systems allow 255). Choose a shorter name.");
        }
    }

    /** What the existing file holds when it is not {@code kind} ("a JPEG image"), or null when it may be replaced. */
    static String otherKind(Path file, Kind kind) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        if (head.length == 0) {
            return null;
        }
        String found = sniff(head);
        if (kind == Kind.CSV) {
            return found != null ? found : text(head) ? null : "binary data";
        }
        // A binary file of no known kind may be a damaged earlier output: it may be replaced.
        return found != null ? (kind.words.equals(found) ? null : found) : text(head) ? "a text file" : null;
    }

    private static String sniff(byte[] h) {
        if (starts(h, 'P', 'K', 3, 4) || starts(h, 'P', 'K', 5, 6)) {
            return Kind.ZIP.words;
        }
        if (starts(h, 'I', 'I', '*', 0) || starts(h, 'M', 'M', 0, '*')) {
            return Kind.TIFF.words;
        }
        if (starts(h, 0x89, 'P', 'N', 'G')) {
            return Kind.PNG.words;
        }
        if (starts(h, 0xFF, 0xD8, 0xFF)) {
            return "a JPEG image";
        }
        if (starts(h, 'G', 'I', 'F', '8')) {
            return "a GIF image";
        }
        if (starts(h, 0x1F, 0x8B)) {
            return "a gzip archive";
        }
        return null;
    }

    private static boolean starts(byte[] h, int... magic) {
        return h.length >= magic.length && Arrays.equals(Arrays.copyOf(h, magic.length), bytes(magic));
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** Text: printable characters, tabs and line ends (bytes of UTF-8 sequences included), no other controls. */
    private static boolean text(byte[] h) {
        for (byte b : h) {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
