package org.cnnclassifier.host;

import ij.measure.ResultsTable;
import org.cnnclassifier.evaluation.ConfusionMatrix;
import org.cnnclassifier.evaluation.EvaluationResult;

/** An evaluation as ResultsTables: a summary, the confusion matrix (as Classify Folder's) and per-class figures. */
public final class EvaluationTables {
    public static final String CLASSES_TITLE = "Per-Class Accuracy";

    private EvaluationTables() {
    }

    public static final String SUMMARY_TITLE = "Evaluation";

    /** One row: images, accuracy, loss. */
    public static ResultsTable summary(EvaluationResult r) {
        ResultsTable t = new ResultsTable();
        t.addRow();
        t.addValue("images", r.images());
        t.addValue("accuracy", r.accuracy());
        t.addValue("loss", r.loss());
        return t;
    }

    public static ResultsTable perClass(EvaluationResult r) {
        ConfusionMatrix m = r.confusionMatrix();
        ResultsTable t = new ResultsTable();
        for (int c = 0; c < m.size(); c++) {
            t.addRow();
            t.addValue("class", m.classNames().get(c));
            t.addValue("images", m.actual(c));
            t.addValue("precision", m.precision(c));
            t.addValue("recall", m.recall(c));
        }
        return t;
    }

    /** Shows both tables (GUI only) and returns a one-line summary. */
    public static String show(EvaluationResult r, boolean show) {
        if (show) {
            ResultTables.confusion(r.confusionMatrix()).show(ResultTables.CONFUSION);
            perClass(r).show(CLASSES_TITLE);
        }
        return String.format("accuracy %.2f%%, loss %.4f on %d images", 100 * r.accuracy(), r.loss(), r.images());
    }

    /** The confusion matrix and per-class figures as plain text (headless output). */
    public static String asText(EvaluationResult r) {
        StringBuilder sb = new StringBuilder("confusion matrix (rows: actual, columns: predicted)\n");
        int k = r.classNames().size();
        sb.append(String.format("%-12s", ""));
        for (String c : r.classNames()) {
            sb.append(String.format("%11.11s", c));
        }
        sb.append('\n');
        for (int a = 0; a < k; a++) {
            sb.append(String.format("%-12.12s", r.classNames().get(a)));
            for (int p = 0; p < k; p++) {
                sb.append(String.format("%11d", r.confusion()[a][p]));
            }
            sb.append('\n');
        }
        sb.append(String.format("%-12s%11s%11s%n", "class", "precision", "recall"));
        for (int c = 0; c < k; c++) {
            sb.append(String.format("%-12.12s%11.4f%11.4f%n", r.classNames().get(c), r.precision()[c], r.recall()[c]));
        }
        return sb.toString();
    }
}
