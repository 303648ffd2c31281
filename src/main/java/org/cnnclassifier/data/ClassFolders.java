package org.cnnclassifier.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import org.cnnclassifier.util.MissingFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

import org.cnnclassifier.image.ImageFileReader;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.progress.ProgressListener;

/**
 * The layout users keep their own images in: one subfolder per class (the folder name is the
 * class name, classes sorted by name), holding any images ImageJ opens, of any size and type.
 * Each image becomes planar bytes of the shape asked for (32x32 RGB unless told otherwise) by
 * {@link PlanarChannels} (area averaging); a native size or channel count is the first image's, and
 * every other image must agree. Files ImageJ cannot open are listed in {@link Result#skipped()} and
 * left out.
 */
public final class ClassFolders {
    private ClassFolders() {
    }

    /** A file that was left out and why. */
    public record Skipped(Path file, String reason) {
    }

    public record Result(LabeledImages images, List<Skipped> skipped) {
    }

    /** True when {@code dir} has at least one subfolder (and so may be a class-folder data set). */
    public static boolean looksLikeClassFolders(Path dir) throws IOException {
        return !subfolders(dir).isEmpty();
    }

    public static Result read(Path dir, ProgressListener progress) throws IOException {
        return read(dir, InputShape.CIFAR, progress);
    }

    /** The images at {@code request}, whose native (0) width, height or channels are the images' own. */
    public static Result read(Path dir, InputShape request, ProgressListener progress) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new MissingFileException(dir.toString(), "Folder not found: " + dir);
        }
        List<Path> classes = subfolders(dir);
        if (classes.isEmpty()) {
            throw new IOException("No class subfolders in " + dir
                    + ". Give a folder with one subfolder of images per class, a CIFAR-10 folder, or a .bin/.tar.gz "
                    + "file.");
        }
        List<String> names = new ArrayList<>();
        List<List<Path>> files = new ArrayList<>();
        int total = 0;
        for (Path c : classes) {
            names.add(c.getFileName().toString());
            List<Path> f = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(c)) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                        f.add(p);
                    }
                }
            }
            f.sort(null);
            files.add(f);
            total += f.size();
        }
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        int done = 0;
        Native shape = new Native(request);
        for (int k = 0; k < classes.size(); k++) {
            int before = images.size();
            for (Path p : files.get(k)) {
                progress.checkCanceled();
                byte[] img = open(p, shape, skipped);
                if (img != null) {
                    images.add(img);
                    labels.add(k);
                }
                progress.progress(++done / (double) total);
            }
            if (images.size() == before) {
                throw new IOException("Class folder '" + names.get(k) + "' (" + classes.get(k)
                        + ") holds no images ImageJ can open. "
                        + "Add images to it or remove it.");
            }
        }
        progress.status("Read " + images.size() + " images in " + names.size() + " classes from " + dir
                + (skipped.isEmpty() ? "" : "; skipped " + skipped.size() + " files that are not images"));
        int[] lb = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Result(new LabeledImages(images.toArray(new byte[0][]), lb, names, dir.toString(),
                shape.resolved), skipped);
    }

    /** The shape asked for, resolved by the first image read; later images must agree where it was native. */
    private static final class Native {
        final InputShape request;
        InputShape resolved;
        Path first;

        Native(InputShape request) {
            this.request = request;
            this.resolved = request.resolved() ? request : null;
        }

        /** The shape for {@code imp}; IOException when a native value differs from the first image's. */
        InputShape check(Path p, ImagePlus imp) throws IOException {
            int c = PlanarChannels.nativeChannels(imp, ImageFileReader.pagesAsChannels(request));
            if (resolved == null) {
                resolved = request.with(request.width() > 0 ? request.width() : imp.getWidth(),
                        request.height() > 0 ? request.height() : imp.getHeight(),
                        request.channels() > 0 ? request.channels() : c);
                first = p;
                return resolved;
            }
            boolean size = request.width() == 0 && (imp.getWidth() != resolved.width()
                    || imp.getHeight() != resolved.height());
            if (size) {
                throw new IOException("size=native needs images of one size, but " + first + " is "
                        + resolved.width() + "x" + resolved.height() + " and " + p + " is " + imp.getWidth() + "x"
                        + imp.getHeight() + ". Give size=WIDTHxHEIGHT (e.g. size=" + resolved.width() + "x"
                        + resolved.height() + ") to resize every image to one size.");
            }
            if (request.channels() == 0 && c != resolved.channels()) {
                throw new IOException("channels=native needs images with one channel count, but " + first + " has "
                        + resolved.channels() + " and " + p + " has " + c + ". Give channels=rgb or channels=gray "
                        + "to convert every image, or make the images agree.");
            }
            return resolved;
        }
    }

    private static byte[] open(Path p, Native shape, List<Skipped> skipped) throws IOException {
        ImagePlus imp;
        try {
            // Never reaches ImageJ code that shows a dialog for a file it cannot read (a modal
            // error would stop a -batch run for good).
            imp = ImageFileReader.open(p);
        } catch (IOException | RuntimeException e) {
            skipped.add(new Skipped(p, e.getMessage() != null ? e.getMessage() : e.toString()));
            return null;
        }
        InputShape s = shape.check(p, imp);
        try {
            return ImageFileReader.at(imp, s);
        } catch (IOException | RuntimeException e) {
            skipped.add(new Skipped(p, e.getMessage() != null ? e.getMessage() : e.toString()));
            return null;
        }
    }

    private static List<Path> subfolders(Path dir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return dirs;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
                    dirs.add(p);
                }
            }
        }
        dirs.sort(null);
        return dirs;
    }
}
