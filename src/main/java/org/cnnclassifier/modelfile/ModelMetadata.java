package org.cnnclassifier.modelfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.shade.jackson.databind.annotation.JsonDeserialize;
import org.nd4j.shade.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * The plain-JSON description stored as {@code model.json} beside the DL4J network in a model zip:
 * what a classifier needs to read its input and name its outputs, and how it was trained. Read
 * and written with ND4J's shaded Jackson (read through {@link Builder}, so a key model.json leaves
 * out keeps the builder's default, and unknown keys are ignored); never Java-serialised.
 *
 * @param architecture             architecture name as given to the {@code architecture} key, e.g. {@code seed}
 * @param classNames               class names in output order
 * @param channelOrder             channel order of the input planes
 * @param normalization            how pixel values become the network's: {@code divide-by-255}, {@code min-max} or
 *                                 {@code percentile}
 * @param normalizationDescription {@code normalization} in words, for people reading model.json
 * @param training                 every training parameter as given (data, epochs, batch, rate, validation, augment,
 *                                 dropout, seed, ...): {@link TrainingOptions#toMap()}
 * @param validationAccuracy       validation accuracy after the last epoch, or NaN when no validation set was used
 * @param created                  ISO-8601 time the model was written
 * @param source                   where an imported model came from (Import Keras Model: file, sha256, Keras
 *                                 version, what its input expects, whether a softmax was added), else null
 */
@JsonDeserialize(builder = ModelMetadata.Builder.class)
public record ModelMetadata(String format, int formatVersion, String pluginVersion, String architecture,
        List<String> classNames, int inputWidth, int inputHeight, int inputChannels, String channelOrder,
        String normalization, String normalizationDescription, Map<String, Object> training, int epochsRun,
        double validationAccuracy, double validationLoss, int trainingImages, int validationImages,
        double trainingSeconds, String created, Map<String, Object> source) {

    /** Marks a zip as ours; {@link ModelFile#load} rejects zips without it. */
    public static final String FORMAT = "cnn-classifier-model";
    public static final int FORMAT_VERSION = 1;
    /** Pixels are divided by 255, giving [0, 1], as in the seed tutorial. */
    public static final String NORMALIZATION_UNIT_RANGE = "divide-by-255";

    public ModelMetadata {
        classNames = classNames == null ? null : Collections.unmodifiableList(new ArrayList<>(classNames));
        training = training == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(training));
        source = source == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }

    /** Metadata at the defaults (this plugin's format, 32x32 RGB divided by 255, nothing trained), to be built. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this metadata, to build a changed copy. */
    public Builder toBuilder() {
        return builder().format(format).formatVersion(formatVersion).pluginVersion(pluginVersion)
                .architecture(architecture).classNames(classNames).inputWidth(inputWidth).inputHeight(inputHeight)
                .inputChannels(inputChannels).channelOrder(channelOrder).normalization(normalization)
                .normalizationDescription(normalizationDescription).training(training).epochsRun(epochsRun)
                .validationAccuracy(validationAccuracy).validationLoss(validationLoss).trainingImages(trainingImages)
                .validationImages(validationImages).trainingSeconds(trainingSeconds).created(created).source(source);
    }

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

    /**
     * Metadata built step by step, and what model.json is read into; its initial values are the
     * defaults of every key.
     */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String format = FORMAT;
        private int formatVersion = FORMAT_VERSION;
        private String pluginVersion = PluginVersion.get();
        private String architecture;
        private List<String> classNames = List.of();
        private int inputWidth = 32;
        private int inputHeight = 32;
        private int inputChannels = 3;
        private String channelOrder = "RGB";
        private String normalization = NORMALIZATION_UNIT_RANGE;
        private String normalizationDescription = describe(NORMALIZATION_UNIT_RANGE);
        private Map<String, Object> training = Map.of();
        private int epochsRun;
        private double validationAccuracy = Double.NaN;
        private double validationLoss = Double.NaN;
        private int trainingImages;
        private int validationImages;
        private double trainingSeconds;
        private String created;
        private Map<String, Object> source;

        Builder() {
        }

        public ModelMetadata build() {
            return new ModelMetadata(format, formatVersion, pluginVersion, architecture, classNames, inputWidth,
                    inputHeight, inputChannels, channelOrder, normalization, normalizationDescription, training,
                    epochsRun, validationAccuracy, validationLoss, trainingImages, validationImages, trainingSeconds,
                    created, source);
        }

        public Builder format(String format) {
            this.format = format;
            return this;
        }

        public Builder formatVersion(int formatVersion) {
            this.formatVersion = formatVersion;
            return this;
        }

        public Builder pluginVersion(String pluginVersion) {
            this.pluginVersion = pluginVersion;
            return this;
        }

        public Builder architecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder classNames(List<String> classNames) {
            this.classNames = classNames;
            return this;
        }

        public Builder inputWidth(int inputWidth) {
            this.inputWidth = inputWidth;
            return this;
        }

        public Builder inputHeight(int inputHeight) {
            this.inputHeight = inputHeight;
            return this;
        }

        public Builder inputChannels(int inputChannels) {
            this.inputChannels = inputChannels;
            return this;
        }

        public Builder channelOrder(String channelOrder) {
            this.channelOrder = channelOrder;
            return this;
        }

        public Builder normalization(String normalization) {
            this.normalization = normalization;
            return this;
        }

        public Builder normalizationDescription(String normalizationDescription) {
            this.normalizationDescription = normalizationDescription;
            return this;
        }

        public Builder training(Map<String, Object> training) {
            this.training = training;
            return this;
        }

        public Builder epochsRun(int epochsRun) {
            this.epochsRun = epochsRun;
            return this;
        }

        public Builder validationAccuracy(double validationAccuracy) {
            this.validationAccuracy = validationAccuracy;
            return this;
        }

        public Builder validationLoss(double validationLoss) {
            this.validationLoss = validationLoss;
            return this;
        }

        public Builder trainingImages(int trainingImages) {
            this.trainingImages = trainingImages;
            return this;
        }

        public Builder validationImages(int validationImages) {
            this.validationImages = validationImages;
            return this;
        }

        public Builder trainingSeconds(double trainingSeconds) {
            this.trainingSeconds = trainingSeconds;
            return this;
        }

        public Builder created(String created) {
            this.created = created;
            return this;
        }

        public Builder source(Map<String, Object> source) {
            this.source = source;
            return this;
        }
    }
}
