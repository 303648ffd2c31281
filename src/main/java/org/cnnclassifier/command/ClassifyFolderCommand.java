package org.cnnclassifier.command;

import ij.measure.ResultsTable;

import org.cnnclassifier.function.ClassifyFolder;
import org.cnnclassifier.function.Values;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.cnnclassifier.inference.FolderClassifier;

/** {@link ClassifyFolder} for scripts and headless runs: every image in a folder, to a CSV and tables. */
@Plugin(type = Command.class, label = "Classify Folder")
public class ClassifyFolderCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String input, model, output, maps, recursive, filter, top, mirror, shift;

    @Parameter(type = ItemIO.OUTPUT, label = "Images classified")
    private int classified;

    @Parameter(type = ItemIO.OUTPUT, label = "Accuracy")
    private double accuracy = Double.NaN;

    /** Unreadable files named one per line; the rest are counted. */
    static final int SHOWN_FAILURES = 20;

    public ClassifyFolderCommand() {
        super(ClassifyFolder.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ClassifyFolder.Tables tables = new ClassifyFolder.Tables(new ResultsTable(), new ResultsTable());
        FolderClassifier.Result r = ClassifyFolder.run(v, progress(), tables, false);
        // The first few by name, then a count: 20,000 empty files are not 20,000 lines.
        r.failures().stream().limit(SHOWN_FAILURES).forEach(f -> log().warn("Skipped " + f.file() + ": " + f.reason()));
        if (r.failures().size() > SHOWN_FAILURES) {
            log().warn("Skipped " + (r.failures().size() - SHOWN_FAILURES) + " more unreadable files ("
                    + r.failures().size() + " in all).");
        }
        classified = r.rows().size();
        accuracy = r.accuracy();
        log().info(ClassifyFolder.summary(r, v));
        if (!headless()) {
            ClassifyFolder.show(r, tables);
        }
        if (r.canceled()) {
            cancel("Canceled.");
        }
    }
}
