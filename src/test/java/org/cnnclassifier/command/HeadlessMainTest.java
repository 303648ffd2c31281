package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scijava.Context;

/** A mistyped key on a headless --run line is an error naming it and the command's keys, not ignored. */
class HeadlessMainTest {
    @Test
    void unknownKeysAreNamedWithTheKeysThereAre() {
        System.setProperty("java.awt.headless", "true");
        try (Context context = new Context()) {
            String train = TrainClassifierCommand.class.getName();
            String error = HeadlessMain.unknownKey(context, new String[] {"--headless", "--run", train,
                    "data='/d',shape='native',epochs='1'"});
            assertTrue(error != null && error.startsWith("Train CIFAR-10 Classifier: 'shape' is not a key of Train "
                    + "CIFAR-10 Classifier. Its keys are: "), error);
            assertTrue(error.contains("epochs") && error.contains("architecture") && !error.contains("log"), error);
            assertNull(HeadlessMain.unknownKey(context, new String[] {"--headless", "--run", train,
                    "data='/d',epochs='1'"}));
            String apply = HeadlessMain.unknownKey(context, new String[] {"--run",
                    ApplyConvolutionKernelCommand.class.getName(), "input='/x.tif',strides='2'"});
            assertTrue(apply != null && apply.contains("'strides'") && apply.contains("image"), apply);
        }
    }
}
