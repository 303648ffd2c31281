package org.cnnclassifier.ij1;

import java.awt.event.MouseEvent;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.tool.PlugInTool;

import org.cnnclassifier.conv.ConvolutionArithmetic;
import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.host.ArithmeticTable;
import org.cnnclassifier.image.FeatureArithmetic;

/**
 * Plugins>CNN Classifier>Convolution Arithmetic Tool: installs a toolbar tool. A click on a
 * feature map made by Apply Convolution Kernel fills the "Convolution Arithmetic" table for that
 * pixel of the shown map (input patch per channel, weights, products, their sum = the map's pixel)
 * and outlines the input patch on the source image. The same table from a macro: the key
 * {@code at=x,y} of Apply Convolution Kernel.
 */
public class ConvolutionArithmeticTool extends PlugInTool {
    @Override
    public void mousePressed(ImagePlus imp, MouseEvent e) {
        ImageCanvas ic = imp.getCanvas();
        if (ic == null) {
            return;
        }
        int x = ic.offScreenX(e.getX()), y = ic.offScreenY(e.getY());
        try {
            ResultsTable rt = explain(imp, imp.getCurrentSlice(), x, y);
            rt.show(ArithmeticTable.TITLE);
        } catch (IllegalArgumentException ex) {
            IJ.showStatus(ex.getMessage());
            IJ.beep();
        }
    }

    /** The table for pixel (x, y) of stack slice {@code index} of {@code features}; outlines the patch. */
    static ResultsTable explain(ImagePlus features, int index, int x, int y) {
        FeatureArithmetic.Recipe recipe = FeatureArithmetic.recipe(features);
        ImagePlus source = WindowManager.getImage(recipe.sourceId());
        if (source == null && recipe.sourceTitle() != null) {
            source = WindowManager.getImage(recipe.sourceTitle());
        }
        if (source == null) {
            throw new IllegalArgumentException("The image '" + recipe.sourceTitle() + "' the maps were made from is"
                    + " not open. Open it and apply the kernels again.");
        }
        FeatureArithmetic.Explained ex = FeatureArithmetic.explain(features, source, index, x, y);
        ResultsTable rt = new ResultsTable();
        ArithmeticTable.add(rt, ex);
        Kernel k = recipe.kernels().get(ex.kernel());
        ConvolutionArithmetic.Term first = ex.result().terms().get(0);
        if (source.getWindow() != null) {
            if (source.isHyperStack()) {
                source.setPosition(source.getChannel(), ex.z(), ex.t());
            }
            source.setRoi(new Roi(first.inputX(), first.inputY(), k.width(), k.height()));
        }
        IJ.showStatus(ArithmeticTable.TITLE + ": " + ex.result().kernelName() + " at " + x + "," + y + " = "
                + ex.result().value());
        return rt;
    }

    @Override
    public String getToolName() {
        return "Convolution Arithmetic (click a feature map made by Apply Convolution Kernel)";
    }

    @Override
    public String getToolIcon() {
        return "C000R00ffL05f5L0af5L50f5La0afC00fF5555";
    }
}
