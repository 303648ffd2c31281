package org.cnnclassifier.evaluation;

import java.util.List;

import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.progress.ProgressListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.inference.InferenceViews;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.speed.ChannelsLastTwin;

/**
 * Evaluates a network on labelled images in batches, with DL4J's own {@link Evaluation}; an NCHW
 * network runs as its {@link ChannelsLastTwin} (same outputs, faster at large batches).
 */
public final class Evaluator {
    private Evaluator() {
    }

    public static EvaluationResult evaluate(MultiLayerNetwork net, LabeledImages data, ProgressListener progress) {
        return evaluate(net, data, progress, InferenceViews.NONE);
    }

    /**
     * As above; each image's outputs are the mean over its {@code views} (test-time averaging, as
     * {@link Classifier#probabilities(byte[][], InferenceViews)}).
     */
    public static EvaluationResult evaluate(MultiLayerNetwork net, LabeledImages data, ProgressListener progress,
            InferenceViews views) {
        Nd4jSetup.ensureInitialized();
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("No images to evaluate on.");
        }
        int k = data.numClasses();
        Evaluation eval = new Evaluation(data.classNames(), 1);
        double lossSum = 0;
        int[] order = LabeledImages.identity(n);
        MultiLayerNetwork twin = ChannelsLastTwin.current(net);
        var shape = data.shape();
        int batch = ChannelsLastTwin.batchSize(twin, shape.height(), shape.width(), shape.channels());
        for (int from = 0; from < n; from += batch) {
            progress.checkCanceled();
            int to = Math.min(n, from + batch);
            DataSet ds = data.batch(order, from, to, null, twin != null);
            MultiLayerNetwork running = twin != null ? twin : net;
            INDArray out = running.output(ds.getFeatures(), false);
            if (views.count() > 1) {
                List<byte[][]> all = views(data, from, to, views);
                for (byte[][] view : all.subList(1, all.size())) { // the first is the images themselves: done
                    out.addi(running.output(NetworkInput.forNetwork(running, view, shape.channels(), shape.height(),
                            shape.width()), false));
                }
                out.divi(views.count());
            }
            eval.eval(ds.getLabels(), out);
            // Cross-entropy of the softmax outputs, clipped as DL4J's LossMCXENT clips.
            INDArray p = out.mul(ds.getLabels()).sum(1);
            lossSum -= Transforms.log(Transforms.max(p, 1e-10), false).sumNumber().doubleValue();
            progress.progress((double) to / n);
        }
        ConfusionMatrix matrix = new ConfusionMatrix(data.classNames(), new int[k][k]);
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                matrix.counts()[a][p] = eval.getConfusionMatrix().getCount(a, p);
            }
        }
        // DL4J's precision(i)/recall(i) return 0 for empty classes; NaN says "undefined" honestly.
        return new EvaluationResult(List.copyOf(data.classNames()), n, eval.accuracy(), lossSum / n, matrix.counts(),
                matrix.precisions(), matrix.recalls());
    }

    /** The {@code views} of images {@code from..to-1} of {@code data}. */
    private static List<byte[][]> views(LabeledImages data, int from, int to, InferenceViews views) {
        byte[][] images = new byte[to - from][];
        for (int i = from; i < to; i++) {
            images[i - from] = data.image(i);
        }
        var shape = data.shape();
        return views.of(images, shape.width(), shape.height());
    }
}
