package org.cnnclassifier.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Every Keras fixture imported gives Keras's own probabilities (saved by the fixture script, made with
 * real tf-keras 2.21 and Keras 3.15) within 1e-4 on its 20 images, and its first convolution's
 * activations within 1e-4. The network is fed the plugin's input: the 0..255 pixels divided by 255.
 */
class KerasImportTest {
    static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @CsvSource({
        "k2-tutorial.h5, k2-tutorial.h5",
        "k2-tutorial-noext, k2-tutorial.h5",
        "k2-tutorial.hdf5, k2-tutorial.h5",
        "k2-tutorial.keras, k2-tutorial.keras",
        "tfkeras-gapped.keras, k2-tutorial.keras",
        "tfkeras-backslash.keras, k2-tutorial.keras",
        "k2-logits.h5, k2-logits.h5",
        "k2-gray.h5, k2-gray.h5",
        "k3-tutorial.keras, k3-tutorial.keras",
        "k3-tutorial.h5, k3-tutorial.h5",
        "k3-bn-gap.keras, k3-bn-gap.keras",
        "k3-functional.keras, k3-functional.keras",
        "k3-gray.keras, k3-gray.keras",
        "k3-normalization.keras, k3-normalization.keras"})
    void probabilitiesAndFirstActivationsEqualKeras(String fixture, String predictionsOf) throws Exception {
        JsonNode expected = KerasFixtures.predictions(predictionsOf);
        List<String> classes = new ArrayList<>();
        expected.path("classes").forEach(c -> classes.add(c.asText()));
        KerasImport.Imported imported = KerasImport.convert(KerasFixtures.file(fixture), String.join(",", classes),
                "auto");
        MultiLayerNetwork net = imported.network();
        float[][] images = KerasFixtures.inputs(expected);
        JsonNode shape = expected.path("inputShape");
        int h = shape.get(0).asInt(), w = shape.get(1).asInt(), c = shape.get(2).asInt();
        INDArray input = nchwUnitRange(images, h, w, c);
        float[][] probs = net.output(input, false).toFloatMatrix();
        double maxDiff = 0;
        for (JsonNode img : expected.path("images")) {
            int i = img.path("index").asInt();
            JsonNode p = img.path("probabilities");
            for (int k = 0; k < p.size(); k++) {
                maxDiff = Math.max(maxDiff, Math.abs(p.get(k).asDouble() - probs[i][k]));
            }
        }
        System.out.printf(Locale.ROOT, "%s: max |p - keras| = %.3g%n", fixture, maxDiff);
        assertTrue(maxDiff < TOLERANCE, fixture + ": max probability difference " + maxDiff);
        assertEquals(expected.path("output").asText().equals("logits"),
                imported.metadata().source().get("softmaxAdded"), fixture);
        assertEquals(classes, imported.metadata().classNames());
        assertEquals(w, imported.metadata().inputWidth());
        assertEquals(c, imported.metadata().inputChannels());

        List<INDArray> acts = net.feedForward(input, false);
        for (JsonNode a : expected.path("activations")) {
            int layer = layerIndex(net, a.path("layer").asText());
            INDArray out = acts.get(layer + 1); // feedForward's first entry is the input
            int i = a.path("index").asInt();
            JsonNode sh = a.path("shape");
            int ah = sh.get(0).asInt(), aw = sh.get(1).asInt(), ac = sh.get(2).asInt();
            assertEquals(List.of((long) ac, (long) ah, (long) aw), List.of(out.size(1), out.size(2), out.size(3)));
            JsonNode values = a.path("values");
            double actDiff = 0;
            for (int y = 0; y < ah; y++) {
                for (int x = 0; x < aw; x++) {
                    for (int ch = 0; ch < ac; ch++) {
                        double keras = values.get((y * aw + x) * ac + ch).asDouble();
                        actDiff = Math.max(actDiff, Math.abs(keras - out.getDouble(i, ch, y, x)));
                    }
                }
            }
            assertTrue(actDiff < TOLERANCE, fixture + " activation of " + a.path("layer").asText() + ": " + actDiff);
        }
    }

    /** DL4J's index of the layer named like the Keras layer. */
    static int layerIndex(MultiLayerNetwork net, String name) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (name.equals(net.getLayer(i).conf().getLayer().getLayerName())) {
                return i;
            }
        }
        throw new AssertionError("no layer " + name);
    }

    /** NHWC 0..255 floats to the plugin's network input: NCHW, divided by 255. */
    static INDArray nchwUnitRange(float[][] images, int h, int w, int c) {
        INDArray nhwc = Nd4j.create(images).reshape(images.length, h, w, c).castTo(DataType.FLOAT);
        return nhwc.permute(0, 3, 1, 2).dup('c').divi(255f);
    }
}
