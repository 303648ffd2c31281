package org.cnnclassifier.ij1;

import java.io.IOException;
import java.util.List;

import org.cnnclassifier.command.ShowChannelsAndActivationsCommand;
import org.cnnclassifier.image.ChannelsAndActivations;
import org.cnnclassifier.model.Classifier;
import org.cnnclassifier.model.ModelCache;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/**
 * Plugins>CNN Classifier>Show Channels and Activations: the active image's channels as a composite
 * hyperstack and, with {@code activations}, a trained network's feature maps. Macro keys:
 * {@code activations} (flag), {@code model}, {@code layers}, {@code montage} (flag).
 */
public class ShowChannelsAndActivationsPlugin implements PlugIn {
    static final String TITLE = "Show Channels and Activations";

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            Messages.error(TITLE, "No image is open.\nOpen an image (File>Open) and run the command again.");
            return;
        }
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addCheckbox(Labels.label(ShowChannelsAndActivationsCommand.KEY_ACTIVATIONS, "of a trained network"),
                Labels.remembered("cnnclassifier.activations", false));
        gd.addFileField(Labels.label(ShowChannelsAndActivationsCommand.KEY_MODEL, "file (empty: default model)"),
                Labels.remembered("cnnclassifier.model", ""), 30);
        gd.addStringField(Labels.label(ShowChannelsAndActivationsCommand.KEY_LAYERS, "(all, or names: conv1,pool1)"), "all", 20);
        gd.addCheckbox(Labels.label(ShowChannelsAndActivationsCommand.KEY_MONTAGE, "of each layer"), false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        boolean activations = gd.getNextBoolean();
        String model = gd.getNextString().trim();
        String layers = gd.getNextString().trim();
        boolean montage = gd.getNextBoolean();
        try {
            Classifier classifier = null;
            if (ShowChannelsAndActivationsCommand.wantsModel(activations, model)) {
                IJ.showStatus(TITLE + ": loading model...");
                classifier = ModelCache.get(model);
            }
            List<ImagePlus> images = ChannelsAndActivations.build(imp, classifier, layers, montage);
            Prefs.set("cnnclassifier.activations", activations);
            for (ImagePlus out : images) {
                out.show();
            }
            IJ.showStatus(TITLE + ": " + images.size() + (images.size() == 1 ? " image" : " images"));
        } catch (IOException | IllegalArgumentException e) {
            Messages.error(TITLE, e.getMessage());
        }
    }
}
