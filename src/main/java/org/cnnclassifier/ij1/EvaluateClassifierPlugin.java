package org.cnnclassifier.ij1;

import ij.ImagePlus;
import ij.IJ;

import org.cnnclassifier.function.EvaluateClassifier;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.EvaluationTables;
import org.cnnclassifier.host.IjProgress;
import org.cnnclassifier.host.SkippedFiles;
import org.cnnclassifier.evaluation.ClassifierEvaluation;

/** Plugins>CNN Classifier>Evaluate Classifier ({@link EvaluateClassifier}): summary, confusion and per-class tables. */
public class EvaluateClassifierPlugin extends SpecPlugIn {
    public EvaluateClassifierPlugin() {
        super(EvaluateClassifier.SPEC, false, null);
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        ClassifierEvaluation.Report r = EvaluateClassifier.run(v, new IjProgress());
        SkippedFiles.report(r.skipped());
        EvaluationTables.summary(r.result()).show(EvaluationTables.SUMMARY_TITLE);
        IJ.showStatus("Evaluation: " + EvaluationTables.show(r.result(), true));
    }
}
