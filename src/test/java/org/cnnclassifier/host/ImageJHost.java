package org.cnnclassifier.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs macros in a real ImageJ 1.54p: the installation that {@code mvn package} lays out under
 * {@code target/imagej} (ij.jar, our jar in plugins/, dependencies beside it), started as a user
 * would, {@code java -jar ij.jar -ijpath <home> -batch <macro> <argument>}, under {@code xvfb-run}
 * when there is no display. Used by the *IT tests that Maven's failsafe runs after packaging.
 */
public final class ImageJHost {
    private ImageJHost() {
    }

    /** What a macro run printed and how it ended. */
    public record Run(int exitCode, String output) {
    }

    /** The ImageJ installation laid out by {@code mvn package}. */
    public static Path home() {
        String home = System.getProperty("imagej.home", "target/imagej");
        Path p = Paths.get(home).toAbsolutePath();
        if (!Files.isRegularFile(p.resolve("ij.jar"))) {
            throw new IllegalStateException("No ImageJ installation at " + p + ": run 'mvn package' first.");
        }
        return p;
    }

    /**
     * Runs {@code macro} with {@code argument} (the macro reads it with getArgument()), waiting at
     * most {@code timeoutSeconds}. The macro's print() output is returned.
     */
    public static Run runMacro(Path macro, String argument, int timeoutSeconds) throws IOException, InterruptedException {
        Path home = home();
        return run(home, List.of("-Xmx6g", "-jar", home.resolve("ij.jar").toString()), macro, argument, timeoutSeconds);
    }

    /**
     * Runs {@code java <launch> -ijpath <home> -batch <macro> <argument>} in {@code home}, under
     * {@code xvfb-run} when there is no display; {@code launch} says how ImageJ starts (its jar, or a
     * class path and {@code ij.ImageJ}).
     */
    public static Run run(Path home, List<String> launch, Path macro, String argument, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(launch);
        args.add("-ijpath");
        args.add(home.toString());
        args.add("-batch");
        args.add(macro.toAbsolutePath().toString());
        if (argument != null) {
            args.add(argument);
        }
        return runJava(home, args, timeoutSeconds, macro.getFileName().toString());
    }

    /**
     * Runs {@code java <args>} in {@code dir}, under {@code xvfb-run} when there is no display, waiting
     * at most {@code timeoutSeconds} ({@code what} names it in the timeout message); returns its exit code
     * and everything it printed.
     */
    public static Run runJava(Path dir, List<String> args, int timeoutSeconds, String what)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isEmpty()) {
            cmd.add("xvfb-run");
            cmd.add("-a");
        }
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Path log = Files.createTempFile("imagej-run", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("ImageJ did not finish " + what + " in " + timeoutSeconds
                        + " s. Output:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The project's macros/ folder. */
    public static Path macrosDir() {
        return Paths.get("macros").toAbsolutePath();
    }
}
