package org.cnnclassifier.ij1;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.macro.Interpreter;

/**
 * Error messages from the PlugIns. With ImageJ's window, a dialog (IJ.error). Without it
 * (headless, or {@code ij.jar -batch} where a modal dialog would wait forever for a click), the
 * message goes to the log (stdout in -batch) and the calling macro is aborted.
 */
final class Messages {
    private Messages() {
    }

    /** True without ImageJ's window in a batch or headless run, where a modal dialog would wait for ever. */
    static boolean noDialogs() {
        return IJ.getInstance() == null && (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode());
    }

    static void error(String title, String message) {
        if (noDialogs()) {
            IJ.log(title + " error: " + message.replace('\n', ' '));
            // Stop the calling macro, as a failed built-in command does.
            Interpreter macro = Interpreter.getInstance();
            if (macro != null) {
                Interpreter.abort(macro);
            }
            return;
        }
        IJ.error(title, message);
    }
}
