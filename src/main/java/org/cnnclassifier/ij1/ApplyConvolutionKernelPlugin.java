package org.cnnclassifier.ij1;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;

import org.cnnclassifier.conv.ConvolutionOptions;
import org.cnnclassifier.conv.ConvolutionOptions.Activation;
import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;
import org.cnnclassifier.conv.ConvolutionOptions.Edges;
import org.cnnclassifier.conv.ConvolutionOptions.Padding;
import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.conv.KernelSources;
import org.cnnclassifier.image.FeatureStacks;
import org.cnnclassifier.progress.CanceledException;

/**
 * Plugins>CNN Classifier>Apply Convolution Kernel: applies typed kernels, a preset bank or a kernel
 * file to the active image and shows the feature maps ({@code <title>-features}). The dialog is
 * recorded by the macro recorder; in macros, e.g.
 * {@code run("Apply Convolution Kernel", "preset=Edges stride=1 padding=same edges=replicate normalize channels=sum activation=none");}
 * Typed kernels use the key {@code kernels} ({@code \n} between rows, a blank line between kernels).
 */
public class ApplyConvolutionKernelPlugin implements PlugIn {
    public static final String TITLE = "Apply Convolution Kernel";
    public static final String KEY_KERNELS = "kernels";
    public static final String KEY_PRESET = "preset";
    public static final String KEY_FILE = "file";
    public static final String KEY_STRIDE = "stride";
    public static final String KEY_PADDING = "padding";
    public static final String KEY_EDGES = "edges";
    public static final String KEY_NORMALIZE = "normalize";
    public static final String KEY_CHANNELS = "channels";
    public static final String KEY_ACTIVATION = "activation";

    // Dialog defaults remembered within the session, as ImageJ's own dialogs do.
    private static String lastKernels = "";
    private static String lastPreset = KernelSources.DEFAULT_PRESET;
    private static String lastFile = "";
    private static ConvolutionOptions last = ConvolutionOptions.DEFAULT;

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            error("There is no image open. Open an image (File>Open) or create one (File>New>Image) first.");
            return;
        }
        String macroOptions = Macro.getOptions();
        if (!Messages.macroChoicesValid(TITLE, Map.of(KEY_PRESET, KernelSources.presetChoices(), KEY_PADDING, words(Padding.values()),
                KEY_EDGES, words(Edges.values()), KEY_CHANNELS, words(ChannelMode.values()), KEY_ACTIVATION, words(Activation.values())))) {
            return;
        }
        // Macros get the documented defaults, not what the last interactive run remembered.
        ConvolutionOptions defaults = macroOptions == null ? last : ConvolutionOptions.DEFAULT;
        String presetDefault = macroOptions == null ? lastPreset : KernelSources.DEFAULT_PRESET;
        String fileDefault = macroOptions == null ? lastFile : "";
        GenericDialog gd = new GenericDialog(TITLE);
        if (macroOptions == null) {
            gd.addMessage("Kernels: rows of numbers separated by spaces, one row per line; a blank line between\n"
                    + "kernels; '# name' names the next kernel. Leave empty to use the preset or a file.");
            gd.addTextAreas(lastKernels, null, 8, 40);
        }
        gd.addChoice(cap(KEY_PRESET), KernelSources.presetChoices(), presetDefault);
        gd.addFileField(cap(KEY_FILE), fileDefault, 30);
        gd.addNumericField(cap(KEY_STRIDE), defaults.stride(), 0);
        gd.addChoice(cap(KEY_PADDING), words(Padding.values()), ConvolutionOptions.word(defaults.padding()));
        gd.addChoice(cap(KEY_EDGES), words(Edges.values()), ConvolutionOptions.word(defaults.edges()));
        gd.addCheckbox(cap(KEY_NORMALIZE), defaults.normalize());
        gd.addChoice(cap(KEY_CHANNELS), words(ChannelMode.values()), ConvolutionOptions.word(defaults.channels()));
        gd.addChoice(cap(KEY_ACTIVATION), words(Activation.values()), ConvolutionOptions.word(defaults.activation()));
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String kernelsText;
        if (macroOptions != null) {
            kernelsText = Macro.getValue(macroOptions, KEY_KERNELS, "");
        } else {
            // Read the text area directly (GenericDialog would record it as "text1") and record it as "kernels".
            kernelsText = gd.getTextArea1().getText();
            if (Recorder.record && !kernelsText.isBlank()) {
                Recorder.recordOption(KEY_KERNELS, Recorder.fixString(kernelsText));
            }
        }
        String preset = gd.getNextChoice();
        String file = gd.getNextString();
        double stride = gd.getNextNumber();
        String padding = gd.getNextChoice();
        String edges = gd.getNextChoice();
        boolean normalize = gd.getNextBoolean();
        String channels = gd.getNextChoice();
        String activation = gd.getNextChoice();
        try {
            if (Double.isNaN(stride) || stride != Math.rint(stride)) {
                throw new IllegalArgumentException("Stride must be a whole number of pixels (1 or more).");
            }
            ConvolutionOptions options = ConvolutionOptions.parse((int) stride, padding, edges, normalize, channels,
                    activation);
            List<Kernel> kernels = KernelSources.resolve(kernelsText, preset, file);
            ImagePlus result = FeatureStacks.convolve(imp, kernels, options, new IjProgress());
            lastKernels = kernelsText;
            lastPreset = preset;
            lastFile = file;
            last = options;
            result.show();
        } catch (IllegalArgumentException | IOException e) {
            error(e.getMessage());
        } catch (CanceledException e) {
            IJ.showProgress(1.0);
            IJ.showStatus(TITLE + ": canceled");
        } catch (OutOfMemoryError e) {
            IJ.outOfMemory(TITLE);
        }
    }

    /** Reports a problem: a dialog with ImageJ's window; in -batch/headless the log, stopping the macro. */
    static void error(String message) {
        Messages.error(TITLE, message);
    }

    private static String cap(String key) {
        return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    private static String[] words(Enum<?>[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ConvolutionOptions.word(values[i]);
        }
        return out;
    }
}
