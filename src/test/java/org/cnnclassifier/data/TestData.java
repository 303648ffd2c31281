package org.cnnclassifier.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Small CIFAR-layout data written by the tests themselves, and the real records of the committed fixture. */
public final class TestData {

    private TestData() {
    }

    /** {@code n} random records with labels {@code i % 10}; pixel bytes from a seeded Random. */
    public static byte[] records(int n, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[n * CifarBinary.RECORD_BYTES];
        r.nextBytes(b);
        for (int i = 0; i < n; i++) {
            b[i * CifarBinary.RECORD_BYTES] = (byte) (i % 10);
        }
        return b;
    }

    /** The first {@code n} (at most 200) real CIFAR-10 records of the committed fixture ({@link org.cnnclassifier.testing.Fixtures}). */
    public static byte[] realRecords(int n) {
        return org.cnnclassifier.testing.Fixtures.cifarRecords(n);
    }

    /** Runs GNU tar (an independent oracle for our tar reader); returns the archive. */
    public static Path tarGz(Path dir, Path archive, List<String> entries) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("tar", "-czf", archive.toString(), "-C", dir.toString()));
        cmd.addAll(entries);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tar failed");
        }
        return archive;
    }
}
