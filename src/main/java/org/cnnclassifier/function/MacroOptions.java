package org.cnnclassifier.function;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads an ImageJ macro options string, {@code key=value key2=[value with spaces] flag}, into raw
 * values (a flag alone becomes "true"), the way ImageJ's GenericDialog reads it, but without a
 * dialog: a bad value can then be reported instead of opening a modal error dialog.
 */
public final class MacroOptions {
    private MacroOptions() {
    }

    /**
     * @param variables resolves {@code key=&name} to the macro variable's value (null: unknown)
     */
    public static Map<String, String> parse(String options, UnaryOperator<String> variables) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0, n = options.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(options.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(options.charAt(i))) {
                i++;
            }
            if (start == i) {
                continue;
            }
            String key = options.substring(start, i);
            if (i >= n || options.charAt(i) != '=') {
                out.put(key, "true");
                continue;
            }
            i++; // '='
            String value;
            if (i < n && options.charAt(i) == '[') {
                int close = options.indexOf(']', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("The value of '" + key + "' opens '[' but never closes it.");
                }
                value = options.substring(i + 1, close);
                i = close + 1;
            } else {
                int s = i;
                while (i < n && !Character.isWhitespace(options.charAt(i))) {
                    i++;
                }
                value = options.substring(s, i);
                if (value.startsWith("&") && value.length() > 1) {
                    String resolved = variables.apply(value.substring(1));
                    if (resolved == null) {
                        throw new IllegalArgumentException("The macro variable '" + value.substring(1) + "' given for '"
                                + key + "' does not exist.");
                    }
                    value = resolved;
                }
            }
            out.put(key, value);
        }
        return out;
    }
}
