package org.cnnclassifier.ij1;

import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import org.cnnclassifier.data.DataSources;
import org.cnnclassifier.image.CifarSamples;
import org.cnnclassifier.progress.CanceledException;

/** Plugins>CNN Classifier>Open CIFAR-10 Samples: keys {@code data}, {@code seed}, {@code download}. */
public class OpenCifarSamplesPlugin implements PlugIn {
    static final String TITLE = "Open CIFAR-10 Samples";
    private static final String PREF = "cnnclassifier.samples.";

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addDirectoryField("data (CIFAR-10 folder, .tar.gz, .bin, or class folders)", Prefs.get(PREF + "data", ""));
        gd.addNumericField("seed (which random images)", 1, 0);
        gd.addCheckbox("download CIFAR-10 into the data folder if missing", false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String data = gd.getNextString().trim();
        long seed = (long) gd.getNextNumber();
        boolean download = gd.getNextBoolean();
        if (data.isEmpty()) {
            Messages.error(TITLE, "No data given. Set 'data' to a CIFAR-10 folder (or tick 'download').");
            return;
        }
        Prefs.set(PREF + "data", data);
        try {
            ImagePlus[] images = open(Path.of(data), seed, download, new IjProgress());
            images[0].show();
            images[1].show();
        } catch (CanceledException e) {
            IJ.showStatus("Canceled.");
        } catch (Exception e) {
            Messages.error(TITLE, e.getMessage() != null ? e.getMessage() : e.toString());
        } finally {
            IJ.showProgress(1);
        }
    }

    /** {@code [stack, montage]} of 25 random training images. */
    public static ImagePlus[] open(Path data, long seed, boolean download, org.cnnclassifier.progress.ProgressListener progress)
            throws java.io.IOException {
        DataSources.Loaded d = DataSources.training(data, null, download, progress);
        ImagePlus stack = CifarSamples.stack(d.images(), 25, seed);
        ImagePlus montage = CifarSamples.montage(stack, 5, 5, 4);
        return new ImagePlus[] {stack, montage};
    }
}
