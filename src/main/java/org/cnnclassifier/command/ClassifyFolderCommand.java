package org.cnnclassifier.command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.Locale;

import org.cnnclassifier.data.ImageFiles;
import org.cnnclassifier.model.Classifier;
import org.cnnclassifier.model.FolderClassifier;
import org.cnnclassifier.model.ModelCache;
import org.cnnclassifier.progress.ProgressListener;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.measure.ResultsTable;

/**
 * Classify Folder for scripts and headless runs (the menu entry is
 * {@link org.cnnclassifier.ij1.ClassifyFolderPlugin}): every image in a folder, to a CSV.
 */
@Plugin(type = Command.class, label = "Classify Folder")
public class ClassifyFolderCommand extends ContextCommand {
    public static final String KEY_INPUT = "input";
    public static final String KEY_MODEL = "model";
    public static final String KEY_OUTPUT = "output";
    public static final String KEY_RECURSIVE = "recursive";
    public static final String KEY_FILTER = "filter";
    public static final String KEY_TOP = "top";

    @Parameter(persist = false, label = "Input folder", style = "directory")
    private File input;

    @Parameter(persist = false, label = "Model file (empty: default model)", required = false)
    private String model = "";

    @Parameter(persist = false, label = "Output CSV (empty: no CSV)", required = false, style = "save")
    private File output;

    @Parameter(persist = false, label = "Recursive", required = false)
    private boolean recursive;

    @Parameter(persist = false, label = "Filter", required = false)
    private String filter = ImageFiles.DEFAULT_FILTER;

    @Parameter(persist = false, label = "Top classes", min = "1")
    private int top = 3;

    @Parameter(persist = false, type = ItemIO.OUTPUT, label = "Images classified")
    private int classified;

    @Parameter(persist = false, type = ItemIO.OUTPUT, label = "Accuracy")
    private double accuracy = Double.NaN;

    @Parameter
    private LogService log;

    @Override
    public void run() {
        try {
            FolderClassifier.Options o = new FolderClassifier.Options(input.toPath(), recursive, filter, top,
                    output == null || output.getPath().isBlank() ? null : output.toPath());
            FolderClassifier.checkInput(o);
            Classifier classifier = ModelCache.get(model);
            boolean headless = GraphicsEnvironment.isHeadless();
            ResultsTable rows = new ResultsTable(), failures = new ResultsTable();
            FolderClassifier.Result r = FolderClassifier.run(o, classifier, ProgressListener.SILENT,
                    new FolderClassifier.RowSink() {
                        @Override
                        public void row(FolderClassifier.Row row) {
                            ResultTables.addFolderRow(rows, row);
                        }

                        @Override
                        public void failure(FolderClassifier.Failure f) {
                            ResultTables.addFailure(failures, f);
                            log.warn("Skipped " + f.file() + ": " + f.reason());
                        }
                    });
            classified = r.rows().size();
            accuracy = r.accuracy();
            String summary = String.format(Locale.ROOT, "Classify Folder: %d images classified, %d unreadable, %.1f s (%.0f images/s)%s%s",
                    r.rows().size(), r.failures().size(), r.seconds(), r.imagesPerSecond(),
                    r.hasConfusion() ? String.format(Locale.ROOT, ", accuracy %.4f over %d labelled images", r.accuracy(), r.labelled()) : "",
                    o.output() != null ? ", CSV " + o.output() : "");
            log.info(summary);
            if (!headless) {
                rows.show(ResultTables.FOLDER);
                if (failures.size() > 0) {
                    failures.show(ResultTables.UNREADABLE);
                }
                if (r.hasConfusion()) {
                    ResultTables.confusion(r).show(ResultTables.CONFUSION);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            fail(e.getMessage());
        }
    }

    private void fail(String message) {
        log.error("Classify Folder: " + message);
        cancel(message);
    }
}
