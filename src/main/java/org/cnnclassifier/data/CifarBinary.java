package org.cnnclassifier.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import org.cnnclassifier.util.MissingFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * CIFAR-10 in its official binary layout: batch files of 3,073-byte records (one label byte 0-9,
 * then 1,024 red, 1,024 green and 1,024 blue bytes, row-major), {@code batches.meta.txt} with the
 * class names. Reads a folder of batch files, a single batch file, or the official
 * {@code cifar-10-binary.tar.gz} as it is (streamed through the gzip and tar layers, nothing
 * unpacked to disk).
 */
public final class CifarBinary {
    public static final int RECORD_BYTES = 1 + LabeledImages.BYTES_PER_IMAGE;
    public static final String META_FILE = "batches.meta.txt";
    public static final String TEST_FILE = "test_batch.bin";
    /** The folder the official archive unpacks to. */
    public static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";
    public static final List<String> DEFAULT_CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    private CifarBinary() {
    }

    /** True for the training batch names {@code data_batch_N.bin}. */
    public static boolean isTrainingBatch(String fileName) {
        return fileName.matches("data_batch_\\d+\\.bin");
    }

    public static boolean isArchive(Path p) {
        String n = p.getFileName().toString().toLowerCase();
        return n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    /**
     * The folder holding CIFAR-10 batch files: {@code dir} itself or its {@code cifar-10-batches-bin}; null if neither.
     */
    public static Path findBatchFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        if (!listBatches(dir, CifarBinary::isTrainingBatch).isEmpty()) {
            return dir;
        }
        Path sub = dir.resolve(ARCHIVE_FOLDER);
        if (Files.isDirectory(sub) && !listBatches(sub, CifarBinary::isTrainingBatch).isEmpty()) {
            return sub;
        }
        return null;
    }

    /** The training batches ({@code data_batch_*.bin}) of a folder, except the files named in {@code exclude}. */
    public static LabeledImages readTrainingFolder(Path dir, Path... exclude) throws IOException {
        List<Path> files = listBatches(dir, CifarBinary::isTrainingBatch);
        List<Path> excluded = Arrays.stream(exclude).map(p -> p.toAbsolutePath().normalize()).toList();
        files.removeIf(f -> excluded.contains(f.toAbsolutePath().normalize()));
        if (files.isEmpty()) {
            throw new MissingFileException(dir.toString(),
                    "No CIFAR-10 training batches (data_batch_N.bin) in " + dir
                            + (exclude.length > 0 ? " besides the validation file" : "")
                            + ". Point 'data' at the cifar-10-batches-bin folder, or tick 'download'.");
        }
        List<String> names = readClassNames(dir.resolve(META_FILE));
        LabeledImages all = null;
        for (Path f : files) {
            LabeledImages b = readFile(f, names);
            all = all == null ? b : all.concat(b);
        }
        return new LabeledImages(imagesOf(all), labelsOf(all), names, dir.toString());
    }

