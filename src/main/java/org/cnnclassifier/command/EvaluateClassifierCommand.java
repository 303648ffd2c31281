package org.cnnclassifier.command;

import java.awt.GraphicsEnvironment;
import java.io.File;

import ij.measure.ResultsTable;
import org.cnnclassifier.ij1.EvaluationTables;
import org.cnnclassifier.ij1.IjProgress;
import org.cnnclassifier.ij1.SkippedFiles;
import org.cnnclassifier.model.ClassifierEvaluation;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * "Evaluate Classifier" for scripts and headless runs: accuracy, loss, confusion matrix and
 * per-class precision/recall of a model (empty {@code model}: the default model) on labelled data.
 * Headless, the figures are printed.
 */
@Plugin(type = Command.class, label = "Evaluate Classifier")
public class EvaluateClassifierCommand implements Command {
    @Parameter(label = "Model (.zip; empty = default model)", required = false, persist = false)
    private String model = "";
    @Parameter(label = "Data (CIFAR-10 folder, .bin, .tar.gz, or class folders)", persist = false)
    private File data;

    @Parameter(type = ItemIO.OUTPUT)
    private double accuracy;
    @Parameter(type = ItemIO.OUTPUT)
    private double loss;
    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable confusion;
    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable perClass;

    @Override
    public void run() {
        boolean headless = GraphicsEnvironment.isHeadless();
        ClassifierEvaluation.Report r;
        try {
            r = ClassifierEvaluation.run(model == null || model.isBlank() ? null : new File(model).toPath(),
                    data == null ? null : data.toPath(), headless ? new ConsoleProgress(10) : new IjProgress());
        } catch (Exception e) {
            throw CommandErrors.fail("Evaluate Classifier", e);
        }
        SkippedFiles.report(r.skipped());
        accuracy = r.result().accuracy();
        loss = r.result().loss();
        confusion = EvaluationTables.confusion(r.result());
        perClass = EvaluationTables.perClass(r.result());
        String line = EvaluationTables.show(r.result(), !headless);
        if (headless) {
            System.out.println("Evaluation: " + line);
            System.out.print(EvaluationTables.asText(r.result()));
        }
    }
}
