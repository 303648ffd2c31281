package org.cnnclassifier.command;

import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;

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

    /** The explained image, when written to {@code output} (else it is shown). */
    @Parameter(type = ItemIO.OUTPUT, label = "Explained", required = false)
    private ImagePlus explained;

    public ExplainClassificationCommand() {
        super(ExplainClassification.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ImagePlus imp = Images.openOrCurrent(v.path(ExplainClassification.INPUT));
        Path out = v.path(ExplainClassification.OUTPUT);
        if (out == null && headless()) {
            throw new IllegalArgumentException("Headless runs cannot show images; give the file to write with "
                    + "'output' (.png or .tif).");
        }
        ExplainClassification.Made made = ExplainClassification.build(imp, v);
        explained = made.explained();
        made.lines().forEach(line -> System.out.println(line));
        if (out == null) {
            made.images().forEach(ImagePlus::show);
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
