package org.cnnclassifier.conv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /** Parses a kernel text file (UTF-8); messages name the file. */
    public static List<Kernel> parseFile(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("Kernel file " + file + " does not exist. Choose an existing text file.", e);
        }
        return parse(text, "kernel file " + file);
    }

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

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static float number(String token, int line, int index, String source) {
        String where = "Line " + line + " of the " + source + ": \"" + token + "\" (number " + index + " on the line)";
        if (!DECIMAL.matcher(token).matches()) {
            if (token.toLowerCase().matches("[+-]?(nan|inf|infinity)")) {
                throw new IllegalArgumentException(where + " is not a finite number. Use ordinary numbers.");
            }
            throw new IllegalArgumentException(where + " is not a number. Kernel rows hold numbers separated by spaces.");
        }
        float v = (float) Double.parseDouble(token);
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(where + " is too large for a 32-bit kernel weight.");
        }
        return v;
    }
}
