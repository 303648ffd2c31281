package org.cnnclassifier.conv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where the kernels of one run come from: typed text, a text file, or a preset. */
public final class KernelSources {
    /** Preset value meaning "use the typed kernels" (an empty text is then an error). */
    public static final String CUSTOM = "Custom";
    /** The preset used when nothing else is given. */
    public static final String DEFAULT_PRESET = KernelPresets.EDGES;

    private KernelSources() {
    }

    /** The preset menu: "Custom" first, then every preset. */
    public static String[] presetChoices() {
        List<String> names = KernelPresets.names();
        String[] out = new String[names.size() + 1];
        out[0] = CUSTOM;
        for (int i = 0; i < names.size(); i++) {
            out[i + 1] = names.get(i);
        }
        return out;
    }

    /**
     * Typed kernels win when given; otherwise the kernel file when given; otherwise the preset
     * ({@link #DEFAULT_PRESET} when none). Preset "Custom" requires typed kernels.
     *
     * @throws IllegalArgumentException for an empty, ragged or non-numeric kernel, an unknown preset,
     *                                  or both text and file given
     * @throws IOException              when the kernel file cannot be read
     */
    public static List<Kernel> resolve(String text, String preset, String file) throws IOException {
        boolean hasText = text != null && !text.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasText && hasFile) {
            throw new IllegalArgumentException("Both typed kernels and a kernel file were given. "
                    + "Give only one of them.");
        }
        if (hasText || CUSTOM.equalsIgnoreCase(preset == null ? "" : preset.strip()) && !hasFile) {
            return KernelParser.parse(text);
        }
        if (hasFile) {
            return KernelParser.parseFile(Path.of(file.strip()));
        }
        return KernelPresets.get(preset == null || preset.isBlank() ? DEFAULT_PRESET : preset);
    }
}
