package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Train's dropout: "default" stands for the architecture's own (-1), in dialogs, macros and scripts alike. */
class DefaultWordTest {
    static double dropout(String text, Spec.Source source) {
        return TrainClassifier.SPEC.parse(Map.of("dropout", text), source, Key.Scope.SCRIPT).number("dropout");
    }

    @Test
    void theWordAndMinusOneAreTheSameDefault() {
        assertEquals(-1.0, dropout("default", Spec.Source.MACRO));
        assertEquals(-1.0, dropout("Default", Spec.Source.DEFAULTS));
        assertEquals(-1.0, dropout("-1", Spec.Source.MACRO)); // macros recorded before the word keep working
        assertEquals(0.25, dropout("0.25", Spec.Source.MACRO));
        assertEquals(-1.0, TrainClassifier.SPEC.parse(Map.of(), Spec.Source.MACRO, Key.Scope.SCRIPT).number("dropout"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dropout("auto", Spec.Source.MACRO));
        assertTrue(e.getMessage().contains("a number from -1 to 0.99, or default"), e.getMessage());
    }
}
