package org.cnnclassifier.testing;

import java.awt.Rectangle;
import java.awt.Robot;
import java.io.File;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GUI;
import ij.gui.ImageWindow;

/**
 * Drives ImageJ on a screen for WindowsIT (under Xvfb, in a process of its own): opens an image,
 * runs a command on it as a macro line (not in batch mode, so windows open), then prints every image
 * window's zoom, canvas size and bounds, and the screen's bounds, and saves a screenshot.
 * Usage: WindowsDriver <image> <screenshot.png> <macro line>...
 */
public final class WindowsDriver {
    private WindowsDriver() {
    }

    public static void main(String[] args) throws Exception {
        new ImageJ();
        watchForDialogs();
        IJ.wait(500);
        ImagePlus imp = IJ.openImage(args[0]);
        imp.show();
        IJ.wait(500);
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("dialog:")) {
                dialog(args[i].substring(7), args[1].replace(".png", "-dialog" + i + ".png"), imp);
                continue;
            }
            if (args[i].startsWith("click:")) {
                click(args[i].substring(6).split(","));
                continue;
            }
            WindowManager.setCurrentWindow(imp.getWindow());
            IJ.runMacro(args[i]);
        }
        IJ.wait(1000);
        Rectangle screen = GUI.getScreenBounds(imp.getWindow().getLocation(), true);
        System.out.println("screen=" + rect(screen));
        for (int id : WindowManager.getIDList()) {
            ImagePlus p = WindowManager.getImage(id);
            ImageWindow w = p.getWindow();
            System.out.println((p == imp ? "source=" : "window=") + p.getTitle() + " size=" + p.getWidth() + "x"
                    + p.getHeight() + " zoom=" + w.getCanvas().getMagnification() + " canvas="
                    + w.getCanvas().getWidth() + "x" + w.getCanvas().getHeight() + " bounds=" + rect(w.getBounds()));
        }
        ImageIO.write(new Robot().createScreenCapture(screen), "png", new File(args[1]));
        System.out.flush();
        System.exit(0);
    }

    /**
     * "click:<title>,<slice>,<x>,<y>": a mouse press with the current tool on image pixel (x, y) of
     * that slice of the image window titled so; prints the "Convolution Arithmetic" table's rows and
     * the image's selection after it.
     */
    private static void click(String[] a) throws Exception {
        ImagePlus target = WindowManager.getImage(a[0]);
        target.setSlice(Integer.parseInt(a[1]));
        ij.gui.ImageCanvas ic = target.getCanvas();
        double mag = ic.getMagnification();
        int cx = (int) ((Integer.parseInt(a[2]) + 0.5) * mag), cy = (int) ((Integer.parseInt(a[3]) + 0.5) * mag);
        java.awt.EventQueue.invokeAndWait(() -> ic.dispatchEvent(new java.awt.event.MouseEvent(ic,
                java.awt.event.MouseEvent.MOUSE_PRESSED, System.currentTimeMillis(), 0, cx, cy, 1, false,
                java.awt.event.MouseEvent.BUTTON1)));
        IJ.wait(500);
        System.out.println("tool=" + ij.gui.Toolbar.getToolName());
        System.out.println("map=" + target.getStack().getProcessor(Integer.parseInt(a[1]))
                .getf(Integer.parseInt(a[2]), Integer.parseInt(a[3])));
        java.awt.Frame f = WindowManager.getFrame("Convolution Arithmetic");
        if (f instanceof ij.text.TextWindow tw) {
            ij.measure.ResultsTable rt = tw.getResultsTable();
            for (int i = 0; i < rt.size(); i++) {
                System.out.println("arith: " + rt.getStringValue("row", i) + " channel=" + rt.getStringValue(
                        "channel", i) + " input=" + rt.getStringValue("input", i) + " weight=" + rt.getStringValue(
                        "weight", i) + " product=" + rt.getValue("product", i) + " map=" + rt.getValue("map", i));
            }
        }
        for (int id : WindowManager.getIDList()) {
            ImagePlus p = WindowManager.getImage(id);
            if (p.getRoi() != null) {
                System.out.println("roi=" + p.getTitle() + " " + rect(p.getRoi().getBounds()));
            }
        }
    }

    private static volatile boolean expectDialog;

    /** Opens a command's dialog from the menu, saves a screenshot of the screen, and cancels the dialog. */
    private static void dialog(String command, String png, ImagePlus imp) throws Exception {
        expectDialog = true;
        WindowManager.setCurrentWindow(imp.getWindow());
        IJ.doCommand(command);
        IJ.wait(3000);
        Rectangle screen = GUI.getScreenBounds(imp.getWindow().getLocation(), true);
        ImageIO.write(new Robot().createScreenCapture(screen), "png", new File(png));
        for (java.awt.Window w : java.awt.Window.getWindows()) {
            if (w instanceof ij.gui.GenericDialog gd && gd.isShowing()) {
                Rectangle b = gd.getBounds();
                System.out.println("dialog=" + gd.getTitle() + " bounds=" + b.x + "," + b.y + "," + b.width + ","
                        + b.height);
                java.awt.EventQueue.invokeAndWait(() -> gd.dispatchEvent(new java.awt.event.WindowEvent(gd,
                        java.awt.event.WindowEvent.WINDOW_CLOSING)));
            }
        }
        IJ.wait(1000);
        expectDialog = false;
    }

    /** A dialog (an error message) would wait for a click forever: print its text and stop. */
    private static void watchForDialogs() {
        Thread t = new Thread(() -> {
            while (true) {
                IJ.wait(1000);
                for (java.awt.Window w : java.awt.Window.getWindows()) {
                    if (!expectDialog && w instanceof java.awt.Dialog d && d.isShowing()) {
                        StringBuilder text = new StringBuilder(d.getTitle());
                        collect(d, text);
                        System.out.println("dialog: " + text);
                        System.out.flush();
                        System.exit(3);
                    }
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static void collect(java.awt.Container c, StringBuilder text) {
        for (java.awt.Component child : c.getComponents()) {
            if (child instanceof java.awt.Label l) {
                text.append(" | ").append(l.getText());
            } else if (child instanceof ij.gui.MultiLineLabel l) {
                try {
                    java.lang.reflect.Field f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
                    f.setAccessible(true);
                    text.append(" | ").append(String.join(" ", (String[]) f.get(l)));
                } catch (ReflectiveOperationException e) {
                    text.append(" | ?");
                }
            } else if (child instanceof java.awt.Container cc) {
                collect(cc, text);
            }
        }
    }

    private static String rect(Rectangle r) {
        return r.x + "," + r.y + "," + r.width + "," + r.height;
    }
}
