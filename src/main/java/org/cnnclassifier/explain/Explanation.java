package org.cnnclassifier.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.process.ImageProcessor;

import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.inference.Classifier;

/**
 * "Explain Classification" core: which pixels made the model choose a class, by Grad-CAM ({@link GradCam})
 * or occlusion ({@link Occlusion}), for each slice (or Z/T position of a multi-channel image) of an
 * image, as maps of the image's own size. Everything is checked (method, class, layer, that the image
 * can be read for the model) before anything is computed.
 */
public final class Explanation {
    public static final String GRADCAM = "gradcam", OCCLUSION = "occlusion", TOP = "top";
    public static final List<String> METHODS = List.of(GRADCAM, OCCLUSION);

    private Explanation() {
    }

    /** What to explain: method, class ({@code top} or a class name), layer (empty: the last convolution). */
    public record Options(String method, String className, String layer, int patch, int stride) {
        public Options {
            method = method == null ? GRADCAM : method.trim().toLowerCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
                throw new IllegalArgumentException("'" + method + "' is not a method; give one of: "
                        + String.join(", ", METHODS) + ".");
            }
            className = className == null || className.isBlank() ? TOP : className.trim();
            layer = layer == null ? "" : layer.trim();
        }

        /** Grad-CAM of the top class at the last convolution layer. */
        public static Options gradCam() {
            return new Options(GRADCAM, TOP, "", 8, 4);
        }
    }

    /** One explained unit: its first stack index, its channels, the map at the image's size, class, probability. */
    public record Unit(int slice, int z, int t, List<ImageProcessor> channels, float[] map, int classIndex,
            String className, float probability) {
    }

    /** All units of an image, the method and layer used. */
    public record Result(List<Unit> units, String method, String layer, int width, int height) {
        /** "Grad-CAM cat, 95.9%" for a unit (no "(...)": ImageJ cuts a label ending ".9%)" as an extension). */
        public String label(Unit u) {
            return String.format(Locale.ROOT, "%s %s, %.1f%%", method.equals(GRADCAM) ? "Grad-CAM" : "occlusion",
                    u.className(), 100 * u.probability());
        }
    }

    /**
     * The class index {@code name} asks for: -1 for {@code top}, else the model's class of that name
     * (case-insensitive).
     *
     * @throws IllegalArgumentException naming the class and the model's classes
     */
    public static int classIndex(Classifier classifier, String name) {
        if (name == null || name.isBlank() || name.trim().equalsIgnoreCase(TOP)) {
            return -1;
        }
        List<String> classes = classifier.classNames();
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i).equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        throw new IllegalArgumentException("The model has no class '" + name.trim() + "'; give top or one of: "
                + String.join(", ", classes) + ".");
    }

    /**
     * Explains every unit of {@code imp} ({@code allUnits}), or only the current one.
     *
     * @throws IllegalArgumentException for a bad class or layer, or an image the model cannot read
     */
    public static Result explain(ImagePlus imp, Classifier classifier, Options o, boolean allUnits) {
        int classIndex = classIndex(classifier, o.className());
        boolean gradCam = o.method().equals(GRADCAM);
        int layer = gradCam ? GradCam.layerIndex(classifier.network(), o.layer()) : -1;
        if (!gradCam && (o.patch() < 1 || o.stride() < 1)) {
            throw new IllegalArgumentException("patch and stride must be at least 1 pixel.");
        }
        List<int[]> positions = units(imp, classifier, allUnits);
        boolean pages = PlanarChannels.pagesAreChannels(imp, classifier.shape());
        List<List<ImageProcessor>> channels = new ArrayList<>();
        byte[][] inputs = new byte[positions.size()][];
        for (int k = 0; k < inputs.length; k++) {
            int[] u = positions.get(k);
            List<ImageProcessor> ch = pages || imp.getNChannels() > 1
                    ? PlanarChannels.channelsAt(imp, u[1], u[2], pages) : List.of(imp.getStack().getProcessor(u[0]));
            if (!pages && imp.getNChannels() == 1 && (ch.get(0).getBitDepth() == 16 || ch.get(0).getBitDepth() == 32)) {
                ch.get(0).setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
            }
            channels.add(ch);
            inputs[k] = PlanarChannels.fromChannels(ch, classifier.shape()); // fails for an unreadable image
        }
        int w = imp.getWidth(), h = imp.getHeight();
        int iw = classifier.shape().width(), ih = classifier.shape().height();
        List<Unit> units = new ArrayList<>();
        List<String> names = classifier.classNames();
        if (gradCam) {
            int[] classes = new int[inputs.length];
            java.util.Arrays.fill(classes, classIndex);
            var net = GradCam.fastest(classifier.network(), layer);
            GradCam.Result r = GradCam.compute(net, org.cnnclassifier.data.NetworkInput.forNetwork(net, inputs,
                    classifier.shape().channels(), ih, iw), layer, classes);
            ReceptiveFields rf = ReceptiveFields.of(classifier.network(), layer, iw, ih);
            float[][] probs = GradCam.probabilities(net, r); // from the same forward pass
            for (int k = 0; k < inputs.length; k++) {
                int[] u = positions.get(k);
                float[] map = rf.toImage(r.cells()[k], r.width(), r.height(), iw, ih, w, h);
                int c = r.classes()[k];
                units.add(new Unit(u[0], u[1], u[2], channels.get(k), map, c, names.get(c), probs[k][c]));
            }
        } else {
            for (int k = 0; k < inputs.length; k++) {
                int[] u = positions.get(k);
                Occlusion.Result r = Occlusion.compute(classifier, inputs[k], classIndex, o.patch(), o.stride());
                units.add(new Unit(u[0], u[1], u[2], channels.get(k), Occlusion.toImage(r, w, h), r.classIndex(),
                        names.get(r.classIndex()), r.probability()));
            }
        }
        String layerName = gradCam ? org.cnnclassifier.network.Activations.layerName(classifier.network(), layer) : "";
        return new Result(units, o.method(), layerName, w, h);
    }

    /** {stack index, z, t} of each unit: slices, or Z/T positions of a multi-channel image (one for pages). */
    static List<int[]> units(ImagePlus imp, Classifier classifier, boolean all) {
        boolean pages = PlanarChannels.pagesAreChannels(imp, classifier.shape());
        List<int[]> units = new ArrayList<>();
        if (pages) {
            units.add(new int[] {1, 1, 1});
        } else if (imp.getNChannels() > 1) {
            for (int t = 1; t <= imp.getNFrames(); t++) {
                for (int z = 1; z <= imp.getNSlices(); z++) {
                    if (all || (z == imp.getZ() && t == imp.getT())) {
                        units.add(new int[] {imp.getStackIndex(1, z, t), z, t});
                    }
                }
            }
        } else {
            for (int i = 1; i <= imp.getStackSize(); i++) {
                if (all || i == imp.getCurrentSlice()) {
                    int[] zct = imp.convertIndexToPosition(i);
                    units.add(new int[] {i, zct[1], zct[2]});
                }
            }
        }
        return units;
    }
}
