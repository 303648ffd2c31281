package org.cnnclassifier.image;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.cnnclassifier.conv.ConvolutionEngine;
import org.cnnclassifier.conv.ConvolutionEngine.FeatureMap;
import org.cnnclassifier.conv.ConvolutionOptions;
import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;
import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.progress.ProgressListener;

/**
 * Applies a kernel bank to an ImageJ image (any type; single image, stack or hyperstack) and builds
 * the feature-map image: 32-bit, titled {@code <title>-features}, one slice per filter labelled with
 * the kernel name. It is a hyperstack (filters as channels, input Z and T kept) when the input has
 * Z or T, or under channels=separate (one channel per filter and input channel). The spatial
 * calibration is kept (pixel size times the stride). Does not show anything.
 */
public final class FeatureStacks {
    /** Appended to the input title. */
    public static final String SUFFIX = "-features";

    private FeatureStacks() {
    }

    /**
     * @throws IllegalArgumentException naming the problem (no image, kernel too large, ...)
     */
    public static ImagePlus convolve(ImagePlus imp, List<Kernel> kernels, ConvolutionOptions options,
            ProgressListener listener) {
        if (imp == null) {
            throw new IllegalArgumentException("There is no image open. Open or create an image first.");
        }
        ConvolutionEngine engine = new ConvolutionEngine(kernels, options);
        int nC = imp.getNChannels();
        int nZ = imp.getNSlices();
        int nT = imp.getNFrames();
        ImageStack stack = imp.getStack();
        List<String> channelNames = channelNames(imp);
        List<List<RandomAccessibleInterval<? extends RealType<?>>>> planes = new ArrayList<>();
        for (int t = 1; t <= nT; t++) {
            for (int z = 1; z <= nZ; z++) {
                List<RandomAccessibleInterval<? extends RealType<?>>> channels = new ArrayList<>();
                for (int c = 1; c <= nC; c++) {
                    channels.addAll(ImgBridge.channels(stack.getProcessor(imp.getStackIndex(c, z, t))));
                }
                planes.add(channels);
            }
        }
        engine.checkInput(imp.getWidth(), imp.getHeight(), channelNames.size());
        listener.status("Convolving " + imp.getTitle() + " with " + kernels.size() + " kernel"
                + (kernels.size() == 1 ? "" : "s"));
        List<List<FeatureMap>> maps = engine.applyToPlanes(planes, channelNames, listener);

        int wOut = engine.outputWidth(imp.getWidth());
        int hOut = engine.outputHeight(imp.getHeight());
        ImageStack out = new ImageStack(wOut, hOut);
        for (List<FeatureMap> plane : maps) {
            for (FeatureMap m : plane) {
                out.addSlice(m.label(), ImgBridge.toFloatProcessor(m.image()));
            }
        }
        ImagePlus result = new ImagePlus(imp.getTitle() + SUFFIX, out);
        if (out.size() == 1) {
            result.setProp("Slice_Label", out.getSliceLabel(1)); // where ImageJ keeps a single image's label
        }
        int perPlane = engine.mapsPerPlane(channelNames.size());
        if (nZ > 1 || nT > 1 || options.channels() == ChannelMode.SEPARATE) {
            result.setDimensions(perPlane, nZ, nT);
            result.setOpenAsHyperStack(true);
        }
        result.setCalibration(outputCalibration(imp.getCalibration(), kernels.get(0), options, imp.getWidth(),
                imp.getHeight()));
        result.resetDisplayRange();
        FeatureArithmetic.remember(result, imp, kernels, options);
        listener.status("");
        return result;
    }

    /** The input's calibration for the output grid: pixel size times the stride, origin moved to window centres. */
    static Calibration outputCalibration(Calibration in, Kernel k, ConvolutionOptions options, int width, int height) {
        Calibration cal = in.copy();
        cal.disableDensityCalibration(); // 32-bit responses, not calibrated pixel values
        int s = options.stride();
        // Input x (in pixels) of the centre of output pixel 0's window.
        double x0 = -options.padBefore(width, k.width()) + (k.width() - 1) / 2.0;
        double y0 = -options.padBefore(height, k.height()) + (k.height() - 1) / 2.0;
        cal.pixelWidth = in.pixelWidth * s;
        cal.pixelHeight = in.pixelHeight * s;
        cal.xOrigin = (in.xOrigin - x0) / s;
        cal.yOrigin = (in.yOrigin - y0) / s;
        return cal;
    }

    /** The input's channel names, one per map input: "C1", ..., or "R", "G", "B" ("C2 G" in a multi-channel RGB). */
    static List<String> channelNames(ImagePlus imp) {
        List<String> names = new ArrayList<>();
        int nC = imp.getNChannels();
        for (int c = 1; c <= nC; c++) {
            if (imp.getType() == ImagePlus.COLOR_RGB) {
                for (String n : ImgBridge.RGB_NAMES) {
                    names.add(nC > 1 ? "C" + c + " " + n : n);
                }
            } else {
                names.add("C" + c);
            }
        }
        return names;
    }
}
