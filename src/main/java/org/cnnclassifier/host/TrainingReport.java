package org.cnnclassifier.host;

import java.io.IOException;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import org.cnnclassifier.util.AtomicFiles;
import org.cnnclassifier.util.Csv;
import org.cnnclassifier.util.Writable;
import org.cnnclassifier.training.Trainer;

/**
 * After training: the validation evaluation as tables, and, beside the model file, the history as
 * {@code <model>-history.csv} and the accuracy plot as {@code <model>-history.png} (how the plot
 * is kept in headless runs).
 */
public final class TrainingReport {
    private TrainingReport() {
    }

    public static void show(Trainer.Result r, Path model, TrainingHistoryView view, boolean show) {
        if (r.validation() != null) {
            String summary = "Validation: " + EvaluationTables.show(r.validation(), show);
            IJ.showStatus(summary);
            if (!show) {
                System.out.println(summary);
            }
        }
        if (model == null) {
            return;
        }
        try {
            Path csv = sibling(model, "-history.csv");
            AtomicFiles.write(csv, "training history", Writable.Kind.CSV, out -> {
                // ResultsTable writes CSV by file name only; render it to text ourselves.
                StringBuilder sb = new StringBuilder(Csv.row((Object[]) view.table().getHeadings())).append('\n');
                for (int i = 0; i < view.table().size(); i++) {
                    sb.append(Csv.row((Object[]) view.table().getRowAsString(i).split("\t", -1))).append('\n');
                }
                out.write(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            });
            ImagePlus plot = view.plotImage();
            if (plot != null) {
                Path png = sibling(model, "-history.png");
                ImageOutputs.writePng(plot, png, "training plot");
            }
        } catch (IOException e) {
            IJ.log("Could not write the training history beside " + model + ": " + e.getMessage());
        }
    }

    public static Path sibling(Path model, String suffix) {
        String name = model.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
        return model.toAbsolutePath().resolveSibling(name + suffix);
    }
}
