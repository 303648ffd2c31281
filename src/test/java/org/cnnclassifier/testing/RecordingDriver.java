package org.cnnclassifier.testing;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Component;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.TrainClassifier;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.frame.Recorder;
import org.cnnclassifier.training.TrainingOptions;

/**
 * Drives ImageJ as a user does, for MacroRecordingIT (run under Xvfb, in a process of its own):
 * with the Macro Recorder open, a command is chosen from the menu (ImageJ's {@link Executer}),
 * its dialog is filled in and OK is clicked; the recorded line is printed, then run as a macro on
 * the same image, and both results are printed for the test to compare. With a model to keep and a
 * data folder, Train is then started from the menu for 1,000 epochs and Esc is pressed after 8 s.
 * Usage: RecordingDriver <image> <model.zip> [<existing model to keep> <class folders>]
 */
public final class RecordingDriver {
    private RecordingDriver() {
    }

    public static void main(String[] args) throws Exception {
        new ImageJ(ImageJ.NO_SHOW); // menus, with the plugins of -Dplugins.dir
        Recorder recorder = new Recorder(false);
        Recorder.record = true;
        ImagePlus imp = IJ.openImage(args[0]);
        imp.show();
        IJ.wait(300);

        // Classify Image: model file, top 2, mirror ticked.
        String recorded = runFromMenu(recorder, "Classify Image", imp, gd -> {
            ((TextField) field(gd, ClassifyImage.SPEC, ClassifyImage.MODEL)).setText(args[1]);
            ((TextField) field(gd, ClassifyImage.SPEC, ClassifyImage.TOP)).setText("2");
            ((Checkbox) field(gd, ClassifyImage.SPEC, ClassifyImage.MIRROR)).setState(true);
        });
        System.out.println("recorded: " + recorded);
        System.out.println("dialog: " + takeTable("Classification"));
        WindowManager.setTempCurrentImage(imp);
        IJ.runMacro(recorded);
        System.out.println("macro: " + takeTable("Classification"));
        WindowManager.setTempCurrentImage(imp);
        IJ.runMacro(recorded.replace(" mirror", ""));
        System.out.println("without mirror: " + takeTable("Classification"));

        // Apply Convolution Kernel: two typed kernels (a text area, recorded under its key).
        String kernels = "0 -1 0\n-1 4 -1\n0 -1 0\n\n1 2 1\n0 0 0\n-1 -2 -1";
        recorded = runFromMenu(recorder, "Apply Convolution Kernel", imp,
                gd -> gd.getTextArea1().setText(kernels));
        System.out.println("recorded: " + recorded);
        ImagePlus fromDialog = newestImage();
        System.out.println("dialog: " + describe(fromDialog));
        WindowManager.setTempCurrentImage(imp);
        IJ.runMacro(recorded);
        ImagePlus fromMacro = newestImage();
        System.out.println("macro: " + describe(fromMacro));
        System.out.println("two images: " + (fromDialog != fromMacro));

        // Train from the menu on a folder of classes for many epochs, then Esc.
        if (args.length > 3) {
            long start = System.nanoTime();
            Spec train = TrainClassifier.SPEC;
            runFromMenu(null, train.title(), imp, gd -> {
                ((TextField) field(gd, train, TrainingOptions.KEY_DATA)).setText(args[3]);
                ((TextField) field(gd, train, TrainingOptions.KEY_MODEL)).setText(args[2]);
                ((TextField) field(gd, train, TrainingOptions.KEY_EPOCHS)).setText("1000");
                ((TextField) field(gd, train, TrainingOptions.KEY_BATCH)).setText("4");
            });
            Thread.sleep(8000);
            System.out.println("train running before Esc: " + commandRunning("Train CIFAR-10 Classifier"));
            printOpenDialogs();
            ImageJ ij = IJ.getInstance();
            ij.keyPressed(new java.awt.event.KeyEvent(ij, java.awt.event.KeyEvent.KEY_PRESSED,
                    System.currentTimeMillis(), 0, java.awt.event.KeyEvent.VK_ESCAPE,
                    java.awt.event.KeyEvent.CHAR_UNDEFINED));
            long pressed = System.nanoTime();
            while (commandRunning("Train CIFAR-10 Classifier") && System.nanoTime() - pressed < 120e9) {
                Thread.sleep(100);
            }
            System.out.printf("train stopped: %b after %.1f s of %.1f s%n", !commandRunning("Train CIFAR-10 Classifier"),
                    (System.nanoTime() - pressed) / 1e9, (System.nanoTime() - start) / 1e9);
            printOpenDialogs();
        }
        System.exit(0);
    }

