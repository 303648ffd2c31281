package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's commands table lists exactly each menu command's keys, in the spec's order. */
class ReadmeKeysTest {
    @Test
    void commandsTableMatchesTheSpecs() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        for (Spec spec : SpecTest.ALL) {
            String row = readme.stream().filter(l -> l.startsWith("| " + spec.title() + " |")).findFirst().orElse(null);
            assertNotNull(row, "README has no commands-table row for " + spec.title());
            String macroKeys = row.split("\\|")[3];
            List<String> documented = new ArrayList<>();
            Matcher m = Pattern.compile("`([a-z_]+)`").matcher(macroKeys);
            while (m.find()) {
                if (!documented.contains(m.group(1)) && spec.keys(Key.Scope.BOTH).stream()
                        .anyMatch(k -> k.name().equals(m.group(1)))) {
                    documented.add(m.group(1));
                }
            }
            assertEquals(spec.keys(Key.Scope.BOTH).stream().map(Key::name).toList(), documented, spec.title());
        }
    }
}
