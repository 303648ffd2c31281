package org.cnnclassifier.keras;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * A per-channel map {@code y = scale[c] * x + offset[c]}: what the imported network does to the
 * plugin's input (8-bit values divided by 255) to give what the Keras model expects: the
 * {@code normalize} convention ({@link #fromUnitRange}) followed by the model's leading Rescaling
 * and Normalization layers. Becomes a 1x1 convolution in the network unless it is the identity.
 */
record Affine(double[] scale, double[] offset) {
    /** Keras Normalization's floor on the standard deviation ({@code backend.epsilon()}). */
    static final double EPSILON = 1e-7;

    /**
     * From x/255 to what the Keras model was fed: {@code divide-by-255} (the identity), {@code none} (0-255,
     * times 255) or {@code mean-std=m1,m2,m3/s1,s2,s3} ((x*255 - m) / s, 0-255 scale; one m and s for all
     * channels also).
     */
    static Affine fromUnitRange(String normalize, int channels) {
        String n = normalize.trim().toLowerCase(Locale.ROOT);
        if (n.equals("divide-by-255")) {
            return uniform(1, 0, channels);
        }
        if (n.equals("none")) {
            return uniform(255, 0, channels);
        }
        if (n.startsWith("mean-std=")) {
            String[] parts = n.substring("mean-std=".length()).split("/");
            if (parts.length == 2) {
                double[] m = numbers(parts[0], channels, normalize);
                double[] s = numbers(parts[1], channels, normalize);
                double[] a = new double[channels], b = new double[channels];
                for (int i = 0; i < channels; i++) {
                    if (!(s[i] > 0)) {
                        throw new IllegalArgumentException("'" + normalize + "': every standard deviation must be"
                                + " greater than 0.");
                    }
                    a[i] = 255 / s[i];
                    b[i] = -m[i] / s[i];
                }
                return new Affine(a, b);
            }
        }
        throw new IllegalArgumentException("'" + normalize + "' is not valid for 'normalize': give auto, divide-by-255"
                + ", none (0-255) or mean-std=m1,m2,m3/s1,s2,s3 (means and standard deviations on the 0-255 scale).");
    }

    private static double[] numbers(String text, int channels, String normalize) {
        String[] t = text.split(",");
        if (t.length != 1 && t.length != channels) {
            throw new IllegalArgumentException("'" + normalize + "' gives " + t.length + " values where the model has "
                    + channels + " channels: give one value per channel, or one for all.");
        }
        double[] out = new double[channels];
        for (int i = 0; i < channels; i++) {
            try {
                out[i] = Double.parseDouble(t[t.length == 1 ? 0 : i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + normalize + "' is not valid for 'normalize': '"
                        + t[t.length == 1 ? 0 : i].trim() + "' is not a number.");
            }
        }
        return out;
    }

    static Affine uniform(double scale, double offset, int channels) {
        double[] a = new double[channels], b = new double[channels];
        java.util.Arrays.fill(a, scale);
        java.util.Arrays.fill(b, offset);
        return new Affine(a, b);
    }

    /** A Keras Rescaling layer: {@code x * scale + offset} (scalars or one per channel). */
    static Affine rescaling(JsonNode cfg, int channels) {
        return new Affine(values(cfg.path("scale"), channels, 1), values(cfg.path("offset"), channels, 0));
    }

    /** A Keras Normalization layer: {@code (x - mean) / max(sqrt(variance), 1e-7)}, from its weights or config. */
    static Affine normalization(JsonNode cfg, List<INDArray> weights, int channels, Path file, String layer)
            throws IOException {
        if (cfg.path("invert").asBoolean(false)) {
            throw KerasFile.fail(file, "its layer " + layer + " is an inverted Normalization, which is not supported");
        }
        double[] mean, var;
        if (cfg.path("mean").isNull() || cfg.path("mean").isMissingNode()) {
            if (weights.size() < 2) {
                throw KerasFile.fail(file, "its layer " + layer + " has no mean and variance");
            }
            mean = perChannel(weights.get(0).toDoubleVector(), channels, file, layer);
            var = perChannel(weights.get(1).toDoubleVector(), channels, file, layer);
        } else {
            mean = values(cfg.path("mean"), channels, 0);
            var = values(cfg.path("variance"), channels, 1);
        }
        double[] a = new double[channels], b = new double[channels];
        for (int i = 0; i < channels; i++) {
            a[i] = 1 / Math.max(Math.sqrt(var[i]), EPSILON);
            b[i] = -mean[i] * a[i];
        }
        return new Affine(a, b);
    }

    private static double[] perChannel(double[] v, int channels, Path file, String layer) throws IOException {
        if (v.length == 1) {
            return uniform(v[0], 0, channels).scale();
        }
        if (v.length != channels) {
            throw KerasFile.fail(file, "its layer " + layer + " normalises " + v.length + " values per pixel, not the "
                    + channels + " channels");
        }
        return v;
    }

    private static double[] values(JsonNode n, int channels, double dflt) {
        double[] out = new double[channels];
        for (int i = 0; i < channels; i++) {
            JsonNode v = n.isArray() ? flatAt(n, n.size() == channels ? i : 0) : n;
            out[i] = v.isNumber() ? v.asDouble() : dflt;
        }
        return out;
    }

    private static JsonNode flatAt(JsonNode n, int i) {
        JsonNode v = n.get(i);
        while (v != null && v.isArray() && v.size() > 0) {
            v = v.get(v.size() == 1 ? 0 : i);
        }
        return v == null ? n : v;
    }

    /** This map followed by {@code next}. */
    Affine then(Affine next) {
        double[] a = new double[scale.length], b = new double[scale.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = next.scale[i] * scale[i];
            b[i] = next.scale[i] * offset[i] + next.offset[i];
        }
        return new Affine(a, b);
    }

    /** Within float precision of {@code y = x}. */
    boolean isIdentity() {
        for (int i = 0; i < scale.length; i++) {
            if (Math.abs(scale[i] - 1) > 1e-6 || Math.abs(offset[i]) > 1e-6) {
                return false;
            }
        }
        return true;
    }

    /** "x * 0.00392 + 0" per channel, for model.json. */
    String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < scale.length; i++) {
            s.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "x * %.6g + %.6g", scale[i], offset[i]));
        }
        return s.toString();
    }
}
