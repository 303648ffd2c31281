package org.cnnclassifier.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cnnclassifier.conv.ConvolutionOptions.Activation;
import org.cnnclassifier.conv.ConvolutionOptions.Edges;

/**
 * One output pixel of a convolution written out as the tutorial shows it: every input value under
 * the kernel (per channel), the weight it meets, their product, and the sum of the products, which
 * is the feature map's pixel. Written plainly, tap by tap, independent of {@link ConvolutionEngine}'s
 * fast paths. Also the text form of a run's kernels and options, which a feature-map image keeps so
 * the arithmetic can be redone on it later.
 */
public final class ConvolutionArithmetic {
    private ConvolutionArithmetic() {
    }

    /**
     * One kernel position: input channel, kernel row and column ({@code dy}, {@code dx}), the input
     * pixel read (outside the image under {@code padding=same}: the edge rule's value), the kernel's
     * weight, the weight applied (divided by the kernel sum when normalising), and their product.
     */
    public record Term(int channel, int dy, int dx, int inputX, int inputY, double input, double kernelWeight,
            double weight, double product) {
    }

    /**
     * The arithmetic of one output pixel ({@code x}, {@code y}) of kernel {@code kernel}: the terms,
     * their sum, and the map's value (the sum after the activation).
     */
    public record Result(String kernelName, int x, int y, List<Term> terms, double sum, double value) {
    }

    /**
     * The arithmetic of output pixel ({@code x}, {@code y}) of kernel {@code k} on an image given as
     * its channels ({@code channels[c][y * width + x]}, raw values). {@code channel} is the one
     * channel the map was made from (channels=separate), or -1 when the channels were summed.
     *
     * @throws IllegalArgumentException when (x, y) is not a pixel of the map
     */
    public static Result at(float[][] channels, int width, int height, Kernel k, ConvolutionOptions o, int channel,
            int x, int y) {
        int wOut = o.outputSize(width, k.width()), hOut = o.outputSize(height, k.height());
        if (x < 0 || y < 0 || x >= wOut || y >= hOut) {
            throw new IllegalArgumentException("Pixel " + x + "," + y + " is outside the feature map (" + wOut + "x"
                    + hOut + "). Give x from 0 to " + (wOut - 1) + " and y from 0 to " + (hOut - 1) + ".");
        }
        double scale = 1;
        if (o.normalize() && k.sum() != 0) {
            scale = 1.0 / k.sum();
        }
        int left = x * o.stride() - o.padBefore(width, k.width());
        int top = y * o.stride() - o.padBefore(height, k.height());
        List<Term> terms = new ArrayList<>();
        double sum = 0;
        for (int c = 0; c < channels.length; c++) {
            if (channel >= 0 && c != channel) {
                continue;
            }
            int kc = k.channels() == 1 ? 0 : c;
            for (int dy = 0; dy < k.height(); dy++) {
                for (int dx = 0; dx < k.width(); dx++) {
                    int ix = left + dx, iy = top + dy;
                    int sx = o.edges().source(ix, width), sy = o.edges().source(iy, height);
                    double input = sx < 0 || sy < 0 ? 0 : channels[c][sy * width + sx];
                    double kw = k.weight(kc, dy, dx);
                    double w = (float) (kw * scale);
                    double product = input * w;
                    sum += product;
                    terms.add(new Term(c, dy, dx, ix, iy, input, kw, w, product));
                }
            }
        }
        double value = o.activation() == Activation.RELU ? Math.max(0, sum) : sum;
        return new Result(k.name(), x, y, terms, sum, value);
    }

    /** The options as macro words: {@code stride=2 padding=valid edges=zero normalize=false ...}. */
    public static String optionsText(ConvolutionOptions o) {
        return "stride=" + o.stride() + " padding=" + ConvolutionOptions.word(o.padding()) + " edges="
                + ConvolutionOptions.word(o.edges()) + " normalize=" + o.normalize() + " channels="
                + ConvolutionOptions.word(o.channels()) + " activation=" + ConvolutionOptions.word(o.activation());
    }

    /** The options from {@link #optionsText}. */
    public static ConvolutionOptions parseOptions(String text) {
        String[] v = new String[6];
        String[] keys = {"stride", "padding", "edges", "normalize", "channels", "activation"};
        for (String part : text.strip().split("\\s+")) {
            for (int i = 0; i < keys.length; i++) {
                if (part.startsWith(keys[i] + "=")) {
                    v[i] = part.substring(keys[i].length() + 1);
                }
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (v[i] == null) {
                throw new IllegalArgumentException("The convolution options '" + text + "' lack " + keys[i] + ".");
            }
        }
        return ConvolutionOptions.parse(Integer.parseInt(v[0]), v[1], v[2], Boolean.parseBoolean(v[3]), v[4], v[5]);
    }

    /** The kernels as text, one per line: name, width, height, channels, weights (exact float text), tab-separated. */
    public static String kernelsText(List<Kernel> kernels) {
        StringBuilder sb = new StringBuilder();
        for (Kernel k : kernels) {
            sb.append(k.name().replaceAll("[\\t\\r\\n]", " ")).append('\t').append(k.width()).append('\t')
                    .append(k.height()).append('\t').append(k.channels()).append('\t');
            float[] w = k.weights();
            for (int i = 0; i < w.length; i++) {
                sb.append(i == 0 ? "" : " ").append(Float.toString(w[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The kernels from {@link #kernelsText}. */
    public static List<Kernel> parseKernels(String text) {
        List<Kernel> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 5) {
                throw new IllegalArgumentException("Not a kernel record: '" + line + "'.");
            }
            String[] nums = f[4].strip().split(" ");
            float[] w = new float[nums.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = Float.parseFloat(nums[i].strip().toLowerCase(Locale.ROOT));
            }
            out.add(new Kernel(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), w));
        }
        return out;
    }
}
