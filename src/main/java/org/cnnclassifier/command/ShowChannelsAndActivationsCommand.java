package org.cnnclassifier.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.cnnclassifier.function.ShowChannelsAndActivations;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.ImageOutputs;
import org.cnnclassifier.image.ImgImages;
import org.cnnclassifier.util.Writable;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.cnnclassifier.host.Windows;

/**
 * {@link ShowChannelsAndActivations} for scripts and headless runs: an ImgLib2 image ({@code image}:
 * XY, XYC or XYCZ, see docs/imglib2.md), an {@code ImagePlus} ({@code imp}), an image file
 * ({@code input}) or the current image; with {@code output}, every image is saved there as
 * {@code <title>.tif}. The images are also returned, in order, as {@code images} (ImagePlus) and
 * {@code imgs} ({@code Img<FloatType>}: XYN for N maps or channels, XYCZ for a hyperstack).
 */
@Plugin(type = Command.class, label = "Show Channels and Activations")
public class ShowChannelsAndActivationsCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String input, activations, model, layers, montage, figure, output, figure_output;

    @Parameter(required = false, persist = false, label = "Image (ImgLib2: XY, XYC or XYCZ)")
    private RandomAccessibleInterval<? extends RealType<?>> image;

    @Parameter(required = false, persist = false, label = "Image (ImagePlus, from scripts)")
    private ImagePlus imp;

    @Parameter(type = ItemIO.OUTPUT)
    private List<ImagePlus> images;

    @Parameter(type = ItemIO.OUTPUT)
    private List<Img<FloatType>> imgs;

    public ShowChannelsAndActivationsCommand() {
        super(ShowChannelsAndActivations.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ImagePlus in = Images.pick(image, imp, v.path(ShowChannelsAndActivations.INPUT), true);
        Path output = v.path(ShowChannelsAndActivations.OUTPUT);
        if (output != null && !Files.isDirectory(output)) {
            throw new IllegalArgumentException("Output folder not found: " + output + ". Choose an existing folder.");
        }
        Path figureOutput = v.path(ShowChannelsAndActivations.FIGURE_OUTPUT);
        if (figureOutput != null && !v.flag(ShowChannelsAndActivations.FIGURE)) {
            throw new IllegalArgumentException("'figure_output' saves the network figure; also set 'figure'.");
        }
        if (figureOutput != null) { // before the work: never the image this run reads
            Writable.checkNotInput(figureOutput, "network figure", v.path(ShowChannelsAndActivations.INPUT),
                    "input image");
        }
        if (output == null && headless() && figureOutput == null) {
            throw new IllegalArgumentException("Headless runs cannot show images; give an output folder with "
                    + "'output' (or a PNG for the figure with 'figure_output').");
        }
        images = ShowChannelsAndActivations.build(in, v);
        imgs = ImgImages.toFloatImgs(images);
        if (figureOutput != null) {
            ImagePlus fig = images.get(images.size() - 1);
            ImageOutputs.writePng(fig, figureOutput, "network figure");
            log().info("Wrote " + figureOutput);
            if (output == null && headless()) {
                return;
            }
        }
        if (output == null) {
            Windows.show(images, in);
            return;
        }
        for (ImagePlus out : images) {
            Path file = output.resolve(out.getTitle() + ".tif");
            ImageOutputs.writeTiff(out, file, out.getTitle());
            log().info("Wrote " + file);
        }
    }
}
