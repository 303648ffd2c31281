package org.cnnclassifier.function;

import java.io.IOException;

import ij.ImagePlus;

import org.cnnclassifier.data.DataSources;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.data.CifarSamples;

/** Open CIFAR-10 Samples: 25 random training images as a stack (class names as labels) and a 5x5 montage. */
public final class OpenCifarSamples {
    public static final String DATA = "data", SEED = "seed", DOWNLOAD = "download", OUTPUT = "output";

    public static final Spec SPEC = Spec.of("Open CIFAR-10 Samples",
            Key.folder(DATA, "(CIFAR-10 folder, .tar.gz, .bin, or class folders)"),
            Key.whole(SEED, "(which random images)", 1, Long.MIN_VALUE, Long.MAX_VALUE),
            Key.flag(DOWNLOAD, "CIFAR-10 into the data folder if missing", false),
            Key.save(OUTPUT, "montage as PNG (optional)").scriptOnly()).withHelp(TrainClassifier.TRAINING_HELP);

    private OpenCifarSamples() {
    }

    /** {@code [stack, montage]}. */
    public static ImagePlus[] open(Values v, ProgressListener progress) throws IOException {
        if (v.path(DATA) == null) {
            throw new IllegalArgumentException("No data given. Set 'data' to a CIFAR-10 folder (or tick 'download').");
        }
        DataSources.Loaded d = DataSources.training(v.path(DATA), null, v.flag(DOWNLOAD), progress);
        ImagePlus stack = CifarSamples.stack(d.images(), 25, v.wholeLong(SEED));
        ImagePlus montage = CifarSamples.montage(stack, 5, 5, 4);
        return new ImagePlus[] {stack, montage};
    }
}
