package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ij.Macro;

/** The one definition per function: keys, dialog labels, and the checks every host applies. */
class SpecTest {
    static final List<Spec> ALL = List.of(ApplyConvolutionKernel.SPEC, ShowChannelsAndActivations.SPEC,
            OpenCifarSamples.SPEC, TrainClassifier.SPEC, EvaluateClassifier.SPEC, ClassifyImage.SPEC,
            ClassifyFolder.SPEC, ImportKerasModel.SPEC, ExplainClassification.SPEC);

    @Test
    void everyDialogLabelRecordsItsKey() {
        for (Spec s : ALL) {
            for (Key k : s.keys()) {
                // GenericDialog records a field under Macro.trimKey(label) (the text area is recorded by hand).
                if (k.kind() != Key.Kind.LINES) {
                    assertEquals(k.name(), Macro.trimKey(k.dialogLabel()), s.title() + " " + k.name());
                }
            }
        }
    }

    @Test
    void everyDefaultPassesItsOwnCheck() {
        for (Spec s : ALL) {
            Values v = s.parse(Map.of(), Spec.Source.DEFAULTS, Key.Scope.SCRIPT);
            assertEquals(s.keys().size(), v.values().size(), s.title());
        }
    }

    @Test
    void documentedKeysAndDefaults() {
        Values v = ClassifyFolder.SPEC.parse(Map.of(), Spec.Source.DEFAULTS, Key.Scope.BOTH);
        assertEquals(3, v.whole("top"));
        assertFalse(v.flag("recursive"));
        assertNull(v.path("output"));
        assertEquals(List.of("model", "top", "all", "mirror", "shift", "explain"), ClassifyImage.SPEC.keys(Key.Scope.BOTH).stream().map(Key::name).toList());
        Values t = TrainClassifier.SPEC.parse(Map.of(), Spec.Source.DEFAULTS, Key.Scope.BOTH);
        assertEquals("0.1", t.text("validation"));
        assertEquals(32, t.whole("batch"));
        assertEquals("seed", t.text("architecture"));
    }

    @Test
    void wordsAndFractionsForWholeNumbersAreRefusedNamingTheKey() {
        for (String bad : List.of("abc", "1.5", "", "NaN", "0", "-2", "1e12")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApplyConvolutionKernel.SPEC
                    .parse(Map.of("stride", bad), Spec.Source.MACRO, Key.Scope.BOTH), bad);
            assertTrue(e.getMessage().contains("'stride'") && e.getMessage().contains("a whole number of at least 1"),
                    e.getMessage());
        }
        assertEquals(2, ApplyConvolutionKernel.SPEC.parse(Map.of("stride", "2.0"), Spec.Source.MACRO, Key.Scope.BOTH)
                .whole("stride"));
        IllegalArgumentException top = assertThrows(IllegalArgumentException.class, () -> ClassifyImage.SPEC
                .parse(Map.of("top", "abc"), Spec.Source.DEFAULTS, Key.Scope.SCRIPT));
        assertEquals("'abc' is not valid for 'top': give a whole number from 1 to 1000.", top.getMessage());
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> TrainClassifier.SPEC
                .parse(Map.of("rate", "fast"), Spec.Source.DEFAULTS, Key.Scope.SCRIPT));
        assertTrue(rate.getMessage().startsWith("'fast' is not valid for 'rate': give a number"), rate.getMessage());
    }

    @Test
    void unknownKeysAreRefusedWithTheKeysThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainClassifier.SPEC
                .parse(Map.of("shape", "native"), Spec.Source.MACRO, Key.Scope.BOTH));
        assertTrue(e.getMessage().startsWith("'shape' is not a key of Train CIFAR-10 Classifier. Its keys are: data, "
                + "architecture, epochs"), e.getMessage());
        // A script-only key is unknown to the menu command.
        assertThrows(IllegalArgumentException.class, () -> ClassifyImage.SPEC.parse(Map.of("input", "/x.png"),
                Spec.Source.MACRO, Key.Scope.BOTH));
        assertEquals("/x.png", ClassifyImage.SPEC.parse(Map.of("input", "/x.png"), Spec.Source.DEFAULTS,
                Key.Scope.SCRIPT).text("input"));
    }

    @Test
    void choicesAreMatchedIgnoringCaseAndBadOnesListTheChoices() {
        assertEquals("valid", ApplyConvolutionKernel.SPEC.parse(Map.of("padding", "VALID"), Spec.Source.MACRO,
                Key.Scope.BOTH).text("padding"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApplyConvolutionKernel.SPEC
                .parse(Map.of("preset", "Foo"), Spec.Source.MACRO, Key.Scope.BOTH));
        assertTrue(e.getMessage().contains("one of: ") && e.getMessage().contains("Sobel X"), e.getMessage());
    }

    @Test
    void anAbsentFlagIsOffInMacrosAndItsDefaultElsewhere() {
        assertFalse(ApplyConvolutionKernel.SPEC.parse(Map.of(), Spec.Source.MACRO, Key.Scope.BOTH).flag("normalize"));
        assertTrue(ApplyConvolutionKernel.SPEC.parse(Map.of(), Spec.Source.DEFAULTS, Key.Scope.BOTH).flag("normalize"));
        assertTrue(ApplyConvolutionKernel.SPEC.parse(Map.of("normalize", "true"), Spec.Source.MACRO, Key.Scope.BOTH)
                .flag("normalize"));
    }

    @Test
    void macroOptionsAreReadAsImageJWritesThem() {
        Map<String, String> m = MacroOptions.parse("input=[/my data/x] recursive top=3 filter=*.jpg model=&m ",
                name -> name.equals("m") ? "/models/a.zip" : null);
        assertEquals(Map.of("input", "/my data/x", "recursive", "true", "top", "3", "filter", "*.jpg", "model",
                "/models/a.zip"), m);
        assertEquals("1 0\n0 -1", MacroOptions.parse("kernels=[1 0\n0 -1] stride=1", n -> null).get("kernels"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MacroOptions.parse("model=&nope", n -> null));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }
}
