package org.cnnclassifier.ij1;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import org.cnnclassifier.command.ClassifyFolderCommand;
import org.cnnclassifier.command.ResultTables;
import org.cnnclassifier.data.ImageFiles;
import org.cnnclassifier.model.Classifier;
import org.cnnclassifier.model.FolderClassifier;
import org.cnnclassifier.model.ModelCache;

import ij.IJ;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * Plugins>CNN Classifier>Classify Folder: every image of a folder to a CSV and the "Classify Folder"
 * table; unreadable files to "Unreadable Files"; with class subfolders, a "Confusion Matrix".
 * Macro keys: {@code input}, {@code model}, {@code output}, {@code recursive}, {@code filter}, {@code top}.
 */
public class ClassifyFolderPlugin implements PlugIn {
    static final String TITLE = "Classify Folder";
    private static final String PREF = "cnnclassifier.folder.";
    /** Refresh the table on screen after this many rows. */
    private static final int SHOW_EVERY = 512;

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addDirectoryField(Labels.label(ClassifyFolderCommand.KEY_INPUT, "folder"), Labels.remembered(PREF + "input", ""), 30);
        gd.addFileField(Labels.label(ClassifyFolderCommand.KEY_MODEL, "file (empty: default model)"), Labels.remembered("cnnclassifier.model", ""), 30);
        gd.addFileField(Labels.label(ClassifyFolderCommand.KEY_OUTPUT, "CSV (empty: table only)"), Labels.remembered(PREF + "output", ""), 30);
        gd.addCheckbox(Labels.label(ClassifyFolderCommand.KEY_RECURSIVE, "(include subfolders)"), Labels.remembered(PREF + "recursive", false));
        gd.addStringField(Labels.label(ClassifyFolderCommand.KEY_FILTER, "(file names)"), Labels.remembered(PREF + "filter", ImageFiles.DEFAULT_FILTER), 30);
        gd.addNumericField(Labels.label(ClassifyFolderCommand.KEY_TOP, "classes"), 3, 0);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String input = gd.getNextString().trim();
        String model = gd.getNextString().trim();
        String output = gd.getNextString().trim();
        boolean recursive = gd.getNextBoolean();
        String filter = gd.getNextString().trim();
        int top = (int) gd.getNextNumber();
        if (input.isEmpty()) {
            Messages.error(TITLE, "Choose an input folder of images.");
            return;
        }
        if (gd.invalidNumber() || top < 1) {
            Messages.error(TITLE, "'top' must be a whole number of at least 1.");
            return;
        }
        Path csv = output.isEmpty() ? null : Paths.get(output);
        try {
            FolderClassifier.Options o = new FolderClassifier.Options(Paths.get(input), recursive, filter, top, csv);
            // Bad folder, no images or unwritable output: message before the model is loaded, nothing written.
            FolderClassifier.checkInput(o);
            IJ.showStatus(TITLE + ": loading model...");
            Classifier classifier = ModelCache.get(model);
            Prefs.set(PREF + "input", input);
            Prefs.set("cnnclassifier.model", model);
            Prefs.set(PREF + "output", output);
            Prefs.set(PREF + "recursive", recursive);
            Prefs.set(PREF + "filter", filter);
            ResultsTable rows = new ResultsTable();
            ResultsTable failures = new ResultsTable();
            FolderClassifier.Result r = FolderClassifier.run(o, classifier, new IjProgress(), new FolderClassifier.RowSink() {
                @Override
                public void row(FolderClassifier.Row row) {
                    ResultTables.addFolderRow(rows, row);
                    if (rows.size() % SHOW_EVERY == 0) {
                        rows.show(ResultTables.FOLDER);
                    }
                }

                @Override
                public void failure(FolderClassifier.Failure f) {
                    ResultTables.addFailure(failures, f);
                }
            });
            rows.show(ResultTables.FOLDER);
            if (failures.size() > 0) {
                failures.show(ResultTables.UNREADABLE);
            }
            if (r.canceled()) {
                IJ.showStatus(String.format(Locale.ROOT, "%s canceled: %d images classified (in the table), no CSV written.",
                        TITLE, r.rows().size()));
                return;
            }
            if (r.hasConfusion()) {
                ResultTables.confusion(r).show(ResultTables.CONFUSION);
            }
            IJ.showStatus(String.format(Locale.ROOT, "%s: %d images, %.0f images/s%s%s", TITLE, r.rows().size(),
                    r.imagesPerSecond(), r.hasConfusion() ? String.format(Locale.ROOT, ", accuracy %.1f%%", 100 * r.accuracy()) : "",
                    r.failures().isEmpty() ? "" : ", " + r.failures().size() + " unreadable"));
        } catch (IOException | IllegalArgumentException e) {
            Messages.error(TITLE, e.getMessage());
        }
    }
}
