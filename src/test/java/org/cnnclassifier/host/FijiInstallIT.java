package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.cnnclassifier.data.TestData;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

/**
 * The linux64 Fiji zip in a Fiji-like installation laid out from Maven Central (ImageJ 1.54p and
 * the libraries Fiji 2.16 ships, at pom-scijava 40.0.0's versions, javacpp's natives in
 * jars/linux64/; see the fiji-zips profile of pom.xml): ImageJ started on Fiji's launcher class
 * path (jars/*.jar, jars/*&#47;*.jar, plugins/*.jar, plugins/*&#47;*.jar) under Xvfb runs a macro
 * using every command, and its results equal those of the same macro in target/imagej.
 */
class FijiInstallIT {
    /** The Fiji-like installation's jars (without the plugin), laid out by 'mvn package'. */
    static Path fijiLike() {
        Assumptions.assumeTrue(System.getProperty("skipFijiZips") == null, "-DskipFijiZips: no zips, no Fiji-like installation");
        Path p = Paths.get(System.getProperty("fiji.like", "target/fiji-like")).toAbsolutePath();
        if (!Files.isDirectory(p.resolve("jars"))) {
            throw new IllegalStateException("No Fiji-like installation at " + p + ": run 'mvn package' (profile fiji-zips).");
        }
        return p;
    }

    /** target/dist/CNN_Classifier-<version>-<platform>.zip. */
    static Path zip(String platform) {
        Path dir = Paths.get(System.getProperty("fiji.dist", "target/dist")).toAbsolutePath();
        return dir.resolve("CNN_Classifier-" + System.getProperty("project.version", "0.1.0") + "-" + platform + ".zip");
    }

    /** Lays out Fiji.app in {@code dir}: the Fiji-like jars, then the zip unzipped into it. */
    static Path fijiApp(Path dir, String platform) throws IOException {
        Path app = dir.resolve("Fiji.app");
        Path src = fijiLike();
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.sorted().toList()) {
                Path target = app.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createDirectories(app.resolve("plugins"));
        Files.createDirectories(app.resolve("macros"));
        unzip(zip(platform), app);
        return app;
    }

    static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                Path target = into.resolve(e.getName()).normalize();
                assertTrue(target.startsWith(into), e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Fiji's launcher class path: jars/*.jar, jars/*&#47;*.jar, plugins/*.jar, plugins/*&#47;*.jar, in that order. */
    static List<Path> fijiClassPath(Path app) throws IOException {
        List<Path> cp = new ArrayList<>();
        for (String dir : List.of("jars", "plugins")) {
            Path d = app.resolve(dir);
            cp.addAll(jars(d));
            try (Stream<Path> s = Files.list(d)) {
                for (Path sub : s.filter(Files::isDirectory).sorted().toList()) {
                    cp.addAll(jars(sub));
                }
            }
        }
        return cp;
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Runs {@code java -cp <Fiji's class path> ij.ImageJ -ijpath <app> -batch <macro> <argument>} under Xvfb. */
    static ImageJHost.Run runInFiji(Path app, Path macro, String argument, int timeoutSeconds)
            throws IOException, InterruptedException {
        String cp = fijiClassPath(app).stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        return ImageJHost.run(app, List.of("-Xmx4g", "-cp", cp, "ij.ImageJ"), macro, argument, timeoutSeconds);
    }

    /** The fixtures: a CIFAR-format batch, a colourful image, a class folder of PNGs, two models. */
    record Fixtures(Path data, Path cifarModel, Path colorModel, Path image, Path folder) {
        String argument(Path out) {
            return String.join("|", out.toString(), data.toString(), cifarModel.toString(), colorModel.toString(), image.toString(),
                    folder.toString(), Paths.get("src/test/resources/keras/k3-bn-gap.keras").toAbsolutePath().toString());
        }
    }

    static Fixtures fixtures(Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("cifar"));
        Files.write(data.resolve("data_batch_1.bin"), TestData.records(300, 5));
        Path cifarModel = TinyModels.save(TinyModels.network(10, 11), TinyModels.CIFAR, "tiny-cifar", dir.resolve("cifar-model.zip"));
        Path colorModel = TinyModels.colorModel();
        ColorProcessor cp = new ColorProcessor(48, 40);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                cp.set(x, y, ((x * 5) << 16) | ((y * 6) << 8) | ((x * y) & 0xff));
            }
        }
        cp.setColor(new Color(230, 20, 30));
        cp.fillOval(10, 8, 20, 20);
        Path image = dir.resolve("picture.png");
        assertTrue(new FileSaver(new ImagePlus("picture", cp)).saveAsPng(image.toString()));
        Path folder = dir.resolve("colors");
        Random rnd = new Random(3);
        for (int c = 0; c < 3; c++) {
            Path sub = Files.createDirectories(folder.resolve(TinyModels.COLORS.get(c)));
            for (int i = 0; i < 4; i++) {
                byte[] planar = TinyModels.colorImage(c, rnd);
                ColorProcessor img = new ColorProcessor(32, 32);
                for (int k = 0; k < 1024; k++) {
                    img.set(k % 32, k / 32, (planar[k] & 0xff) << 16 | (planar[1024 + k] & 0xff) << 8 | (planar[2048 + k] & 0xff));
                }
                assertTrue(new FileSaver(new ImagePlus("c", img)).saveAsPng(sub.resolve(i + ".png").toString()));
            }
        }
        return new Fixtures(data, cifarModel, colorModel, image, folder);
    }

