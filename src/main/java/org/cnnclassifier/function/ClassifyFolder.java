package org.cnnclassifier.function;

import java.io.IOException;
import java.util.Locale;

import ij.measure.ResultsTable;

import org.cnnclassifier.data.FolderListing;
import org.cnnclassifier.explain.FolderMaps;
import org.cnnclassifier.host.ResultTables;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.util.Writable;

/** Classify Folder: every image of a folder to a CSV and tables, with the model loaded once. */
public final class ClassifyFolder {
    public static final String INPUT = "input", MODEL = "model", OUTPUT = "output", RECURSIVE = "recursive",
            FILTER = "filter", TOP = "top", MAPS = "maps";

    public static final Spec SPEC = Spec.of("Classify Folder",
            Key.folder(INPUT, "folder"),
            ClassifyImage.model(),
            Key.save(OUTPUT, "CSV (empty: table only)"),
            Key.folder(MAPS, "folder for Grad-CAM overlay PNGs (empty: none)"),
            Key.flag(RECURSIVE, "(include subfolders)", false),
            Key.text(FILTER, "(file names)", FolderListing.DEFAULT_FILTER),
            ClassifyImage.top(),
            ClassifyImage.mirror(),
            ClassifyImage.shift()).withHelp("docs/commands.md#classify-images");

    /** Refresh the table on screen after this many rows (interactive runs). */
    private static final int SHOW_EVERY = 512;

    private ClassifyFolder() {
    }

    /** The tables a run fills as it goes. */
    public record Tables(ResultsTable rows, ResultsTable failures) {
    }

    /**
     * Checks the input (folder, images, writable output) before loading the model, then classifies.
     * Rows and unreadable files go into {@code tables}; with {@code live}, the rows table is
     * refreshed on screen as it grows.
     */
    public static FolderClassifier.Result run(Values v, ProgressListener progress, Tables tables, boolean live)
            throws IOException {
        if (v.path(INPUT) == null) {
            throw new IllegalArgumentException("Choose an input folder of images ('input').");
        }
        FolderClassifier.Options o = new FolderClassifier.Options(v.path(INPUT), v.flag(RECURSIVE), v.text(FILTER),
                v.whole(TOP), v.path(OUTPUT), 0, 0, ClassifyImage.views(v));
        if (!ModelCache.isDefault(v.text(MODEL))) {
            Writable.checkNotInput(v.path(OUTPUT), "CSV", v.path(MODEL), "model");
        }
        FolderClassifier.checkInput(o); // bad folder, no images, unwritable output: before the model loads
        if (v.path(MAPS) != null) {
            FolderMaps.checkFolder(v.path(MAPS));
        }
        progress.status(SPEC.title() + ": loading model...");
        Classifier classifier = ModelCache.get(v.text(MODEL));
        FolderMaps maps = v.path(MAPS) != null ? new FolderMaps(classifier, v.path(MAPS), o.views()) : null;
        return FolderClassifier.run(o, classifier, progress, new FolderClassifier.RowSink() {
            @Override
            public void row(FolderClassifier.Row row) {
                ResultTables.addFolderRow(tables.rows(), row);
                if (live && tables.rows().size() % SHOW_EVERY == 0) {
                    tables.rows().show(ResultTables.FOLDER);
                }
            }

            @Override
            public void failure(FolderClassifier.Failure f) {
                ResultTables.addFailure(tables.failures(), f);
            }
        }, maps);
    }

    /** Shows the rows, the unreadable files (if any) and, with class subfolders, the confusion matrix. */
    public static void show(FolderClassifier.Result r, Tables tables) {
        tables.rows().show(ResultTables.FOLDER);
        if (tables.failures().size() > 0) {
            tables.failures().show(ResultTables.UNREADABLE);
        }
        if (r.hasConfusion() && !r.canceled()) {
            ResultTables.confusion(r.confusionMatrix()).show(ResultTables.CONFUSION);
        }
    }

    /** The one-line summary of a run, for the status bar and the log. */
    public static String summary(FolderClassifier.Result r, Values v) {
        if (r.canceled()) {
            return String.format(Locale.ROOT, "%s canceled: %d images classified (in the table), no CSV written.",
                    SPEC.title(), r.rows().size());
        }
        int files = r.rows().size() + r.failures().size(); // a rate from fewer files means little
        return String.format(Locale.ROOT, "%s: %d images%s%s%s%s", SPEC.title(), r.rows().size(),
                files < 10 ? "" : String.format(Locale.ROOT, ", %.0f images/s", r.imagesPerSecond()),
                r.hasConfusion() ? String.format(Locale.ROOT, ", accuracy %.1f%%", 100 * r.accuracy()) : "",
                r.failures().isEmpty() ? "" : ", " + r.failures().size() + " unreadable",
                v.path(OUTPUT) != null ? ", CSV " + v.path(OUTPUT) : "");
    }
}
