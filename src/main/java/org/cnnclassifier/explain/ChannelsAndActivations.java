package org.cnnclassifier.explain;

import java.util.ArrayList;
import java.util.List;


import ij.ImagePlus;
import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.network.Activations;

/**
 * "Show Channels and Activations" core: the image's channels, and, with a model, the feature maps
 * of the chosen convolution and pooling layers for the current slice (resized to the model's input
 * by {@link PlanarChannels}), optional montages, and the first layer's filters.
 */
public final class ChannelsAndActivations {
    private ChannelsAndActivations() {
    }

    /**
     * The images to show, in order: channels, then per layer its hyperstack (and montage), then
     * "Kernels". {@code classifier} null gives the channels only.
     *
     * @throws IllegalArgumentException for an image smaller than 2x2 or an unknown layer name
     */
    public static List<ImagePlus> build(ImagePlus imp, Classifier classifier, String layers, boolean montage) {
        List<ImagePlus> images = new ArrayList<>();
        if (imp.getWidth() < 2 || imp.getHeight() < 2) {
            throw new IllegalArgumentException("The image is " + imp.getWidth() + "x" + imp.getHeight()
                    + " pixels; Show Channels and Activations needs at least 2x2. Open a larger image.");
        }
        if (classifier == null) {
            images.add(Hyperstacks.channels(imp));
            return images;
        }
        // Check the layer names before making any image, so a typo shows no half result.
        List<Activations.SpatialLayer> chosen = Activations.select(classifier.network(), layers);
        images.add(Hyperstacks.channels(imp));
        byte[] input = PlanarChannels.fromChannels(PlanarChannels.current(imp, classifier.shape()),
                classifier.shape());
        String title = Hyperstacks.baseTitle(imp);
        for (Activations.LayerMaps maps : Activations.compute(classifier.network(),
                classifier.networkInput(new byte[][] {input}), chosen)) {
            images.add(Hyperstacks.activations(title, maps));
            if (montage) {
                images.add(Hyperstacks.montage(title, maps));
            }
        }
        Activations.Filters filters = Activations.firstConvolutionFilters(classifier.network());
        if (filters != null && filters.weights().length > 0 && filters.weights()[0].length == 3) {
            images.add(Hyperstacks.kernels(filters));
        }
        return images;
    }
}
