package org.cnnclassifier.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.cnnclassifier.data.Augmentation;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;

/**
 * Everything a training run is given, named as the macro/headless keys are. Stored in model.json
 * ({@link #toMap()}) so that a model says how to reproduce it. Built with {@link #builder()}, whose
 * values are the defaults ({@link #DEFAULTS}); {@link #toBuilder()} gives a changed copy.
 *
 * @param validation empty or 0: none; a number in (0, 1): fraction held out; otherwise a batch file or folder
 *                   (relative to the data)
 * @param dropout    fraction dropped; negative means the architecture's default
 * @param model      output model zip; null trains without saving (tests, benchmarks)
 * @param limit      use only the first {@code limit} training images (0 = all): quick trials
 * @param size       the network's input size: {@code WxH} (images resized) or {@code native} (the images' own, all
 *                   alike)
 * @param channels   the network's input channels: {@code rgb}, {@code gray} or {@code native}
 *                   ({@link InputShape#MODES})
 * @param normalize  how pixel values become the network's: {@link InputShape#NORMALIZATIONS}
 * @param init       start from this model's weights: a model .zip, {@code default} for the default model, or empty
 *                   (none); the input shape is then the model's
 * @param freeze     with {@code init}: keep the convolution layers' weights fixed
 * @param workers    replicas of the network trained side by side; 0: one per core, at most 4 and at most one
 *                   per 100 batches of an epoch ({@link #workersFor(int)})
 * @param smoothing  label smoothing: this fraction of each training label is spread evenly over all classes
 *                   (0 = one-hot labels); validation and accuracy use the true labels
 * @param augment    one of {@link Augmentation#MODES}: {@code false}, {@code true} (random flip and 4-pixel crop),
 *                   {@code flip-alternate}, {@code translate=2} and their combinations, {@code true cutout=8}
 * @param optimizer  Adam or SGD with Nesterov momentum
 * @param decay      weight decay: each step also subtracts {@code rate * decay * w} from every weight (not
 *                   biases or batch normalisation)
 * @param lookahead  Lookahead (Zhang et al. 2019) every this many steps, alpha {@link #LOOKAHEAD_ALPHA}; 0 = off
 * @param whiten     initialise the first convolution by patch whitening ({@link Whitening})
 * @param identity   initialise the later convolutions as partial identities ({@link IdentityInit})
 * @param biasRate   biases' and batch normalisation's learning rate, as a multiple of {@code rate} ({@link BiasRate})
 * @param muon       {@code air}'s convolution filters follow Muon at this peak rate, on the {@code schedule}
 *                   ({@link MuonFilters}); 0 = off, they follow {@code optimizer}
 */
