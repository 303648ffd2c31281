package org.cnnclassifier.ij1;

import ij.IJ;
import ij.plugin.PlugIn;

import org.cnnclassifier.function.EvaluateClassifier;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.EvaluationTables;
import org.cnnclassifier.host.IjProgress;
import org.cnnclassifier.host.SkippedFiles;
import org.cnnclassifier.model.ClassifierEvaluation;

/** Plugins>CNN Classifier>Evaluate Classifier ({@link EvaluateClassifier}): summary, confusion and per-class tables. */
public class EvaluateClassifierPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        Values v = SpecDialog.ask(EvaluateClassifier.SPEC);
        if (v != null) {
            Host.run(EvaluateClassifier.SPEC, () -> {
                ClassifierEvaluation.Report r = EvaluateClassifier.run(v, new IjProgress());
                SkippedFiles.report(r.skipped());
                EvaluationTables.summary(r.result()).show(EvaluationTables.SUMMARY_TITLE);
                IJ.showStatus("Evaluation: " + EvaluationTables.show(r.result(), true));
            });
        }
    }
}
