package org.cnnclassifier.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelParserTest {

    @Test
    void readsConvolverFormatWithAnySizeAndSeveralKernels() {
        String text = "# Sobel X\n-1 0 1\n-2 0 2\n-1 0 1\n\n\n1\t2\n3 4\n  \n# Row\n0.5 -1.5e1 2 7\n";
        List<Kernel> ks = KernelParser.parse(text);
        assertEquals(3, ks.size());
        assertEquals("Sobel X", ks.get(0).name());
        assertEquals(3, ks.get(0).width());
        assertArrayEquals(new float[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, ks.get(0).weights());
        assertEquals("Kernel 2", ks.get(1).name());
        assertEquals(2, ks.get(1).width());
        assertEquals(2, ks.get(1).height());
        assertArrayEquals(new float[] {1, 2, 3, 4}, ks.get(1).weights());
        assertEquals("Row", ks.get(2).name());
        assertEquals(4, ks.get(2).width());
        assertEquals(1, ks.get(2).height());
        assertArrayEquals(new float[] {0.5f, -15f, 2f, 7f}, ks.get(2).weights());
    }

    @Test
    void acceptsBackslashNAsLineBreakCommasAndWindowsLineEnds() {
        List<Kernel> ks = KernelParser.parse("1 2 3\\n4 5 6\\n\\n7,8\r\n9, 10");
        assertEquals(2, ks.size());
        assertEquals(3, ks.get(0).width());
        assertEquals(2, ks.get(0).height());
        assertArrayEquals(new float[] {7, 8, 9, 10}, ks.get(1).weights());
    }

    @Test
    void namesTheLineAndTokenThatIsNotANumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelParser.parse("1 2\n3 x4"));
        assertTrue(e.getMessage().contains("Line 2") && e.getMessage().contains("\"x4\"")
                && e.getMessage().contains("number 2"), e.getMessage());
    }

    @Test
    void rejectsNaNAndInfinityAndHugeNumbers() {
        for (String bad : new String[] {"1 NaN\n0 1", "Infinity 0", "-inf 1", "1e39 0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelParser.parse(bad));
            assertTrue(e.getMessage().contains("finite") || e.getMessage().contains("too large"), e.getMessage());
        }
    }

    @Test
    void rejectsRaggedKernelsNamingTheLines() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelParser.parse("1 2 3\n4 5\n"));
        assertTrue(e.getMessage().contains("ragged") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void rejectsEmptyText() {
        for (String empty : new String[] {"", "   \n\n", "# only a name", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelParser.parse(empty));
            assertTrue(e.getMessage().contains("no kernel"), e.getMessage());
        }
    }

    @Test
    void readsAFileAndNamesAMissingOne(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("k.txt");
        Files.writeString(f, "# Mine\n0 1 0\n1 -4 1\n0 1 0\n");
        assertEquals("Mine", KernelParser.parseFile(f).get(0).name());
        IOException e = assertThrows(IOException.class, () -> KernelParser.parseFile(dir.resolve("missing.txt")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void kernelSourcesPreferTextThenFileThenPreset(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("k.txt");
        Files.writeString(f, "# F\n1 1\n");
        assertEquals("Kernel 1", KernelSources.resolve("1 2", "Sobel X", "").get(0).name());
        assertEquals("F", KernelSources.resolve("", "Sobel X", f.toString()).get(0).name());
        assertEquals("Sobel X", KernelSources.resolve("", "sobel x", null).get(0).name());
        assertEquals(List.of("Sobel X", "Sobel Y", "Laplacian"),
                KernelSources.resolve(null, null, null).stream().map(Kernel::name).toList());
        assertThrows(IllegalArgumentException.class, () -> KernelSources.resolve("1", null, f.toString()));
        IllegalArgumentException custom = assertThrows(IllegalArgumentException.class,
                () -> KernelSources.resolve("  ", KernelSources.CUSTOM, ""));
        assertTrue(custom.getMessage().contains("no kernel"), custom.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> KernelSources.resolve("", "Sobel Z", ""));
        assertTrue(unknown.getMessage().contains("Sobel X"), unknown.getMessage());
    }

    @Test
    void presetsHaveTheTextbookWeights() {
        assertEquals(List.of("Identity", "Box blur 3x3", "Gaussian 5x5", "Sharpen", "Laplacian", "Sobel X", "Sobel Y",
                "Prewitt X", "Prewitt Y", "Emboss", "Edges", "All 9"), KernelPresets.names());
        assertArrayEquals(new float[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, KernelPresets.get("Sobel X").get(0).weights());
        assertArrayEquals(new float[] {-1, -2, -1, 0, 0, 0, 1, 2, 1}, KernelPresets.get("Sobel Y").get(0).weights());
        assertEquals(1.0, KernelPresets.get("Gaussian 5x5").get(0).sum(), 1e-6);
        assertEquals(36f / 256f, KernelPresets.get("Gaussian 5x5").get(0).weight(0, 2, 2), 1e-7);
        assertEquals(9, KernelPresets.get("All 9").size());
    }

    // ---- kernel files (issue 8.6) ----

    @Test
    void aUtf8ByteOrderMarkIsSkipped(@TempDir Path dir) throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path numbers = dir.resolve("bom.txt");
        Files.write(numbers, concat(bom, "-1 0 1\r\n-2 0 2\r\n-1 0 1\r\n".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new float[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, KernelParser.parseFile(numbers).get(0).weights());
        Path named = dir.resolve("bom-named.txt");
        Files.write(named, concat(bom, "# Kante f\u00fcr X\n-1 0 1\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Kante f\u00fcr X", KernelParser.parseFile(named).get(0).name());
    }

    @Test
    void aLatin1FileIsReadWithItsUmlauts(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "# Kante f\u00fcr X\n-1 0 1\n-2 0 2\n-1 0 1\n".getBytes(StandardCharsets.ISO_8859_1));
        List<Kernel> ks = KernelParser.parseFile(latin1);
        assertEquals("Kante f\u00fcr X", ks.get(0).name());
        assertArrayEquals(new float[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, ks.get(0).weights());
        // The same name in UTF-8 is read as UTF-8 (not as two Latin-1 characters).
        Path utf8 = dir.resolve("utf8.txt");
        Files.writeString(utf8, "# Kante f\u00fcr X\n1 2\n");
        assertEquals("Kante f\u00fcr X", KernelParser.parseFile(utf8).get(0).name());
    }

    @Test
    void aBinaryFileOrOneWithNulBytesIsNotAKernelFile(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("image.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R', (byte) 0xC3, (byte) 0xFF});
        Path nul = dir.resolve("nul.txt");
        Files.write(nul, "1 2\n3\u0000 4\n".getBytes(StandardCharsets.US_ASCII));
        for (Path f : List.of(png, nul)) {
            IOException e = assertThrows(IOException.class, () -> KernelParser.parseFile(f));
            assertTrue(e.getMessage().contains(f + " is not a text file of kernel numbers"), e.getMessage());
        }
    }

    @Test
    void aFileFarLargerThanAnyKernelBankIsNotReadWhole(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("stack.tif");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(17L << 20); // sparse: nothing is written
        }
        IOException e = assertThrows(IOException.class, () -> KernelParser.parseFile(big));
        assertTrue(e.getMessage().contains(big + " is not a text file of kernel numbers (it is 17 MB)"),
                e.getMessage());
    }

    @Test
    void aFolderIsNamedAsAFolder(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> KernelParser.parseFile(dir));
        assertTrue(e.getMessage().contains(dir + " is a folder; choose a kernel text file"), e.getMessage());
        IOException viaSources = assertThrows(IOException.class,
                () -> KernelSources.resolve("", null, dir.toString()));
        assertEquals(e.getMessage(), viaSources.getMessage());
    }

    @Test
    void aMissingFileIsReportedOnce(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-folder").resolve("missing.txt");
        IOException e = assertThrows(IOException.class, () -> KernelParser.parseFile(missing));
        String m = e.getMessage();
        assertEquals(1, count(m, "does not exist"), m);
        assertEquals(1, count(m, missing.toString()), m);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
