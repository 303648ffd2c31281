package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readable by default, on a real screen: ImageJ 1.54p on a 1600x1000 Xvfb display
 * ({@code WindowsDriver}) opens a 32x32 image and runs Show Channels and Activations and Apply
 * Convolution Kernel on it from macro lines (not batch mode). Every window must be at the ImageJ
 * zoom computed here by hand, its canvas that many screen pixels, and placed to the right of the
 * source window, not over it, on screen, no two at one spot.
 */
class WindowsIT {
    private static final Pattern LINE = Pattern.compile(
            "(source|window)=(\\S+) size=(\\d+)x(\\d+) zoom=([0-9.]+) canvas=(\\d+)x(\\d+) bounds=(-?\\d+),(-?\\d+),(\\d+),(\\d+)");

    record Shown(String title, int width, int height, double zoom, int canvasWidth, int canvasHeight, Rectangle bounds) {
    }

    @Test
    void windowsAreZoomedAndPlacedBesideTheSource(@TempDir Path tmp) throws Exception {
        ColorProcessor cp = new ColorProcessor(32, 32);
        cp.setColor(new Color(200, 40, 30));
        cp.fill();
        cp.setColor(new Color(20, 40, 220));
        cp.fillOval(8, 8, 16, 16);
        Path image = tmp.resolve("disc.png");
        assertTrue(new FileSaver(new ImagePlus("disc", cp)).saveAsPng(image.toString()));
        Path shot = tmp.resolve("screen.png");
        String out = drive(image, shot, "run(\"Show Channels and Activations\", \"activations model=["
                + TinyModels.colorModel() + "] layers=[conv1,pool2] montage\");",
                "run(\"Apply Convolution Kernel\", \"preset=Edges stride=1 padding=same edges=replicate normalize"
                        + " channels=sum activation=none\");",
                "run(\"Convolution Arithmetic Tool\");", "click:disc.png-features,2,16,8");
        Map<String, Shown> windows = new LinkedHashMap<>();
        Shown source = null;
        for (String l : out.lines().toList()) {
            Matcher m = LINE.matcher(l);
            if (m.find()) {
                Shown s = new Shown(m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                        Double.parseDouble(m.group(5)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)),
                        new Rectangle(Integer.parseInt(m.group(8)), Integer.parseInt(m.group(9)),
                                Integer.parseInt(m.group(10)), Integer.parseInt(m.group(11))));
                if (m.group(1).equals("source")) {
                    source = s;
                } else {
                    windows.put(s.title(), s);
                }
            }
        }
        assertTrue(source != null, out);
        // Zoom by hand: 32 x 8 = 256; 30 x 8 = 240 < 256, 30 x 12 = 360; 6 x 32 = 192 (ImageJ's largest
        // zoom); the montage (8 tiles of 60 + gaps = 507 pixels wide) is readable at 100%.
        Map<String, Double> zoom = Map.of("disc-channels", 8.0, "disc-conv1", 12.0, "disc-pool2", 32.0,
                "disc-conv1-montage", 1.0, "disc.png-features", 8.0);
        for (Map.Entry<String, Double> e : zoom.entrySet()) {
            Shown s = windows.get(e.getKey());
            assertTrue(s != null, e.getKey() + " not shown:\n" + out);
            assertEquals(e.getValue(), s.zoom(), 1e-9, e.getKey() + "\n" + out);
            assertEquals(Math.round(s.width() * e.getValue()), s.canvasWidth(), e.getKey() + "\n" + out);
            assertEquals(Math.round(s.height() * e.getValue()), s.canvasHeight(), e.getKey() + "\n" + out);
        }
        Rectangle screen = new Rectangle(0, 0, 1600, 1000);
        Set<String> corners = new HashSet<>();
        for (Shown s : windows.values()) {
            Rectangle b = s.bounds();
            assertTrue(b.x >= source.bounds().x + source.bounds().width, s + " is not right of " + source);
            assertFalse(b.intersects(source.bounds()), s + " covers " + source);
            assertTrue(screen.contains(b), s + " is off screen");
            assertTrue(corners.add(b.x + "," + b.y), s + " sits on another window's spot\n" + out);
        }
        // The toolbar tool, clicked on pixel (16, 8) (the disc's top edge) of map 2 (Sobel Y of the Edges preset, R + G + B summed,
        // edges replicated, not normalised as its sum is 0): 27 products whose sum is the map's pixel.
        assertTrue(out.contains("tool=Convolution Arithmetic"), out);
        List<String> terms = out.lines().filter(l -> l.startsWith("arith: term")).toList();
        assertEquals(27, terms.size(), out);
        double expected = 0;
        org.cnnclassifier.conv.Kernel k = org.cnnclassifier.conv.KernelPresets.get("Edges").get(1);
        for (int c = 0; c < 3; c++) {
            for (int dy = 0; dy < 3; dy++) {
                for (int dx = 0; dx < 3; dx++) {
                    expected += ((cp.get(15 + dx, 7 + dy) >> (16 - 8 * c)) & 0xff) * k.weight(0, dy, dx);
                }
            }
        }
        Matcher sum = Pattern.compile("arith: sum channel=all .* product=(\\S+) map=(\\S+)").matcher(out);
        assertTrue(sum.find(), out);
        assertEquals(expected, Double.parseDouble(sum.group(1)), 1e-3, out);
        assertEquals(expected, Double.parseDouble(sum.group(2)), 1e-3, out);
        assertTrue(out.contains("map=" + (float) expected), out);
        assertNotEquals(0, expected);
        assertTrue(out.contains("roi=disc.png 15,7,3,3"), out); // the input patch outlined on the source
        assertTrue(Files.size(shot) > 1000);
        Path keep = Paths.get("target/windows-it.png");
        Files.copy(shot, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Train's dialog, the longest, fits a 1024x768 screen whole: every field and the OK button. */
    @Test
    void trainDialogFitsASmallScreen(@TempDir Path tmp) throws Exception {
        Path image = tmp.resolve("small.png");
        assertTrue(new FileSaver(new ImagePlus("small", new ColorProcessor(32, 32))).saveAsPng(image.toString()));
        Path shot = tmp.resolve("train.png");
        String out = driveOn("1024x768", image, shot, "dialog:Train CIFAR-10 Classifier");
        Matcher m = Pattern.compile("dialog=Train CIFAR-10 Classifier bounds=(-?\\d+),(-?\\d+),(\\d+),(\\d+)")
                .matcher(out);
        assertTrue(m.find(), out);
        int x = Integer.parseInt(m.group(1)), y = Integer.parseInt(m.group(2));
        int w = Integer.parseInt(m.group(3)), h = Integer.parseInt(m.group(4));
        assertTrue(x >= 0 && y >= 0 && x + w <= 1024 && y + h <= 768, "Train's dialog off a 1024x768 screen: " + out);
        Files.copy(shot.resolveSibling("train-dialog2.png"), Paths.get("target/windows-it-train-dialog.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs WindowsDriver on a 1600x1000 Xvfb screen; returns what it printed. */
    private static String drive(Path image, Path shot, String... macroLines) throws Exception {
        return driveOn("1600x1000", image, shot, macroLines);
    }

    /** Runs WindowsDriver on an Xvfb screen of {@code size} (WxH); returns what it printed. */
    private static String driveOn(String size, Path image, Path shot, String... macroLines) throws Exception {
        Path home = ImageJHost.home();
        String cp = String.join(File.pathSeparator, home.resolve("ij.jar").toString(),
                home.resolve("plugins").resolve("*").toString(),
                home.resolve("plugins").resolve("CNN_Classifier-deps").resolve("*").toString(),
                Paths.get("target/test-classes").toAbsolutePath().toString());
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 " + size + "x24",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dplugins.dir=" + home, "-cp", cp, "org.cnnclassifier.testing.WindowsDriver", image.toString(),
                shot.toString()));
        cmd.addAll(List.of(macroLines));
        Path log = Files.createTempFile("windows-it", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("WindowsDriver did not finish:\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
