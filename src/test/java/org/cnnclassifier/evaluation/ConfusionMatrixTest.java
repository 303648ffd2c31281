package org.cnnclassifier.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.cnnclassifier.inference.FolderClassifier;

/** Counts, recall, precision and accuracy, checked by hand on a 3-class example. */
class ConfusionMatrixTest {
    @Test
    void figuresByHand() {
        // actual a: 3 -> a, 1 -> b; actual b: 2 -> b; actual c: 1 -> a, 0 -> c (no c predicted)
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c"));
        for (int[] pair : new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 1}, {2, 0}}) {
            m.add(pair[0], pair[1]);
        }
        assertEquals(7, m.total());
        assertEquals(5, m.correct());
        assertEquals(5 / 7.0, m.accuracy(), 1e-12);
        assertEquals(4, m.actual(0));
        assertEquals(4, m.predicted(0));
        assertEquals(0.75, m.recall(0), 1e-12);
        assertEquals(0.75, m.precision(0), 1e-12);
        assertEquals(1.0, m.recall(1), 1e-12);
        assertEquals(2 / 3.0, m.precision(1), 1e-12);
        assertEquals(0.0, m.recall(2), 1e-12);
        assertTrue(Double.isNaN(m.precision(2)), "nothing predicted as c");
        assertArrayEquals(new int[] {3, 1, 0}, m.counts()[0]);
        assertEquals(3, m.recalls().length);
        assertTrue(Double.isNaN(new ConfusionMatrix(List.of("x")).accuracy()));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of("a", "b"), new int[3][3]));
    }

    @Test
    void evaluationAndFolderResultsShareIt() {
        int[][] counts = {{2, 1}, {0, 3}};
        EvaluationResult e = new EvaluationResult(List.of("a", "b"), 6, 5 / 6.0, 0.1, counts, new double[] {1, 0.75},
                new double[] {2 / 3.0, 1});
        ConfusionMatrix m = e.confusionMatrix();
        assertEquals(e.accuracy(), m.accuracy(), 1e-12);
        assertArrayEquals(e.precision(), m.precisions(), 1e-12);
        assertArrayEquals(e.recall(), m.recalls(), 1e-12);
        FolderClassifier.Result r = new FolderClassifier.Result(List.of(), List.of(), List.of("a", "b"), counts, 5 / 6.0, 6, 1, false);
        assertEquals(r.labelled(), r.confusionMatrix().total());
        assertEquals(r.accuracy(), r.confusionMatrix().accuracy(), 1e-12);
    }
}
