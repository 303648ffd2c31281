package org.cnnclassifier.function;

import org.cnnclassifier.data.Augmentation;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.training.Optimizer;
import org.cnnclassifier.training.TrainingOptions;
import org.cnnclassifier.training.TrainingOptions.Schedule;

/**
 * Train CIFAR-10 Classifier: the keys of a training run. Their defaults are those of
 * {@link TrainingOptions}, so a run from a macro, a script or code starts from the same values.
 */
public final class TrainClassifier {
    private static final TrainingOptions D = TrainingOptions.DEFAULTS;

    public static final Spec SPEC = Spec.of("Train CIFAR-10 Classifier",
            Key.folder(TrainingOptions.KEY_DATA, "(CIFAR-10 folder, .tar.gz, .bin, or class folders)"),
            Key.choice(TrainingOptions.KEY_ARCHITECTURE, "", D.architecture().word(), Architecture.words()),
            Key.whole(TrainingOptions.KEY_EPOCHS, "", D.epochs(), 1, 100_000),
            Key.whole(TrainingOptions.KEY_BATCH, "(images per step)", D.batch(), 1, Integer.MAX_VALUE),
            Key.number(TrainingOptions.KEY_RATE, "(learning rate; a schedule's peak)", D.rate(), Double.NaN, 1),
            Key.choice(TrainingOptions.KEY_SCHEDULE, "(learning rate)", D.schedule().word(), Schedule.words()),
            Key.text(TrainingOptions.KEY_VALIDATION, "(fraction, or file such as data_batch_5.bin)", D.validation()),
            Key.choice(TrainingOptions.KEY_AUGMENT, "(true: random flip and 4-pixel crop)", D.augment(),
                    Augmentation.MODES),
            Key.number(TrainingOptions.KEY_DROPOUT, "(fraction; -1 = architecture default)", D.dropout(), -1, 0.99),
            Key.whole(TrainingOptions.KEY_SEED, "", D.seed(), Long.MIN_VALUE, Long.MAX_VALUE),
            Key.save(TrainingOptions.KEY_MODEL, "(output .zip)"),
            Key.flag(TrainingOptions.KEY_DOWNLOAD, "CIFAR-10 into the data folder if missing", D.download()),
            Key.whole(TrainingOptions.KEY_LIMIT, "(use only the first N images; 0 = all)", D.limit(), 0,
                    Integer.MAX_VALUE),
            Key.text(TrainingOptions.KEY_SIZE, "(network input: WxH, or native = the images' own)", D.size()),
            Key.choice(TrainingOptions.KEY_CHANNELS, "(network input)", D.channels(), InputShape.MODES),
            Key.choice(TrainingOptions.KEY_NORMALIZE, "(pixel values; per image and channel but divide-by-255)",
                    D.normalize(), InputShape.NORMALIZATIONS),
            Key.file(TrainingOptions.KEY_INIT, "(start from this model .zip, or default; empty: none)"),
            Key.flag(TrainingOptions.KEY_FREEZE, "(with init: keep the convolution layers fixed)", D.freeze()),
            Key.whole(TrainingOptions.KEY_WORKERS, "(networks trained side by side; 0 = one per core)", D.workers(), 0,
                    256),
            Key.number(TrainingOptions.KEY_SMOOTHING, "(label smoothing: fraction spread over all classes)",
                    D.smoothing(), 0, 0.99),
            Key.choice(TrainingOptions.KEY_OPTIMIZER, "", D.optimizer().word(), Optimizer.words()),
            Key.number(TrainingOptions.KEY_DECAY, "(weight decay: rate x decay x weight off each step)", D.decay(),
                    0, 0.99),
            Key.whole(TrainingOptions.KEY_LOOKAHEAD, "(Lookahead every N steps, alpha 0.5; 0 = off)",
                    D.lookahead(), 0, 100_000),
            Key.flag(TrainingOptions.KEY_WHITEN, "(first convolution by patch whitening)", D.whiten()));

    private TrainClassifier() {
    }

    /** Training options from checked values; a model file is required. */
    public static TrainingOptions options(Values v) {
        TrainingOptions o = TrainingOptions.builder()
                .data(v.path(TrainingOptions.KEY_DATA))
                .epochs(v.whole(TrainingOptions.KEY_EPOCHS))
                .batch(v.whole(TrainingOptions.KEY_BATCH))
                .rate(v.number(TrainingOptions.KEY_RATE))
                .validation(v.text(TrainingOptions.KEY_VALIDATION))
                .augment(v.text(TrainingOptions.KEY_AUGMENT))
                .dropout(v.number(TrainingOptions.KEY_DROPOUT))
                .seed(v.wholeLong(TrainingOptions.KEY_SEED))
                .model(v.path(TrainingOptions.KEY_MODEL))
                .download(v.flag(TrainingOptions.KEY_DOWNLOAD))
                .limit(v.whole(TrainingOptions.KEY_LIMIT))
                .size(v.text(TrainingOptions.KEY_SIZE))
                .channels(v.text(TrainingOptions.KEY_CHANNELS))
                .normalize(v.text(TrainingOptions.KEY_NORMALIZE))
                .init(v.text(TrainingOptions.KEY_INIT))
                .freeze(v.flag(TrainingOptions.KEY_FREEZE))
                .workers(v.whole(TrainingOptions.KEY_WORKERS))
                .smoothing(v.number(TrainingOptions.KEY_SMOOTHING))
                .decay(v.number(TrainingOptions.KEY_DECAY))
                .lookahead(v.whole(TrainingOptions.KEY_LOOKAHEAD))
                .whiten(v.flag(TrainingOptions.KEY_WHITEN))
                .optimizer(Optimizer.parse(v.text(TrainingOptions.KEY_OPTIMIZER)))
                // the two choices that are enums: the Spec offers exactly their words
                .architecture(Architecture.parse(v.text(TrainingOptions.KEY_ARCHITECTURE)))
                .schedule(Schedule.parse(v.text(TrainingOptions.KEY_SCHEDULE)))
                .build();
        if (o.model() == null) {
            throw new IllegalArgumentException("No model file given. Set 'model' to the .zip file to write.");
        }
        o.validate();
        return o;
    }
}
