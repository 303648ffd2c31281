package org.cnnclassifier.conv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads kernels in ImageJ Convolver's text format: one kernel row per line, numbers separated by
 * spaces or tabs (commas also accepted), any width and height (odd, even, rectangular). Several
 * kernels are separated by one or more blank lines. A line starting with {@code #} names the kernel
 * that follows ({@code # Sobel X}); unnamed kernels are called "Kernel 1", "Kernel 2", ... The
 * two-character sequence {@code \n} counts as a line break, so a whole bank fits in one macro or
 * command-line string.
 */
public final class KernelParser {
    private KernelParser() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the line and token for a non-number, a ragged kernel,
     *                                  NaN or infinity, or when there is no kernel at all
     */
    public static List<Kernel> parse(String text) {
        return parse(text, "kernel text");
    }

    /**
     * Parses a kernel text file; messages name the file. The text is UTF-8 (a byte-order mark is
     * skipped), or ISO-8859-1 when it is not valid UTF-8 (names and comments from older editors).
     *
     * @throws IOException for a missing file, a folder, a file that is not text, or a read error
     */
    public static List<Kernel> parseFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("Kernel file " + file + " is a folder; choose a kernel text file.");
        }
        String notText = "Kernel file " + file + " is not a text file of kernel numbers";
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IOException(notText + " (it is " + (Files.size(file) >> 20) + " MB). Choose a plain"
                        + " text file with rows of numbers.");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("Kernel file " + file + " does not exist. Choose an existing text file.", e);
        } catch (FileSystemException e) {
            // Its message is the path again; the reason says what went wrong.
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof AccessDeniedException ? "permission denied" : null;
            throw new IOException("Kernel file " + file + " cannot be read"
                    + (reason != null ? " (" + reason + ")" : "") + ".", e);
        }
        String text = decode(bytes);
        if (text == null) {
            throw new IOException(notText + " (it holds binary data). Choose a plain text file with rows of"
                    + " numbers.");
        }
        return parse(text, "kernel file " + file);
    }

    /** The text of a kernel file, or null when the bytes are not text (NUL or other control bytes). */
    static String decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            // Text has no control bytes but tabs, line breaks and form feeds; binary files almost always do.
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B || b == 0x7F) {
                return null;
            }
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
        }
    }

    /** Far more than any kernel bank; larger files are images or data picked by mistake. */
    private static final long MAX_FILE_BYTES = 16L << 20;

    private static List<Kernel> parse(String text, String source) {
        if (text == null) {
            text = "";
        }
        String[] lines = text.replace("\\n", "\n").replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<Kernel> kernels = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        String name = null;
        int firstLine = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].strip() : "";
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                if (!rows.isEmpty()) {
                    kernels.add(Kernel.of(name != null ? name : "Kernel " + (kernels.size() + 1),
                            rows.toArray(new float[0][])));
                    rows.clear();
                    name = null;
                }
                if (line.startsWith("#")) {
                    String n = line.substring(1).strip();
                    name = n.isEmpty() ? null : n;
                }
                continue;
            }
            String[] tokens = line.split("[\\s,]+");
            float[] row = new float[tokens.length];
            for (int t = 0; t < tokens.length; t++) {
                row[t] = number(tokens[t], lineNo, t + 1, source);
            }
            if (rows.isEmpty()) {
                firstLine = lineNo;
            } else if (row.length != rows.get(0).length) {
                throw new IllegalArgumentException("The kernel starting on line " + firstLine + " of the " + source
                        + " is ragged: line " + lineNo + " has " + row.length + " numbers, line " + firstLine
                        + " has " + rows.get(0).length + ". Every row of a kernel needs the same count"
                        + " (separate kernels with a blank line).");
            }
            rows.add(row);
        }
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("The " + source + " contains no kernel. Type rows of numbers"
                    + " separated by spaces, one row per line (e.g. \"-1 0 1\"), or choose a preset.");
        }
        return kernels;
    }

    /** The largest weight accepted: products with pixel values and their sums stay within 32-bit floats. */
    static final double MAX_WEIGHT = 1e30;

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static float number(String token, int line, int index, String source) {
        String where = "Line " + line + " of the " + source + ": \"" + token + "\" (number " + index
                + " on the line)";
        if (!DECIMAL.matcher(token).matches()) {
            if (token.toLowerCase().matches("[+-]?(nan|inf|infinity)")) {
                throw new IllegalArgumentException(where + " is not a finite number. Use ordinary numbers.");
            }
            throw new IllegalArgumentException(where
                    + " is not a number. Kernel rows hold numbers separated by spaces.");
        }
        double d = Double.parseDouble(token);
        float v = (float) d;
        if (!Float.isFinite(v) || Math.abs(d) > MAX_WEIGHT) {
            // 1e38 is a float, but a sum of a few such products is not: the map would be all Infinity
            throw new IllegalArgumentException(where + " is too large for a 32-bit kernel weight (the feature map "
                    + "would overflow to Infinity). Use weights of at most 1e30 in size; scale them down.");
        }
        if (d != 0 && v == 0) {
            throw new IllegalArgumentException(where + " is too small for a 32-bit kernel weight: it would become 0."
                    + " Write 0, or a weight of at least 1.4e-45 in size.");
        }
        return v;
    }
}
