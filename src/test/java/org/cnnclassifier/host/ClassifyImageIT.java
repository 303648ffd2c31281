package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

/** Classify Image and Show Channels and Activations from a macro in a real ImageJ 1.54p under Xvfb. */
class ClassifyImageIT {
    static Path macro(String name) {
        return Paths.get("src/test/resources/it-macros", name).toAbsolutePath();
    }

    @Test
    void classifySelectionAndShowActivations(@TempDir Path tmp) throws Exception {
        // Red in the top-left 16x16 corner (the selection), blue elsewhere.
        ColorProcessor cp = new ColorProcessor(40, 40);
        cp.setColor(new Color(20, 30, 220));
        cp.fill();
        cp.setColor(new Color(230, 30, 20));
        cp.fillRect(0, 0, 16, 16);
        Path image = tmp.resolve("corner.png");
        assertTrue(new FileSaver(new ImagePlus("corner", cp)).saveAsPng(image.toString()));
        ImageJHost.Run run = ImageJHost.runMacro(macro("classify_image_and_activations.ijm"),
                image + "|" + TinyModels.colorModel(), 300);
        String out = run.output();
        assertEquals(0, run.exitCode(), out);
        assertTrue(out.contains("rows=2"), out);
        assertTrue(out.contains("class=red"), out);
        assertTrue(out.contains("image=corner-channels 40x40 c=3 label=B"), out);
        assertTrue(out.contains("image=corner-conv1 30x30 c=8 label=conv1:7"), out);
        assertTrue(out.contains("image=corner-conv1-montage 507x77 c=1"), out);
        assertTrue(out.contains("image=corner-pool2 6x6 c=16 label=pool2:15"), out);
        assertTrue(out.contains("image=Kernels"), out);
        assertFalse(out.contains("corner-pool1"), out);
    }

    @Test
    void noImageStopsTheMacroWithAMessage() throws Exception {
        ImageJHost.Run run = ImageJHost.runMacro(macro("no_image.ijm"), null, 120);
        assertTrue(run.output().contains("Classify Image error: No image is open."), run.output());
        assertFalse(run.output().contains("not reached"), run.output());
    }
}