    /** Error messages come as dialogs: the test expects none. */
    private static void printOpenDialogs() {
        for (Window w : Window.getWindows()) {
            if (w.isVisible() && w instanceof java.awt.Dialog d) {
                System.out.println("dialog open: " + d.getTitle());
            }
        }
    }

    /** Whether the thread ImageJ's {@link Executer} runs {@code command} on is alive. */
    private static boolean commandRunning(String command) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(command) && t.isAlive());
    }

    /**
     * Chooses {@code command} as from the menu, fills its dialog, clicks OK; returns what the recorder
     * wrote (with a recorder), or at once (without).
     */
    static String runFromMenu(Recorder recorder, String command, ImagePlus imp,
            java.util.function.Consumer<GenericDialog> fill) throws InterruptedException {
        int before = recorder == null ? 0 : recorder.getText().length();
        WindowManager.setTempCurrentImage(imp);
        new Executer(command, imp); // runs the command on its own thread, as a menu click does
        GenericDialog gd = waitForDialog(command);
        java.awt.EventQueue.invokeLater(() -> {
            fill.accept(gd);
            Button ok = gd.getButtons()[0];
            gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel()));
        });
        if (recorder == null) {
            return null;
        }
        for (int i = 0; i < 600; i++) {
            String text = recorder.getText().substring(before);
            if (text.contains("run(\"" + command + "\"")) {
                Thread.sleep(500); // the command's windows are shown after it is recorded
                return text.trim();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(command + " was not recorded: " + recorder.getText());
    }

    private static GenericDialog waitForDialog(String title) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (Window w : Window.getWindows()) {
                if (w instanceof GenericDialog gd && gd.isVisible() && title.equals(gd.getTitle())) {
                    return gd;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("No " + title + " dialog appeared");
    }

    /** The image opened last (image IDs are negative and fall with each new image). */
    private static ImagePlus newestImage() {
        int[] ids = WindowManager.getIDList();
        int newest = ids[0];
        for (int id : ids) {
            newest = Math.min(newest, id);
        }
        return WindowManager.getImage(newest);
    }

    /**
     * The dialog field of {@code key}: GenericDialog keeps numeric fields, checkboxes and text fields
     * in lists of their own, in the order the dialog shows them ({@link Spec#dialogKeys()}); a number
     * with a word for its default is a text field.
     */
    static Component field(GenericDialog gd, Spec spec, String key) {
        int numeric = 0, box = 0, text = 0;
        for (Key k : spec.dialogKeys()) {
            boolean found = k.name().equals(key);
            switch (k.defaultWord() != null ? Key.Kind.TEXT : k.kind()) {
                case WHOLE, NUMBER -> {
                    if (found) {
                        return (Component) gd.getNumericFields().get(numeric);
                    }
                    numeric++;
                }
                case FLAG -> {
                    if (found) {
                        return (Component) gd.getCheckboxes().get(box);
                    }
                    box++;
                }
                case CHOICE, LINES -> {
                    if (found) {
                        throw new IllegalArgumentException(key + " is not a text, number or checkbox field");
                    }
                }
                default -> {
                    if (found) {
                        return (Component) gd.getStringFields().get(text);
                    }
                    text++;
                }
            }
        }
        throw new IllegalArgumentException(key + " is not a dialog key of " + spec.title());
    }

    /** The rows of the results table {@code title} as class=probability, then the table is closed. */
    private static String takeTable(String title) {
        ResultsTable rt = ResultsTable.getResultsTable(title);
        if (rt == null) {
            return "no table";
        }
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < rt.size(); r++) {
            rows.add(rt.getStringValue("class", r) + "=" + rt.getStringValue("probability", r));
        }
        String taken = rt.size() + " rows " + rows;
        IJ.selectWindow(title); // closing the window empties the table
        IJ.run("Close");
        return taken;
    }

    private static String describe(ImagePlus imp) {
        StringBuilder s = new StringBuilder(imp.getTitle() + " " + imp.getWidth() + "x" + imp.getHeight() + " slices="
                + imp.getStackSize());
        for (int z = 1; z <= imp.getStackSize(); z++) {
            float[] px = (float[]) imp.getStack().getPixels(z);
            double sum = 0;
            for (float v : px) {
                sum += v;
            }
            s.append(" [").append(imp.getStack().getSliceLabel(z)).append(" sum=").append(sum).append(']');
        }
        return s.toString();
    }
}
