package org.cnnclassifier.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough Markdown to HTML for the help pages shown in ImageJ's help dialog (Swing's HTML 3.2
 * view): headings, paragraphs, bullet and numbered lists, tables, fenced and indented code, and
 * inline {@code code}, bold, italics and links. Anything else is shown as text.
 */
public final class Markdown {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*+]\\s+(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d+[.)]\\s+(.*)$");
    private static final Pattern TABLE_RULE = Pattern.compile("^\\s*\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?\\s*$");
    /** Code lines longer than this wrap (Swing's {@code <pre>} never does). */
    static final int MAX_PRE = 90;
    /** Longer words of code get line breaks (after a comma where there is one). */
    static final int MAX_WORD = 40;
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)");

    private Markdown() {
    }

    /** The body HTML of a Markdown text (no {@code <html>} wrapper); HTML comments are left out. */
    public static String toHtml(String markdown) {
        String source = markdown.replace("\r\n", "\n").replaceAll("(?s)<!--.*?-->", "");
        List<String> lines = source.lines().toList();
        StringBuilder out = new StringBuilder();
        List<String> paragraph = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m;
            if (line.strip().startsWith("```")) {
                flush(paragraph, out);
                List<String> code = new ArrayList<>();
                for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                    code.add(lines.get(i));
                }
                code(code, out);
            } else if (line.startsWith("    ") && paragraph.isEmpty() && !line.isBlank()) {
                List<String> code = new ArrayList<>();
                for (; i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank()); i++) {
                    code.add(lines.get(i).length() > 4 ? lines.get(i).substring(4) : "");
                }
                i--;
                while (code.get(code.size() - 1).isBlank()) {
                    code.remove(code.size() - 1);
                }
                code(code, out);
            } else if ((m = HEADING.matcher(line)).matches()) {
                flush(paragraph, out);
                int level = m.group(1).length();
                out.append("<h").append(level).append(" id=\"").append(anchor(m.group(2))).append("\">")
                        .append(inline(m.group(2))).append("</h").append(level).append(">\n");
            } else if (BULLET.matcher(line).matches() || NUMBERED.matcher(line).matches()) {
                flush(paragraph, out);
                boolean numbered = !BULLET.matcher(line).matches();
                Pattern item = numbered ? NUMBERED : BULLET;
                out.append(numbered ? "<ol>\n" : "<ul>\n");
                for (; i < lines.size() && (m = item.matcher(lines.get(i))).matches(); i++) {
                    StringBuilder text = new StringBuilder(m.group(1));
                    // continuation lines of the item: indented, not a new item
                    while (i + 1 < lines.size() && lines.get(i + 1).startsWith("  ")
                            && !item.matcher(lines.get(i + 1)).matches()) {
                        text.append(' ').append(lines.get(++i).strip());
                    }
                    out.append("<li>").append(inline(text.toString())).append("</li>\n");
                }
                i--;
                out.append(numbered ? "</ol>\n" : "</ul>\n");
            } else if (line.strip().startsWith("|") && i + 1 < lines.size()
                    && TABLE_RULE.matcher(lines.get(i + 1)).matches()) {
                flush(paragraph, out);
                out.append("<table width=\"100%\" border=\"1\" cellpadding=\"3\" cellspacing=\"0\">\n");
                row(line, "th", out);
                for (i += 2; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
                    row(lines.get(i), "td", out);
                }
                i--;
                out.append("</table>\n");
            } else if (line.isBlank()) {
                flush(paragraph, out);
            } else {
                paragraph.add(line.strip());
            }
        }
        flush(paragraph, out);
        return out.toString();
    }

    /**
     * The section of {@code markdown} under the heading whose anchor is {@code anchor} (GitHub's rule:
     * lower case, spaces to hyphens, punctuation dropped), up to the next heading of the same or a
     * higher level; null when there is no such heading.
     */
    public static String section(String markdown, String anchor) {
        List<String> lines = markdown.replace("\r\n", "\n").lines().toList();
        int level = 0;
        StringBuilder out = null;
        boolean fenced = false;
        for (String line : lines) {
            fenced ^= line.strip().startsWith("```");
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                if (out != null && m.group(1).length() <= level) {
                    break;
                }
                if (out == null && anchor(m.group(2)).equals(anchor)) {
                    level = m.group(1).length();
                    out = new StringBuilder();
                }
            }
            if (out != null) {
                out.append(line).append('\n');
            }
        }
        return out == null ? null : out.toString();
    }

    /** GitHub's anchor of a heading: "Train your own images!" -> "train-your-own-images". */
    public static String anchor(String heading) {
        String text = LINK.matcher(heading).replaceAll("$1").replace("`", "");
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /**
     * A code block: {@code <pre>} when its lines are short; longer lines would need a horizontal
     * scroll bar in the help dialog, so such a block is shown in code font with lines that wrap.
     */
    private static void code(List<String> lines, StringBuilder out) {
        if (lines.stream().allMatch(l -> l.length() <= MAX_PRE)) {
            out.append("<pre>");
            lines.forEach(l -> out.append(escape(l)).append('\n'));
            out.append("</pre>\n");
            return;
        }
        List<String> html = new ArrayList<>();
        for (String l : lines) {
            String stripped = l.stripLeading();
            List<String> words = new ArrayList<>();
            for (String word : stripped.split(" ", -1)) {
                words.add(breakable(word));
            }
            html.add("&nbsp;".repeat(l.length() - stripped.length()) + String.join(" ", words));
        }
        out.append("<p><code>").append(String.join("<br>\n", html)).append("</code></p>\n");
    }

    /** A word of code, with line breaks after its commas every {@link #MAX_WORD} characters or so. */
    private static String breakable(String word) {
        StringBuilder out = new StringBuilder();
        int run = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append(escape(String.valueOf(c)));
            run++;
            if (run >= MAX_WORD && (c == ',' || run >= 2 * MAX_WORD) && i < word.length() - 1) {
                out.append("<br>");
                run = 0;
            }
        }
        return out.toString();
    }

    private static void flush(List<String> paragraph, StringBuilder out) {
        if (!paragraph.isEmpty()) {
            out.append("<p>").append(inline(String.join(" ", paragraph))).append("</p>\n");
            paragraph.clear();
        }
    }

    private static void row(String line, String cell, StringBuilder out) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        out.append("<tr>");
        for (String c : inner.split("(?<!\\\\)\\|", -1)) {
            out.append('<').append(cell).append('>').append(inline(c.strip().replace("\\|", "|")))
                    .append("</").append(cell).append('>');
        }
        out.append("</tr>\n");
    }

    /** Inline code first (its text is literal), then links, bold and italics on the rest. */
    static String inline(String text) {
        StringBuilder out = new StringBuilder();
        String[] parts = text.split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            boolean code = i % 2 == 1 && i < parts.length - 1;
            if (code) {
                out.append("<code>").append(escape(parts[i])).append("</code>");
            } else {
                String s = escape(i % 2 == 1 ? "`" + parts[i] : parts[i]);
                s = LINK.matcher(s).replaceAll("<a href=\"$2\">$1</a>");
                s = s.replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>");
                s = s.replaceAll("(?<![\\w*])\\*(?!\\s)(.+?)(?<!\\s)\\*(?![\\w*])", "<i>$1</i>");
                out.append(s);
            }
        }
        return out.toString();
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
