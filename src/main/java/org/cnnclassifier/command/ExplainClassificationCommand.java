package org.cnnclassifier.command;

import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import org.cnnclassifier.host.Windows;
import org.cnnclassifier.image.ImgImages;
import org.cnnclassifier.util.Writable;
import org.cnnclassifier.function.ExplainClassification;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.ImageOutputs;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * {@link ExplainClassification} for scripts and headless runs: an image file ({@code input}) or the
 * current image. Prints one line per explained slice (class, probability, layer); with {@code output}
 * the explained image is written there (a {@code .png} as composited on screen, else a TIFF hyperstack),
 * and without it the images are shown (headless runs need {@code output}).
 */
@Plugin(type = Command.class, label = "Explain Classification")
public class ExplainClassificationCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String input, model, layer, method, patch, stride, map, output;

    /**
     * The {@code class} key: a Java keyword cannot name a field, so scripts give it as {@code className}
     * ({@link SpecCommand#keyField}).
     */
    @Parameter(required = false, persist = false, label = "class")
    private String className;

    @Parameter(required = false, persist = false, label = "Image (ImgLib2: XY, XYC or XYCZ)")
    private RandomAccessibleInterval<? extends RealType<?>> image;

    @Parameter(required = false, persist = false, label = "Image (ImagePlus, from scripts)")
    private ImagePlus imp;

    /** The explained image, when written to {@code output} (else it is shown). */
    @Parameter(type = ItemIO.OUTPUT, label = "Explained", required = false)
    private ImagePlus explained;

    /** The explained image as ImgLib2 floats (its channels, then the map). */
    @Parameter(type = ItemIO.OUTPUT, label = "Explained (ImgLib2)", required = false)
    private Img<FloatType> explainedImg;

    public ExplainClassificationCommand() {
        super(ExplainClassification.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ImagePlus in = Images.pick(image, imp, v.path(ExplainClassification.INPUT), true);
        Path out = v.path(ExplainClassification.OUTPUT);
        if (out == null && headless()) {
            throw new IllegalArgumentException("Headless runs cannot show images; give the file to write with "
                    + "'output' (.png or .tif).");
        }
        if (out != null) { // before the work: never the image this run reads
            Writable.checkNotInput(out, "explained image", v.path(ExplainClassification.INPUT), "input image");
        }
        ExplainClassification.Made made = ExplainClassification.build(in, v);
        explained = made.explained();
        explainedImg = ImgImages.toFloatImg(explained);
        made.lines().forEach(line -> System.out.println(line));
        if (out == null) {
            Windows.show(made.images(), in);
            explained = null; // shown: not an output for a display to show again
            return;
        }
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            ImageOutputs.writePng(made.explained(), out, "explained image");
        } else {
            ImageOutputs.writeTiff(made.explained(), out, "explained image");
        }
        log().info("Wrote " + out);
    }
}
