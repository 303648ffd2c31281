package org.cnnclassifier.command;

import org.cnnclassifier.function.ImportKerasModel;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** {@link ImportKerasModel} for scripts and headless runs: writes the model .zip and prints what it imported. */
@Plugin(type = Command.class, label = "Import Keras Model")
public class ImportKerasModelCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String file, classes, normalize, model;

    @Parameter(type = ItemIO.OUTPUT)
    private String imported;

    public ImportKerasModelCommand() {
        super(ImportKerasModel.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ModelMetadata m = ImportKerasModel.run(v, progress());
        imported = ImportKerasModel.summary(m, v.path(ImportKerasModel.MODEL));
        if (headless()) {
            System.out.println(imported);
        }
    }
}
