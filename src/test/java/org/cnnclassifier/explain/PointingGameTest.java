package org.cnnclassifier.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pointing game: 32x32 images of gray noise whose class is carried only by a 6x6 object (red or
 * blue) at a random position; the {@code seed} network (valid convolutions and pools: the map is
 * shifted and shrunk against the image) is trained by the plugin's trainer, and on fresh images the
 * maximum of the true class's map must fall inside the object: Grad-CAM for at least 80%, occlusion for
 * at least 95% of them.
 */
class PointingGameTest {
    static final int SIZE = 32, OBJECT = 6;
    static Classifier classifier;

    @TempDir
    static Path tmp;

    /** One image: planar RGB bytes, and the object's corner and class in {@code where}. */
    static byte[] image(Random rnd, int[] where) {
        return image(rnd, where, 2);
    }

    /** As above; class 2 (of {@code classes} = 3) is noise without an object. */
    static byte[] image(Random rnd, int[] where, int classes) {
        byte[] img = new byte[3 * SIZE * SIZE];
        int plane = SIZE * SIZE;
        for (int p = 0; p < plane; p++) {
            int g = rnd.nextInt(256);
            img[p] = (byte) g;
            img[plane + p] = (byte) g;
            img[2 * plane + p] = (byte) g;
        }
        int cls = rnd.nextInt(classes), x0 = rnd.nextInt(SIZE - OBJECT + 1), y0 = rnd.nextInt(SIZE - OBJECT + 1);
        for (int y = y0; y < y0 + (cls == 2 ? 0 : OBJECT); y++) {
            for (int x = x0; x < x0 + OBJECT; x++) {
                img[y * SIZE + x] = (byte) (cls == 0 ? 255 : 0);
                img[plane + y * SIZE + x] = 0;
                img[2 * plane + y * SIZE + x] = (byte) (cls == 0 ? 0 : 255);
            }
        }
        where[0] = x0;
        where[1] = y0;
        where[2] = cls;
        return img;
    }

    @BeforeAll
    static void train() throws IOException {
        Random rnd = new Random(3);
        int n = 600;
        byte[][] images = new byte[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int[] w = new int[3];
            images[i] = image(rnd, w, 3);
            labels[i] = w[2];
        }
        Path model = tmp.resolve("pointing.zip");
        TrainingOptions o = TrainingOptions.builder().data(tmp).architecture(Architecture.SEED).epochs(4).batch(16)
                .rate(2e-3).seed(5).validation("").model(model).build();
        Trainer.train(o, new Trainer.Data(new LabeledImages(images, labels, List.of("red", "blue", "none"),
                "synthetic"), null,
                List.of()), ProgressListener.SILENT, null);
        classifier = ModelCache.get(model.toString());
    }

    static ImagePlus rgb(byte[] planar) {
        int plane = SIZE * SIZE;
        ColorProcessor cp = new ColorProcessor(SIZE, SIZE);
        cp.setRGB(java.util.Arrays.copyOfRange(planar, 0, plane), java.util.Arrays.copyOfRange(planar, plane,
                2 * plane), java.util.Arrays.copyOfRange(planar, 2 * plane, 3 * plane));
        return new ImagePlus("object", cp);
    }

    /** Whether the map's maximum is reached inside the object (a plateau counts if it includes the object). */
    static boolean pointsInside(float[] map, int[] where) {
        float max = Float.NEGATIVE_INFINITY, inside = Float.NEGATIVE_INFINITY;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                float v = map[y * SIZE + x];
                max = Math.max(max, v);
                if (x >= where[0] && x < where[0] + OBJECT && y >= where[1] && y < where[1] + OBJECT) {
                    inside = Math.max(inside, v);
                }
            }
        }
        return max > 0 && inside >= max - 1e-6f * Math.abs(max);
    }

    @Test
    void mapsPointAtTheObject() {
        Random rnd = new Random(99); // fresh images, never trained on
        int n = 100, gradHits = 0, occlusionHits = 0, occlusionRuns = 20, correct = 0;
        for (int i = 0; i < n; i++) {
            int[] where = new int[3];
            ImagePlus imp = rgb(image(rnd, where));
            String cls = where[2] == 0 ? "red" : "blue";
            Explanation.Result g = Explanation.explain(imp, classifier, new Explanation.Options("gradcam", cls, "", 8,
                    4), true);
            correct += g.units().get(0).probability() > 0.5 ? 1 : 0;
            gradHits += pointsInside(g.units().get(0).map(), where) ? 1 : 0;
            if (i < occlusionRuns) {
                Explanation.Result o = Explanation.explain(imp, classifier, new Explanation.Options("occlusion", cls,
                        "", 8, 4), true);
                boolean hit = pointsInside(o.units().get(0).map(), where);
                occlusionHits += hit ? 1 : 0;
            }
        }
        System.out.printf("pointing game: accuracy %d%%, Grad-CAM %d%%, occlusion %d/%d%n", correct, gradHits,
                occlusionHits, occlusionRuns);
        assertTrue(correct >= 90, "the model learned the task: " + correct + "%");
        assertTrue(gradHits >= 80, "Grad-CAM pointed inside the object for " + gradHits + "%");
        assertTrue(occlusionHits >= 0.95 * occlusionRuns, "occlusion pointed inside for " + occlusionHits + "/"
                + occlusionRuns);
    }
}
