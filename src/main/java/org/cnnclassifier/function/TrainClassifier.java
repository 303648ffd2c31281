package org.cnnclassifier.function;

import java.util.List;

import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.model.Architectures;
import org.cnnclassifier.model.TrainingOptions;

/**
 * Train CIFAR-10 Classifier: the keys of a training run. Their defaults are those of
 * {@link TrainingOptions}, so a run from a macro, a script or code starts from the same values.
 */
public final class TrainClassifier {
    private static final TrainingOptions D = new TrainingOptions();

    public static final Spec SPEC = Spec.of("Train CIFAR-10 Classifier",
            Key.folder(TrainingOptions.KEY_DATA, "(CIFAR-10 folder, .tar.gz, .bin, or class folders)"),
            Key.choice(TrainingOptions.KEY_ARCHITECTURE, "", D.architecture, Architectures.NAMES),
            Key.whole(TrainingOptions.KEY_EPOCHS, "", D.epochs, 1, 100_000),
            Key.whole(TrainingOptions.KEY_BATCH, "(images per step)", D.batch, 1, Integer.MAX_VALUE),
            Key.number(TrainingOptions.KEY_RATE, "(Adam learning rate)", D.rate, Double.NaN, 1),
            Key.choice(TrainingOptions.KEY_SCHEDULE, "(learning rate)", D.schedule, List.of(TrainingOptions.SCHEDULES)),
            Key.text(TrainingOptions.KEY_VALIDATION, "(fraction, or file such as data_batch_5.bin)", D.validation),
            Key.flag(TrainingOptions.KEY_AUGMENT, "(random flip and 4-pixel crop)", D.augment),
            Key.number(TrainingOptions.KEY_DROPOUT, "(fraction; -1 = architecture default)", D.dropout, -1, 0.99),
            Key.whole(TrainingOptions.KEY_SEED, "", D.seed, Long.MIN_VALUE, Long.MAX_VALUE),
            Key.save(TrainingOptions.KEY_MODEL, "(output .zip)"),
            Key.flag(TrainingOptions.KEY_DOWNLOAD, "CIFAR-10 into the data folder if missing", D.download),
            Key.whole(TrainingOptions.KEY_LIMIT, "(use only the first N images; 0 = all)", D.limit, 0,
                    Integer.MAX_VALUE),
            Key.text(TrainingOptions.KEY_SIZE, "(network input: WxH, or native = the images' own)", D.size),
            Key.choice(TrainingOptions.KEY_CHANNELS, "(network input)", D.channels, InputShape.MODES),
            Key.choice(TrainingOptions.KEY_NORMALIZE, "(pixel values; per image and channel but divide-by-255)",
                    D.normalize, InputShape.NORMALIZATIONS),
            Key.file(TrainingOptions.KEY_INIT, "(start from this model .zip, or default; empty: none)"),
            Key.flag(TrainingOptions.KEY_FREEZE, "(with init: keep the convolution layers fixed)", D.freeze));

    private TrainClassifier() {
    }

    /** Training options from checked values; a model file is required. */
    public static TrainingOptions options(Values v) {
        TrainingOptions o = new TrainingOptions();
        o.data = v.path(TrainingOptions.KEY_DATA);
        o.architecture = v.text(TrainingOptions.KEY_ARCHITECTURE);
        o.epochs = v.whole(TrainingOptions.KEY_EPOCHS);
        o.batch = v.whole(TrainingOptions.KEY_BATCH);
        o.rate = v.number(TrainingOptions.KEY_RATE);
        o.schedule = v.text(TrainingOptions.KEY_SCHEDULE);
        o.validation = v.text(TrainingOptions.KEY_VALIDATION);
        o.augment = v.flag(TrainingOptions.KEY_AUGMENT);
        o.dropout = v.number(TrainingOptions.KEY_DROPOUT);
        o.seed = v.wholeLong(TrainingOptions.KEY_SEED);
        o.model = v.path(TrainingOptions.KEY_MODEL);
        o.download = v.flag(TrainingOptions.KEY_DOWNLOAD);
        o.limit = v.whole(TrainingOptions.KEY_LIMIT);
        o.size = v.text(TrainingOptions.KEY_SIZE);
        o.channels = v.text(TrainingOptions.KEY_CHANNELS);
        o.normalize = v.text(TrainingOptions.KEY_NORMALIZE);
        o.init = v.text(TrainingOptions.KEY_INIT);
        o.freeze = v.flag(TrainingOptions.KEY_FREEZE);
        if (o.model == null) {
            throw new IllegalArgumentException("No model file given. Set 'model' to the .zip file to write.");
        }
        o.validate();
        return o;
    }
}
