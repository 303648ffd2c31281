package org.cnnclassifier.keras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bad fixture gives one message naming the file and what is wrong. */
class KerasBadInputTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad-lfs-pointer.h5|Git LFS pointer",
        "bad-truncated.h5|truncated",
        "bad-noweights.keras|no weights",
        "bad-custom-layer.keras|'my_scale' (MyScale)",
        "bad-savedmodel|SavedModel folder",
        "bad-resnet-add.keras|(Add) takes 2 inputs",
        "bad-subclassed.keras|subclassed model",
        "bad-weights-only.h5|architecture is missing",
        "bad-weights-only.weights.h5|architecture is missing",
        "bad-mlp.keras|a flat vector of 784 values"})
    void badFilesGiveOneMessageNamingFileAndProblem(String fixture, String what) {
        Exception e = assertThrows(Exception.class, () -> KerasImport.convert(KerasFixtures.file(fixture),
                "a,b,c,d,e,f,g,h,i,j", "auto"));
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(fixture), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }
}
