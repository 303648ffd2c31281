package org.cnnclassifier.command;

import java.nio.file.Path;

import ij.ImagePlus;

import org.cnnclassifier.function.ApplyConvolutionKernel;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.ImageOutputs;
import org.cnnclassifier.util.Writable;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * {@link ApplyConvolutionKernel} for scripts and headless runs: the image as an {@code ImagePlus}
 * ({@code image}, from a script) or a file ({@code input}); {@code output} saves the maps as TIFF.
 */
@Plugin(type = Command.class, label = "Apply Convolution Kernel")
public class ApplyConvolutionKernelCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String input, kernels, preset, file, stride, padding, edges, normalize, channels, activation, output;

    @Parameter(required = false, persist = false, label = "Image (ImagePlus, from scripts)")
    private ImagePlus image;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus result;

    public ApplyConvolutionKernelCommand() {
        super(ApplyConvolutionKernel.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ImagePlus imp = image;
        if (imp == null && v.path(ApplyConvolutionKernel.INPUT) != null) {
            imp = Images.open(v.path(ApplyConvolutionKernel.INPUT));
        }
        if (imp == null) {
            throw new IllegalArgumentException("No image given. Pass an image ('image') or an image file ('input').");
        }
        Path output = v.path(ApplyConvolutionKernel.OUTPUT);
        if (output != null) { // before the work: never the image or kernel file read, never another kind of file
            Writable.checkNotInput(output, "feature maps", v.path(ApplyConvolutionKernel.INPUT), "input image");
            Writable.checkNotInput(output, "feature maps", v.path(ApplyConvolutionKernel.FILE), "kernel file");
            Writable.check(output, "feature maps", "maps.tif", Writable.Kind.TIFF);
        }
        ImagePlus out = ApplyConvolutionKernel.apply(imp, v, progress());
        if (output != null) {
            ImageOutputs.writeTiff(out, output, "feature maps");
        }
        result = out;
    }
}