public record TrainingOptions(Path data, Architecture architecture, int epochs, int batch, double rate,
        Schedule schedule, String validation, String augment, double dropout, long seed, Path model, boolean download,
        int limit, String size, String channels, String normalize, String init, boolean freeze, int workers,
        double smoothing, Optimizer optimizer, double decay, int lookahead, boolean whiten, boolean identity,
        double biasRate, double muon) {

    /** Macro and headless keys. */
    public static final String KEY_DATA = "data", KEY_ARCHITECTURE = "architecture", KEY_EPOCHS = "epochs", KEY_BATCH =
            "batch",
            KEY_RATE = "rate", KEY_SCHEDULE = "schedule", KEY_VALIDATION = "validation", KEY_AUGMENT = "augment",
            KEY_DROPOUT = "dropout", KEY_SEED = "seed", KEY_MODEL = "model", KEY_DOWNLOAD = "download", KEY_LIMIT =
                    "limit", KEY_SIZE = "size", KEY_CHANNELS = "channels", KEY_NORMALIZE = "normalize",
            KEY_INIT = "init", KEY_FREEZE = "freeze", KEY_WORKERS = "workers", KEY_SMOOTHING = "smoothing",
            KEY_OPTIMIZER = "optimizer", KEY_DECAY = "decay", KEY_LOOKAHEAD = "lookahead", KEY_WHITEN = "whiten",
            KEY_IDENTITY = "identity", KEY_BIAS_RATE = "biasrate", KEY_MUON = "muon";

    /** Lookahead's step towards the fast weights every {@code lookahead} steps. */
    public static final double LOOKAHEAD_ALPHA = 0.5;

    /** Fraction of the steps {@link Schedule#ONECYCLE} spends annealing at the end. */
    public static final double ANNEALING_FRACTION = 0.1;

    /** How the learning rate changes over the run; the {@code schedule} key's word is the name in lower case. */
    public enum Schedule {
        /** The learning rate stays {@code rate}. */
        CONSTANT,
        /** Learning rate falling linearly from {@code rate} to 0 over the run. */
        LINEAR,
        /**
         * DL4J's one-cycle schedule (CycleSchedule): from rate/10 linearly up to {@code rate} and back
         * down over the first 90% of the steps, then the last {@link #ANNEALING_FRACTION} fall
         * geometrically from rate/10 to rate/1000.
         */
        ONECYCLE,
        /**
         * The fast CIFAR-10 trainers' triangle ({@link org.cnnclassifier.network.TriangleSchedule}): from
         * rate/5 linearly up to {@code rate} at 20% of the steps, then linearly down to 0 at the end.
         */
        TRIANGLE;

        /** The {@code schedule} key's word: {@code constant}, {@code linear}, {@code onecycle}, {@code triangle}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The key words of all schedules, in order. */
        public static List<String> words() {
            return Arrays.stream(values()).map(Schedule::word).toList();
        }

        /** The schedule a key word names, exactly as written. */
        public static Schedule parse(String word) {
            for (Schedule s : values()) {
                if (s.word().equals(word)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("schedule must be one of " + String.join(", ", words()) + "; got '"
                    + word + "'.");
        }
    }

    /** The default of every option: what {@link #builder()} starts from. */
    public static final TrainingOptions DEFAULTS = builder().build();

    public TrainingOptions {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(optimizer, "optimizer");
    }

    /** Options at their defaults, to be changed and built. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to build a changed copy. */
    public Builder toBuilder() {
        return builder().data(data).architecture(architecture).epochs(epochs).batch(batch).rate(rate)
                .schedule(schedule).validation(validation).augment(augment).dropout(dropout).seed(seed).model(model)
                .download(download).limit(limit).size(size).channels(channels).normalize(normalize).init(init)
                .freeze(freeze).workers(workers).smoothing(smoothing).optimizer(optimizer).decay(decay)
                .lookahead(lookahead).whiten(whiten).identity(identity).biasRate(biasRate).muon(muon);
    }

    /** The input shape {@link #size} and {@link #channels} ask for (0 where native). */
    public InputShape inputShape() {
        return InputShape.request(size, channels, normalize);
    }

    public double effectiveDropout() {
        return dropout < 0 ? architecture.defaultDropout() : dropout;
    }

    /** Throws IllegalArgumentException naming the first bad value. */
    public void validate() {
        if (data == null || data.toString().isBlank()) {
            throw new IllegalArgumentException("No training data given. Set 'data' to a CIFAR-10 folder, archive or "
                    + "batch file, or a folder of class subfolders.");
        }
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
        if (effectiveDropout() >= 1) {
            throw new IllegalArgumentException("dropout is the fraction dropped and must be below 1; got " + dropout
                    + ".");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all images) or more; got " + limit + ".");
        }
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("smoothing is the fraction of each label spread over all classes and "
                    + "must be at least 0 and below 1 (0.1 is usual); got " + smoothing + ".");
        }
        Augmentation.check(augment);
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay (weight decay per step, times the rate) must be at least 0 and "
                    + "below 1 (5e-4 is usual with sgd-nesterov); got " + decay + ".");
        }
        if (lookahead < 0) {
            throw new IllegalArgumentException("lookahead (steps between Lookahead's syncs) must be 0 (off) or more; "
                    + "got " + lookahead + ".");
        }
        if (whiten && FineTuning.wanted(init)) {
            throw new IllegalArgumentException("whiten initialises a new network's first convolution, but init "
                    + "starts from a model's weights; leave whiten or init out.");
        }
        if (identity && FineTuning.wanted(init)) {
            throw new IllegalArgumentException("identity initialises a new network's convolutions, but init "
                    + "starts from a model's weights; leave identity or init out.");
        }
        BiasRate.check(biasRate, FineTuning.wanted(init));
        MuonFilters.check(muon, architecture, FineTuning.wanted(init));
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be 0 (one per core) or more; got " + workers + ".");
        }
        validationFraction(); // checks a numeric validation value
        InputShape shape = inputShape();
        if (shape.width() > 0) {
            Architectures.checkSize(shape.width(), shape.height());
        }
        boolean shapeGiven = !size.equals(DEFAULTS.size) || !channels.equals(DEFAULTS.channels)
                || !normalize.equals(DEFAULTS.normalize);
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

    /** Most replicas {@code workers=0} gives: each averages away part of the steps of an epoch. */
    public static final int MAX_DEFAULT_WORKERS = 4;
    /**
     * {@code workers=0} gives each replica at least this many batches per epoch: averaging replicas
     * halves the steps of an epoch, which short runs feel (bn on 6,000 images, 47 batches: 16.9%
     * validation accuracy after the epoch with two replicas, 27.2% with one).
     */
    public static final int MIN_DEFAULT_BATCHES_PER_WORKER = 100;

    /**
     * Replicas trained side by side for an epoch of {@code batchesPerEpoch} batches: {@link #workers}
     * (at most one per batch), or when 0 one per core, at most {@value #MAX_DEFAULT_WORKERS} and at
     * most one per {@value #MIN_DEFAULT_BATCHES_PER_WORKER} batches, at least 1.
     */
    public int workersFor(int batchesPerEpoch) {
        if (workers > 0) {
            return Math.max(1, Math.min(workers, batchesPerEpoch));
        }
        int cores = Math.min(MAX_DEFAULT_WORKERS, Runtime.getRuntime().availableProcessors());
        return Math.max(1, Math.min(cores, batchesPerEpoch / MIN_DEFAULT_BATCHES_PER_WORKER));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(KEY_DATA, String.valueOf(data));
        m.put(KEY_ARCHITECTURE, architecture.word());
        m.put(KEY_EPOCHS, epochs);
        m.put(KEY_BATCH, batch);
        m.put(KEY_RATE, rate);
        m.put(KEY_SCHEDULE, schedule.word());
        m.put(KEY_VALIDATION, validation);
        String a = Augmentation.check(augment);
        // model.json keeps true/false as booleans, as before the modes
        m.put(KEY_AUGMENT, a.equals("true") || a.equals("false") ? (Object) Boolean.valueOf(a) : a);
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
        m.put(KEY_WORKERS, workers);
        m.put(KEY_SMOOTHING, smoothing);
        m.put(KEY_OPTIMIZER, optimizer.word());
        m.put(KEY_DECAY, decay);
        m.put(KEY_LOOKAHEAD, lookahead);
        m.put(KEY_WHITEN, whiten);
        m.put(KEY_IDENTITY, identity);
        m.put(KEY_BIAS_RATE, biasRate);
        m.put(KEY_MUON, muon);
        return m;
    }

    /** Options built step by step; its initial values are the defaults of every option. */
    public static final class Builder {
        private Path data;
        private Architecture architecture = Architecture.SEED;
        private int epochs = 10;
        private int batch = 32;
        private double rate = 1e-3;
        private Schedule schedule = Schedule.CONSTANT;
        private String validation = "0.1";
        private String augment = "false";
        private double dropout = -1;
        private long seed = 42;
        private Path model;
        private boolean download;
        private int limit;
        private String size = "32x32";
        private String channels = InputShape.RGB;
        private String normalize = InputShape.DIVIDE_BY_255;
        private String init = "";
        private boolean freeze;
        private int workers;
        private double smoothing;
        private Optimizer optimizer = Optimizer.ADAM;
        private double decay;
        private int lookahead;
        private boolean whiten;
        private boolean identity;
        private double biasRate = 1;
        private double muon;

        private Builder() {
        }

        public TrainingOptions build() {
            return new TrainingOptions(data, architecture, epochs, batch, rate, schedule, validation, augment, dropout,
                    seed, model, download, limit, size, channels, normalize, init, freeze, workers,
                    smoothing, optimizer, decay, lookahead, whiten, identity, biasRate, muon);
        }

        public Builder data(Path data) {
            this.data = data;
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder rate(double rate) {
            this.rate = rate;
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder validation(String validation) {
            this.validation = validation;
            return this;
        }

        /** {@code augment=true} (random flip and 4-pixel crop) or {@code false}. */
        public Builder augment(boolean augment) {
            this.augment = Boolean.toString(augment);
            return this;
        }

        /** One of {@link Augmentation#MODES}. */
        public Builder augment(String augment) {
            this.augment = augment;
            return this;
        }

        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder model(Path model) {
            this.model = model;
            return this;
        }

        public Builder download(boolean download) {
            this.download = download;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder size(String size) {
            this.size = size;
            return this;
        }

        public Builder channels(String channels) {
            this.channels = channels;
            return this;
        }

        public Builder normalize(String normalize) {
            this.normalize = normalize;
            return this;
        }

        public Builder init(String init) {
            this.init = init;
            return this;
        }

        public Builder freeze(boolean freeze) {
            this.freeze = freeze;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        // The training recipe's keys (docs/recipe.md).
        public Builder smoothing(double smoothing) { this.smoothing = smoothing; return this; }
        public Builder optimizer(Optimizer optimizer) { this.optimizer = optimizer; return this; }
        public Builder decay(double decay) { this.decay = decay; return this; }
        public Builder lookahead(int lookahead) { this.lookahead = lookahead; return this; }
        public Builder whiten(boolean whiten) { this.whiten = whiten; return this; }
        public Builder identity(boolean identity) { this.identity = identity; return this; }
        public Builder biasRate(double biasRate) { this.biasRate = biasRate; return this; }
        public Builder muon(double muon) { this.muon = muon; return this; }
    }
}
