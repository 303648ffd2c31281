package org.cnnclassifier.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No committed text file names a folder of a developer's machine: the sources, benchmarks, macros,
 * docs, README and pom are scanned for the roots of the machines this project was built on.
 * ({@code /tmp/} is allowed: examples write there, and scripts make their temporary folders there.)
 */
class MachinePathsTest {
    /** Spelled in two parts so that this file does not match itself. */
    static final List<String> MACHINE_ROOTS = List.of("/wo" + "rk/", "/ro" + "ot/");

    static final List<String> SCANNED = List.of("src", "bench", "macros", "docs", "README.md", "pom.xml",
            "start-imagej.sh", "plugins.config");

    static final Set<String> TEXT = Set.of("java", "md", "py", "sh", "xml", "ijm", "txt", "config", "json",
            "properties", "csv", "html", "js", "groovy");

    @Test
    void noCommittedTextFileNamesADevelopersFolder() throws IOException {
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (String root : SCANNED) {
            Path top = Path.of(root);
            if (!Files.exists(top)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(top)) {
                for (Path f : files.filter(Files::isRegularFile).filter(MachinePathsTest::isText).toList()) {
                    scanned++;
                    List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < lines.size(); i++) {
                        for (String r : MACHINE_ROOTS) {
                            if (lines.get(i).contains(r)) {
                                found.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 100, "only " + scanned + " text files scanned: run from the project folder");
        assertEquals(List.of(), found, "absolute paths of a developer's machine in committed files");
    }

    @Test
    void theScanFindsAPlantedPath() {
        String planted = "see " + MACHINE_ROOTS.get(0) + "shared/peers";
        assertTrue(MACHINE_ROOTS.stream().anyMatch(planted::contains));
    }

    static boolean isText(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && TEXT.contains(name.substring(dot + 1));
    }
}
