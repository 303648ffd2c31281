package org.cnnclassifier.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.cnnclassifier.progress.ProgressListener;

/**
 * Fetches the official CIFAR-10 binary archive once: downloads it with progress into a temporary
 * file, checks its published MD5, unpacks it into a temporary folder and only then moves that to
 * {@code <folder>/cifar-10-batches-bin}, where later runs find and reuse it. A truncated, corrupt or
 * cancelled download leaves nothing behind.
 */
public final class CifarDownload {
    public static final String OFFICIAL_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    /** Published on https://www.cs.toronto.edu/~kriz/cifar.html. */
    public static final String OFFICIAL_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

    private final URL url;
    private final String md5;

    public CifarDownload(URL url, String md5) {
        this.url = url;
        this.md5 = md5.toLowerCase();
    }

    public static CifarDownload official() {
        try {
            return new CifarDownload(URI.create(OFFICIAL_URL).toURL(), OFFICIAL_MD5);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CIFAR-10 batch folder under {@code folder}, downloaded and unpacked if it is not there yet. */
    public Path ensure(Path folder, ProgressListener progress) throws IOException {
        Path existing = CifarBinary.findBatchFolder(folder);
        if (existing != null) {
            progress.status("Using cached CIFAR-10 in " + existing);
            return existing;
        }
        Files.createDirectories(folder);
        if (!Files.isWritable(folder)) {
            throw new IOException("Cannot download CIFAR-10 into " + folder + ": the folder is not writable.");
        }
        Path archive = Files.createTempFile(folder, ".cifar-10-binary", ".tar.gz.part");
        Path unpacked = null;
        try {
            download(archive, progress);
            progress.status("Unpacking CIFAR-10...");
            unpacked = Files.createTempDirectory(folder, ".cifar-10-unpack");
            unpack(archive, unpacked);
            Path batches = CifarBinary.findBatchFolder(unpacked);
            if (batches == null) {
                throw new IOException("The archive from " + url + " holds no CIFAR-10 batch files.");
            }
            Path target = folder.resolve(CifarBinary.ARCHIVE_FOLDER);
            Files.move(batches, target, StandardCopyOption.ATOMIC_MOVE);
            progress.status("CIFAR-10 is in " + target);
            return target;
        } finally {
            Files.deleteIfExists(archive);
            if (unpacked != null) {
                deleteTree(unpacked);
            }
            progress.progress(1);
        }
    }

    private void download(Path archive, ProgressListener progress) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        conn.setConnectTimeout(30_000);
        conn.setReadTimeout(60_000);
        int code = conn.getResponseCode();
        if (code != 200) {
            throw new IOException("Downloading CIFAR-10 from " + url + " failed: HTTP " + code + ".");
        }
        long expected = conn.getContentLengthLong();
        long got = 0;
        long start = System.nanoTime();
        try (InputStream in = new DigestInputStream(conn.getInputStream(), digest);
                OutputStream out = Files.newOutputStream(archive)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                progress.checkCanceled();
                out.write(buf, 0, n);
                got += n;
                if (expected > 0) {
                    progress.progress(0.99 * got / expected);
                }
                double s = (System.nanoTime() - start) / 1e9;
                progress.status(String.format("Downloading CIFAR-10: %.1f of %s MB (%.1f MB/s)", got / 1e6,
                        expected > 0 ? String.format("%.1f", expected / 1e6) : "?", got / 1e6 / Math.max(s, 1e-3)));
            }
        } finally {
            conn.disconnect();
        }
        if (expected > 0 && got != expected) {
            throw new IOException("The CIFAR-10 download from " + url + " is truncated: " + got + " of " + expected
                    + " bytes. Nothing was kept; try again.");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(md5)) {
            throw new IOException("The CIFAR-10 download from " + url + " is corrupt: MD5 " + actual + ", published "
                    + md5
                    + ". Nothing was kept; try again.");
        }
    }

    /** Unpacks the regular files of a .tar.gz under {@code dir}, refusing paths that leave it. */
    private static void unpack(Path archive, Path dir) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e; (e = tar.next()) != null;) {
                Path out = dir.resolve(e.name()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("Unsafe path in archive: " + e.name());
                }
                Files.createDirectories(out.getParent());
                try (InputStream content = tar.contentStream(e)) {
                    Files.copy(content, out);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
