package org.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default model shipped in the jar (src/main/resources/models/cifar10-default.zip, trained by
 * Train CIFAR-10 Classifier) on the 500 sample JPEGs in ../shared/samples/cifar10-jpg.
 */
class DefaultModelTest {
    @Test
    void defaultModelClassifiesSamplesWellAboveChance(@TempDir Path tmp) throws IOException {
        assertNotNull(ModelCache.class.getResource(ModelFile.DEFAULT_MODEL_RESOURCE),
                "the default model " + ModelFile.DEFAULT_MODEL_RESOURCE + " is not on the classpath (it comes from the training branch)");
        Path shared = TinyModels.shared();
        assertNotNull(shared, "../shared is needed for the sample images");
        Classifier classifier = ModelCache.get("");
        assertEquals(TinyModels.CIFAR, classifier.classNames());
        FolderClassifier.Result r = FolderClassifier.run(new FolderClassifier.Options(
                shared.resolve("samples/cifar10-jpg"), true, "*.jpg", 3, tmp.resolve("samples.csv")), classifier,
                ProgressListener.SILENT, FolderClassifierTest.NO_SINK);
        assertEquals(500, r.labelled());
        System.out.printf("default model on samples/cifar10-jpg: accuracy %.4f (%d images)%n", r.accuracy(), r.labelled());
        assertTrue(r.accuracy() > 0.5, "accuracy " + r.accuracy());
    }
}
