package org.cnnclassifier.command;

import java.nio.file.Path;

import ij.ImagePlus;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.cnnclassifier.function.OpenCifarSamples;
import org.cnnclassifier.image.ImgImages;
import org.cnnclassifier.host.ImageOutputs;
import org.cnnclassifier.function.Values;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * {@link OpenCifarSamples} for scripts and headless runs; with {@code output}, the montage is saved as PNG.
 * The RGB images are also returned as {@code Img<FloatType>} (values 0-255): {@code stackImg} XYCZ
 * (R, G, B; one Z per sample), {@code montageImg} XYC.
 */
@Plugin(type = Command.class, label = "Open CIFAR-10 Samples")
public class OpenCifarSamplesCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String data, seed, download, output;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus stack, montage;

    @Parameter(type = ItemIO.OUTPUT)
    private Img<FloatType> stackImg, montageImg;

    public OpenCifarSamplesCommand() {
        super(OpenCifarSamples.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ImagePlus[] images = OpenCifarSamples.open(v, progress());
        stack = images[0];
        montage = images[1];
        stackImg = ImgImages.toFloatImg(stack);
        montageImg = ImgImages.toFloatImg(montage);
        Path output = v.path(OpenCifarSamples.OUTPUT);
        if (output != null) {
            ImageOutputs.writePng(montage, output, "montage");
            System.out.println("Montage saved to " + output);
        }
    }
}
