package org.cnnclassifier.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layout rules the code keeps: packages sit in layers and no import runs from a lower layer to
 * a higher one; the two hosts (command/, ij1/) never import each other; the ImageJ-free core never
 * imports ImageJ's GUI; no package holds more than 15 main files, no file more than 450 lines, no
 * line more than 120 characters.
 */
class SourceLayoutTest {
    static final Path MAIN = Path.of("src/main/java/org/cnnclassifier");

    /**
     * Layers from the lowest; a package may import its own layer and those below. {@code host} holds
     * what both hosts show in ImageJ (tables, plots, progress), below the functions that fill it.
     */
    static final List<List<String>> LAYERS = List.of(
            List.of("util", "conv", "progress"),
            List.of("image"),
            List.of("data"),
            List.of("network", "speed", "modelfile"),
            List.of("training", "inference", "evaluation", "explain", "keras"),
            List.of("host"),
            List.of("function"),
            List.of("command", "ij1"));

    static final List<String> CORE = List.of("util", "conv", "progress", "image", "data", "network", "speed",
            "modelfile", "training", "inference", "evaluation", "explain", "keras");

    static final Pattern OWN_IMPORT = Pattern.compile("^import (?:static )?org\\.cnnclassifier\\.(\\w+)\\.");

    static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    static String pkg(Path p) {
        return MAIN.relativize(p).getName(0).toString();
    }

    static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    /** The imports of one file that break a rule, as "file: import line (why)". */
    static List<String> violations(String pkg, String file, List<String> lines) {
        List<String> bad = new ArrayList<>();
        int own = layer(pkg);
        for (String line : lines) {
            Matcher m = OWN_IMPORT.matcher(line);
            if (m.find()) {
                String target = m.group(1);
                int theirs = layer(target);
                if (theirs < 0) {
                    bad.add(file + ": " + line + " (package " + target + " is in no layer)");
                } else if (theirs > own) {
                    bad.add(file + ": " + line + " (runs up from " + pkg + " to " + target + ")");
                } else if (List.of("command", "ij1").contains(target) && !target.equals(pkg)) {
                    bad.add(file + ": " + line + " (one host imports another)");
                }
            }
            if (CORE.contains(pkg) && (line.startsWith("import ij.gui.") || line.startsWith("import ij.plugin.frame."))) {
                bad.add(file + ": " + line + " (ImageJ GUI in the core)");
            }
        }
        return bad;
    }

    @Test
    void everyPackageIsInALayerAndNoImportRunsUp() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path p : sources()) {
            String pkg = pkg(p);
            if (layer(pkg) < 0) {
                bad.add(MAIN.relativize(p) + ": package " + pkg + " is in no layer");
            }
            bad.addAll(violations(pkg, MAIN.relativize(p).toString(), Files.readAllLines(p)));
        }
        assertEquals(List.of(), bad);
    }

    /** The check itself: an upward import, a host importing the other host, ImageJ's GUI in the core. */
    @Test
    void theCheckCatchesAnImportThatRunsUp() {
        assertEquals(1, violations("data", "x", List.of("import org.cnnclassifier.inference.Classifier;")).size());
        assertEquals(1, violations("image", "x", List.of("import static org.cnnclassifier.data.X.y;")).size());
        assertEquals(1, violations("command", "x", List.of("import org.cnnclassifier.ij1.Messages;")).size());
        assertEquals(1, violations("training", "x", List.of("import ij.gui.GenericDialog;")).size());
        assertEquals(List.of(), violations("inference", "x", List.of("import org.cnnclassifier.modelfile.ModelFile;",
                "import org.cnnclassifier.training.FineTuning;", "import ij.ImagePlus;")));
    }

    @Test
    void packagesFilesAndLinesStaySmall() throws IOException {
        List<String> bad = new ArrayList<>();
        Map<String, Integer> perPackage = new TreeMap<>();
        for (Path p : sources()) {
            perPackage.merge(pkg(p), 1, Integer::sum);
            List<String> lines = Files.readAllLines(p);
            if (lines.size() > 450) {
                bad.add(MAIN.relativize(p) + " has " + lines.size() + " lines");
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).length() > 120) {
                    bad.add(MAIN.relativize(p) + ":" + (i + 1) + " is " + lines.get(i).length() + " characters");
                }
            }
        }
        perPackage.forEach((pkg, n) -> {
            if (n > 15) {
                bad.add(pkg + " holds " + n + " main files");
            }
        });
        assertEquals(List.of(), bad);
        Map<String, Integer> layered = new LinkedHashMap<>(perPackage);
        layered.keySet().removeIf(k -> layer(k) >= 0);
        assertTrue(layered.isEmpty(), "packages in no layer: " + layered);
    }
}
