package org.cnnclassifier.host;

import java.util.List;


import ij.measure.ResultsTable;
import org.cnnclassifier.evaluation.ConfusionMatrix;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.inference.ImageClassification;

/** The ResultsTables the classification commands fill (shared by the PlugIns and the SciJava commands). */
public final class ResultTables {
    public static final String CLASSIFICATION = "Classification";
    public static final String FOLDER = "Classify Folder";
    public static final String UNREADABLE = "Unreadable Files";
    public static final String CONFUSION = "Confusion Matrix";

    private ResultTables() {
    }

    /** Appends Classify Image's rows: image, slice, rank, class, probability. */
    public static void addImageRows(ResultsTable rt, String image, List<ImageClassification.SliceResult> results) {
        for (ImageClassification.SliceResult s : results) {
            for (Classifier.Ranked r : s.ranked()) {
                rt.incrementCounter();
                rt.addValue("image", image);
                rt.addValue("slice", s.slice());
                rt.addValue("rank", r.rank());
                rt.addValue("class", r.className());
                rt.addValue("probability", r.probability());
            }
        }
    }

    /** Appends one Classify Folder row: file, class, probability, class_2, probability_2, ... (as the CSV). */
    public static void addFolderRow(ResultsTable rt, FolderClassifier.Row row) {
        rt.incrementCounter();
        rt.addValue("file", row.file());
        for (Classifier.Ranked r : row.ranked()) {
            String suffix = r.rank() == 1 ? "" : "_" + r.rank();
            rt.addValue("class" + suffix, r.className());
            rt.addValue("probability" + suffix, r.probability());
        }
        if (row.trueClass() != null) {
            rt.addValue("true_class", row.trueClass());
        }
    }

    /** Appends one unreadable file: file, reason. */
    public static void addFailure(ResultsTable rt, FolderClassifier.Failure f) {
        rt.incrementCounter();
        rt.addValue("file", f.file());
        rt.addValue("reason", f.reason());
    }

    /**
     * The confusion matrix, for Classify Folder and Evaluate Classifier alike: one row per true
     * class with the count per predicted class, the number of images and the recall; a last row
     * "all" with the column totals, all images and the accuracy.
     */
    public static ResultsTable confusion(ConfusionMatrix m) {
        ResultsTable rt = new ResultsTable();
        List<String> classes = m.classNames();
        for (int t = 0; t < classes.size(); t++) {
            rt.incrementCounter();
            rt.addValue("true_class", classes.get(t));
            for (int p = 0; p < classes.size(); p++) {
                rt.addValue(classes.get(p), m.count(t, p));
            }
            rt.addValue("images", m.actual(t));
            rt.addValue("recall", m.recall(t));
        }
        rt.incrementCounter();
        rt.addValue("true_class", "all");
        for (int p = 0; p < classes.size(); p++) {
            rt.addValue(classes.get(p), m.predicted(p));
        }
        rt.addValue("images", m.total());
        rt.addValue("recall", m.accuracy());
        return rt;
    }
}
