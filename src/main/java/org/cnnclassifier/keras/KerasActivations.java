package org.cnnclassifier.keras;

import java.io.IOException;
import java.nio.file.Path;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Keras activations (of a layer's {@code activation}, or an Activation/ReLU/LeakyReLU layer) as DL4J's. */
final class KerasActivations {
    private KerasActivations() {
    }

    /** A Keras activation's name: a string, or Keras 3's serialised function object. */
    static String name(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isObject()) {
            JsonNode cfg = n.path("config");
            return cfg.isTextual() ? cfg.asText() : n.path("class_name").asText("linear");
        }
        return "linear";
    }

    static IActivation of(KerasChain.Layer l, JsonNode n, Path path) throws IOException {
        String name = name(n);
        Activation a = switch (name) {
            case "linear" -> Activation.IDENTITY;
            case "relu" -> Activation.RELU;
            case "sigmoid" -> Activation.SIGMOID;
            case "tanh" -> Activation.TANH;
            case "softmax" -> Activation.SOFTMAX;
            case "elu" -> Activation.ELU;
            case "selu" -> Activation.SELU;
            case "softplus" -> Activation.SOFTPLUS;
            case "softsign" -> Activation.SOFTSIGN;
            case "swish", "silu" -> Activation.SWISH;
            case "relu6" -> Activation.RELU6;
            default -> null;
        };
        if (a == null) {
            throw KerasFile.fail(path, "its layer " + l + " uses activation '" + name + "', which is not supported"
                    + " (supported: linear, relu, relu6, sigmoid, tanh, softmax, elu, selu, softplus, softsign,"
                    + " swish)");
        }
        return a.getActivationFunction();
    }

    static IActivation ofLayer(KerasChain.Layer l, JsonNode cfg, Path path) throws IOException {
        if (l.type().equals("Activation")) {
            return of(l, cfg.path("activation"), path);
        }
        double slope = cfg.has("negative_slope") ? cfg.path("negative_slope").asDouble(0)
                : cfg.path("alpha").asDouble(l.type().equals("LeakyReLU") ? 0.3 : 0);
        if (l.type().equals("LeakyReLU")) {
            return new ActivationLReLU(slope);
        }
        JsonNode max = cfg.path("max_value");
        boolean noMax = max.isNull() || max.isMissingNode();
        if (cfg.path("threshold").asDouble(0) == 0 && slope == 0 && (noMax || max.asDouble() == 6)) {
            return (noMax ? Activation.RELU : Activation.RELU6).getActivationFunction();
        }
        if (cfg.path("threshold").asDouble(0) == 0 && noMax) {
            return new ActivationLReLU(slope);
        }
        throw KerasFile.fail(path, "its layer " + l + " is a ReLU with threshold or max_value other than 0 and 6");
    }
}
