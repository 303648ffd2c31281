package org.cnnclassifier.command;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.cnnclassifier.function.ApplyConvolutionKernel;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.ArithmeticTable;
import org.cnnclassifier.host.ImageOutputs;
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
    private String input, kernels, preset, file, stride, padding, edges, normalize, channels, activation, at, output;

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
        ImagePlus out = ApplyConvolutionKernel.apply(imp, v, progress());
        Path output = v.path(ApplyConvolutionKernel.OUTPUT);
        if (output != null) {
            ImageOutputs.writeTiff(out, output, "feature maps");
        }
        ResultsTable arithmetic = ApplyConvolutionKernel.arithmetic(out, imp, v);
        if (arithmetic != null && !headless()) {
            arithmetic.show(ArithmeticTable.TITLE);
        } else if (arithmetic != null) {
            String[] headings = arithmetic.getHeadings();
            System.out.println(String.join(",", headings));
            for (int i = 0; i < arithmetic.size(); i++) {
                StringBuilder line = new StringBuilder();
                for (String h : headings) {
                    line.append(line.length() == 0 ? "" : ",").append(arithmetic.getStringValue(h, i));
                }
                System.out.println(line);
            }
        }
        result = out;
    }
}
