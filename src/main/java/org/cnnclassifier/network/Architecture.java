package org.cnnclassifier.network;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The networks the {@code architecture} key names; {@link Architectures#build} builds them. The key
 * word (and what model.json records) is the constant's name in lower case.
 */
public enum Architecture {
    /** The seed tutorial's Keras network, exactly: 122,570 parameters. */
    SEED(0.0),
    /** Three VGG blocks (2 convolutions each) with batch normalisation and dropout. */
    BN(0.2),
    /**
     * A stem convolution and three blocks that pool right after their first convolution, 32, 128
     * and 128 channels wide: about {@code bn}'s cost per image, with the width where maps are small.
     */
    WIDE(0.0),
    /**
     * airbench's network at airbench93's widths (64, 128, 128): a 2x2 stem fixed once whitened,
     * convolutions without biases, normalisation with a fixed scale, a global max pool, scaled logits.
     */
    AIR(0.0);

    private final double defaultDropout;

    Architecture(double defaultDropout) {
        this.defaultDropout = defaultDropout;
    }

    /** The {@code architecture} key's word: {@code seed}, {@code bn}, {@code wide}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Dropout used when the {@code dropout} key is left negative ("architecture default"). */
    public double defaultDropout() {
        return defaultDropout;
    }

    /** The key words of all architectures, in order. */
    public static List<String> words() {
        return Arrays.stream(values()).map(Architecture::word).toList();
    }

    /** The architecture a key word names (case and surrounding spaces ignored; null means {@link #SEED}). */
    public static Architecture parse(String word) {
        String a = word == null ? SEED.word() : word.trim().toLowerCase(Locale.ROOT);
        for (Architecture arch : values()) {
            if (arch.word().equals(a)) {
                return arch;
            }
        }
        throw new IllegalArgumentException("Unknown architecture '" + word + "'. Choose one of " + words() + ".");
    }
}
