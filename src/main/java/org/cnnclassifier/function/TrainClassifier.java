package org.cnnclassifier.function;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.data.Augmentation;
import org.cnnclassifier.host.TrainingReport;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.training.BiasRate;
import org.cnnclassifier.training.MuonFilters;
import org.cnnclassifier.training.FineTuning;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.util.Writable;
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

    /** The help page of the training commands. */
    static final String TRAINING_HELP = "docs/training.md";

    /** The word for dropout's default, the architecture's own dropout (the value -1). */
    public static final String DEFAULT = "default";

    /** The dialog's sections. */
    static final String DATA = "Data", NETWORK = "Network", TRAINING = "Training", OWN = "Your own images",
            SPEED = "Speed";

    public static final Spec SPEC = Spec.of("Train CIFAR-10 Classifier",
            Key.folder(TrainingOptions.KEY_DATA, "(CIFAR-10 folder, .tar.gz, .bin, or class folders)").inGroup(DATA),
            Key.choice(TrainingOptions.KEY_ARCHITECTURE, "", D.architecture().word(), Architecture.words())
                    .inGroup(NETWORK),
            Key.whole(TrainingOptions.KEY_EPOCHS, "", D.epochs(), 1, 100_000).inGroup(TRAINING),
            Key.whole(TrainingOptions.KEY_BATCH, "(images per step)", D.batch(), 1, Integer.MAX_VALUE)
                    .inGroup(TRAINING).besidePrevious(),
            Key.number(TrainingOptions.KEY_RATE, "(learning rate; a schedule's peak)", D.rate(), Double.NaN, 1)
                    .inGroup(TRAINING),
            Key.choice(TrainingOptions.KEY_SCHEDULE, "(learning rate)", D.schedule().word(), Schedule.words())
                    .inGroup(TRAINING).besidePrevious(),
            Key.text(TrainingOptions.KEY_VALIDATION, "(fraction, or a held-out .bin file)", D.validation())
                    .inGroup(DATA),
            Key.choice(TrainingOptions.KEY_AUGMENT, "(true: random flip and 4-pixel crop)", D.augment(),
                    Augmentation.MODES).inGroup(TRAINING),
            Key.number(TrainingOptions.KEY_DROPOUT, "(fraction, or default: the architecture's own)", D.dropout(), -1,
                    0.99).defaultWord(DEFAULT).inGroup(NETWORK),
            Key.whole(TrainingOptions.KEY_SEED, "", D.seed(), Long.MIN_VALUE, Long.MAX_VALUE).inGroup(TRAINING),
            Key.save(TrainingOptions.KEY_MODEL, "(output .zip)").inGroup(TRAINING),
            Key.flag(TrainingOptions.KEY_DOWNLOAD, "CIFAR-10 into the data folder if missing", D.download())
                    .inGroup(DATA),
            Key.whole(TrainingOptions.KEY_LIMIT, "(use only the first N images; 0 = all)", D.limit(), 0,
                    Integer.MAX_VALUE).inGroup(DATA),
            Key.text(TrainingOptions.KEY_SIZE, "(network input: WxH, or native = the images' own)", D.size())
                    .inGroup(OWN),
            Key.choice(TrainingOptions.KEY_CHANNELS, "(network input)", D.channels(), InputShape.MODES).inGroup(OWN),
            Key.choice(TrainingOptions.KEY_NORMALIZE, "(pixel values)", D.normalize(), InputShape.NORMALIZATIONS)
                    .inGroup(OWN).besidePrevious(),
            Key.file(TrainingOptions.KEY_INIT, "(start from this model .zip, or default; empty: none)").inGroup(OWN),
            Key.flag(TrainingOptions.KEY_FREEZE, "(with init: keep the convolution layers fixed)", D.freeze())
                    .inGroup(OWN),
            Key.whole(TrainingOptions.KEY_WORKERS, "(networks trained side by side; 0 = one per core)", D.workers(), 0,
                    256).inGroup(SPEED),
            Key.number(TrainingOptions.KEY_SMOOTHING, "(label smoothing: fraction spread over all classes)",
                    D.smoothing(), 0, 0.99).inGroup(TRAINING),
            Key.number(TrainingOptions.KEY_MUON, "(air: Muon's rate for the filters; 0 = off)", D.muon(), 0,
                    MuonFilters.MAX_RATE).inGroup(TRAINING).besidePrevious(),
            Key.choice(TrainingOptions.KEY_OPTIMIZER, "", D.optimizer().word(), Optimizer.words()).inGroup(TRAINING),
            Key.number(TrainingOptions.KEY_DECAY, "(weight decay, times the rate)", D.decay(),
                    0, 0.99).inGroup(TRAINING).besidePrevious(),
            Key.whole(TrainingOptions.KEY_LOOKAHEAD, "(Lookahead every N steps, alpha 0.5; 0 = off)",
                    D.lookahead(), 0, 100_000).inGroup(TRAINING),
            Key.number(TrainingOptions.KEY_BIAS_RATE, "(rate x N for biases and batch norm)", D.biasRate(),
                    Key.ABOVE_ZERO, BiasRate.MAX).inGroup(TRAINING).besidePrevious(),
            Key.flag(TrainingOptions.KEY_WHITEN, "(first convolution by patch whitening)", D.whiten())
                    .inGroup(NETWORK),
            Key.flag(TrainingOptions.KEY_IDENTITY, "(later convolutions start as identities)", D.identity())
                    .inGroup(NETWORK).besidePrevious()).withHelp(TRAINING_HELP);

    private TrainClassifier() {
    }

    /**
     * With {@code init}, the network (architecture, dropout) and its input (size, channels, normalize) are the init
     * model's: a value for them would be ignored, so it is an error naming the keys and the model's values. A value
     * equal to the key's default counts as left out: a macro recorded from the dialog holds every key.
     */
    static void checkInitKeys(Values v) {
        String init = v.text(TrainingOptions.KEY_INIT);
        if (!FineTuning.wanted(init)) {
            return;
        }
        List<String> given = new ArrayList<>();
        ModelMetadata model = null; // read once, for the first key given
        for (String key : INIT_DECIDES) {
            Key k = SPEC.key(key);
            if (!Spec.convert(k, k.defaultValue()).equals(v.values().get(key))) {
                model = model != null ? model : initMetadata(init.trim());
                String own = initValue(model, key);
                given.add(key + "=" + v.values().get(key) + (own != null ? " (the model's: " + own + ")" : ""));
            }
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("init trains " + init.trim() + " with its own architecture, dropout, "
                    + "size, channels and normalize, so " + String.join(", ", given) + (given.size() == 1 ? " was"
                            : " were") + " given but would be ignored. Leave "
                    + (given.size() == 1 ? "that key" : "these keys") + " out, or train without init.");
        }
    }

    /** The init model's model.json (the default model's without loading its network), or null when unreadable. */
    private static ModelMetadata initMetadata(String init) {
        try {
            if (!init.equalsIgnoreCase(FineTuning.DEFAULT)) {
                return ModelFile.readMetadata(Path.of(init));
            }
            byte[] bytes = ModelFile.defaultModelBytes();
            return bytes == null ? null : ModelFile.check(bytes, "default model");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The init model's value for {@code key} ("28x28", "gray"), or null when its model.json could not be read. */
    private static String initValue(ModelMetadata m, String key) {
        if (m == null) {
            return null;
        }
        try {
            InputShape s = Classifier.shapeOf(m);
            return switch (key) {
                case TrainingOptions.KEY_SIZE -> s.width() + "x" + s.height();
                case TrainingOptions.KEY_CHANNELS -> s.mode();
                case TrainingOptions.KEY_NORMALIZE -> s.normalization();
                case TrainingOptions.KEY_ARCHITECTURE -> m.architecture();
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The keys whose values a model given as {@code init} decides: given with init, they are an error. */
    static final List<String> INIT_DECIDES = List.of(TrainingOptions.KEY_ARCHITECTURE, TrainingOptions.KEY_DROPOUT,
            TrainingOptions.KEY_SIZE, TrainingOptions.KEY_CHANNELS, TrainingOptions.KEY_NORMALIZE);

    /** Training options from checked values; a model file is required. */
    public static TrainingOptions options(Values v) {
        checkInitKeys(v);
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
                .identity(v.flag(TrainingOptions.KEY_IDENTITY))
                .biasRate(v.number(TrainingOptions.KEY_BIAS_RATE))
                .muon(v.number(TrainingOptions.KEY_MUON))
                .optimizer(Optimizer.parse(v.text(TrainingOptions.KEY_OPTIMIZER)))
                // the two choices that are enums: the Spec offers exactly their words
                .architecture(Architecture.parse(v.text(TrainingOptions.KEY_ARCHITECTURE)))
                .schedule(Schedule.parse(v.text(TrainingOptions.KEY_SCHEDULE)))
                .build();
        if (o.model() == null) {
            throw new IllegalArgumentException("No model file given. Set 'model' to the .zip file to write.");
        }
        o.validate();
        try { // the model, then the history files beside it: names the file system can hold, no input overwritten
            Trainer.checkOutputs(o);
            Writable.check(TrainingReport.sibling(o.model(), "-history.csv"), "training history", null,
                    Writable.Kind.CSV);
            Writable.check(TrainingReport.sibling(o.model(), "-history.png"), "training plot", null,
                    Writable.Kind.PNG);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return o;
    }
}
