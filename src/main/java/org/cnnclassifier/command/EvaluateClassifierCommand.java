package org.cnnclassifier.command;

import ij.measure.ResultsTable;

import org.cnnclassifier.function.EvaluateClassifier;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.EvaluationTables;
import org.cnnclassifier.host.ResultTables;
import org.cnnclassifier.host.SkippedFiles;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.cnnclassifier.evaluation.ClassifierEvaluation;

/** {@link EvaluateClassifier} for scripts and headless runs (headless, the figures are printed). */
@Plugin(type = Command.class, label = "Evaluate Classifier")
public class EvaluateClassifierCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String model, data, mirror, shift;

    @Parameter(type = ItemIO.OUTPUT)
    private double accuracy, loss;
    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable confusion, perClass;

    public EvaluateClassifierCommand() {
        super(EvaluateClassifier.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ClassifierEvaluation.Report r = EvaluateClassifier.run(v, progress());
        SkippedFiles.report(r.skipped());
        accuracy = r.result().accuracy();
        loss = r.result().loss();
        confusion = ResultTables.confusion(r.result().confusionMatrix());
        perClass = EvaluationTables.perClass(r.result());
        String line = EvaluationTables.show(r.result(), !headless());
        if (headless()) {
            System.out.println("Evaluation: " + line);
            System.out.print(EvaluationTables.asText(r.result()));
        }
    }
}
