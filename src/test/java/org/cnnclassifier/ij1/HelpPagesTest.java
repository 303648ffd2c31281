package org.cnnclassifier.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.function.ApplyConvolutionKernel;
import org.cnnclassifier.function.ClassifyFolder;
import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.EvaluateClassifier;
import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.OpenCifarSamples;
import org.cnnclassifier.function.ShowChannelsAndActivations;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.TrainClassifier;
import org.cnnclassifier.util.Markdown;
import org.junit.jupiter.api.Test;

/**
 * Every dialog's Help button: its page is bundled in the jar as the project's file is, and the
 * page and section it names exist in the project's README.md or docs/ (read from disk).
 */
class HelpPagesTest {
    static final List<Spec> ALL = List.of(ApplyConvolutionKernel.SPEC, ShowChannelsAndActivations.SPEC,
            OpenCifarSamples.SPEC, TrainClassifier.SPEC, EvaluateClassifier.SPEC, ClassifyImage.SPEC,
            ClassifyFolder.SPEC);

    @Test
    void everySpecsHelpNamesASectionThatExists() throws IOException {
        for (Spec spec : ALL) {
            String found = null;
            for (String alternative : spec.help().split("\\|")) {
                String[] parts = alternative.strip().split("#", 2);
                Path file = Path.of(parts[0]);
                if (Files.isRegularFile(file)) {
                    String md = Files.readString(file);
                    assertTrue(parts.length == 1 || Markdown.section(md, parts[1]) != null,
                            spec.title() + ": no section #" + (parts.length > 1 ? parts[1] : "") + " in " + file);
                    found = alternative.strip();
                    break;
                }
            }
            assertNotNull(found, spec.title() + ": none of " + spec.help() + " exists");
            String html = HelpPages.html(spec.help());
            assertTrue(html.startsWith("<html><body><h"), spec.title() + ": " + html.substring(0, 80));
        }
    }

    @Test
    void pagesAreBundledAsTheProjectHasThem() throws IOException {
        assertEquals(Files.readString(Path.of("README.md")), HelpPages.read("README.md"));
        List<Path> docs = new ArrayList<>();
        try (var s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        assertTrue(docs.contains(Path.of("docs/imglib2.md")), docs.toString());
        for (Path p : docs) {
            assertEquals(Files.readString(p), HelpPages.read("docs/" + p.getFileName()), p.toString());
        }
    }

    @Test
    void aMissingPageSaysSoAndAMissingSectionGivesTheWholePage() throws IOException {
        assertTrue(HelpPages.html("docs/nothing.md").contains("is not in this build"));
        assertEquals(Files.readString(Path.of("docs/imglib2.md")), HelpPages.markdown("docs/imglib2.md#no-such-heading"));
        assertTrue(HelpPages.markdown("docs/nothing.md | docs/imglib2.md#outputs").startsWith("## Outputs\n"));
    }

    @Test
    void trainsDialogShowsItsKeysOnceUnderFiveHeadings() {
        List<Key> keys = TrainClassifier.SPEC.dialogKeys();
        assertEquals(TrainClassifier.SPEC.keys(Key.Scope.BOTH).size(), keys.size());
        assertEquals(keys.size(), keys.stream().map(Key::name).distinct().count());
        List<String> headings = new ArrayList<>();
        for (Key k : keys) {
            if (headings.isEmpty() || !headings.get(headings.size() - 1).equals(k.group())) {
                headings.add(k.group());
            }
        }
        assertEquals(List.of("Data", "Network", "Training", "Your own images", "Speed"), headings);
        assertEquals(List.of("data", "validation", "download", "limit", "architecture", "dropout"),
                keys.subList(0, 6).stream().map(Key::name).toList());
    }
}
