package org.cnnclassifier.keras;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * A Keras model configuration as the chain of layers it must be to become a DL4J
 * MultiLayerNetwork: a Sequential model's layers, or a Functional model's layers when each takes
 * the one output of the one before (a linear graph). Also the input shape (without the batch
 * dimension) and the data format. Refuses, naming the layer: subclassed models (no layer
 * configuration), {@code TFSMLayer} wrappers, graphs (a layer with several inputs, a layer output used
 * twice), nested models with weights, and inputs that are not images.
 *
 * @param modelClass    Sequential, Functional or Model
 * @param layers        the layers in order, without the InputLayer
 * @param height        input height
 * @param width         input width
 * @param channels      input channels
 * @param channelsFirst true for {@code channels_first} models
 */
record KerasChain(String modelClass, List<Layer> layers, int height, int width, int channels,
        boolean channelsFirst) {

    /** One layer: its configured name, class name and config. */
    record Layer(String name, String type, JsonNode config) {
        @Override
        public String toString() {
            return "'" + name + "' (" + type + ")";
        }
    }

    /** Layers without weights that may stand in a nested Sequential (data augmentation, rescaling). */
    static final Set<String> WEIGHTLESS = Set.of("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
            "RandomContrast", "RandomBrightness", "RandomCrop", "Rescaling", "InputLayer", "Dropout",
            "GaussianNoise", "GaussianDropout", "Activation", "ReLU");

    static KerasChain of(JsonNode model, Path file) throws IOException {
        String cls = model.path("class_name").asText("");
        JsonNode config = model.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers");
        if (!List.of("Sequential", "Functional", "Model").contains(cls) || !layers.isArray()) {
            throw KerasFile.fail(file, "it holds a subclassed model ('" + cls + "'): Keras saved no layer"
                    + " configuration, only weights and the name of Python code that is not in the file. Rebuild the"
                    + " network as a keras.Sequential or functional keras.Model, save it with"
                    + " model.save(\"model.keras\") and import that");
        }
        List<Layer> all = new ArrayList<>();
        for (JsonNode l : layers) {
            all.add(new Layer(l.path("config").path("name").asText(l.path("name").asText("?")),
                    l.path("class_name").asText("?"), l.path("config")));
        }
        for (Layer l : all) {
            if (l.type().equals("TFSMLayer")) {
                throw KerasFile.fail(file, "its layer " + l + " wraps a TensorFlow SavedModel: the network's layers"
                        + " are not in the file. Import the original Keras model (.keras or .h5) instead");
            }
        }
        List<Layer> chain = cls.equals("Sequential") ? all : linearOrder(layers, all, file);
        int[] shape = inputShape(model, chain, file);
        boolean first = channelsFirst(chain, file);
        List<Layer> flat = new ArrayList<>();
        for (Layer l : chain) {
            if (l.type().equals("Sequential") || l.type().equals("Functional") || l.type().equals("Model")) {
                flat.addAll(inlined(l, file));
            } else if (!l.type().equals("InputLayer")) {
                flat.add(l);
            }
        }
        return new KerasChain(cls, flat, first ? shape[1] : shape[0], first ? shape[2] : shape[1],
                first ? shape[0] : shape[2], first);
    }

    /** A nested Sequential's layers, when none has weights (an augmentation or rescaling block). */
    private static List<Layer> inlined(Layer nested, Path file) throws IOException {
        List<Layer> out = new ArrayList<>();
        for (JsonNode l : nested.config().path("layers")) {
            Layer inner = new Layer(l.path("config").path("name").asText("?"), l.path("class_name").asText("?"),
                    l.path("config"));
            if (!WEIGHTLESS.contains(inner.type()) || !nested.type().equals("Sequential")) {
                throw KerasFile.fail(file, "its layer " + nested + " is a nested model holding " + inner
                        + "; only nested Sequential blocks of augmentation, Rescaling, Dropout and activation layers"
                        + " are supported. Rebuild the model as one flat Sequential model");
            }
            if (!inner.type().equals("InputLayer")) {
                out.add(inner);
            }
        }
        return out;
    }

    /** A Functional model's layers from input to output, or a message naming the layer that makes it a graph. */
    private static List<Layer> linearOrder(JsonNode layers, List<Layer> all, Path file) throws IOException {
        Map<String, Layer> byName = new LinkedHashMap<>();
        Map<String, String> input = new HashMap<>();
        Map<String, String> consumer = new HashMap<>();
        int i = 0;
        for (JsonNode l : layers) {
            Layer layer = all.get(i++);
            byName.put(layer.name(), layer);
            JsonNode nodes = l.path("inbound_nodes");
            if (nodes.size() > 1) {
                throw graph(file, layer + " is called " + nodes.size() + " times (a shared layer)");
            }
            List<String> inputs = new ArrayList<>();
            if (nodes.size() == 1) {
                collectInputs(nodes.get(0), inputs);
            }
            if (inputs.size() > 1) {
                throw graph(file, layer + " takes " + inputs.size() + " inputs (" + String.join(", ", inputs) + ")");
            }
            if (inputs.size() == 1) {
                input.put(layer.name(), inputs.get(0));
                String other = consumer.put(inputs.get(0), layer.name());
                if (other != null) {
                    throw graph(file, "the output of '" + inputs.get(0) + "' feeds both '" + other + "' and " + layer);
                }
            }
        }
        List<Layer> starts = all.stream().filter(l -> !input.containsKey(l.name())).toList();
        if (starts.size() != 1) {
            throw graph(file, "it has " + starts.size() + " inputs");
        }
        List<Layer> chain = new ArrayList<>();
        for (String at = starts.get(0).name(); at != null; at = consumer.get(at)) {
            chain.add(byName.get(at));
        }
        if (chain.size() != all.size()) {
            throw graph(file, "not all of its layers lie on one path from input to output");
        }
        return chain;
    }

    /** Names in a node's inputs: Keras 3 {@code keras_history}, Keras 2 {@code [name, node, tensor, kwargs]}. */
    private static void collectInputs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            JsonNode history = node.path("config").path("keras_history");
            if (history.isArray() && history.size() > 0) {
                out.add(history.get(0).asText());
                return;
            }
            node.path("args").forEach(a -> collectInputs(a, out));
            return;
        }
        if (node.isArray()) {
            if (node.size() >= 3 && node.get(0).isTextual() && node.get(1).isNumber()) {
                out.add(node.get(0).asText());
                return;
            }
            node.forEach(a -> collectInputs(a, out));
        }
    }

    private static IOException graph(Path file, String what) {
        return KerasFile.fail(file, "it is a Functional model that is not a chain of layers: " + what
                + ". Only Sequential models and Functional models whose layers follow one another can become a"
                + " CNN Classifier model");
    }

    private static int[] inputShape(JsonNode model, List<Layer> chain, Path file) throws IOException {
        JsonNode shape = null;
        String from = null;
        for (Layer l : chain) {
            for (String key : List.of("batch_shape", "batch_input_shape")) {
                if (shape == null && l.config().path(key).isArray()) {
                    shape = l.config().path(key);
                    from = l.toString();
                }
            }
            if (shape == null && l.config().path("build_config").path("input_shape").isArray()) {
                shape = l.config().path("build_config").path("input_shape");
                from = l.toString();
            }
            if (shape != null) {
                break;
            }
        }
        if (shape == null && model.path("build_input_shape").isArray()) {
            shape = model.path("build_input_shape");
            from = "the model";
        }
        if (shape == null) {
            throw KerasFile.fail(file, "it does not record its input shape (the model was never built). Give it an"
                    + " Input layer, e.g. keras.Input(shape=(32, 32, 3)), and save it again");
        }
        List<String> dims = new ArrayList<>();
        for (int i = 1; i < shape.size(); i++) {
            dims.add(shape.get(i).isNull() ? "None" : shape.get(i).asText());
        }
        if (dims.size() != 3) {
            throw KerasFile.fail(file, "its input (" + from + ") is " + (dims.size() == 1 ? "a flat vector of "
                    + dims.get(0) + " values" : "of shape (" + String.join(", ", dims) + ")")
                    + ", not an image of height x width x channels. This plugin imports image classifiers whose"
                    + " first layers are 2-D convolutions or pooling");
        }
        if (dims.contains("None")) {
            throw KerasFile.fail(file, "its input (" + from + ") has no fixed size (" + String.join(", ", dims)
                    + "). Save the model with a fixed input size, e.g. keras.Input(shape=(32, 32, 3))");
        }
        return new int[] {Integer.parseInt(dims.get(0)), Integer.parseInt(dims.get(1)),
            Integer.parseInt(dims.get(2))};
    }

    private static boolean channelsFirst(List<Layer> chain, Path file) throws IOException {
        Boolean first = null;
        for (Layer l : chain) {
            String f = l.config().path("data_format").asText("");
            if (f.equals("channels_first") || f.equals("channels_last")) {
                boolean cf = f.equals("channels_first");
                if (first != null && first != cf) {
                    throw KerasFile.fail(file, "its layers mix channels_first and channels_last (" + l + ")");
                }
                first = cf;
            }
        }
        return first != null && first;
    }
}
