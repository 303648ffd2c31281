package org.cnnclassifier.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real data committed under src/test/resources/fixtures, so that every test runs the same
 * assertions on a fresh clone as on CI (nothing is read from ../shared):
 * <ul>
 * <li>{@code data_batch_1-first200.bin}: the first 200 records of the official CIFAR-10
 * {@code data_batch_1.bin} (binary version, 3073 bytes per record);</li>
 * <li>{@code cifar10-jpg/<class>/0000.jpg ... 0009.jpg}: 10 CIFAR-10 sample JPEGs per class (100 files);</li>
 * <li>{@code mnist-28/train/<digit>/} (30 per digit) and {@code mnist-28/test/<digit>/} (10 per digit): the
 * first 40 files by name of each digit folder of {@code ../shared/samples/mnist-png}, 28x28 8-bit PNG.</li>
 * </ul>
 */
public final class Fixtures {
    /** Records in the CIFAR-10 fixture. */
    public static final int CIFAR_RECORDS = 200;
    /** JPEGs per class in the sample folder fixture. */
    public static final int JPEGS_PER_CLASS = 10;

    private Fixtures() {
    }

    private static Path resource(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("test fixture /fixtures/" + name + " is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder of sample JPEGs: one subfolder per CIFAR-10 class, {@link #JPEGS_PER_CLASS} files each. */
    public static Path cifarJpegs() {
        return resource("cifar10-jpg");
    }

    /** MNIST digits as class folders: {@code train} (30 per digit) or {@code test} (10 per digit). */
    public static Path mnist(String part) {
        return resource("mnist-28/" + part);
    }

    /** The CIFAR-10 binary fixture ({@link #CIFAR_RECORDS} records). */
    public static Path cifarBatch() {
        return resource("data_batch_1-first200.bin");
    }

    /** The first {@code n} records (at most {@link #CIFAR_RECORDS}) of the CIFAR-10 fixture, as bytes. */
    public static byte[] cifarRecords(int n) {
        if (n > CIFAR_RECORDS) {
            throw new IllegalArgumentException("the fixture holds " + CIFAR_RECORDS + " records, not " + n);
        }
        try (InputStream in = Files.newInputStream(cifarBatch())) {
            return in.readNBytes(n * 3073);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
