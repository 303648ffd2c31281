package org.cnnclassifier.ij1;

import ij.IJ;
import ij.ImagePlus;

import org.cnnclassifier.function.ImportKerasModel;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.IjProgress;
import org.cnnclassifier.modelfile.ModelMetadata;

/** Plugins>CNN Classifier>Import Keras Model ({@link ImportKerasModel}): writes a model .zip, says so in the Log. */
public class ImportKerasModelPlugin extends SpecPlugIn {
    public ImportKerasModelPlugin() {
        super(ImportKerasModel.SPEC, false, null);
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        ModelMetadata m = ImportKerasModel.run(v, new IjProgress());
        String line = ImportKerasModel.summary(m, v.path(ImportKerasModel.MODEL));
        IJ.log(line);
        IJ.showStatus(line);
    }
}
