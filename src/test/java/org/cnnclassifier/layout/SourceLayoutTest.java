package org.cnnclassifier.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layout rules the code keeps: the two hosts (command/, ij1/) never import each other, the
 * ImageJ-free core never imports them or ImageJ's GUI, no main source file grows past 450 lines and
 * no line past 120 characters.
 */
class SourceLayoutTest {
    static final Path MAIN = Path.of("src/main/java/org/cnnclassifier");

    static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    static String pkg(Path p) {
        return MAIN.relativize(p).getName(0).toString();
    }

    @Test
    void hostsDoNotImportEachOtherAndTheCoreImportsNoHost() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path p : sources()) {
            String pkg = pkg(p);
            for (String line : Files.readAllLines(p)) {
                if (!line.startsWith("import ")) {
                    continue;
                }
                boolean hostImport = line.contains("org.cnnclassifier.command.") || line.contains("org.cnnclassifier.ij1.");
                boolean ownHost = line.contains("org.cnnclassifier." + pkg + ".");
                if (hostImport && !ownHost) {
                    bad.add(MAIN.relativize(p) + ": " + line);
                }
                boolean core = List.of("conv", "data", "model", "progress", "util").contains(pkg);
                if (core && (line.contains("org.cnnclassifier.function.") || line.contains("org.cnnclassifier.host.")
                        || line.contains("import ij.gui.") || line.contains("import ij.plugin.frame."))) {
                    bad.add(MAIN.relativize(p) + ": " + line);
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void filesAndLinesStayShort() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path p : sources()) {
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
        assertEquals(List.of(), bad);
    }
}
