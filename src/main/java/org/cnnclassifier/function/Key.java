package org.cnnclassifier.function;

import java.util.List;

/**
 * One macro/script key of a function: its name (the macro key, the SciJava input name and the first
 * word of the dialog label), what the dialog shows after the name, its kind, default, choices and
 * range. Both hosts (the ImageJ 1.x PlugIn and the SciJava command) are built from these. Optional:
 * the dialog section the key is shown in ({@code group}, a heading: the dialog shows sections in the
 * order they first appear, each with its keys in spec order; macros and scripts are not affected), and
 * for a number a word that stands for its default ({@code defaultWord}, e.g. "default" for
 * "the architecture's own"), shown in the dialog instead of the number and accepted beside it; and
 * whether the dialog shows the key on the row of the key before it ({@code sameRow}).
 */
public record Key(String name, String label, Kind kind, String defaultValue, List<String> choices, double min,
        double max, Scope scope, String group, String defaultWord, boolean sameRow) {

    /** What a key's value is, which decides its dialog field and how its text is checked. */
    public enum Kind {
        /** A whole number (dialog: numeric field without decimals). */
        WHOLE,
        /** A real number. */
        NUMBER,
        /** A checkbox; in a macro the key alone means on and its absence off. */
        FLAG,
        /** One of {@link #choices()} (case-insensitive in macros and scripts). */
        CHOICE,
        TEXT,
        /** Several lines of text (dialog: a text area, recorded under the key). */
        LINES,
        /** A file to read, a folder, a file to write: text with a file dialog. */
        FILE, FOLDER, SAVE
    }

    /** Where a key exists: both hosts, or only the script/headless command (e.g. an image file to open). */
    public enum Scope { BOTH, SCRIPT }

    public Key {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** A key without heading or default word. */
    public Key(String name, String label, Kind kind, String defaultValue, List<String> choices, double min,
            double max, Scope scope) {
        this(name, label, kind, defaultValue, choices, min, max, scope, null, null, false);
    }

    /** The same key, shown in the dialog under {@code heading}. */
    public Key inGroup(String heading) {
        return new Key(name, label, kind, defaultValue, choices, min, max, scope, heading, defaultWord, sameRow);
    }

    /** The same key, shown in the dialog to the right of the key before it (a shorter dialog). */
    public Key besidePrevious() {
        return new Key(name, label, kind, defaultValue, choices, min, max, scope, group, defaultWord, true);
    }

    /** The same number key, with {@code word} standing for its default value (dialog, macros and scripts). */
    public Key defaultWord(String word) {
        return new Key(name, label, kind, defaultValue, choices, min, max, scope, group, word, sameRow);
    }

    static Key of(String name, String label, Kind kind, String defaultValue) {
        return new Key(name, label, kind, defaultValue, List.of(), Double.NaN, Double.NaN, Scope.BOTH);
    }

    public static Key whole(String name, String label, long defaultValue, long min, long max) {
        return new Key(name, label, Kind.WHOLE, Long.toString(defaultValue), List.of(), min, max, Scope.BOTH);
    }

    /** A number key's lower bound for "any number above 0" (the smallest positive double). */
    public static final double ABOVE_ZERO = Double.MIN_VALUE;

    public static Key number(String name, String label, double defaultValue, double min, double max) {
        return new Key(name, label, Kind.NUMBER, Double.toString(defaultValue), List.of(), min, max, Scope.BOTH);
    }

    public static Key flag(String name, String label, boolean defaultValue) {
        return of(name, label, Kind.FLAG, Boolean.toString(defaultValue));
    }

    public static Key choice(String name, String label, String defaultValue, List<String> choices) {
        return new Key(name, label, Kind.CHOICE, defaultValue, choices, Double.NaN, Double.NaN, Scope.BOTH);
    }

    public static Key text(String name, String label, String defaultValue) {
        return of(name, label, Kind.TEXT, defaultValue);
    }

    public static Key lines(String name, String label) {
        return of(name, label, Kind.LINES, "");
    }

    public static Key file(String name, String label) {
        return of(name, label, Kind.FILE, "");
    }

    public static Key folder(String name, String label) {
        return of(name, label, Kind.FOLDER, "");
    }

    public static Key save(String name, String label) {
        return of(name, label, Kind.SAVE, "");
    }

    /** The same key, only in scripts and headless runs. */
    public Key scriptOnly() {
        return new Key(name, label, kind, defaultValue, choices, min, max, Scope.SCRIPT, group, defaultWord,
                sameRow);
    }

    /** The dialog label: the key capitalised, then the rest ("Top classes"); GenericDialog records the first word. */
    public String dialogLabel() {
        String first = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return label == null || label.isEmpty() ? first : first + " " + label;
    }

    /** What a valid value looks like, for messages: "a whole number from 1 to 100", "one of: same, valid". */
    public String expected() {
        return switch (kind) {
            case WHOLE -> "a whole number" + range();
            case NUMBER -> "a number" + range() + (defaultWord == null ? "" : ", or " + defaultWord);
            case FLAG -> "true or false";
            case CHOICE -> "one of: " + String.join(", ", choices);
            case FILE, SAVE -> "a file path";
            case FOLDER -> "a folder path";
            default -> "text";
        };
    }

    private String range() {
        boolean lo = !Double.isNaN(min) && min > -Double.MAX_VALUE && min != Long.MIN_VALUE;
        boolean hi = !Double.isNaN(max) && max < Integer.MAX_VALUE; // larger bounds only guard the type
        if (min == ABOVE_ZERO) {
            return hi ? " above 0 and at most " + fmt(max) : " above 0";
        }
        if (lo && hi) {
            return " from " + fmt(min) + " to " + fmt(max);
        }
        if (lo) {
            return " of at least " + fmt(min);
        }
        return hi ? " of at most " + fmt(max) : "";
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
