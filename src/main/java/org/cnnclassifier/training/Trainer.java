package org.cnnclassifier.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.cnnclassifier.data.Augmentation;
import org.cnnclassifier.data.ClassFolders;
import org.cnnclassifier.data.DataSources;
import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.util.Writable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.CycleSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.cnnclassifier.evaluation.EvaluationResult;
import org.cnnclassifier.evaluation.Evaluator;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.LinearDecaySchedule;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.network.OmpThreads;
import org.cnnclassifier.network.TriangleSchedule;

/**
 * Trains a network on labelled images: data read as bytes, shuffled each epoch with the seed,
 * augmented and converted to floats batch by batch, one {@link MultiLayerNetwork#fit(DataSet)} per
 * batch so that cancel is checked between batches. Progress (epoch, batch, loss, images/s, time
 * left) goes to a {@link ProgressListener}; each finished epoch to an {@link EpochListener}. The
 * model is saved only after the last epoch, atomically: a cancelled or failed run leaves the
 * previous model file as it was.
 */
public final class Trainer {
    /** Training accuracy per epoch is measured on this many training images (fixed sample). */
    public static final int TRAIN_ACCURACY_SAMPLE = 2500;

    /** Told about each finished epoch (the live plot and history table). */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(EpochStats stats, List<EpochStats> history);
    }

    /** What a run produced. {@code validation} is null without validation data. */
    public record Result(MultiLayerNetwork network, ModelMetadata metadata, List<EpochStats> history,
            EvaluationResult validation, List<ClassFolders.Skipped> skipped) {
    }

    /**
     * Training and validation images as the options describe them, and the {@code init} model that gave their
     * shape (null without one; {@link #train} then loads it itself).
     */
    public record Data(LabeledImages training, LabeledImages validation, List<ClassFolders.Skipped> skipped,
            ModelFile.LoadedModel init) {
        public Data(LabeledImages training, LabeledImages validation, List<ClassFolders.Skipped> skipped) {
            this(training, validation, skipped, null);
        }
    }

    private Trainer() {
    }

    /**
     * Reads the data, trains, evaluates on the validation data and saves the model (if {@code options.model()} is set).
     */
    public static Result train(TrainingOptions options, ProgressListener progress,
            EpochListener epochs) throws IOException {
        options.validate();
        if (options.model() != null) {
            checkOutputs(options);
        }
        Data data = load(options, progress);
        return train(options, data, progress, epochs);
    }

    /**
     * Reads training and validation images; a validation file that is one of the training batches is left out of
     * training.
     */
    public static Data load(TrainingOptions options, ProgressListener progress) throws IOException {
        String vFile = options.validationFile();
        Path vPath = vFile == null ? null : DataSources.resolveBeside(options.data(), vFile);
        if (vPath != null && options.data() != null && Writable.same(vPath, options.data())) {
            throw new IllegalArgumentException("The validation data " + vPath + " is the training data itself, so "
                    + "validation would measure nothing. Give other images, a fraction (e.g. validation=0.1), or 0.");
        }
        ModelFile.LoadedModel init = FineTuning.wanted(options.init()) ? FineTuning.load(options.init()) : null;
        InputShape request = init != null ? FineTuning.shape(init) : options.inputShape();
        DataSources.Loaded train = DataSources.training(options.data(), vPath, options.download(), request, progress);
        List<ClassFolders.Skipped> skipped = new ArrayList<>(train.skipped());
        LabeledImages training = train.images();
        if (training.numClasses() < 2) {
            throw new IOException("Training needs at least 2 classes; found only "
                    + (training.numClasses() == 1 ? "'" + training.classNames().get(0) + "'" : "none") + " in "
                    + options.data() + ". Add a subfolder of images for each other class.");
        }
        InputShape shape = training.shape();
        Architectures.checkSize(shape.width(), shape.height());
        LabeledImages validation = null;
        if (vPath != null) {
            DataSources.Loaded v = DataSources.training(vPath, null, false, shape, progress);
            skipped.addAll(v.skipped());
            validation = v.images();
            if (!validation.classNames().equals(training.classNames())) {
                throw new IOException("The validation data " + vPath + " has classes " + validation.classNames()
                        + " but the training data has " + training.classNames() + ".");
            }
        } else if (options.validationFraction() > 0) {
            LabeledImages[] split = training.split(options.validationFraction(), options.seed());
            if (split[0].size() == 0) {
                throw new IllegalArgumentException("validation=" + options.validation().trim() + " holds out all "
                        + training.size() + " images of " + options.data() + ", leaving none to train on. Give a "
                        + "smaller fraction, such as validation=0.1.");
            }
            training = split[0];
            validation = split[1];
        }
        if (options.limit() > 0) {
            training = training.first(options.limit());
        }
        if (training.size() == 0) {
            throw new IOException("No training images in " + options.data() + ".");
        }
        return new Data(training, validation, skipped, init);
    }

    public static Result train(TrainingOptions options, Data data, ProgressListener progress,
            EpochListener epochListener)
            throws IOException {
        options.validate();
        Nd4jSetup.ensureInitialized();
        LabeledImages training = data.training();
        LabeledImages validation = data.validation();
        int n = training.size();
        int batchesPerEpoch = (n + options.batch() - 1) / options.batch();
        long totalIterations = (long) batchesPerEpoch * options.epochs();
        int workers = options.workersFor(batchesPerEpoch);
        // Each replica counts its own steps, one per round of `workers` batches: the schedule's length.
        int roundsPerEpoch = (batchesPerEpoch + workers - 1) / workers;
        int steps = roundsPerEpoch * options.epochs();
        ISchedule schedule = rateSchedule(options.schedule(), options.rate(), steps);
        InputShape shape = training.shape();
        ModelFile.LoadedModel init = !FineTuning.wanted(options.init()) ? null
                : data.init() != null ? data.init() : FineTuning.load(options.init());
        MultiLayerNetwork net;
        if (init != null) {
            if (!FineTuning.shape(init).equals(shape)) {
                throw new IllegalArgumentException("The data is " + shape + " but the init model takes "
                        + FineTuning.shape(init) + ".");
            }
            net = FineTuning.networkWith(init, training.classNames(), options.seed(),
                    options.optimizer().updater(schedule, options.rate()), options.decay(), options.freeze());
        } else {
            MultiLayerConfiguration conf = Architectures.buildWith(options.architecture(), training.numClasses(),
                    options.seed(), options.effectiveDropout(), options.optimizer().updater(schedule, options.rate()),
                    options.decay(), shape.width(), shape.height(), shape.channels());
            if (options.whiten() && options.architecture() == Architecture.AIR) {
                Architectures.freezeStem(conf);
            }
            if (options.biasRate() != 1) {
                double biasPeak = options.rate() * options.biasRate();
                BiasRate.apply(conf, options.optimizer().updater(rateSchedule(options.schedule(), biasPeak, steps),
                        biasPeak));
            }
            if (options.muon() > 0) {
                MuonFilters.apply(conf, rateSchedule(options.schedule(), options.muon(), steps), options.muon());
            }
            net = new MultiLayerNetwork(conf);
            net.init();
            if (options.whiten()) {
                progress.status("Whitening the first convolution...");
                Whitening.apply(net, training, options.seed() + 3);
            }
            if (options.identity()) {
                IdentityInit.apply(net);
            }
        }

        Random shuffle = new Random(options.seed());
        Augmentation augmentation = Augmentation.of(options.augment(), options.seed() + 1, shape.width(),
                shape.height());
        LabeledImages accuracySample = training.subset(Arrays.copyOf(
                LabeledImages.permutation(n, new Random(options.seed() + 2)), Math.min(n, TRAIN_ACCURACY_SAMPLE)));
        List<EpochStats> history = new ArrayList<>();
        long start = System.nanoTime();
        long lastStatus = 0;
        long imagesDone = 0;
        EvaluationResult lastValidation = null;
        try (DataParallel replicas = new DataParallel(net, workers, options.seed())) {
            // Each replica's last batch features, overwritten by its next batch (fit is done with them).
            INDArray[] spare = new INDArray[workers];
            Lookahead lookahead = options.lookahead() > 0
                    ? new Lookahead(options.lookahead(), TrainingOptions.LOOKAHEAD_ALPHA, net.params()) : null;
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                int[] order = LabeledImages.permutation(n, shuffle);
                if (augmentation != null) {
                    augmentation.setEpoch(epoch);
                }
                double lossSum = 0;
                // The replicas' threads have both cores; this thread's own OpenMP workers spun after each
                // round's averaging, against them (9% of the CPU in a profile), so its work runs on one.
                try (OmpThreads oneThread = workers > 1 ? OmpThreads.limit(1) : null) {
                    for (int round = 0; round < roundsPerEpoch; round++) {
                        progress.checkCanceled();
                        // Batch b of the epoch goes to replica b % workers.
                        int first = round * workers;
                        int last = Math.min(batchesPerEpoch, first + workers) - 1;
                        List<DataSet> batches = new ArrayList<>(workers);
                        for (int b = first; b <= last; b++) {
                            int from = b * options.batch();
                            batches.add(training.batch(order, from, Math.min(n, from + options.batch()), augmentation,
                                    false, options.smoothing(), spare[b - first]));
                        }
                        double[] losses = replicas.fit(batches);
                        if (lookahead != null) {
                            lookahead.step(replicas.params());
                        }
                        for (int w = 0; w < batches.size(); w++) {
                            spare[w] = batches.get(w).getFeatures();
                        }
                        for (int w = 0; w < losses.length; w++) {
                            if (!Double.isFinite(losses[w])) {
                                throw new IllegalStateException("Training diverged (loss " + losses[w] + ") in epoch "
                                        + epoch + "; try a smaller rate than " + options.rate() + ".");
                            }
                            lossSum += losses[w] * batches.get(w).numExamples();
                            imagesDone += batches.get(w).numExamples();
                        }
                        long now = System.nanoTime();
                        if (now - lastStatus > 250_000_000L || last == batchesPerEpoch - 1) {
                            lastStatus = now;
                            double elapsed = (now - start) / 1e9;
                            double rate = imagesDone / elapsed;
                            long done = (long) (epoch - 1) * batchesPerEpoch + last + 1;
                            double left = (totalIterations - done) * (double) options.batch() / rate;
                            progress.status(String.format("Training %s: epoch %d/%d, batch %d/%d, loss %.4f, %.0f "
                                    + "images/s, %s left", options.architecture().word(), epoch, options.epochs(),
                                    last + 1, batchesPerEpoch, losses[losses.length - 1], rate, formatSeconds(left)));
                            progress.progress(((epoch - 1) * (double) batchesPerEpoch + last + 1) / totalIterations);
                        }
                    }
                }
                // The master (replica 0) holds the replicas' mean after every round: evaluated and saved.
                double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
                progress.status("Epoch " + epoch + ": measuring accuracy...");
                double trainAcc = Evaluator.evaluate(net, accuracySample, ProgressListener.SILENT).accuracy();
                double vLoss = Double.NaN;
                double vAcc = Double.NaN;
                if (validation != null && validation.size() > 0) {
                    lastValidation = Evaluator.evaluate(net, validation,
                            ProgressListener.cancelWhen(progress::isCanceled));
                    vLoss = lastValidation.loss();
                    vAcc = lastValidation.accuracy();
                }
                EpochStats s = new EpochStats(epoch, lossSum / n, trainAcc, vLoss, vAcc, epochSeconds,
                        n / epochSeconds);
                history.add(s);
                if (epochListener != null) {
                    epochListener.epochDone(s, List.copyOf(history));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ModelMetadata meta = ModelMetadata.builder()
                .architecture(init != null ? FineTuning.architecture(init) : options.architecture().word())
                .classNames(training.classNames())
                .inputChannels(shape.channels())
                .inputHeight(shape.height())
                .inputWidth(shape.width())
                .channelOrder(shape.channelOrder())
                .normalization(shape.normalization())
                .normalizationDescription(ModelMetadata.describe(shape.normalization()))
                .training(trained(options.toBuilder().workers(workers).build().toMap(), init, shape)) // what ran
                .epochsRun(options.epochs())
                .trainingImages(n)
                .validationImages(validation == null ? 0 : validation.size())
                .validationAccuracy(lastValidation == null ? Double.NaN : lastValidation.accuracy())
                .validationLoss(lastValidation == null ? Double.NaN : lastValidation.loss())
                .trainingSeconds(seconds)
                .build();
        if (options.model() != null) {
            progress.status("Saving model to " + options.model());
            // A failed save (e.g. the folder became unwritable during hours of training) keeps the
            // network in a fallback file that the exception names.
            meta = ModelFile.saveTrained(net, meta, options.model(), false);
        }
        progress.progress(1);
        progress.status(String.format("Trained %s: %d epochs in %s%s", meta.architecture(), options.epochs(),
                formatSeconds(seconds),
                lastValidation == null ? "" : String.format(", validation accuracy %.2f%%",
                        100 * lastValidation.accuracy())));
        return new Result(net, meta, history, lastValidation, data.skipped());
    }

    /**
     * model.json's training keys: the options, but with init the network and input that were trained (the init
     * model's architecture and dropout, the shape read), not keys init overrode.
     */
    static java.util.Map<String, Object> trained(java.util.Map<String, Object> options, ModelFile.LoadedModel init,
            InputShape shape) {
        if (init == null) {
            return options;
        }
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(options);
        m.put(TrainingOptions.KEY_ARCHITECTURE, FineTuning.architecture(init));
        m.put(TrainingOptions.KEY_SIZE, shape.width() + "x" + shape.height());
        m.put(TrainingOptions.KEY_CHANNELS, shape.mode());
        m.put(TrainingOptions.KEY_NORMALIZE, shape.normalization());
        Object dropout = init.metadata().training() == null ? null
                : init.metadata().training().get(TrainingOptions.KEY_DROPOUT);
        if (dropout != null) {
            m.put(TrainingOptions.KEY_DROPOUT, dropout);
        } else {
            m.remove(TrainingOptions.KEY_DROPOUT);
        }
        return m;
    }

    /** The schedule for the {@code schedule} key, or null for a constant rate. */
    static ISchedule rateSchedule(TrainingOptions.Schedule schedule, double rate, int totalIterations) {
        return switch (schedule) {
            case CONSTANT -> null;
            case LINEAR -> new LinearDecaySchedule(rate, totalIterations);
            case ONECYCLE -> {
                // DL4J's one-cycle: rate/10 up to rate and back over 90% of the steps, then the last
                // 10% decay geometrically from rate/10 to rate/1000 (its decay factor is per step).
                int annealing = Math.max(1, (int) Math.round(totalIterations * TrainingOptions.ANNEALING_FRACTION));
                yield new CycleSchedule(ScheduleType.ITERATION, rate / 10, rate, totalIterations, annealing,
                        Math.pow(0.01, 1.0 / annealing));
            }
            case TRIANGLE -> TriangleSchedule.of(rate, totalIterations);
        };
    }

    /**
     * Fails early (before any training) when the model cannot be written there, or would replace or land among
     * what the run reads: the init model, the data file, the validation file, or a subfolder of the data folder
     * (where the model and its history plot would become training images).
     */
    public static void checkOutputs(TrainingOptions options) throws IOException {
        Path model = options.model();
        Path data = options.data();
        // In a subfolder of the data folder (a class folder), the model and its history plot would be read as
        // images; directly in it (beside CIFAR-10's .bin files or the class folders) nothing reads them.
        if (data != null && Files.isDirectory(data) && Writable.inside(model.toAbsolutePath().getParent(), data)) {
            throw new IOException("Cannot write the model to " + model + ": it is inside the data folder " + data
                    + ", where it and its history files would be read as training data. Choose a path outside "
                    + data + ".");
        }
        Writable.checkNotInput(model, "model", data, "data");
        if (FineTuning.wanted(options.init()) && !options.init().trim().equalsIgnoreCase(FineTuning.DEFAULT)) {
            Writable.checkNotInput(model, "model", Path.of(options.init().trim()), "init model");
        }
        String vFile = options.validationFile();
        if (vFile != null && data != null) {
            Writable.checkNotInput(model, "model", DataSources.resolveBeside(data, vFile), "validation data");
        }
        checkWritable(model);
    }

    /** Fails early (before any training) when the model cannot be written there. */
    public static void checkWritable(Path model) throws IOException {
        Writable.check(model, "model", "model.zip", Writable.Kind.ZIP);
    }

    static String formatSeconds(double s) {
        if (!Double.isFinite(s) || s < 0) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 3600 ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format("%d:%02d", t / 60, t % 60);
    }
}
