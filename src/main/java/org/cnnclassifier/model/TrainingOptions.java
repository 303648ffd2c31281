package org.cnnclassifier.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cnnclassifier.image.InputShape;

/**
 * Everything a training run is given, named as the macro/headless keys are. Stored in model.json
 * ({@link #toMap()}) so that a model says how to reproduce it.
 */
public class TrainingOptions {
    /** Macro and headless keys. */
    public static final String KEY_DATA = "data", KEY_ARCHITECTURE = "architecture", KEY_EPOCHS = "epochs", KEY_BATCH =
            "batch",
            KEY_RATE = "rate", KEY_SCHEDULE = "schedule", KEY_VALIDATION = "validation", KEY_AUGMENT = "augment",
            KEY_DROPOUT = "dropout", KEY_SEED = "seed", KEY_MODEL = "model", KEY_DOWNLOAD = "download", KEY_LIMIT =
                    "limit", KEY_SIZE = "size", KEY_CHANNELS = "channels", KEY_NORMALIZE = "normalize",
            KEY_INIT = "init", KEY_FREEZE = "freeze";

    public static final String SCHEDULE_CONSTANT = "constant";
    /** Learning rate falling linearly from {@code rate} to 0 over the run. */
    public static final String SCHEDULE_LINEAR = "linear";
    /**
     * DL4J's one-cycle schedule (CycleSchedule): from rate/10 linearly up to {@code rate} and back
     * down over the first 90% of the steps, then the last {@link #ANNEALING_FRACTION} fall
     * geometrically from rate/10 to rate/1000.
     */
    public static final String SCHEDULE_ONECYCLE = "onecycle";
    public static final String[] SCHEDULES = {SCHEDULE_CONSTANT, SCHEDULE_LINEAR, SCHEDULE_ONECYCLE};
    public static final double ANNEALING_FRACTION = 0.1;

    public Path data;
    public String architecture = Architectures.SEED;
    public int epochs = 10;
    public int batch = 32;
    public double rate = 1e-3;
    public String schedule = SCHEDULE_CONSTANT;
    /**
     * Empty or 0: none; a number in (0, 1): fraction held out; otherwise a batch file or folder (relative to the data).
     */
    public String validation = "0.1";
    public boolean augment;
    /** Fraction dropped; negative means the architecture's default. */
    public double dropout = -1;
    public long seed = 42;
    /** Output model zip; null trains without saving (tests, benchmarks). */
    public Path model;
    public boolean download;
    /** Use only the first {@code limit} training images (0 = all): quick trials. */
    public int limit;
    /** The network's input size: {@code WxH} (images resized) or {@code native} (the images' own, all alike). */
    public String size = "32x32";
    /** The network's input channels: {@code rgb}, {@code gray} or {@code native} ({@link InputShape#MODES}). */
    public String channels = InputShape.RGB;
    /** How pixel values become the network's: {@link InputShape#NORMALIZATIONS}. */
    public String normalize = InputShape.DIVIDE_BY_255;
    /**
     * Start from this model's weights: a model .zip, {@code default} for the default model, or empty (none).
     * The input shape is then the model's.
     */
    public String init = "";
    /** With {@link #init}: keep the convolution layers' weights fixed. */
    public boolean freeze;

    /** The input shape {@link #size} and {@link #channels} ask for (0 where native). */
    public InputShape inputShape() {
        return InputShape.request(size, channels, normalize);
    }

    public double effectiveDropout() {
        return dropout < 0 ? Architectures.defaultDropout(architecture) : dropout;
    }

    /** Throws IllegalArgumentException naming the first bad value. */
    public void validate() {
        if (data == null || data.toString().isBlank()) {
            throw new IllegalArgumentException("No training data given. Set 'data' to a CIFAR-10 folder, archive or "
                    + "batch file, or a folder of class subfolders.");
        }
        Architectures.normalize(architecture);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1; got " + epochs + ".");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch (images per training step) must be at least 1; got " + batch
                    + ".");
        }
        if (!(rate > 0) || rate > 1) {
            throw new IllegalArgumentException("rate (learning rate) must be above 0 and at most 1; got " + rate + ".");
        }
        if (!List.of(SCHEDULES).contains(schedule)) {
            throw new IllegalArgumentException("schedule must be one of " + String.join(", ", SCHEDULES) + "; got '"
                    + schedule + "'.");
        }
        if (effectiveDropout() >= 1) {
            throw new IllegalArgumentException("dropout is the fraction dropped and must be below 1; got " + dropout
                    + ".");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all images) or more; got " + limit + ".");
        }
        validationFraction(); // checks a numeric validation value
        InputShape shape = inputShape();
        if (shape.width() > 0) {
            Architectures.checkSize(shape.width(), shape.height());
        }
        TrainingOptions defaults = new TrainingOptions();
        boolean shapeGiven = !size.equals(defaults.size) || !channels.equals(defaults.channels)
                || !normalize.equals(defaults.normalize);
        if (FineTuning.wanted(init) && shapeGiven) {
            // init takes its model's input shape and normalisation; silently ignoring these would mislead.
            throw new IllegalArgumentException("init starts from a model whose input size, channels and normalize "
                    + "are its own; leave size, channels and normalize out, or train without init.");
        }
        if (freeze && !FineTuning.wanted(init)) {
            throw new IllegalArgumentException("freeze keeps the convolution layers of the init model fixed; give "
                    + "init (a model .zip or default) too, or leave freeze out.");
        }
    }

    /** The held-out fraction, 0 when {@link #validation} is empty or names a file. */
    public double validationFraction() {
        String v = validation == null ? "" : validation.trim();
        if (v.isEmpty()) {
            return 0;
        }
        try {
            double f = Double.parseDouble(v);
            if (!(f >= 0 && f < 1)) {
                throw new IllegalArgumentException("validation as a fraction must be at least 0 and below 1; got " + v
                        + ".");
            }
            return f;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The validation file or folder, or null when {@link #validation} is empty or a fraction. */
    public String validationFile() {
        String v = validation == null ? "" : validation.trim();
        if (v.isEmpty()) {
            return null;
        }
        try {
            Double.parseDouble(v);
            return null;
        } catch (NumberFormatException e) {
            return v;
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(KEY_DATA, String.valueOf(data));
        m.put(KEY_ARCHITECTURE, Architectures.normalize(architecture));
        m.put(KEY_EPOCHS, epochs);
        m.put(KEY_BATCH, batch);
        m.put(KEY_RATE, rate);
        m.put(KEY_SCHEDULE, schedule);
        m.put(KEY_VALIDATION, validation);
        m.put(KEY_AUGMENT, augment);
        m.put(KEY_DROPOUT, effectiveDropout());
        m.put(KEY_SEED, seed);
        m.put(KEY_LIMIT, limit);
        m.put(KEY_SIZE, size);
        m.put(KEY_CHANNELS, channels);
        m.put(KEY_NORMALIZE, normalize);
        m.put(KEY_INIT, init == null ? "" : init);
        m.put(KEY_FREEZE, freeze);
        m.put(KEY_DOWNLOAD, download);
        m.put(KEY_MODEL, model == null ? "" : model.toString());
        return m;
    }
}
