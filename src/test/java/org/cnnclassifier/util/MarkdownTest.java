package org.cnnclassifier.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The help pages' Markdown, each construct against the HTML written out by hand. */
class MarkdownTest {
    @Test
    void headingsParagraphsAndInlineMarks() {
        assertEquals("<h2 id=\"train-your-own-images\">Train your <b>own</b> images!</h2>\n"
                + "<p>Two lines <code>a &lt; b</code> one <i>paragraph</i>, see <a href=\"docs/x.md\">x</a>.</p>\n"
                + "<p>Next.</p>\n",
                Markdown.toHtml("## Train your **own** images!\nTwo lines `a < b`\none *paragraph*, "
                        + "see [x](docs/x.md).\n\nNext."));
    }

    @Test
    void listsTablesAndCode() {
        String md = """
                <!-- a comment
                over lines -->
                - one
                - two
                  continued
                1. first
                2. second

                | Key | Meaning |
                |-----|:-------:|
                | `a\\|b` | x & y |

                ```groovy
                #@ Img image
                if (a < b) {}
                ```

                    java -jar ij.jar
                    -batch demo.ijm
                """;
        assertEquals("<ul>\n<li>one</li>\n<li>two continued</li>\n</ul>\n"
                + "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"
                + "<table width=\"100%\" border=\"1\" cellpadding=\"3\" cellspacing=\"0\">\n<tr><th>Key</th><th>Meaning</th></tr>\n"
                + "<tr><td><code>a|b</code></td><td>x &amp; y</td></tr>\n</table>\n"
                + "<pre>#@ Img image\nif (a &lt; b) {}\n</pre>\n"
                + "<pre>java -jar ij.jar\n-batch demo.ijm\n</pre>\n", Markdown.toHtml(md));
    }

    @Test
    void longCodeLinesWrapInsteadOfScrolling() {
        String keys = "input='/data/cat.jpg',activations='true',layers='all',montage='true',output='/tmp/a'";
        String longLine = "java -cp ij.jar run \"" + keys + "\"";
        assertTrue(longLine.length() > Markdown.MAX_PRE);
        // a break after the first comma past 40 characters of the word, then again
        assertEquals("<p><code>" + "&nbsp;".repeat(2) + "a &lt; b<br>\n"
                + "java -cp ij.jar run \"input='/data/cat.jpg',activations='true',<br>layers='all',montage='true',"
                + "output='/tmp/a'\"</code></p>\n", Markdown.toHtml("```\n  a < b\n" + longLine + "\n```\n"));
    }

    @Test
    void aSectionRunsToTheNextHeadingOfItsLevel() {
        String md = "# Top\nintro\n## Commands\ntable\n### Detail\nmore\n```\n## not a heading\n```\n## Next\nrest\n";
        assertEquals("## Commands\ntable\n### Detail\nmore\n```\n## not a heading\n```\n",
                Markdown.section(md, "commands"));
        assertNull(Markdown.section(md, "missing"));
        assertEquals("scripting-imglib2-and-commandservice", Markdown.anchor("Scripting: ImgLib2 and `CommandService`"));
    }
}
