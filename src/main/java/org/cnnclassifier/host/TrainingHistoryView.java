package org.cnnclassifier.host;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.measure.ResultsTable;
import org.cnnclassifier.training.EpochStats;
import org.cnnclassifier.training.Trainer;

/**
 * The tutorial's figure and table, live: a "Training History" ResultsTable (one row per epoch) and
 * a Plot of accuracy and validation accuracy per epoch, redrawn after every epoch. Headless, nothing
 * is shown; {@link #plotImage()} renders the plot as an image instead.
 */
public final class TrainingHistoryView implements Trainer.EpochListener {
    public static final String TABLE_TITLE = "Training History";
    public static final String PLOT_TITLE = "Training Accuracy";

    private final boolean show = !GraphicsEnvironment.isHeadless();
    private final ResultsTable table = new ResultsTable();

    {
        table.setPrecision(4);
    }
    private final String title;
    private Plot plot;
    private PlotWindow window;
    private ImagePlus batchModeImage;

    public TrainingHistoryView(String architecture) {
        this.title = PLOT_TITLE + " (" + architecture + ")";
    }

    @Override
    public synchronized void epochDone(EpochStats s, List<EpochStats> history) {
        table.addRow();
        table.addValue("epoch", s.epoch());
        table.addValue("loss", s.loss());
        table.addValue("accuracy", s.accuracy());
        table.addValue("val_loss", s.validationLoss());
        table.addValue("val_accuracy", s.validationAccuracy());
        table.addValue("seconds", s.seconds());
        table.addValue("images_per_s", s.imagesPerSecond());
        plot = makePlot(history, title);
        if (show) {
            table.show(TABLE_TITLE);
            if (window != null && !window.isClosed()) {
                window.drawPlot(plot);
            } else if (batchModeImage != null) {
                batchModeImage.setProcessor(plot.getProcessor()); // macro batch mode: one image, updated
            } else {
                window = plot.show();
                if (window == null) {
                    batchModeImage = plot.getImagePlus();
                }
            }
        }
    }

    public ResultsTable table() {
        return table;
    }

    /** The latest plot as an image (null before the first epoch). */
    public ImagePlus plotImage() {
        return plot == null ? null : plot.getImagePlus();
    }

    static Plot makePlot(List<EpochStats> history, String title) {
        int n = history.size();
        double[] x = new double[n];
        double[] acc = new double[n];
        double[] val = new double[n];
        boolean hasVal = false;
        for (int i = 0; i < n; i++) {
            x[i] = history.get(i).epoch();
            acc[i] = history.get(i).accuracy();
            val[i] = history.get(i).validationAccuracy();
            hasVal |= !Double.isNaN(val[i]);
        }
        Plot p = new Plot(title, "Epoch", "Accuracy");
        p.setLimits(0.5, Math.max(n, 1) + 0.5, 0, 1);
        p.setColor(Color.BLUE, Color.BLUE);
        p.setLineWidth(2);
        p.addPoints(x, acc, Plot.CONNECTED_CIRCLES);
        p.setLabel(0, "accuracy");
        String legend = "accuracy";
        if (hasVal) {
            p.setColor(new Color(0xE0, 0x70, 0x00), new Color(0xE0, 0x70, 0x00));
            p.addPoints(x, val, Plot.CONNECTED_CIRCLES);
            legend += "\tval_accuracy";
        }
        p.addLegend(legend, "bottom-right");
        return p;
    }
}
