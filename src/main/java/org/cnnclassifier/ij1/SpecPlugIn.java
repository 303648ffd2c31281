package org.cnnclassifier.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;

import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.progress.CanceledException;

/**
 * A menu command: the active image (when it needs one), the values from a macro or the dialog
 * ({@link SpecDialog}), then the function's work, with one way to end: Esc leaves a status line,
 * a failure one message (a dialog, or in {@code -batch} the log and a stopped macro).
 */
abstract class SpecPlugIn implements PlugIn {
    private final Spec spec;
    private final boolean needsImage;
    private final String help;

    /** @param help shown at the top of the dialog, or null */
    SpecPlugIn(Spec spec, boolean needsImage, String help) {
        this.spec = spec;
        this.needsImage = needsImage;
        this.help = help;
    }

    /** The work, with checked values and the active image (null when the command needs none). */
    abstract void run(Values values, ImagePlus image) throws Exception;

    @Override
    public final void run(String arg) {
        ImagePlus imp = needsImage ? WindowManager.getCurrentImage() : null;
        if (needsImage && imp == null) {
            Messages.error(spec.title(), "No image is open.\nOpen an image (File>Open) and run " + spec.title()
                    + " again.");
            return;
        }
        if (Macro.getOptions() == null && Messages.noDialogs()) {
            // run("Title") or run("Title", "") in -batch: no one can click the dialog.
            Messages.error(spec.title(), "This batch run cannot show a dialog. Give the options in the macro, e.g. "
                    + "run(\"" + spec.title() + "\", \"" + spec.keys(Key.Scope.BOTH).get(0).name()
                    + "=[...]\"); the keys are: " + String.join(", ", spec.keys(Key.Scope.BOTH).stream()
                            .map(Key::name).toList()) + ".");
            return;
        }
        Values values = SpecDialog.ask(spec, help);
        if (values == null) {
            return;
        }
        try {
            run(values, imp);
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
