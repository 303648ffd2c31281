package org.cnnclassifier.ij1;

import java.awt.GraphicsEnvironment;

import java.util.Arrays;
import java.util.Map;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * Error messages from the PlugIns. With ImageJ's window, a dialog (IJ.error). Without it
 * (headless, or {@code ij.jar -batch} where a modal dialog would wait forever for a click), the
 * message goes to the log (stdout in -batch) and the calling macro is aborted.
 */
final class Messages {
    private Messages() {
    }

    static void error(String title, String message) {
        if (IJ.getInstance() == null && (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode())) {
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

    /**
     * In a macro, checks the value given for each choice key against its items before GenericDialog
     * reads it: GenericDialog's own check opens a modal "not a valid choice" dialog, which hangs
     * an {@code ij.jar -batch} run. Reports the first bad value (naming the key and the valid
     * items) and returns false; true when there is no macro or every value is valid. Values that
     * are macro variables ({@code key=&var}) are left to GenericDialog.
     */
    static boolean macroChoicesValid(String title, Map<String, String[]> choices) {
        String options = Macro.getOptions();
        if (options == null) {
            return true;
        }
        for (Map.Entry<String, String[]> c : choices.entrySet()) {
            String value = Macro.getValue(options, c.getKey(), null);
            if (value != null && !value.startsWith("&") && !Arrays.asList(c.getValue()).contains(value)) {
                error(title, "'" + value + "' is not a valid " + c.getKey() + ". Choose one of: "
                        + String.join(", ", c.getValue()) + ".");
                return false;
            }
        }
        return true;
    }
}
