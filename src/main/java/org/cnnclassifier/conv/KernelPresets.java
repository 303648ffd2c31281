package org.cnnclassifier.conv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preset kernels and banks. Weights follow ImageJ's convention: correlation (the kernel is not
 * flipped), so Sobel X responds positively where intensity increases to the right. Blur kernels are
 * stored already normalised (sum 1), so they blur with or without {@code normalize}.
 */
public final class KernelPresets {
    public static final String IDENTITY = "Identity";
    public static final String BOX_BLUR = "Box blur 3x3";
    public static final String GAUSSIAN = "Gaussian 5x5";
    public static final String SHARPEN = "Sharpen";
    public static final String LAPLACIAN = "Laplacian";
    public static final String SOBEL_X = "Sobel X";
    public static final String SOBEL_Y = "Sobel Y";
    public static final String PREWITT_X = "Prewitt X";
    public static final String PREWITT_Y = "Prewitt Y";
    public static final String EMBOSS = "Emboss";
    /** Bank: Sobel X, Sobel Y, Laplacian. */
    public static final String EDGES = "Edges";
    /** Bank: the nine non-identity kernels (the benchmark's bank). */
    public static final String ALL = "All 9";

    private static final Map<String, List<Kernel>> PRESETS = new LinkedHashMap<>();

    static {
        single(IDENTITY, new float[][] {{0, 0, 0}, {0, 1, 0}, {0, 0, 0}});
        float n = 1f / 9f;
        single(BOX_BLUR, new float[][] {{n, n, n}, {n, n, n}, {n, n, n}});
        float[] binomial = {1, 4, 6, 4, 1};
        float[][] gauss = new float[5][5];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                gauss[y][x] = binomial[y] * binomial[x] / 256f;
            }
        }
        single(GAUSSIAN, gauss);
        single(SHARPEN, new float[][] {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}});
        single(LAPLACIAN, new float[][] {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}});
        single(SOBEL_X, new float[][] {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}});
        single(SOBEL_Y, new float[][] {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}});
        single(PREWITT_X, new float[][] {{-1, 0, 1}, {-1, 0, 1}, {-1, 0, 1}});
        single(PREWITT_Y, new float[][] {{-1, -1, -1}, {0, 0, 0}, {1, 1, 1}});
        single(EMBOSS, new float[][] {{-2, -1, 0}, {-1, 1, 1}, {0, 1, 2}});
        bank(EDGES, SOBEL_X, SOBEL_Y, LAPLACIAN);
        bank(ALL, BOX_BLUR, GAUSSIAN, SHARPEN, LAPLACIAN, SOBEL_X, SOBEL_Y, PREWITT_X, PREWITT_Y, EMBOSS);
    }

    private KernelPresets() {
    }

    private static void single(String name, float[][] rows) {
        PRESETS.put(name, List.of(Kernel.of(name, rows)));
    }

    private static void bank(String name, String... members) {
        List<Kernel> kernels = new ArrayList<>();
        for (String m : members) {
            kernels.addAll(PRESETS.get(m));
        }
        PRESETS.put(name, Collections.unmodifiableList(kernels));
    }

    /** Preset names in menu order: the single kernels, then the banks. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * The kernels of a preset (case-insensitive name).
     *
     * @throws IllegalArgumentException listing the known presets when the name is unknown
     */
    public static List<Kernel> get(String name) {
        for (Map.Entry<String, List<Kernel>> e : PRESETS.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("Unknown preset \"" + name + "\". Presets: " + String.join(", ", names())
                + ".");
    }
}
