package org.cnnclassifier.function;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A function's one definition: its title (the menu command) and its keys. The ImageJ 1.x PlugIn
 * builds its dialog and reads macro options from it, the SciJava command its inputs, and both
 * check values with {@link #parse}, so keys, defaults, choices and ranges are written once.
 */
public record Spec(String title, List<Key> keys) {

    /** Where the values come from; decides what an absent flag means. */
    public enum Source {
        /** An ImageJ macro's options: an absent flag is off, as for every ImageJ checkbox. */
        MACRO,
        /** A dialog, a script or a headless run: an absent key takes its default. */
        DEFAULTS
    }

    public Spec {
        keys = List.copyOf(keys);
    }

    public static Spec of(String title, Key... keys) {
        return new Spec(title, List.of(keys));
    }

    public Key key(String name) {
        for (Key k : keys) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("No key '" + name + "' in " + title);
    }

    /** The keys a host offers: all of them for scripts, those of scope BOTH for the menu command. */
    public List<Key> keys(Key.Scope host) {
        return host == Key.Scope.SCRIPT ? keys : keys.stream().filter(k -> k.scope() == Key.Scope.BOTH).toList();
    }

    /**
     * Checks and converts raw text values. Throws IllegalArgumentException naming the first
     * unknown key (with the keys there are) or the first bad value (with what it must be).
     */
    public Values parse(Map<String, String> raw, Source source, Key.Scope host) {
        List<Key> offered = keys(host);
        List<String> names = offered.stream().map(Key::name).toList();
        for (String given : raw.keySet()) {
            if (!names.contains(given)) {
                throw new IllegalArgumentException("'" + given + "' is not a key of " + title + ". Its keys are: "
                        + String.join(", ", names) + ".");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key k : offered) {
            String text = raw.get(k.name());
            if (text == null) {
                text = k.kind() == Key.Kind.FLAG && source == Source.MACRO ? "false" : k.defaultValue();
            }
            values.put(k.name(), convert(k, text));
        }
        return new Values(this, values);
    }

    /** One value from its text, checked against the key's kind, choices and range. */
    static Object convert(Key k, String text) {
        String t = text.strip();
        switch (k.kind()) {
            case WHOLE -> {
                double v = number(k, t);
                if (v != Math.rint(v)) {
                    throw bad(k, t);
                }
                return (long) inRange(k, v, t);
            }
            case NUMBER -> {
                return inRange(k, number(k, t), t);
            }
            case FLAG -> {
                if (t.equalsIgnoreCase("true") || t.equals("1") || t.isEmpty()) {
                    return true;
                }
                if (t.equalsIgnoreCase("false") || t.equals("0")) {
                    return false;
                }
                throw bad(k, t);
            }
            case CHOICE -> {
                for (String c : k.choices()) {
                    if (c.equalsIgnoreCase(t)) {
                        return c;
                    }
                }
                throw bad(k, t);
            }
            default -> {
                return k.kind() == Key.Kind.LINES ? text : t;
            }
        }
    }

    private static double number(Key k, String t) {
        try {
            double v = Double.parseDouble(t);
            if (!Double.isFinite(v)) {
                throw bad(k, t);
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(k, t);
        }
    }

    private static double inRange(Key k, double v, String t) {
        if ((!Double.isNaN(k.min()) && v < k.min()) || (!Double.isNaN(k.max()) && v > k.max())) {
            throw bad(k, t);
        }
        return v;
    }

    private static IllegalArgumentException bad(Key k, String t) {
        String given = t.isEmpty() ? "An empty value" : "'" + t + "'";
        return new IllegalArgumentException(given + " is not valid for '" + k.name() + "': give " + k.expected() + ".");
    }

    /** The lower-case words of an enum's constants, as used for choice keys. */
    public static List<String> words(Class<? extends Enum<?>> type) {
        List<String> out = new ArrayList<>();
        for (Enum<?> e : type.getEnumConstants()) {
            out.add(e.name().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
