package org.cnnclassifier.ij1;

import ij.ImagePlus;
import ij.IJ;
import ij.measure.ResultsTable;

import org.cnnclassifier.function.ClassifyFolder;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.IjProgress;
import org.cnnclassifier.inference.FolderClassifier;

/**
 * Plugins>CNN Classifier>Classify Folder: every image of a folder to a CSV and the "Classify Folder"
 * table ({@link ClassifyFolder}); Esc keeps the rows done so far and writes no CSV.
 */
public class ClassifyFolderPlugin extends SpecPlugIn {
    public ClassifyFolderPlugin() {
        super(ClassifyFolder.SPEC, false, null);
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        ClassifyFolder.Tables tables = new ClassifyFolder.Tables(new ResultsTable(), new ResultsTable());
        FolderClassifier.Result r = ClassifyFolder.run(v, new IjProgress(), tables, true);
        ClassifyFolder.show(r, tables);
        IJ.showStatus(ClassifyFolder.summary(r, v));
    }
}
