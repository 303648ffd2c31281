package org.cnnclassifier.ij1;

import ij.measure.ResultsTable;
import org.cnnclassifier.model.EvaluationResult;

/** An evaluation as ResultsTables: the confusion matrix (rows actual, columns predicted) and per-class figures. */
public final class EvaluationTables {
    public static final String CONFUSION_TITLE = "Confusion Matrix";
    public static final String CLASSES_TITLE = "Per-Class Accuracy";

    private EvaluationTables() {
    }

    public static ResultsTable confusion(EvaluationResult r) {
        ResultsTable t = new ResultsTable();
        for (int a = 0; a < r.confusion().length; a++) {
            t.addRow();
            t.addValue("actual", r.classNames().get(a));
            for (int p = 0; p < r.confusion().length; p++) {
                t.addValue(r.classNames().get(p), r.confusion()[a][p]);
            }
        }
        return t;
    }

    public static ResultsTable perClass(EvaluationResult r) {
        ResultsTable t = new ResultsTable();
        for (int c = 0; c < r.classNames().size(); c++) {
            int actual = 0;
            for (int p = 0; p < r.confusion().length; p++) {
                actual += r.confusion()[c][p];
            }
            t.addRow();
            t.addValue("class", r.classNames().get(c));
            t.addValue("images", actual);
            t.addValue("precision", r.precision()[c]);
            t.addValue("recall", r.recall()[c]);
        }
        return t;
    }

    /** Shows both tables (GUI only) and returns a one-line summary. */
    public static String show(EvaluationResult r, boolean show) {
        if (show) {
            confusion(r).show(CONFUSION_TITLE);
            perClass(r).show(CLASSES_TITLE);
        }
        return String.format("accuracy %.2f%%, loss %.4f on %d images", 100 * r.accuracy(), r.loss(), r.images());
    }
}
