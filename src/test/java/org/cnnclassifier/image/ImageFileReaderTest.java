package org.cnnclassifier.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.cnnclassifier.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

/** Decoding files without any ImageJ dialog: each unreadable case is an IOException naming why. */
class ImageFileReaderTest {
    @TempDir
    Path tmp;

    void assertUnreadable(Path f, String why) {
        IOException e = assertThrows(IOException.class, () -> ImageFileReader.read(f, 32, 32), f.toString());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void unreadableFilesAreRefusedWithAReason() throws IOException {
        for (String name : new String[] {"a.jpg", "a.png", "a.tif"}) {
            assertUnreadable(Files.write(tmp.resolve(name), new byte[0]), "empty file (0 bytes)");
        }
        assertUnreadable(Files.writeString(tmp.resolve("text.png"), "not a PNG at all\n"), "the content is not PNG");
        byte[] jpeg = Files.readAllBytes(Fixtures.cifarJpegs().resolve("ship/0005.jpg"));
        assertUnreadable(Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(jpeg, 100)), "damaged or truncated jpg");
        // a TIFF header whose image data is missing
        ColorProcessor cp = new ColorProcessor(64, 64);
        Path tif = tmp.resolve("full.tif");
        assertTrue(new FileSaver(new ImagePlus("x", cp)).saveAsTiff(tif.toString()));
        byte[] t = Files.readAllBytes(tif);
        assertUnreadable(Files.write(tmp.resolve("cut.tif"), Arrays.copyOf(t, 400)), "TIFF");
        assertUnreadable(Files.write(tmp.resolve("head.tif"), Arrays.copyOf(t, 6)), "TIFF");
        assertUnreadable(tmp.resolve("missing.png"), "not a file");
        // a PGM whose header is not numbers: the reader throws (ImageJ would show a message), refused
        assertUnreadable(Files.write(tmp.resolve("bad.pgm"), "P5\nfoo bar\n255\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                "PGM");
        assertUnreadable(Files.writeString(tmp.resolve("x.fits"), "SIMPLE  =                    T" + " ".repeat(60)), "FITS");
    }

    @Test
    void goodFilesDecodeAsImageJOpensThem() throws IOException {
        Path jpg = Fixtures.cifarJpegs().resolve("frog/0003.jpg");
        assertArrayEquals(PlanarRgb.fromImage(IJ.openImage(jpg.toString()).getProcessor(), 32, 32),
                ImageFileReader.read(jpg, 32, 32));
        ColorProcessor cp = new ColorProcessor(40, 30);
        cp.setColor(java.awt.Color.ORANGE);
        cp.fill();
        Path tif = tmp.resolve("ok.tif");
        assertTrue(new FileSaver(new ImagePlus("x", cp)).saveAsTiff(tif.toString()));
        byte[] planes = ImageFileReader.read(tif, 32, 32);
        assertEquals(3 * 1024, planes.length);
        assertEquals((byte) 255, planes[0]);
        Path pgm = tmp.resolve("ok.pgm");
        byte[] head = "P5\n4 3\n255\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] pgmBytes = Arrays.copyOf(head, head.length + 12);
        Arrays.fill(pgmBytes, head.length, pgmBytes.length, (byte) 200);
        byte[] gray = ImageFileReader.read(Files.write(pgm, pgmBytes), 32, 32);
        assertEquals((byte) 200, gray[0]);
        assertEquals((byte) 200, gray[2048]);
    }

    /** The direct packing against ImageJ's own conversion of the same decoded images (AWT's PixelGrabber). */
    @Test
    void colourJpegsArePackedAsImageJConvertsThem() throws IOException {
        int packed = 0;
        try (var files = Files.walk(Fixtures.cifarJpegs())) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jpg"))::iterator) {
                java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(f.toFile());
                ColorProcessor direct = ImageFileReader.packedRgb(img);
                assertTrue(direct != null, f + " is a 3-byte BGR sRGB image");
                assertArrayEquals((int[]) new ImagePlus("x", img).getProcessor().getPixels(), (int[]) direct.getPixels(),
                        f.toString());
                packed++;
            }
        }
        assertEquals(100, packed);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(
                Fixtures.cifarJpegs().resolve("frog/0003.jpg").toFile());
        assertEquals(null, ImageFileReader.packedRgb(img.getSubimage(2, 3, 20, 20)), "a view into a larger raster");
        assertEquals(null, ImageFileReader.packedRgb(new java.awt.image.BufferedImage(8, 8,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY)), "gray");
        assertEquals(null, ImageFileReader.packedRgb(new java.awt.image.BufferedImage(8, 8,
                java.awt.image.BufferedImage.TYPE_4BYTE_ABGR)), "with alpha");
    }
}
