package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.Key;
import org.junit.jupiter.api.Test;

/**
 * Issue 28, defect 5: {@code run("Classify Image", "")}, {@code run("Classify Image")} and the same for Show
 * Channels and Activations in {@code ij.jar -batch} print one message and stop the macro; before, a modal
 * dialog opened that nobody could click and ImageJ never exited (the run hit the timeout).
 */
class BatchNoDialogIT {
    @Test
    void aCommandWithoutOptionsInBatchGivesAMessageInsteadOfADialog() throws Exception {
        Path macro = Path.of("src/test/resources/it-macros/no_dialog.ijm").toAbsolutePath();
        String[][] cases = {
            {"classify-empty", "Classify Image error: This batch run cannot show a dialog. Give the options in the "
                    + "macro, e.g. run(\"Classify Image\", \"model=[...]\"); the keys are: "
                    + String.join(", ", ClassifyImage.SPEC.keys(Key.Scope.BOTH).stream().map(Key::name).toList()) + "."},
            {"classify-none", "Classify Image error: This batch run cannot show a dialog."},
            {"channels-none", "Show Channels and Activations error: This batch run cannot show a dialog."},
            {"folder-empty", "Classify Folder error: This batch run cannot show a dialog."}};
        for (String[] c : cases) {
            long start = System.nanoTime();
            ImageJHost.Run run = ImageJHost.runMacro(macro, c[0], 90);
            String o = run.output();
            assertTrue(o.contains(c[1]), c[0] + ":\n" + o);
            assertFalse(o.contains("after run"), c[0] + ": the macro went on after the error:\n" + o);
            assertTrue(System.nanoTime() - start < 80e9, c[0] + " took too long");
        }
    }
}