    /** One batch file; class names from {@code batches.meta.txt} beside it, else the CIFAR-10 names. */
    public static LabeledImages readFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        return readFile(file, readClassNames(parent == null ? null : parent.resolve(META_FILE)));
    }

    static LabeledImages readFile(Path file, List<String> classNames) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new MissingFileException(file.toString(), "CIFAR-10 batch file not found: " + file);
        }
        long size = Files.size(file);
        checkSize(file.toString(), size);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return readRecords(in, size, file.toString(), classNames);
        }
    }

    /**
     * The batches of the official {@code cifar-10-binary.tar.gz} whose names pass {@code include},
     * read straight from the compressed stream.
     */
    public static LabeledImages readArchive(Path archive, Predicate<String> include) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new MissingFileException(archive.toString(), "CIFAR-10 archive not found: " + archive);
        }
        Map<String, LabeledImages> batches = new TreeMap<>();
        List<String> names = DEFAULT_CLASS_NAMES;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16),
                1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e; (e = tar.next()) != null;) {
                String base = e.name().substring(e.name().lastIndexOf('/') + 1);
                if (base.equals(META_FILE)) {
                    names = parseClassNames(new String(tar.readContent(e), StandardCharsets.UTF_8), archive + "!"
                            + e.name());
                } else if (base.endsWith(".bin") && include.test(base)) {
                    String where = archive + "!" + e.name();
                    checkSize(where, e.size());
                    batches.put(base, readRecords(tar.contentStream(e), e.size(), where, DEFAULT_CLASS_NAMES));
                }
            }
        } catch (EOFException e) {
            throw new IOException("The archive " + archive + " is truncated (" + e.getMessage()
                    + "). Download it again.", e);
        } catch (java.util.zip.ZipException e) {
            throw new IOException("The archive " + archive + " is not a valid .tar.gz (" + e.getMessage() + ").", e);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("not a tar archive")) {
                throw e;
            }
            throw new IOException("The archive " + archive + " is a gzip file but " + e.getMessage()
                    + ". Use the official cifar-10-binary.tar.gz.", e);
        }
        if (batches.isEmpty()) {
            throw new IOException("No CIFAR-10 batch files in " + archive
                    + ". Use the official cifar-10-binary.tar.gz.");
        }
        LabeledImages all = null;
        for (LabeledImages b : batches.values()) {
            all = all == null ? b : all.concat(b);
        }
        return new LabeledImages(imagesOf(all), labelsOf(all), names, archive.toString());
    }

    private static void checkSize(String where, long size) throws IOException {
        if (size == 0 || size % RECORD_BYTES != 0) {
            throw new IOException("Not a CIFAR-10 batch file: " + where + " has " + size + " bytes, not a multiple of "
                    + RECORD_BYTES + " (1 label byte + 32x32x3 pixels per image); it is truncated or of another "
                    + "format.");
        }
    }

    private static LabeledImages readRecords(InputStream in, long size, String where,
            List<String> classNames) throws IOException {
        int n = (int) (size / RECORD_BYTES);
        byte[][] images = new byte[n][];
        int[] labels = new int[n];
        byte[] rec = new byte[RECORD_BYTES];
        for (int i = 0; i < n; i++) {
            int read = in.readNBytes(rec, 0, RECORD_BYTES);
            if (read < RECORD_BYTES) {
                throw new IOException("CIFAR-10 batch " + where + " is truncated: record " + i + " of " + n
                        + " is incomplete.");
            }
            int label = rec[0] & 0xFF;
            if (label >= classNames.size()) {
                throw new IOException("CIFAR-10 batch " + where + ": record " + i + " has label " + label
                        + ", but labels must be 0-"
                        + (classNames.size() - 1) + ". The file is damaged or not a CIFAR-10 batch.");
            }
            labels[i] = label;
            images[i] = Arrays.copyOfRange(rec, 1, RECORD_BYTES);
        }
        return new LabeledImages(images, labels, classNames, where);
    }

    /** Class names from a {@code batches.meta.txt} (one per line); the CIFAR-10 names if the file is absent. */
    public static List<String> readClassNames(Path meta) throws IOException {
        if (meta == null || !Files.isRegularFile(meta)) {
            return DEFAULT_CLASS_NAMES;
        }
        return parseClassNames(Files.readString(meta, StandardCharsets.UTF_8), meta.toString());
    }

    private static List<String> parseClassNames(String text, String where) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                names.add(line.trim());
            }
        }
        if (names.size() != 10) {
            throw new IOException(where + " lists " + names.size() + " class names; CIFAR-10 has 10.");
        }
        return names;
    }

    private static List<Path> listBatches(Path dir, Predicate<String> nameFilter) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && nameFilter.test(p.getFileName().toString())) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private static byte[][] imagesOf(LabeledImages d) {
        byte[][] im = new byte[d.size()][];
        for (int i = 0; i < im.length; i++) {
            im[i] = d.image(i);
        }
        return im;
    }

    private static int[] labelsOf(LabeledImages d) {
        int[] lb = new int[d.size()];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = d.label(i);
        }
        return lb;
    }

    /** Writes records in the official layout (used by tests and the benchmark to make small batch files). */
    public static byte[] toRecords(LabeledImages d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.size() * RECORD_BYTES);
        for (int i = 0; i < d.size(); i++) {
            out.write(d.label(i));
            out.writeBytes(d.image(i));
        }
        return out.toByteArray();
    }
}
