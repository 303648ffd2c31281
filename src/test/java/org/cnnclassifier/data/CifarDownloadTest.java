package org.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.cnnclassifier.progress.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download against a local HTTP server on 127.0.0.1 serving a small archive made here. */
class CifarDownloadTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private byte[] archive;
    private String md5;
    private byte[] batch;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void serve() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/cifar-10-batches-bin"));
        batch = TestData.records(20, 5);
        Files.write(src.resolve("data_batch_1.bin"), batch);
        Files.write(src.resolve("test_batch.bin"), TestData.records(4, 6));
        Files.writeString(src.resolve("batches.meta.txt"), String.join("\n", CifarBinary.DEFAULT_CLASS_NAMES));
        archive = Files.readAllBytes(TestData.tarGz(tmp.resolve("src"), tmp.resolve("a.tar.gz"), List.of("cifar-10-batches-bin")));
        md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good.tar.gz", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, archive.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(archive);
            }
        });
        server.createContext("/truncated.tar.gz", ex -> {
            // announces the full length, sends half, then closes
            ex.sendResponseHeaders(200, archive.length);
            OutputStream o = ex.getResponseBody();
            o.write(archive, 0, archive.length / 2);
            o.flush();
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private CifarDownload download(String path, String sum) throws Exception {
        return new CifarDownload(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path).toURL(), sum);
    }

    @Test
    void downloadsVerifiesUnpacksAndReuses() throws Exception {
        Path cache = tmp.resolve("cache");
        List<Double> progress = new ArrayList<>();
        ProgressListener p = new ProgressListener() {
            public void status(String m) {
            }

            public void progress(double f) {
                progress.add(f);
            }

            public boolean isCanceled() {
                return false;
            }
        };
        Path folder = download("/good.tar.gz", md5).ensure(cache, p);
        assertEquals(cache.resolve(CifarBinary.ARCHIVE_FOLDER), folder);
        assertArrayEquals(batch, Files.readAllBytes(folder.resolve("data_batch_1.bin")));
        assertTrue(progress.size() >= 2 && progress.get(progress.size() - 1) == 1.0);
        try (var s = Files.list(cache)) {
            assertEquals(1, s.count(), "only the unpacked folder is left");
        }
        assertEquals(1, requests.get());
        assertEquals(folder, download("/good.tar.gz", md5).ensure(cache, ProgressListener.SILENT));
        assertEquals(1, requests.get(), "second call reuses the cache");

    }

    @Test
    void corruptDownloadIsRejectedAndLeavesNothing() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        IOException e = assertThrows(IOException.class,
                () -> download("/good.tar.gz", "0123456789abcdef0123456789abcdef").ensure(cache, ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("MD5"), e.getMessage());
        try (var s = Files.list(cache)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void truncatedDownloadIsRejectedAndLeavesNothing() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        IOException e = assertThrows(IOException.class, () -> download("/truncated.tar.gz", md5).ensure(cache, ProgressListener.SILENT));
        assertTrue(e.getMessage() != null, String.valueOf(e));
        try (var s = Files.list(cache)) {
            assertEquals(0, s.count());
        }
    }
}
