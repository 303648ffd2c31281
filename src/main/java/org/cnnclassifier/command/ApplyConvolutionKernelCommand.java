package org.cnnclassifier.command;

import java.io.File;
import java.io.IOException;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import org.cnnclassifier.conv.ConvolutionOptions;
import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.conv.KernelSources;
import org.cnnclassifier.image.FeatureStacks;
import org.cnnclassifier.progress.CanceledException;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.util.AtomicFiles;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * "Apply Convolution Kernel" for scripts and headless runs (no menu path: the menu entry is the
 * ImageJ 1.x PlugIn). Give the image as an {@code ImagePlus} ({@code image}, from a script) or as a
 * file ({@code input}, headless); {@code output} optionally saves the feature maps as TIFF.
 * Parameter names are the macro keys of {@link org.cnnclassifier.ij1.ApplyConvolutionKernelPlugin}.
 */
@Plugin(type = Command.class, label = "Apply Convolution Kernel")
public class ApplyConvolutionKernelCommand extends ContextCommand {

    @Parameter(required = false, persist = false, label = "Image (ImagePlus, from scripts)")
    private ImagePlus image;

    @Parameter(required = false, persist = false, label = "Image file (headless)")
    private File input;

    @Parameter(required = false, persist = false, label = "Kernels (rows of numbers; blank line between kernels)")
    private String kernels = "";

    @Parameter(required = false, persist = false, label = "Preset")
    private String preset = KernelSources.DEFAULT_PRESET;

    @Parameter(required = false, persist = false, label = "Kernel file")
    private File file;

    @Parameter(required = false, persist = false, min = "1")
    private int stride = 1;

    @Parameter(required = false, persist = false, choices = {"same", "valid"})
    private String padding = "same";

    @Parameter(required = false, persist = false, choices = {"replicate", "zero", "reflect"})
    private String edges = "replicate";

    @Parameter(required = false, persist = false)
    private boolean normalize = true;

    @Parameter(required = false, persist = false, choices = {"sum", "separate"})
    private String channels = "sum";

    @Parameter(required = false, persist = false, choices = {"none", "relu"})
    private String activation = "none";

    @Parameter(required = false, persist = false, label = "Save feature maps as TIFF")
    private File output;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus result;

    @Parameter(required = false, persist = false)
    private StatusService statusService;

    @Parameter(required = false, persist = false)
    private LogService log;

    @Override
    public void run() {
        try {
            result = apply();
        } catch (IllegalArgumentException | IOException e) {
            fail(e.getMessage());
        } catch (CanceledException e) {
            cancel("Canceled.");
        }
    }

    private ImagePlus apply() throws IOException {
        ImagePlus imp = image;
        if (imp == null && input != null) {
            if (!input.isFile()) {
                throw new IllegalArgumentException("Image file " + input + " does not exist. Give an existing image file.");
            }
            imp = IJ.openImage(input.getPath());
            if (imp == null) {
                throw new IllegalArgumentException("ImageJ cannot open " + input + " as an image.");
            }
        }
        if (imp == null) {
            throw new IllegalArgumentException("No image given. Pass an image ('image') or an image file ('input').");
        }
        List<Kernel> ks = KernelSources.resolve(kernels, preset, file == null ? null : file.getPath());
        ConvolutionOptions options = ConvolutionOptions.parse(stride, padding, edges, normalize, channels, activation);
        ImagePlus out = FeatureStacks.convolve(imp, ks, options, progress());
        if (output != null) {
            byte[] tiff = new FileSaver(out).serialize(); // ImageJ's own TIFF writer: labels, calibration kept
            if (tiff == null) {
                throw new IOException("ImageJ could not encode the feature maps as TIFF.");
            }
            AtomicFiles.write(output.toPath(), "feature maps", os -> os.write(tiff));
        }
        return out;
    }

    private void fail(String message) {
        if (log != null) {
            log.error("Apply Convolution Kernel: " + message);
        }
        cancel(message);
    }

    private ProgressListener progress() {
        if (statusService == null) {
            return ProgressListener.SILENT;
        }
        return new ProgressListener() {
            @Override
            public void status(String message) {
                statusService.showStatus(message);
            }

            @Override
            public void progress(double fraction) {
                statusService.showProgress((int) Math.round(fraction * 1000), 1000);
            }

            @Override
            public boolean isCanceled() {
                return ApplyConvolutionKernelCommand.this.isCanceled();
            }
        };
    }
}
