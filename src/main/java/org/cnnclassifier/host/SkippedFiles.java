package org.cnnclassifier.host;

import java.util.List;

import ij.measure.ResultsTable;
import org.cnnclassifier.data.ClassFolders;

/**
 * Files left out of a class-folder data set, as the "Unreadable Files" table (file, reason), as Classify Folder lists
 * its own.
 */
public final class SkippedFiles {
    public static final String TITLE = ResultTables.UNREADABLE;

    private SkippedFiles() {
    }

    public static ResultsTable table(List<ClassFolders.Skipped> skipped) {
        ResultsTable t = new ResultsTable();
        for (ClassFolders.Skipped s : skipped) {
            t.addRow();
            t.addValue("file", s.file().toString());
            t.addValue("reason", s.reason());
        }
        return t;
    }

    /** Shows the table when something was skipped (prints it headless). */
    public static void report(List<ClassFolders.Skipped> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        if (java.awt.GraphicsEnvironment.isHeadless()) {
            skipped.forEach(s -> System.out.println("skipped " + s.file() + ": " + s.reason()));
        } else {
            table(skipped).show(TITLE);
        }
    }
}
