package org.cnnclassifier.data;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.image.PlanarRgb;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled images held as planar bytes of one {@link InputShape} (for CIFAR-10, 32x32 RGB: the
 * record layout without the label; 50,000 CIFAR images take about 150 MB). Turned into float
 * network input one batch at a time with {@link NetworkInput#toFeatures}, so training, evaluation
 * and classification share one encoding.
 */
public final class LabeledImages {
    public static final int CHANNELS = 3;
    public static final int SIZE = 32;
    public static final int BYTES_PER_IMAGE = CHANNELS * SIZE * SIZE;

    private final byte[][] images;
    private final int[] labels;
    private final List<String> classNames;
    /** Where the images came from, for messages and model.json. */
    private final String source;
    private final InputShape shape;

    /** CIFAR-10 layout images (32x32 RGB). */
    public LabeledImages(byte[][] images, int[] labels, List<String> classNames, String source) {
        this(images, labels, classNames, source, InputShape.CIFAR);
    }

    public LabeledImages(byte[][] images, int[] labels, List<String> classNames, String source, InputShape shape) {
        if (images.length != labels.length) {
            throw new IllegalArgumentException(images.length + " images but " + labels.length + " labels");
        }
        this.images = images;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.source = source;
        this.shape = shape;
    }

    /** The (resolved) shape every image has. */
    public InputShape shape() {
        return shape;
    }

    /**
     * These images at another shape (same images when it is this one): each 32x32 RGB image resized or
     * converted as a classifier would read it ({@link PlanarChannels}); other layouts cannot be converted.
     */
    public LabeledImages at(InputShape target) {
        if (target.equals(shape)) {
            return this;
        }
        int w = target.width() > 0 ? target.width() : shape.width();
        int h = target.height() > 0 ? target.height() : shape.height();
        int c = target.channels() > 0 ? target.channels() : shape.channels();
        InputShape to = target.with(w, h, c);
        if (to.equals(shape)) {
            return this;
        }
        if (to.width() == shape.width() && to.height() == shape.height() && to.channels() == shape.channels()
                && !InputShape.GRAY.equals(to.mode())) {
            return new LabeledImages(images, labels, classNames, source, to); // same bytes (RGB read natively)
        }
        if (!shape.equals(InputShape.CIFAR)) {
            throw new IllegalArgumentException("Images of " + source + " are " + shape + "; the model needs "
                    + to.describe() + ".");
        }
        byte[][] out = new byte[size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = PlanarChannels.fromChannels(List.of(PlanarRgb.toColorProcessor(images[i], shape.width(),
                    shape.height())), to);
        }
        return new LabeledImages(out, labels, classNames, source, to);
    }

    public int size() {
        return images.length;
    }

    public byte[] image(int i) {
        return images[i];
    }

    public int label(int i) {
        return labels[i];
    }

    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    public String source() {
        return source;
    }

    /** The images at {@code indices}, in that order (arrays shared, not copied). */
    public LabeledImages subset(int[] indices) {
        byte[][] im = new byte[indices.length][];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            im[i] = images[indices[i]];
            lb[i] = labels[indices[i]];
        }
        return new LabeledImages(im, lb, classNames, source, shape);
    }

    /** The first {@code n} images (all when {@code n} is at least the size). */
    public LabeledImages first(int n) {
        if (n >= size()) {
            return this;
        }
        return new LabeledImages(Arrays.copyOf(images, n), Arrays.copyOf(labels, n), classNames, source, shape);
    }

    /** This followed by {@code other}, which must have the same class names. */
    public LabeledImages concat(LabeledImages other) {
        if (!classNames.equals(other.classNames)) {
            throw new IllegalArgumentException("Class names differ: " + classNames + " vs " + other.classNames);
        }
        if (!shape.equals(other.shape)) {
            throw new IllegalArgumentException("Image shapes differ: " + shape + " vs " + other.shape);
        }
        byte[][] im = Arrays.copyOf(images, size() + other.size());
        System.arraycopy(other.images, 0, im, size(), other.size());
        int[] lb = Arrays.copyOf(labels, size() + other.size());
        System.arraycopy(other.labels, 0, lb, size(), other.size());
        return new LabeledImages(im, lb, classNames, source, shape);
    }

    /** A random split: {@code [0]} keeps {@code 1 - fraction}, {@code [1]} holds {@code fraction} of the images. */
    public LabeledImages[] split(double fraction, long seed) {
        int[] order = permutation(size(), new Random(seed));
        int held = (int) Math.round(size() * fraction);
        return new LabeledImages[] {subset(Arrays.copyOfRange(order, held, order.length)),
                subset(Arrays.copyOfRange(order, 0, held))};
    }

    /** Images {@code from..to-1} of {@code order} as a DataSet: NCHW features in [0,1] and one-hot labels. */
    public DataSet batch(int[] order, int from, int to, Augmentation augmentation) {
        return batch(order, from, to, augmentation, false);
    }

    /** As {@link #batch(int[], int, int, Augmentation)}, with NHWC features when {@code channelsLast}. */
    public DataSet batch(int[] order, int from, int to, Augmentation augmentation, boolean channelsLast) {
        return batch(order, from, to, augmentation, channelsLast, 0);
    }

    /**
     * As {@link #batch(int[], int, int, Augmentation, boolean)}, with label smoothing: each label row is
     * {@code (1 - smoothing)} times the one-hot row plus {@code smoothing / classes} in every class.
     */
    public DataSet batch(int[] order, int from, int to, Augmentation augmentation, boolean channelsLast,
            double smoothing) {
        return batch(order, from, to, augmentation, channelsLast, smoothing, null);
    }

    /**
     * As above; NCHW features are written into {@code reuse} (a finished batch's features, or null)
     * when it has their shape.
     */
    public DataSet batch(int[] order, int from, int to, Augmentation augmentation, boolean channelsLast,
            double smoothing, INDArray reuse) {
        int n = to - from;
        int k = numClasses();
        byte[][] im = new byte[n][];
        float[] oneHot = new float[n * k];
        float off = (float) (smoothing / k);
        float on = (float) (1 - smoothing + smoothing / k);
        if (off != 0) {
            java.util.Arrays.fill(oneHot, off);
        }
        for (int i = from; i < to; i++) {
            byte[] img = images[order[i]];
            im[i - from] = augmentation == null ? img : augmentation.apply(img, order[i]);
            oneHot[(i - from) * k + labels[order[i]]] = on;
        }
        int c = shape.channels(), h = shape.height(), w = shape.width();
        INDArray features = channelsLast ? NetworkInput.toChannelsLastFeatures(im, c, h, w)
                : NetworkInput.toFeatures(im, c, h, w, reuse);
        return new DataSet(features, Nd4j.create(oneHot, new long[] {n, k}, org.nd4j.linalg.api.buffer.DataType.FLOAT));
    }

    /** 0..n-1 shuffled (Fisher-Yates) with {@code random}. */
    public static int[] permutation(int n, Random random) {
        int[] p = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    public static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }
}
