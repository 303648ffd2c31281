package org.cnnclassifier.command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.List;

import org.cnnclassifier.image.ChannelsAndActivations;
import org.cnnclassifier.model.Classifier;
import org.cnnclassifier.model.ModelCache;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

/**
 * Show Channels and Activations for scripts and headless runs (the menu entry is
 * {@link org.cnnclassifier.ij1.ShowChannelsAndActivationsPlugin}). With {@code output}, every
 * image is saved there as {@code <title>.tif}; otherwise they are shown.
 */
@Plugin(type = Command.class, label = "Show Channels and Activations")
public class ShowChannelsAndActivationsCommand extends ContextCommand {
    /** Flag: also compute the network's activations (otherwise the channels only). */
    public static final String KEY_ACTIVATIONS = "activations";
    public static final String KEY_MODEL = "model";
    public static final String KEY_LAYERS = "layers";
    public static final String KEY_MONTAGE = "montage";
    /** Only for this command: image file and output folder. */
    public static final String KEY_INPUT = "input";
    public static final String KEY_OUTPUT = "output";

    @Parameter(persist = false, label = "Image file (empty: the active image)", required = false)
    private File input;

    @Parameter(persist = false, label = "Activations", required = false)
    private boolean activations;

    @Parameter(persist = false, label = "Model file (empty: default model)", required = false)
    private String model = "";

    @Parameter(persist = false, label = "Layers", required = false)
    private String layers = "all";

    @Parameter(persist = false, label = "Montage", required = false)
    private boolean montage;

    @Parameter(persist = false, label = "Output folder (empty: show the images)", required = false, style = "directory")
    private File output;

    @Parameter
    private LogService log;

    @Override
    public void run() {
        ImagePlus imp = input != null && !input.getPath().isBlank() ? IJ.openImage(input.getPath())
                : WindowManager.getCurrentImage();
        if (imp == null) {
            fail(input != null && !input.getPath().isBlank() ? "ImageJ cannot open " + input + " as an image."
                    : "No image is open. Open an image first, or give an image file with 'input'.");
            return;
        }
        boolean save = output != null && !output.getPath().isBlank();
        if (save && !output.isDirectory()) {
            fail("Output folder not found: " + output + ". Choose an existing folder.");
            return;
        }
        if (!save && GraphicsEnvironment.isHeadless()) {
            fail("Headless runs cannot show images; give an output folder with 'output'.");
            return;
        }
        try {
            Classifier classifier = wantsModel(activations, model) ? ModelCache.get(model) : null;
            List<ImagePlus> images = ChannelsAndActivations.build(imp, classifier, layers, montage);
            for (ImagePlus out : images) {
                if (save) {
                    String path = new File(output, out.getTitle() + ".tif").getPath();
                    if (!IJ.saveAsTiff(out, path)) {
                        fail("Could not write " + path + ".");
                        return;
                    }
                    log.info("Wrote " + path);
                } else {
                    out.show();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            fail(e.getMessage());
        }
    }

    /** Activations need a model unless the user asked for none ({@code model=none}). */
    public static boolean wantsModel(boolean activations, String model) {
        return activations && (model == null || !model.trim().equalsIgnoreCase("none"));
    }

    private void fail(String message) {
        log.error("Show Channels and Activations: " + message);
        cancel(message);
    }
}
