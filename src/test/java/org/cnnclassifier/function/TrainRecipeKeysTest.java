package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cnnclassifier.training.Optimizer;
import org.cnnclassifier.training.TrainingOptions;
import org.junit.jupiter.api.Test;

/** The training recipe's keys (issue 26) from macro text: values, old macros, and one message per bad value. */
class TrainRecipeKeysTest {
    private static TrainingOptions options(String macro) {
        Map<String, String> raw = new LinkedHashMap<>(MacroOptions.parse("data=/d model=/m.zip " + macro, n -> null));
        return TrainClassifier.options(TrainClassifier.SPEC.parse(raw, Spec.Source.MACRO, Key.Scope.BOTH));
    }

    @Test
    void recipeKeysReachTheOptionsAndModelJson() {
        TrainingOptions o = options("optimizer=sgd-nesterov decay=5e-4 schedule=triangle lookahead=5 whiten identity "
                + "augment=[flip-alternate translate=2] biasrate=8");
        assertEquals(Optimizer.SGD_NESTEROV, o.optimizer());
        assertEquals(5e-4, o.decay(), 0);
        assertEquals(TrainingOptions.Schedule.TRIANGLE, o.schedule());
        assertEquals(5, o.lookahead());
        assertTrue(o.whiten());
        assertTrue(o.identity());
        assertEquals(8, o.biasRate(), 0);
        assertEquals("flip-alternate translate=2", o.augment());
        Map<String, Object> m = o.toMap();
        assertEquals("sgd-nesterov", m.get("optimizer"));
        assertEquals("flip-alternate translate=2", m.get("augment"));
        assertEquals(5, m.get("lookahead"));
        assertEquals(true, m.get("whiten"));
        assertEquals(true, m.get("identity"));
        assertEquals(8.0, m.get("biasrate"));
        TrainingOptions muon = options("architecture=air muon=0.08");
        assertEquals(0.08, muon.muon(), 0);
        assertEquals(0.08, muon.toMap().get("muon"));
    }

    @Test
    void oldMacrosKeepTheirMeaning() {
        TrainingOptions none = options("");
        assertEquals("false", none.augment());
        assertEquals(Boolean.FALSE, none.toMap().get("augment"), "model.json keeps a boolean");
        assertEquals(Optimizer.ADAM, none.optimizer());
        assertEquals(0, none.lookahead());
        assertFalse(none.whiten());
        assertFalse(none.identity());
        assertEquals(false, none.toMap().get("identity"));
        assertEquals(1.0, none.toMap().get("biasrate"), "biases learn at the rate, as before");
        assertEquals(0.0, none.toMap().get("muon"), "the filters follow the optimizer, as before");
        assertEquals(0, none.decay(), 0);
        TrainingOptions flag = options("augment");
        assertEquals("true", flag.augment());
        assertEquals(Boolean.TRUE, flag.toMap().get("augment"));
        assertEquals("true", options("augment=true").augment());
    }

    @Test
    void eachBadValueGivesOneMessageNamingItsKey() {
        Map<String, List<String>> bad = Map.of(
                "optimizer", List.of("sgd", "nesterov", "adamw"),
                "decay", List.of("-0.1", "1", "abc"),
                "lookahead", List.of("-1", "2.5", "x"),
                "whiten", List.of("maybe", "2"),
                "identity", List.of("yes", "2"),
                "biasrate", List.of("0", "-1", "1001", "x"),
                "muon", List.of("-0.1", "1.5", "fast"),
                "augment", List.of("translate=3", "[flip,translate=2]", "yes"),
                "schedule", List.of("triangular", "cosine"));
        bad.forEach((key, values) -> {
            for (String v : values) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> options(key + "=" + v), key + "=" + v);
                assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
            }
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options("whiten init=default"));
        assertTrue(e.getMessage().startsWith("whiten "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> options("identity init=default"));
        assertTrue(e.getMessage().startsWith("identity "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> options("biasrate=0"));
        assertTrue(e.getMessage().endsWith("give a number above 0 and at most 1000."), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> options("biasrate=4 init=default"));
        assertTrue(e.getMessage().startsWith("biasrate "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> options("muon=0.08 init=default"));
        assertTrue(e.getMessage().startsWith("muon "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> options("architecture=wide muon=0.08"));
        assertTrue(e.getMessage().startsWith("muon is for the air network"), e.getMessage());
    }
}
