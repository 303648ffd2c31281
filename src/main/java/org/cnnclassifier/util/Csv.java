package org.cnnclassifier.util;

import java.util.List;

/**
 * CSV as RFC 4180 writes it, for every CSV file and every CSV line printed: a field that holds a comma,
 * a double quote, a carriage return or a line feed is enclosed in double quotes, with each double quote
 * doubled; fields are separated by commas. (Rows end with a line feed, which RFC 4180 readers accept.)
 */
public final class Csv {
    private Csv() {
    }

    /** One field, quoted when it must be. */
    public static String field(String s) {
        if (s == null) {
            return "";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }

    /** One row: the fields (their text, {@code String.valueOf}), each quoted when it must be, joined by commas. */
    public static String row(List<?> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object f = fields.get(i);
            sb.append(field(f == null ? "" : String.valueOf(f)));
        }
        return sb.toString();
    }

    /** As {@link #row(List)}. */
    public static String row(Object... fields) {
        return row(java.util.Arrays.asList(fields));
    }
}
