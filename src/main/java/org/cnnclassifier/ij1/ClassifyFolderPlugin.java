package org.cnnclassifier.ij1;

import ij.IJ;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import org.cnnclassifier.function.ClassifyFolder;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.IjProgress;
import org.cnnclassifier.model.FolderClassifier;

/**
 * Plugins>CNN Classifier>Classify Folder: every image of a folder to a CSV and the "Classify Folder"
 * table ({@link ClassifyFolder}); Esc keeps the rows done so far and writes no CSV.
 */
public class ClassifyFolderPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        Values v = SpecDialog.ask(ClassifyFolder.SPEC);
        if (v != null) {
            Host.run(ClassifyFolder.SPEC, () -> {
                ClassifyFolder.Tables tables = new ClassifyFolder.Tables(new ResultsTable(), new ResultsTable());
                FolderClassifier.Result r = ClassifyFolder.run(v, new IjProgress(), tables, true);
                ClassifyFolder.show(r, tables);
                IJ.showStatus(ClassifyFolder.summary(r, v));
            });
        }
    }
}
