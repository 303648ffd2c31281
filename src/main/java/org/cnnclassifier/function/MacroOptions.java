package org.cnnclassifier.function;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads an ImageJ macro options string, {@code key=value key2=[value with spaces] key3='quoted' flag},
 * into raw values (a flag alone becomes "true"), the way ImageJ's GenericDialog reads it
 * ({@code ij.Macro.getValue}: brackets inside a bracketed value pair up), but without a
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
                int close = closingBracket(options, i);
                if (close < 0) {
                    throw new IllegalArgumentException("The value of '" + key + "' opens '[' but never closes it.");
                }
                value = options.substring(i + 1, close);
                i = close + 1;
            } else if (i < n && options.charAt(i) == '\'') {
                int close = options.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("The value of '" + key + "' opens ' but never closes it.");
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

    /**
     * The {@code ]} that closes the {@code [} at {@code open}, or -1: brackets inside the value pair up, as in
     * ImageJ's {@code Macro.getValue} (so {@code model=[/data/br[x]/m.zip]} and {@code filter=[[ab]*.jpg]} are
     * read whole, as ImageJ's own commands read them).
     */
    static int closingBracket(String options, int open) {
        int depth = 0;
        for (int j = open; j < options.length(); j++) {
            char c = options.charAt(j);
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return j;
            }
        }
        return -1;
    }
}
