package org.cnnclassifier.training;

import java.util.List;
import java.util.Random;

import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.network.Activations;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code whiten} key: the first convolution initialised by patch whitening, as in hlb-CIFAR10
 * and airbench. Random patches of the training images (the first layer's kernel size, all input
 * channels, as the network sees them) give a covariance matrix; its eigenvectors (ND4J's
 * {@link Eigen}, LAPACK's syev), largest eigenvalues first, scaled by {@code 1/sqrt(eigenvalue + eps)},
 * become filters in pairs {@code +v, -v} (so that the ReLU after the convolution keeps both signs),
 * and each bias is {@code -filter . mean patch}: the first {@code filters/2} outputs of a patch are
 * then its whitened coordinates (mean 0, covariance about the identity). Filters beyond twice the
 * patch length keep their random weights.
 */
public final class Whitening {
    /** Patches sampled (a random image, a random position each). */
    public static final int PATCHES = 20_000;
    /** Added to each eigenvalue (input values in [0, 1]: the smallest kept eigenvalues are about 1e-3). */
    public static final double EPS = 1e-4;

    private Whitening() {
    }

    /** Filters and biases for {@code filters} outputs over patches of length {@code d}. */
    public record Filters(double[][] weights, double[] bias) {
    }

    /**
     * Whitening filters of the patches (one per row): filter {@code 2i} is eigenvector i (largest
     * eigenvalue first) divided by {@code sqrt(eigenvalue + eps)}, filter {@code 2i+1} its negative;
     * rows beyond {@code 2 * d} are null (keep what the layer has).
     */
    public static Filters filters(double[][] patches, int filters, double eps) {
        int n = patches.length;
        int d = patches[0].length;
        INDArray p = Nd4j.create(patches).castTo(DataType.DOUBLE);
        INDArray mean = p.mean(0);
        INDArray centred = p.subRowVector(mean);
        INDArray cov = centred.transpose().mmul(centred).divi(n - 1);
        INDArray vectors = cov.dup();
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(vectors, true); // ascending; columns are vectors
        double[][] w = new double[filters][];
        double[] b = new double[filters];
        for (int f = 0; f < filters && f / 2 < d; f++) {
            int column = d - 1 - f / 2;
            double scale = (f % 2 == 0 ? 1 : -1) / Math.sqrt(Math.max(0, values.getDouble(column)) + eps);
            INDArray filter = vectors.getColumn(column).mul(scale);
            w[f] = filter.toDoubleVector();
            b[f] = -filter.mul(mean).sumNumber().doubleValue();
        }
        return new Filters(w, b);
    }

    /** Sets the first convolution layer of {@code net} to whitening filters of {@code training}'s patches. */
    public static void apply(MultiLayerNetwork net, LabeledImages training, long seed) {
        List<Activations.SpatialLayer> convolutions = Activations.convolutionLayers(net);
        if (convolutions.isEmpty()) {
            throw new IllegalArgumentException("whiten needs a network with a convolution layer.");
        }
        Layer conv = net.getLayer(convolutions.get(0).index());
        long[] s = conv.getParam("W").shape(); // [out, in, kh, kw]
        int out = (int) s[0], in = (int) s[1], kh = (int) s[2], kw = (int) s[3];
        double[][] patches = patches(training, in, kh, kw, PATCHES, seed);
        Filters f = filters(patches, out, EPS);
        // The whole kernel is assigned at once: in ND4J 1.0.0-M2.1 the view of the last filter,
        // weights.get(point(out - 1)), was found without a buffer (NullPointerException in assign).
        INDArray weights = conv.getParam("W");
        INDArray bias = conv.getParam("b");
        int d = in * kh * kw;
        double[] w = weights.dup('c').reshape(out, d).data().asDouble();
        double[] b = bias.dup('c').data().asDouble();
        for (int o = 0; o < out; o++) {
            if (f.weights()[o] != null) {
                System.arraycopy(f.weights()[o], 0, w, o * d, d);
                b[o] = f.bias()[o];
            }
        }
        weights.assign(Nd4j.create(w, s).castTo(weights.dataType()));
        bias.assign(Nd4j.create(b, bias.shape()).castTo(bias.dataType()));
    }

    /**
     * {@code count} random {@code in x kh x kw} patches (channel, row, column order: the order of a
     * convolution's weights) of random training images, valid positions only, as network input.
     */
    static double[][] patches(LabeledImages training, int in, int kh, int kw, int count, long seed) {
        Random r = new Random(seed);
        int w = training.shape().width(), h = training.shape().height(), c = training.shape().channels();
        if (c != in) {
            throw new IllegalStateException("The first convolution takes " + in + " channels, the images have " + c);
        }
        int images = Math.min(training.size(), Math.max(1, count / 10));
        int[] order = LabeledImages.permutation(training.size(), r);
        byte[][] chosen = new byte[images][];
        for (int i = 0; i < images; i++) {
            chosen[i] = training.image(order[i]);
        }
        float[] x = NetworkInput.toFeatures(chosen, c, h, w, null).dup('c').data().asFloat();
        int plane = w * h;
        double[][] out = new double[count][in * kh * kw];
        for (int p = 0; p < count; p++) {
            int img = r.nextInt(images);
            int y0 = r.nextInt(h - kh + 1);
            int x0 = r.nextInt(w - kw + 1);
            int k = 0;
            for (int ch = 0; ch < in; ch++) {
                for (int dy = 0; dy < kh; dy++) {
                    for (int dx = 0; dx < kw; dx++) {
                        out[p][k++] = x[(img * c + ch) * plane + (y0 + dy) * w + x0 + dx];
                    }
                }
            }
        }
        return out;
    }
}
