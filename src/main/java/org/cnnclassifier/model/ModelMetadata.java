package org.cnnclassifier.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-JSON description stored as {@code model.json} beside the DL4J network in a model zip:
 * what a classifier needs to read its input and name its outputs, and how it was trained. Read
 * and written with ND4J's shaded Jackson; never Java-serialised.
 */
public class ModelMetadata {
    /** Marks a zip as ours; {@link ModelFile#load} rejects zips without it. */
    public static final String FORMAT = "cnn-classifier-model";
    public static final int FORMAT_VERSION = 1;
    /** Pixels are divided by 255, giving [0, 1], as in the seed tutorial. */
    public static final String NORMALIZATION_UNIT_RANGE = "divide-by-255";

    public String format = FORMAT;
    public int formatVersion = FORMAT_VERSION;
    public String pluginVersion = PluginVersion.get();
    /** Architecture name as given to the {@code architecture} key, e.g. {@code seed}. */
    public String architecture;
    /** Class names in output order. */
    public List<String> classNames = new ArrayList<>();
    public int inputWidth = 32;
    public int inputHeight = 32;
    public int inputChannels = 3;
    /** Channel order of the input planes. */
    public String channelOrder = "RGB";
    /** How pixel values become the network's: {@code divide-by-255}, {@code min-max} or {@code percentile}. */
    public String normalization = NORMALIZATION_UNIT_RANGE;
    /** {@link #normalization} in words, for people reading model.json. */
    public String normalizationDescription = describe(NORMALIZATION_UNIT_RANGE);
    /** Every training parameter as given (data, epochs, batch, rate, validation, augment, dropout, seed, ...). */
    public Map<String, Object> training = new LinkedHashMap<>();
    public int epochsRun;
    /** Validation accuracy after the last epoch, or NaN when no validation set was used. */
    public double validationAccuracy = Double.NaN;
    public double validationLoss = Double.NaN;
    public int trainingImages;
    public int validationImages;
    public double trainingSeconds;
    /** ISO-8601 time the model was written. */
    public String created;

    /** What a normalisation does, in words. */
    public static String describe(String normalization) {
        return switch (normalization) {
            case "min-max" -> "per image and channel: (v - min) / (max - min) of the original values (8/16/32-bit),"
                    + " float32";
            case "percentile" -> "per image and channel: (v - p3) / (p99.8 - p3) with the 3rd and 99.8th percentiles"
                    + " of the original values (8/16/32-bit), clipped to [0, 1], float32";
            default -> "8-bit values (16/32-bit scaled from the display range) divided by 255";
        };
    }

    public int numClasses() {
        return classNames.size();
    }
}
