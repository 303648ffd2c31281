package org.cnnclassifier.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cnnclassifier.command.ClassifyFolderCommand;
import org.cnnclassifier.command.ClassifyImageCommand;
import org.cnnclassifier.command.ShowChannelsAndActivationsCommand;
import org.junit.jupiter.api.Test;

import ij.Macro;

/** GenericDialog records a field under Macro.trimKey(label): the labels must give the documented keys. */
class MacroKeysTest {
    @Test
    void dialogLabelsRecordTheDocumentedKeys() {
        String[][] keyAndRest = {
                {ClassifyImageCommand.KEY_MODEL, "file (empty: default model)"},
                {ClassifyImageCommand.KEY_TOP, "classes"},
                {ClassifyImageCommand.KEY_ALL, "slices"},
                {ClassifyFolderCommand.KEY_INPUT, "folder"},
                {ClassifyFolderCommand.KEY_OUTPUT, "CSV (empty: table only)"},
                {ClassifyFolderCommand.KEY_RECURSIVE, "(include subfolders)"},
                {ClassifyFolderCommand.KEY_FILTER, "(file names)"},
                {ShowChannelsAndActivationsCommand.KEY_ACTIVATIONS, "of a trained network"},
                {ShowChannelsAndActivationsCommand.KEY_LAYERS, "(all, or names: conv1,pool1)"},
                {ShowChannelsAndActivationsCommand.KEY_MONTAGE, "of each layer"}};
        for (String[] k : keyAndRest) {
            assertEquals(k[0], Macro.trimKey(Labels.label(k[0], k[1])));
        }
        assertEquals("input", ClassifyFolderCommand.KEY_INPUT);
        assertEquals("model", ClassifyFolderCommand.KEY_MODEL);
        assertEquals("top", ClassifyFolderCommand.KEY_TOP);
    }
}
