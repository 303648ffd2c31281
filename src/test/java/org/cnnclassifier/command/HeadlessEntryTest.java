package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Issue 28, defect 8: the headless entry point with an unquoted path, a path with an apostrophe, or a command
 * class that does not exist prints one {@code [ERROR]} line and exits with status 1 (before: a raw parsington
 * stack trace, or a warning and status 0 having done nothing). Oracle: the child JVM's exit status and output.
 */
class HeadlessEntryTest {
    private static String[] run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), HeadlessMain.class.getName(), "--headless"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), new String(out, StandardCharsets.UTF_8)};
    }

    private static void assertOneError(String[] r, String expected) {
        assertEquals("1", r[0], r[1]);
        List<String> errors = r[1].lines().filter(l -> l.startsWith("[ERROR]")).toList();
        assertEquals(1, errors.size(), r[1]);
        assertTrue(errors.get(0).contains(expected), r[1]);
        assertFalse(r[1].contains("Exception") || r[1].contains("\tat "), r[1]);
    }

    @Test
    void badArgumentsAndUnknownCommandsAreOneErrorLineAndStatus1() throws Exception {
        String folder = ClassifyFolderCommand.class.getName();
        assertOneError(run("--run", folder, "input=/data/cf,top='2'"),
                "Classify Folder: cannot read the arguments \"input=/data/cf,top='2'\"");
        assertOneError(run("--run", folder, "input='/data/it's here',top='2'"), "Quote each value");
        assertOneError(run("--run", "org.cnnclassifier.command.ClassifyFolderCommnd", "input='/d'"),
                "No command org.cnnclassifier.command.ClassifyFolderCommnd. The commands are: ");
    }

    @Test
    void theAdviceForAnApostropheWorks() {
        System.setProperty("java.awt.headless", "true");
        try (org.scijava.Context context = new org.scijava.Context()) {
            org.scijava.parse.Items items = context.service(org.scijava.parse.ParseService.class)
                    .parse("input=\"/data/it's\",top='2'");
            assertEquals("/data/it's", items.asMap().get("input"));
        }
    }
}
