package org.cnnclassifier.host;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GUI;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.macro.Interpreter;
import ij.plugin.Zoom;

/**
 * Shows the images a command made, readable and beside the image they come from: each at the zoom
 * {@link Placement#zoom} gives (the pixels are not resampled), placed by {@link Placement#beside}.
 * In batch mode and headless runs the images are only handed to ImageJ ({@code show()}), as before.
 */
public final class Windows {
    private Windows() {
    }

    /** Shows one image beside {@code source} (null: below the ImageJ bar). */
    public static void show(ImagePlus imp, ImagePlus source) {
        show(List.of(imp), source);
    }

    /** Shows the images, in order, beside {@code source} (null: below the ImageJ bar). */
    public static void show(List<ImagePlus> images, ImagePlus source) {
        if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) {
            images.forEach(ImagePlus::show);
            return;
        }
        List<Rectangle> occupied = new ArrayList<>();
        for (int id : ids()) {
            ImagePlus open = WindowManager.getImage(id);
            if (open != null && open != source && open.getWindow() != null && !images.contains(open)) {
                occupied.add(open.getWindow().getBounds());
            }
        }
        List<ImageWindow> windows = new ArrayList<>();
        List<Rectangle> sizes = new ArrayList<>();
        for (ImagePlus imp : images) {
            imp.show();
            ImageWindow win = imp.getWindow();
            if (win == null) {
                continue;
            }
            zoom(imp, Placement.zoom(imp.getWidth(), imp.getHeight()));
            windows.add(win);
            sizes.add(win.getBounds());
        }
        if (windows.isEmpty()) {
            return;
        }
        ImageWindow sourceWindow = source == null ? null : source.getWindow();
        Rectangle anchor = sourceWindow != null && sourceWindow.isShowing() ? sourceWindow.getBounds() : null;
        ImageJ ij = IJ.getInstance();
        Rectangle start = ij != null ? ij.getBounds() : new Rectangle(0, 0, 0, 0);
        Rectangle screen = GUI.getScreenBounds(anchor != null ? anchor.getLocation() : start.getLocation(), true);
        List<Rectangle> places = Placement.beside(anchor, start, sizes, screen, occupied);
        for (int i = 0; i < windows.size(); i++) {
            windows.get(i).setLocation(places.get(i).x, places.get(i).y);
        }
    }

    private static int[] ids() {
        int[] ids = WindowManager.getIDList();
        return ids == null ? new int[0] : ids;
    }

    /**
     * Zooms in to {@code magnification}, the whole image in view, the window fitted to it. Never
     * zooms out: a window ImageJ opened below 100% to fit the screen stays as it is.
     */
    static void zoom(ImagePlus imp, double magnification) {
        ImageCanvas ic = imp.getCanvas();
        if (ic == null || magnification <= 1 || magnification <= ic.getMagnification() + 1e-9) {
            return;
        }
        Zoom.set(imp, magnification);
    }
}
