package org.cnnclassifier.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
import org.cnnclassifier.util.Csv;
import org.cnnclassifier.util.Writable;
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
        Path output = v.path(ApplyConvolutionKernel.OUTPUT);
        if (output != null) { // before the work: never the image or kernel file read, never another kind of file
            Writable.checkNotInput(output, "feature maps", v.path(ApplyConvolutionKernel.INPUT), "input image");
            Writable.checkNotInput(output, "feature maps", v.path(ApplyConvolutionKernel.FILE), "kernel file");
            Writable.check(output, "feature maps", "maps.tif", Writable.Kind.TIFF);
        }
        ImagePlus out = ApplyConvolutionKernel.apply(in, v, progress());
        if (output != null) {
            ImageOutputs.writeTiff(out, output, "feature maps");
        }
        ResultsTable arithmetic = ApplyConvolutionKernel.arithmetic(out, in, v);
        if (arithmetic != null && !headless()) {
            arithmetic.show(ArithmeticTable.TITLE);
        } else if (arithmetic != null) {
            String[] headings = arithmetic.getHeadings();
            System.out.println(Csv.row((Object[]) headings));
            for (int i = 0; i < arithmetic.size(); i++) {
                List<String> row = new ArrayList<>();
                for (String h : headings) {
                    row.add(arithmetic.getStringValue(h, i));
                }
                System.out.println(Csv.row(row));
            }
        }
        result = out;
        resultImg = ImgImages.toFloatImg(out);
    }
}
