package org.cnnclassifier.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

import org.cnnclassifier.function.Spec;
import org.cnnclassifier.progress.CanceledException;

/** What every PlugIn does around its function: the active image, and one way to report failures. */
final class Host {
    private Host() {
    }

    /** Work that may fail with a message for the user. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** The active image, or null after telling the user to open one. */
    static ImagePlus activeImage(Spec spec) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            Messages.error(spec.title(), "No image is open.\nOpen an image (File>Open) and run " + spec.title()
                    + " again.");
        }
        return imp;
    }

    /**
     * Runs the work: a cancel (Esc) leaves a status line, a failure one message (a dialog, or in
     * {@code -batch} the log and a stopped macro), out of memory a message that also stops the macro.
     */
    static void run(Spec spec, Work work) {
        try {
            work.run();
        } catch (CanceledException e) {
            IJ.showStatus(spec.title() + " canceled; nothing was written.");
        } catch (OutOfMemoryError e) {
            // Not IJ.outOfMemory: its message lets a macro go on as if the command had worked.
            Messages.error(spec.title(), "Out of memory (ImageJ may use " + IJ.maxMemory() / (1 << 20)
                    + " MB). Give ImageJ more memory (Edit>Options>Memory & Threads) or use a smaller image.");
        } catch (Exception e) {
            Messages.error(spec.title(), e.getMessage() != null ? e.getMessage() : e.toString());
        } finally {
            IJ.showProgress(1.0);
        }
    }
}