    static List<String> results(String output) {
        return output.lines().filter(l -> l.startsWith("RESULT ")).toList();
    }

    @Test
    void everyCommandInFijiLikeInstallationEqualsPlainImageJ(@TempDir Path tmp) throws Exception {
        Path app = fijiApp(tmp, "linux64");
        Fixtures f = fixtures(Files.createDirectories(tmp.resolve("fixtures")));
        Path macro = Paths.get("src/test/resources/it-macros/every_command.ijm").toAbsolutePath();

        Path outFiji = Files.createDirectories(tmp.resolve("out-fiji"));
        ImageJHost.Run fiji = runInFiji(app, macro, f.argument(outFiji), 900);
        String log = fiji.output();
        assertEquals(0, fiji.exitCode(), log);
        assertTrue(log.contains("DONE"), log);
        assertFalse(log.contains("Exception"), log);
        assertFalse(log.lines().anyMatch(l -> l.startsWith("\tat ")), log);
        assertTrue(log.contains("backend=CPU onednn=true"), log);

        Path outPlain = Files.createDirectories(tmp.resolve("out-plain"));
        ImageJHost.Run plain = ImageJHost.runMacro(macro, f.argument(outPlain), 900);
        assertEquals(0, plain.exitCode(), plain.output());
        assertTrue(plain.output().contains("DONE"), plain.output());

        List<String> expected = results(plain.output());
        assertEquals(20, expected.size(), plain.output());
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("RESULT keras import class=")), plain.output());
        assertEquals(expected, results(log), "RESULT lines differ.\nPlain ImageJ:\n" + plain.output() + "\nFiji-like:\n" + log);
        assertTrue(expected.contains("RESULT trained model written=1"), plain.output());
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("RESULT evaluation images=300 ")), plain.output());
        assertTrue(expected.contains("RESULT classify folder rows=12"), plain.output());

        List<Path> tiffs;
        try (Stream<Path> s = Files.list(outPlain)) {
            tiffs = s.filter(p -> p.toString().endsWith(".tif")).sorted(Comparator.naturalOrder()).toList();
        }
        assertTrue(tiffs.size() >= 10, tiffs.toString());
        for (Path t : tiffs) {
            assertSamePixels(t, outFiji.resolve(t.getFileName().toString()));
        }
        assertEquals(Files.readAllLines(outPlain.resolve("classes.csv")), Files.readAllLines(outFiji.resolve("classes.csv")));
    }

    /** Another platform's zip (win64) in the Fiji-like installation: one clear message naming the zip to install. */
    @Test
    void wrongPlatformZipGetsOneClearMessage(@TempDir Path tmp) throws Exception {
        Path app = fijiApp(tmp, "win64");
        ImageJHost.Run run = runInFiji(app, Paths.get("src/test/resources/it-macros/wrong_zip.ijm").toAbsolutePath(), "", 300);
        String log = run.output();
        assertTrue(log.contains("Classify Image error: CNN Classifier cannot run on this computer: no ND4J native build for linux-x86_64"
                + " (os.name=Linux, os.arch=amd64, CPU "), log);
        assertTrue(log.contains("installed: windows-x86_64-onednn-avx2, for another platform."), log);
        assertTrue(log.contains("Install CNN_Classifier-" + System.getProperty("project.version", "0.1.0")
                + "-linux64.zip: unzip it into Fiji.app"), log);
        assertTrue(log.contains("convolution without ND4J: ramp-features"), log);
        assertFalse(log.contains("not reached"), log);
        assertFalse(log.lines().anyMatch(l -> l.startsWith("\tat ")), log);
    }

    static void assertSamePixels(Path expected, Path actual) {
        ImagePlus a = IJ.openImage(expected.toString());
        ImagePlus b = IJ.openImage(actual.toString());
        assertTrue(b != null, "missing " + actual);
        ImageStack sa = a.getStack();
        ImageStack sb = b.getStack();
        assertEquals(sa.getSize(), sb.getSize(), expected.getFileName().toString());
        for (int i = 1; i <= sa.getSize(); i++) {
            float[] pa = (float[]) sa.getProcessor(i).convertToFloat().getPixels();
            float[] pb = (float[]) sb.getProcessor(i).convertToFloat().getPixels();
            assertEquals(pa.length, pb.length);
            for (int k = 0; k < pa.length; k++) {
                assertEquals(pa[k], pb[k], 1e-5f * Math.max(1f, Math.abs(pa[k])),
                        expected.getFileName() + " slice " + i + " pixel " + k);
            }
        }
    }
}
