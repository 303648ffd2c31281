package org.cnnclassifier.command;

import java.util.List;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.util.Util;

import org.scijava.Priority;
import org.scijava.display.Display;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.PluginService;

/**
 * Headless runs: prints each output of our commands that no SciJava display can show, as
 * {@code name = value} (an image by title and size, a table by its row count), and marks it
 * resolved. Without this, scijava-common alone (no imagej-legacy) logs "Ignoring unsupported
 * output" for them and the figures a headless user asked for are not shown. Runs just before
 * SciJava's DisplayPostprocessor; in Fiji, where displays exist, it leaves outputs to them, except
 * the ImgLib2 twins of our image outputs ({@code resultImg}, {@code imgs}, ...), which are for scripts:
 * they are never displayed (the ImagePlus they share their pixels with is), only described headless.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.VERY_LOW + 1)
public class PrintUndisplayedOutputs extends AbstractPostprocessorPlugin {
    @Parameter(required = false)
    private PluginService plugins;

    @Parameter(required = false)
    private LogService log;

    @Override
    public void process(Module module) {
        String type = module.getInfo().getDelegateClassName();
        if (plugins == null || log == null || !type.startsWith("org.cnnclassifier.")) {
            return;
        }
        @SuppressWarnings("rawtypes")
        List<Display> displays = plugins.createInstancesOfType(Display.class);
        for (ModuleItem<?> item : module.getInfo().outputs()) {
            String name = item.getName();
            Object value = item.getValue(module);
            boolean displayable = value != null && displays.stream().anyMatch(d -> d.canDisplay(value));
            if (module.isOutputResolved(name) || value == null || (displayable && !isImgLib2(value))) {
                continue;
            }
            if (!displayable) {
                log.info(name + " = " + describe(value));
            }
            module.resolveOutput(name);
        }
    }

    /** An ImgLib2 image, or a list of them. */
    static boolean isImgLib2(Object value) {
        return value instanceof RandomAccessibleInterval<?>
                || value instanceof List<?> list && !list.isEmpty()
                        && list.get(0) instanceof RandomAccessibleInterval<?>;
    }

    static String describe(Object value) {
        if (value instanceof RandomAccessibleInterval<?> rai) {
            StringBuilder dims = new StringBuilder();
            for (int d = 0; d < rai.numDimensions(); d++) {
                dims.append(d == 0 ? "" : "x").append(rai.dimension(d));
            }
            return "ImgLib2 image " + dims + " (" + Util.getTypeFromInterval(rai).getClass().getSimpleName() + ")";
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            List<String> each = list.stream().map(PrintUndisplayedOutputs::describe).toList();
            return list.size() + (list.size() == 1 ? " item: " : " items: ") + String.join("; ", each);
        }
        if (value instanceof ImagePlus imp) {
            return "image '" + imp.getTitle() + "' " + imp.getWidth() + "x" + imp.getHeight() + ", "
                    + imp.getStackSize()
                    + (imp.getStackSize() == 1 ? " slice" : " slices");
        }
        if (value instanceof ResultsTable t) {
            String title = t.getTitle() == null ? "" : "'" + t.getTitle() + "' ";
            return "table " + title + "with " + t.size() + (t.size() == 1 ? " row" : " rows");
        }
        return String.valueOf(value);
    }
}
