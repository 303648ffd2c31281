package org.cnnclassifier.ij1;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.cnnclassifier.util.Markdown;

/**
 * The help a dialog's Help button shows: the spec's page of the project's documentation (bundled in
 * the jar under {@code /docs/}: {@code docs/*.md} and the README), or only the section its
 * {@code #anchor} names, as HTML for ImageJ's help dialog ({@code GenericDialog.addHelp("<html>...")}).
 */
final class HelpPages {
    /** Where the project's documentation lives online, for pages that are not in the jar. */
    static final String ONLINE = "the project's README.md and docs/ folder";

    private HelpPages() {
    }

    /**
     * The help ({@code docs/training.md}, {@code README.md#commands}, or alternatives separated by
     * {@code |}, the first found wins) as {@code <html>...}: the section, else the whole first page found.
     */
    static String html(String help) {
        String markdown = markdown(help);
        if (markdown == null) {
            return "<html><body><p>The help page " + Markdown.escape(help) + " is not in this build of the plugin; "
                    + "see " + ONLINE + ".</p></body></html>";
        }
        return "<html><body>" + Markdown.toHtml(markdown) + "</body></html>";
    }

    /** The Markdown the help names: the first alternative's section found, else the first page found, or null. */
    static String markdown(String help) {
        String whole = null;
        for (String page : help.split("\\|")) {
            int hash = page.indexOf('#');
            String markdown = read(hash < 0 ? page.strip() : page.substring(0, hash).strip());
            if (markdown == null) {
                continue;
            }
            String section = hash < 0 ? markdown : Markdown.section(markdown, page.substring(hash + 1).strip());
            if (section != null) {
                return section;
            }
            whole = whole == null ? markdown : whole;
        }
        return whole;
    }

    /** A page's Markdown from the jar ({@code README.md} or {@code docs/x.md} -> {@code /docs/...}), or null. */
    static String read(String file) {
        String resource = "/docs/" + (file.startsWith("docs/") ? file.substring("docs/".length()) : file);
        try (InputStream in = HelpPages.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
