package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.measure.ResultsTable;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;

/** The tables Classify Folder shows, on a hand-made result. */
class ResultTablesTest {
    @Test
    void confusionMatrixRowsRecallAndAccuracy() {
        // true a: 3 images, 2 predicted a, 1 predicted b; true b: 1 image, predicted a.
        int[][] m = {{2, 1}, {1, 0}};
        FolderClassifier.Result r = new FolderClassifier.Result(List.of(), List.of(), List.of("a", "b"), m, 0.5, 4, 1,
                false);
        ResultsTable t = ResultTables.confusion(r.confusionMatrix());
        assertEquals(3, t.size());
        assertEquals("a", t.getStringValue("true_class", 0));
        assertEquals(2, t.getValue("a", 0));
        assertEquals(1, t.getValue("b", 0));
        assertEquals(3, t.getValue("images", 0));
        assertEquals(2.0 / 3, t.getValue("recall", 0), 1e-12);
        assertEquals(0, t.getValue("recall", 1), 1e-12);
        assertEquals("all", t.getStringValue("true_class", 2));
        assertEquals(3, t.getValue("a", 2));
        assertEquals(1, t.getValue("b", 2));
        assertEquals(4, t.getValue("images", 2));
        assertEquals(0.5, t.getValue("recall", 2), 1e-12);
    }

    @Test
    void folderRowHasTheCsvColumns() {
        ResultsTable t = new ResultsTable();
        ResultTables.addFolderRow(t, new FolderClassifier.Row("cat/1.jpg",
                List.of(new Classifier.Ranked(1, 3, "cat", 0.75), new Classifier.Ranked(2, 5, "dog", 0.2)), "cat"));
        assertEquals("file,class,probability,class_2,probability_2,true_class", String.join(",", t.getHeadings()));
        assertEquals("dog", t.getStringValue("class_2", 0));
        assertEquals(0.2, t.getValue("probability_2", 0), 1e-12);
    }
}
