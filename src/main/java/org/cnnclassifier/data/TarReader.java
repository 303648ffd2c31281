package org.cnnclassifier.data;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader for POSIX/ustar tar streams (what {@code cifar-10-binary.tar.gz} is): enough to
 * walk regular files and read their content from the stream without unpacking to disk.
 */
final class TarReader {
    private static final int BLOCK = 512;

    record Entry(String name, long size, boolean regularFile) {
    }

    private final InputStream in;
    private long remaining; // content bytes of the current entry not yet consumed
    private long padding;   // bytes after the content up to the next 512-byte boundary

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next regular-file entry, or null at the end of the archive. */
    Entry next() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        byte[] header = new byte[BLOCK];
        while (true) {
            int n = in.readNBytes(header, 0, BLOCK);
            if (n == 0) {
                return null;
            }
            if (n < BLOCK) {
                throw new EOFException("tar header cut short");
            }
            if (isZero(header)) {
                return null; // end-of-archive marker
            }
            String name = string(header, 0, 100);
            String prefix = string(header, 345, 155);
            if (!prefix.isEmpty() && "ustar".equals(string(header, 257, 5))) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            if (type == '0' || type == 0) {
                return new Entry(name, size, true);
            }
            skipFully(remaining + padding);
            remaining = 0;
            padding = 0;
        }
    }

    /** The whole content of the current entry. */
    byte[] readContent(Entry e) throws IOException {
        byte[] b = in.readNBytes((int) remaining);
        if (b.length < remaining) {
            throw new EOFException("tar entry " + e.name() + " cut short");
        }
        remaining = 0;
        return b;
    }

    /** A stream over the current entry's content (not to be closed by callers needing the rest). */
    InputStream contentStream(Entry e) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("tar entry " + e.name() + " cut short");
                }
                remaining--;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(buf, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar entry " + e.name() + " cut short");
                }
                remaining -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    private void skipFully(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar stream cut short");
                }
                s = 1;
            }
            n -= s;
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).trim();
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        String s = string(b, off, len);
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            // not the field itself: in a file that is not a tar it is binary garbage
            throw new IOException("not a tar archive (its first header is not a tar header)");
        }
    }
}
