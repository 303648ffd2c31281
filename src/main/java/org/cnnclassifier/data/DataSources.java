package org.cnnclassifier.data;

import java.io.IOException;
import java.nio.file.Files;
import org.cnnclassifier.util.MissingFileException;
import java.nio.file.Path;
import java.util.List;

import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.progress.ProgressListener;

/**
 * What the {@code data} key may name, and how it is read:
 * <ul>
 * <li>a CIFAR-10 folder ({@code data_batch_N.bin}, or a folder holding {@code cifar-10-batches-bin}):
 * training uses every {@code data_batch_N.bin}; evaluation uses {@code test_batch.bin};</li>
 * <li>a single batch file ({@code .bin});</li>
 * <li>the official {@code cifar-10-binary.tar.gz}, read without unpacking;</li>
 * <li>a folder with one subfolder of images per class ({@link ClassFolders}).</li>
 * </ul>
 * With {@code download}, a folder without CIFAR-10 gets it first ({@link CifarDownload}).
 */
public final class DataSources {
    private DataSources() {
    }

    public record Loaded(LabeledImages images, List<ClassFolders.Skipped> skipped) {
    }

    /** Training images from {@code data}; {@code exclude} (e.g. the validation batch) is left out of a CIFAR folder. */
    public static Loaded training(Path data, Path exclude, boolean download,
            ProgressListener progress) throws IOException {
        return training(data, exclude, download, InputShape.CIFAR, progress);
    }

    /**
     * As {@link #training(Path, Path, boolean, ProgressListener)}, at {@code shape} (native values: the images'
     * own; CIFAR-10 is 32x32 RGB and converted when another shape is asked for).
     */
    public static Loaded training(Path data, Path exclude, boolean download, InputShape shape,
            ProgressListener progress) throws IOException {
        Loaded l = trainingAsStored(data, exclude, download, shape, progress);
        return new Loaded(l.images().at(shape), l.skipped());
    }

    private static Loaded trainingAsStored(Path data, Path exclude, boolean download, InputShape shape,
            ProgressListener progress) throws IOException {
        data = prepare(data, download, progress);
        if (Files.isDirectory(data)) {
            Path batches = CifarBinary.findBatchFolder(data);
            if (batches != null) {
                progress.status("Reading CIFAR-10 batches in " + batches);
                return new Loaded(exclude == null ? CifarBinary.readTrainingFolder(batches)
                        : CifarBinary.readTrainingFolder(batches, exclude), List.of());
            }
            ClassFolders.Result r = ClassFolders.read(data, shape, progress);
            return new Loaded(r.images(), r.skipped());
        }
        if (CifarBinary.isArchive(data)) {
            String excluded = exclude == null ? "" : exclude.getFileName().toString();
            progress.status("Reading " + data);
            return new Loaded(CifarBinary.readArchive(data, n -> CifarBinary.isTrainingBatch(n)
                    && !n.equals(excluded)), List.of());
        }
        return new Loaded(CifarBinary.readFile(data), List.of());
    }

    /**
     * Images to evaluate on: a CIFAR folder or archive gives its {@code test_batch.bin}; anything else as for training.
     */
    public static Loaded evaluation(Path data, ProgressListener progress) throws IOException {
        return evaluation(data, InputShape.CIFAR, progress);
    }

    /** As {@link #evaluation(Path, ProgressListener)}, at a model's (resolved) {@code shape}. */
    public static Loaded evaluation(Path data, InputShape shape, ProgressListener progress) throws IOException {
        Loaded l = evaluationAsStored(data, shape, progress);
        return new Loaded(l.images().at(shape), l.skipped());
    }

    private static Loaded evaluationAsStored(Path data, InputShape shape, ProgressListener progress)
            throws IOException {
        data = prepare(data, false, progress);
        if (Files.isDirectory(data)) {
            Path batches = CifarBinary.findBatchFolder(data);
            if (batches != null) {
                Path test = batches.resolve(CifarBinary.TEST_FILE);
                if (!Files.isRegularFile(test)) {
                    throw new MissingFileException(test.toString(), "No " + CifarBinary.TEST_FILE + " in " + batches
                            + ". Give a batch file to evaluate on, e.g. " + batches.resolve("data_batch_5.bin") + ".");
                }
                return new Loaded(CifarBinary.readFile(test), List.of());
            }
            ClassFolders.Result r = ClassFolders.read(data, shape, progress);
            return new Loaded(r.images(), r.skipped());
        }
        if (CifarBinary.isArchive(data)) {
            return new Loaded(CifarBinary.readArchive(data, CifarBinary.TEST_FILE::equals), List.of());
        }
        return new Loaded(CifarBinary.readFile(data), List.of());
    }

    /**
     * A validation file named relative to the data: {@code test_batch.bin} or {@code data_batch_5.bin}
     * resolve against the CIFAR-10 folder of {@code data}; absolute paths stay as they are.
     */
    public static Path resolveBeside(Path data, String file) throws IOException {
        Path p = Path.of(file);
        if (p.isAbsolute() || Files.exists(p)) {
            return p;
        }
        Path base = Files.isDirectory(data) ? data : data.toAbsolutePath().getParent();
        Path batches = Files.isDirectory(data) ? CifarBinary.findBatchFolder(data) : null;
        return (batches != null ? batches : base).resolve(file);
    }

    private static Path prepare(Path data, boolean download, ProgressListener progress) throws IOException {
        if (download && (Files.isDirectory(data) || !Files.exists(data)) && CifarBinary.findBatchFolder(data) == null) {
            return CifarDownload.official().ensure(data, progress);
        }
        if (!Files.exists(data)) {
            throw new MissingFileException(data.toString(), "Data not found: " + data
                    + ". Give a CIFAR-10 folder or archive, a batch file, or a folder of class subfolders (or tick "
                    + "'download').");
        }
        return data;
    }
}
