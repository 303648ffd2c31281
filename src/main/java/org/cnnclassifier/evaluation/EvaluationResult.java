package org.cnnclassifier.evaluation;

import java.util.List;

/**
 * A classifier's figures on labelled images: accuracy, mean cross-entropy loss, the confusion
 * matrix ({@code confusion[actual][predicted]}) and per-class precision and recall (NaN for a class
 * never predicted / never present).
 */
public record EvaluationResult(List<String> classNames, int images, double accuracy, double loss, int[][] confusion,
        double[] precision, double[] recall) {
    /** The confusion matrix with its derived figures (recall, precision, accuracy). */
    public ConfusionMatrix confusionMatrix() {
        return new ConfusionMatrix(classNames, confusion);
    }
}
