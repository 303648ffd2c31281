package org.cnnclassifier.command;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.cnnclassifier.function.ApplyConvolutionKernel;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.ArithmeticTable;
import org.cnnclassifier.host.ImageOutputs;
import org.cnnclassifier.image.ImgImages;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * {@link ApplyConvolutionKernel} for scripts and headless runs: the image as an ImgLib2 image
 * ({@code image}: XY, XYC or XYCZ, see docs/imglib2.md), an {@code ImagePlus} ({@code imp}) or a
 * file ({@code input}); {@code output} saves the maps as TIFF. The maps are returned as an ImagePlus
 * ({@code result}) and as {@code Img<FloatType>} ({@code resultImg}: XY for one map, else XYN).
 */
@Plugin(type = Command.class, label = "Apply Convolution Kernel")
public class ApplyConvolutionKernelCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String input, kernels, preset, file, stride, padding, edges, normalize, channels, activation, at, output;

    @Parameter(required = false, persist = false, label = "Image (ImgLib2: XY, XYC or XYCZ)")
    private RandomAccessibleInterval<? extends RealType<?>> image;

    @Parameter(required = false, persist = false, label = "Image (ImagePlus, from scripts)")
    private ImagePlus imp;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus result;

    @Parameter(type = ItemIO.OUTPUT)
    private Img<FloatType> resultImg;

    public ApplyConvolutionKernelCommand() {
        super(ApplyConvolutionKernel.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ImagePlus in = Images.pick(image, imp, v.path(ApplyConvolutionKernel.INPUT), false);
        ImagePlus out = ApplyConvolutionKernel.apply(in, v, progress());
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
        resultImg = ImgImages.toFloatImg(out);
    }
}
