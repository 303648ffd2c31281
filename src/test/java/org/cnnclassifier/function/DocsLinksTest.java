package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * README.md and docs/*.md: every relative link {@code ](path)} or {@code ](path#anchor)} points at a
 * file that exists and, with an anchor, at a heading of that file (GitHub's slugs); every picture of
 * the README is under docs/images/; the README stays short.
 */
class DocsLinksTest {
    static final Path README = Path.of("README.md");
    static final Path DOCS = Path.of("docs");
    static final int README_MAX_LINES = 260;

    private static final Pattern LINK = Pattern.compile("(!?)\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    /** The Markdown files checked: the README and every docs/*.md. */
    static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(README));
        try (Stream<Path> s = Files.list(DOCS)) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The text outside fenced and indented code blocks and inline code spans, line by line. */
    static List<String> prose(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        boolean previousBlank = true;
        boolean inIndentedCode = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                out.add("");
                previousBlank = false;
                continue;
            }
            boolean blank = line.isBlank();
            inIndentedCode = line.startsWith("    ") && !blank && (previousBlank || inIndentedCode);
            out.add(fenced || inIndentedCode ? "" : line.replaceAll("`[^`]*`", ""));
            previousBlank = blank;
        }
        return out;
    }

    /**
     * GitHub's anchor for a heading: Markdown emphasis and code marks dropped, lower case, every
     * character that is not a letter, digit, space, '-' or '_' removed, spaces to '-'.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
    }

    /** The anchors of a Markdown file's headings, numbered as GitHub numbers repeated ones. */
    static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String slug = slug(m.group(1));
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    /** Every link problem of one Markdown file, as "file:line: target: what is wrong". */
    static List<String> brokenLinks(Path file) throws IOException {
        List<String> bad = new ArrayList<>();
        List<String> lines = prose(Files.readAllLines(file));
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINK.matcher(lines.get(i));
            while (m.find()) {
                String target = m.group(2);
                if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto: ...
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
                String where = file + ":" + (i + 1) + ": " + target + ": ";
                if (!Files.exists(resolved)) {
                    bad.add(where + "no such file " + resolved);
                } else if (anchor != null && (!resolved.toString().endsWith(".md") || !anchors(resolved).contains(anchor))) {
                    bad.add(where + "no heading with that anchor in " + resolved.getFileName());
                }
            }
        }
        return bad;
    }

    @Test
    void everyRelativeLinkPointsAtAFileAndHeadingThatExist() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path file : markdownFiles()) {
            bad.addAll(brokenLinks(file));
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void theReadmesPicturesAreUnderDocsImages() throws IOException {
        List<String> images = new ArrayList<>();
        for (String line : prose(Files.readAllLines(README))) {
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                if (!m.group(1).isEmpty()) {
                    images.add(m.group(2));
                }
            }
        }
        assertFalse(images.isEmpty(), "README shows no picture");
        for (String image : images) {
            assertTrue(image.startsWith("docs/images/"), image + " is not under docs/images/");
            assertTrue(Files.isRegularFile(Path.of(image)), image + " does not exist");
        }
    }

    @Test
    void theReadmeStaysShort() throws IOException {
        int lines = Files.readAllLines(README).size();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines; at most " + README_MAX_LINES
                + ": move details into docs/");
    }

    @Test
    void slugsFollowGitHub() throws IOException {
        assertEquals("set-up", slug("Set up"));
        assertEquals("speed-what-makes-dl4j-fast-here", slug("Speed: what makes DL4J fast here"));
        assertEquals("test-time-views-mirror-shift", slug("Test-time views (`mirror`, `shift`)"));
        assertEquals("classify-folder-end-to-end", slug("Classify Folder, end to end"));
        assertEquals("class-path-not-a-class-loader-of-its-own-measured",
                slug("Class path, not a class loader of its own (measured)"));
        Path md = Files.createTempFile("links", ".md");
        try {
            Files.writeString(md, "# A\n\n## A\n\n[x](#a-1) [y](#b) [z](missing.md) [w](https://example.org/x)\n\n"
                    + "    [code](not-a-link.md)\n");
            List<String> bad = brokenLinks(md);
            assertEquals(2, bad.size(), bad.toString());
            assertTrue(bad.get(0).contains("#b") && bad.get(1).contains("missing.md"), bad.toString());
        } finally {
            Files.delete(md);
        }
    }
}
