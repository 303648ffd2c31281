package org.cnnclassifier.evaluation;

import java.util.List;

/**
 * Counts of (actual class, predicted class) pairs, with the figures derived from them: per-class
 * recall (of the images of a class, the share predicted as it) and precision (of the images
 * predicted as a class, the share that are it), and overall accuracy. A figure whose denominator
 * is 0 is NaN. Used by Classify Folder (true class from subfolders) and Evaluate Classifier.
 */
public final class ConfusionMatrix {
    private final List<String> classNames;
    private final int[][] counts;

    /** An empty matrix for these classes. */
    public ConfusionMatrix(List<String> classNames) {
        this(classNames, new int[classNames.size()][classNames.size()]);
    }

    /** A matrix over {@code counts[actual][predicted]} (kept, not copied). */
    public ConfusionMatrix(List<String> classNames, int[][] counts) {
        if (counts.length != classNames.size()) {
            throw new IllegalArgumentException("confusion matrix of " + counts.length + " rows for "
                    + classNames.size() + " classes");
        }
        for (int[] row : counts) {
            if (row.length != counts.length) {
                throw new IllegalArgumentException("confusion matrix is not square");
            }
        }
        this.classNames = List.copyOf(classNames);
        this.counts = counts;
    }

    /** Counts one image of class {@code actual} predicted as {@code predicted}. */
    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    public List<String> classNames() {
        return classNames;
    }

    public int size() {
        return counts.length;
    }

    /** The counts, {@code [actual][predicted]} (the matrix's own array). */
    public int[][] counts() {
        return counts;
    }

    public int count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Images whose class is {@code c} (row total). */
    public int actual(int c) {
        int n = 0;
        for (int p = 0; p < counts.length; p++) {
            n += counts[c][p];
        }
        return n;
    }

    /** Images predicted as {@code c} (column total). */
    public int predicted(int c) {
        int n = 0;
        for (int[] row : counts) {
            n += row[c];
        }
        return n;
    }

    /** All counted images. */
    public int total() {
        int n = 0;
        for (int c = 0; c < counts.length; c++) {
            n += actual(c);
        }
        return n;
    }

    /** Images predicted as their own class (the diagonal). */
    public int correct() {
        int n = 0;
        for (int c = 0; c < counts.length; c++) {
            n += counts[c][c];
        }
        return n;
    }

    /** Share of class {@code c}'s images predicted as {@code c}; NaN when the class has no images. */
    public double recall(int c) {
        int n = actual(c);
        return n > 0 ? (double) counts[c][c] / n : Double.NaN;
    }

    /** Share of the images predicted as {@code c} that are {@code c}; NaN when nothing was predicted as it. */
    public double precision(int c) {
        int n = predicted(c);
        return n > 0 ? (double) counts[c][c] / n : Double.NaN;
    }

    /** Share of all images predicted correctly; NaN when the matrix is empty. */
    public double accuracy() {
        int n = total();
        return n > 0 ? (double) correct() / n : Double.NaN;
    }

    public double[] recalls() {
        double[] r = new double[counts.length];
        for (int c = 0; c < r.length; c++) {
            r[c] = recall(c);
        }
        return r;
    }

    public double[] precisions() {
        double[] r = new double[counts.length];
        for (int c = 0; c < r.length; c++) {
            r[c] = precision(c);
        }
        return r;
    }
}
