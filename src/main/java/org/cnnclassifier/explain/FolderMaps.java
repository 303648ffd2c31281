package org.cnnclassifier.explain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.inference.InferenceViews;
import org.cnnclassifier.speed.ChannelsLastTwin;
import org.cnnclassifier.util.AtomicFiles;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Classify Folder's {@code maps}: for each decoded batch, Grad-CAM of each image's top class at the last
 * convolution layer, and one PNG per file in the maps folder (same relative path, extension
 * {@code .png}): the image as the network read it (the model's input size) blended with the heat map.
 * Without test-time views, the probabilities come from the Grad-CAM forward pass itself (one pass), run on an
 * NHWC twin of the network as Classify Folder's own inference is.
 */
public final class FolderMaps implements FolderClassifier.Scorer {
    private final Classifier classifier;
    private final Path folder;
    private final InferenceViews views;
    private final int layer;
    private final MultiLayerNetwork network;
    private final int batch;
    private final ReceptiveFields fields;
    private final Set<Path> written = new HashSet<>();

    /**
     * @throws IllegalArgumentException when the model has no convolution layer
     */
    public FolderMaps(Classifier classifier, Path folder, InferenceViews views) {
        this.classifier = classifier;
        this.folder = folder;
        this.views = views != null ? views : InferenceViews.NONE;
        this.layer = GradCam.layerIndex(classifier.network(), "");
        // An NHWC twin (the fast inference layout) where there is one: the backward pass from the output to the
        // last convolution layer crosses no convolution, which DL4J runs in either layout.
        this.network = GradCam.fastest(classifier.network(), layer);
        this.batch = network != classifier.network() ? classifier.batchSize() : ChannelsLastTwin.NCHW_BATCH;
        InputShape s = classifier.shape();
        this.fields = ReceptiveFields.of(classifier.network(), layer, s.width(), s.height());
    }

    /** Checks that the maps folder exists and can be written (before the model loads). */
    public static void checkFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("The maps folder " + folder + " does not exist. Choose an existing folder.");
        }
        if (!Files.isWritable(folder)) {
            throw new IOException("The maps folder " + folder + " cannot be written. Choose another folder.");
        }
    }

    @Override
    public float[][] score(byte[][] images, List<String> names) throws IOException {
        if (images.length == 0) {
            return new float[0][];
        }
        float[][] probabilities = null;
        int[] classes = null;
        if (views.count() > 1) {
            probabilities = classifier.probabilities(images, views);
            classes = new int[images.length];
            for (int i = 0; i < images.length; i++) {
                classes[i] = Classifier.argMax(probabilities[i]);
            }
        }
        InputShape s = classifier.shape();
        float[][] cells = new float[images.length][];
        int cw = 0, ch = 0;
        float[][] outputs = new float[images.length][];
        // The twin at the classifier's batch; a plain (NCHW) network at up to 64 images per call, where it is fastest.
        for (int from = 0; from < images.length; from += batch) {
            int to = Math.min(images.length, from + batch);
            byte[][] part = java.util.Arrays.copyOfRange(images, from, to);
            GradCam.Result r = GradCam.compute(network, NetworkInput.forNetwork(network, part, s.channels(),
                    s.height(), s.width()), layer, classes == null ? null : java.util.Arrays.copyOfRange(classes, from,
                    to));
            System.arraycopy(r.cells(), 0, cells, from, to - from);
            if (classes == null) { // else the views' probabilities above are the ones reported
                System.arraycopy(GradCam.probabilities(network, r), 0, outputs, from, to - from);
            }
            cw = r.width();
            ch = r.height();
        }
        if (probabilities == null) {
            probabilities = outputs;
        }
        for (int i = 0; i < images.length; i++) {
            float[] map = fields.toImage(cells[i], cw, ch, s.width(), s.height(), s.width(), s.height());
            var overlay = ExplainedImages.overlay(ExplainedImages.planes(images[i], s.channels(), s.width(),
                    s.height()), map, s.width(), s.height());
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(overlay.getBufferedImage(), "png", png);
            AtomicFiles.writeBytes(target(names.get(i)), png.toByteArray());
        }
        return probabilities;
    }

    /** The PNG for a file: its relative path with extension .png (the whole name + .png if that is taken). */
    Path target(String relative) {
        int dot = relative.lastIndexOf('.');
        String stem = dot > relative.lastIndexOf('/') + 1 ? relative.substring(0, dot) : relative;
        Path p = folder.resolve(stem + ".png");
        if (!written.add(p)) {
            p = folder.resolve(relative + ".png");
            written.add(p);
        }
        return p;
    }
}
