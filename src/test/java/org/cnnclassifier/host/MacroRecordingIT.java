package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.filter.Convolver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Macro recording as a user meets it, in a real ImageJ under Xvfb ({@code RecordingDriver}): with
 * the Recorder open, Classify Image and Apply Convolution Kernel are chosen from the menu, their
 * dialogs filled in and OK'd; the line the Recorder wrote must name every key as the macro reads
 * it, and running that line as a macro must give what the dialog gave. Then Train is started from
 * the menu and Esc pressed: it must stop at once and leave the existing model file untouched.
 */
class MacroRecordingIT {
    private static final Path IMAGE = Paths.get("src/test/resources/fixtures/cifar10-jpg/cat/0000.jpg")
            .toAbsolutePath();
    private static final Path MODEL = Paths.get("src/main/resources/models/cifar10-default.zip").toAbsolutePath();

    @Test
    void recordedLinesReplayTheDialogsAndEscStopsTraining(@TempDir Path tmp) throws Exception {
        Path previous = tmp.resolve("model.zip");
        Files.write(previous, new byte[] {1, 2, 3});
        List<String> lines = drive(previous, Paths.get("src/test/resources/fixtures/cifar10-jpg").toAbsolutePath());
        String all = String.join("\n", lines);

        assertEquals("run(\"Classify Image\", \"model=" + MODEL + " top=2 mirror\");", line(lines, 0,
                "recorded: "), all);
        String dialog = line(lines, 0, "dialog: ");
        assertTrue(dialog.startsWith("2 rows [cat="), all);
        assertEquals(dialog, line(lines, 0, "macro: "), all);
        // The recorded mirror flag is what made the probabilities: without it they differ.
        assertNotEquals(dialog, line(lines, 0, "without mirror: "), all);

        String recorded = line(lines, 1, "recorded: ");
        assertTrue(recorded.startsWith("run(\"Apply Convolution Kernel\", \"kernels=[0 -1 0\\n-1 4 -1\\n0 -1 0\\n\\n"
                + "1 2 1\\n0 0 0\\n-1 -2 -1] "), all);
        String fromDialog = line(lines, 1, "dialog: ");
        assertEquals(fromDialog, line(lines, 1, "macro: "), all);
        assertEquals("true", line(lines, 0, "two images: "), all);
        // Oracle for the typed kernels: ImageJ's Convolver on R+G+B (channels=sum) with edge pixels
        // replicated (ImageJ's edge handling, the command's edges=replicate).
        double[] sums = sums(fromDialog);
        assertEquals(2, sums.length, fromDialog);
        assertEquals(convolvedSum(new float[] {0, -1, 0, -1, 4, -1, 0, -1, 0}), sums[0], 1e-3, fromDialog);
        assertEquals(convolvedSum(new float[] {1, 2, 1, 0, 0, 0, -1, -2, -1}), sums[1], 1e-3, fromDialog);
        assertNotEquals(0, sums[1], fromDialog);

        // Esc during a 1,000-epoch training run started from the menu: it stops within seconds,
        // shows no error, and the model file that was there is left as it was, with no temporary file.
        assertEquals("true", line(lines, 0, "train running before Esc: "), all);
        Matcher stopped = Pattern.compile("true after ([0-9.]+) s").matcher(line(lines, 0, "train stopped: "));
        assertTrue(stopped.find(), all);
        assertTrue(Double.parseDouble(stopped.group(1)) < 30, all);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("dialog open: ")), all);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(previous));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), all);
        }
    }

    private static List<String> drive(Path previousModel, Path classFolders) throws Exception {
        Path home = ImageJHost.home();
        String cp = String.join(java.io.File.pathSeparator, home.resolve("ij.jar").toString(),
                home.resolve("plugins").resolve("*").toString(),
                home.resolve("plugins").resolve("CNN_Classifier-deps").resolve("*").toString(),
                Paths.get("target/test-classes").toAbsolutePath().toString());
        ImageJHost.Run run = ImageJHost.runJava(home, List.of("-Xmx2g", "-Dplugins.dir=" + home, "-cp", cp,
                "org.cnnclassifier.testing.RecordingDriver", IMAGE.toString(), MODEL.toString(),
                previousModel.toString(), classFolders.toString()), 300, "RecordingDriver");
        assertEquals(0, run.exitCode(), run.output());
        return run.output().lines().toList();
    }

    /** The text after {@code prefix} on the {@code n}th line that starts with it. */
    private static String line(List<String> lines, int n, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).skip(n).findFirst()
                .map(l -> l.substring(prefix.length())).orElseThrow(() -> new AssertionError("no line " + n
                        + " starting with '" + prefix + "' in:\n" + String.join("\n", lines)));
    }

    private static double[] sums(String described) {
        Matcher m = Pattern.compile("sum=(-?[0-9.E-]+)\\]").matcher(described);
        List<Double> sums = new ArrayList<>();
        while (m.find()) {
            sums.add(Double.parseDouble(m.group(1)));
        }
        return sums.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double convolvedSum(float[] kernel) {
        ImagePlus imp = IJ.openImage(IMAGE.toString());
        ColorProcessor cp = (ColorProcessor) imp.getProcessor();
        FloatProcessor sum = new FloatProcessor(cp.getWidth(), cp.getHeight());
        for (int c = 0; c < 3; c++) {
            FloatProcessor channel = cp.toFloat(c, null);
            for (int i = 0; i < sum.getPixelCount(); i++) {
                sum.setf(i, sum.getf(i) + channel.getf(i));
            }
        }
        Convolver convolver = new Convolver();
        convolver.setNormalize(false);
        assertTrue(convolver.convolve(sum, kernel, 3, 3));
        double total = 0;
        for (int i = 0; i < sum.getPixelCount(); i++) {
            total += sum.getf(i);
        }
        return total;
    }
}
