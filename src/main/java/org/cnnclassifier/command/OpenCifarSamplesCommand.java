package org.cnnclassifier.command;

import java.awt.GraphicsEnvironment;
import java.io.File;

import ij.ImagePlus;
import ij.io.FileSaver;
import org.cnnclassifier.ij1.IjProgress;
import org.cnnclassifier.ij1.OpenCifarSamplesPlugin;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * "Open CIFAR-10 Samples" for scripts and headless runs: 25 random training images as a stack
 * (class names as slice labels) and a 5x5 labelled montage. Headless, with {@code output} set,
 * the montage is saved there as PNG.
 */
@Plugin(type = Command.class, label = "Open CIFAR-10 Samples")
public class OpenCifarSamplesCommand implements Command {
    @Parameter(label = "Data (CIFAR-10 folder, .tar.gz, .bin, or class folders)", persist = false)
    private File data;
    @Parameter(label = "Seed", required = false, persist = false)
    private long seed = 1;
    @Parameter(label = "Download CIFAR-10 if missing", required = false, persist = false)
    private boolean download;
    @Parameter(label = "Save the montage as (PNG; optional)", required = false, persist = false)
    private String output = "";

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus stack;
    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus montage;

    @Override
    public void run() {
        boolean headless = GraphicsEnvironment.isHeadless();
        try {
            ImagePlus[] images = OpenCifarSamplesPlugin.open(data.toPath(), seed, download,
                    headless ? new ConsoleProgress(10) : new IjProgress());
            stack = images[0];
            montage = images[1];
            if (output != null && !output.isBlank()) {
                if (!new FileSaver(montage).saveAsPng(output)) {
                    throw new java.io.IOException("Could not save the montage to " + output);
                }
                System.out.println("Montage saved to " + output);
            }
        } catch (Exception e) {
            throw CommandErrors.fail("Open CIFAR-10 Samples", e);
        }
    }
}
