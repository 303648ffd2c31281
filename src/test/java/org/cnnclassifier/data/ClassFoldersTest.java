package org.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import org.cnnclassifier.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void readsClassSubfoldersConvertsAnyImageAndSkipsNonImages() throws IOException {
        Path cats = Files.createDirectories(tmp.resolve("cat"));
        Path dogs = Files.createDirectories(tmp.resolve("dog"));
        // a 64x48 RGB PNG: uniform colour, so area averaging to 32x32 keeps it exactly
        ColorProcessor red = new ColorProcessor(64, 48);
        red.setColor(new java.awt.Color(200, 10, 30));
        red.fill();
        assertTrue(new FileSaver(new ImagePlus("r", red)).saveAsPng(cats.resolve("a.png").toString()));
        // an 8-bit grayscale TIFF of a gradient: ImageJ's own resize is the oracle
        ByteProcessor gray = new ByteProcessor(40, 40);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                gray.set(x, y, x * 6);
            }
        }
        assertTrue(new FileSaver(new ImagePlus("g", gray)).saveAsTiff(dogs.resolve("b.tif").toString()));
        Files.writeString(dogs.resolve("notes.txt"), "not an image");

        ClassFolders.Result r = ClassFolders.read(tmp, ProgressListener.SILENT);
        LabeledImages d = r.images();
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertEquals(2, d.size());
        assertEquals(0, d.label(0));
        assertEquals(1, d.label(1));
        byte[] cat = d.image(0);
        assertEquals(200, cat[0] & 0xFF);
        assertEquals(10, cat[1024 + 500] & 0xFF);
        assertEquals(30, cat[2048 + 1023] & 0xFF);
        // grayscale replicated; values from ImageJ's area-averaging resize of the same pixels
        ij.process.ImageProcessor rgb = new ImagePlus("g", gray).getProcessor().convertToRGB();
        rgb.setInterpolationMethod(ij.process.ImageProcessor.BILINEAR); // as Image>Scale with averaging
        byte[] expected = (byte[]) rgb.resize(32, 32, true).convertToByteProcessor().getPixels();
        byte[] dog = d.image(1);
        for (int i = 0; i < 1024; i++) {
            assertEquals(expected[i], dog[i]);
            assertEquals(dog[i], dog[1024 + i]);
            assertEquals(dog[i], dog[2048 + i]);
        }
        assertEquals(1, r.skipped().size());
        assertEquals(dogs.resolve("notes.txt"), r.skipped().get(0).file());
    }

    @Test
    void emptyClassFolderIsAnErrorNamingIt() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("apples"));
        Files.createDirectories(tmp.resolve("pears"));
        ColorProcessor cp = new ColorProcessor(8, 8);
        new FileSaver(new ImagePlus("x", cp)).saveAsPng(a.resolve("x.png").toString());
        Files.writeString(tmp.resolve("pears").resolve("readme.txt"), "text");
        IOException e = assertThrows(IOException.class, () -> ClassFolders.read(tmp, ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("'pears'"), e.getMessage());
    }

    @Test
    void sampleJpegsMatchPlanarRgbFromImage() throws IOException {
        Path samples = org.cnnclassifier.testing.Fixtures.cifarJpegs();
        ClassFolders.Result r = ClassFolders.read(samples, ProgressListener.SILENT);
        assertEquals(CifarBinary.DEFAULT_CLASS_NAMES, r.images().classNames());
        assertEquals(10 * org.cnnclassifier.testing.Fixtures.JPEGS_PER_CLASS, r.images().size());
        assertTrue(r.skipped().isEmpty());
        // first image of the first class equals ImageJ's own opening + PlanarRgb.fromImage
        Path first;
        try (var s = Files.list(samples.resolve("airplane"))) {
            first = s.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
        ImagePlus imp = ij.IJ.openImage(first.toString());
        assertArrayEquals(org.cnnclassifier.image.PlanarRgb.fromImage(imp.getProcessor(), 32, 32), r.images().image(0));
    }
}
