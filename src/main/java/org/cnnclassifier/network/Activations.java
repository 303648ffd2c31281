package org.cnnclassifier.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cnnclassifier.data.NetworkInput;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network's view of one image: the feature maps of its convolution and pooling layers,
 * computed by DL4J ({@code feedForwardToLayer}), and the first convolution layer's filters.
 */
public final class Activations {
    private Activations() {
    }

    /** A convolution or pooling layer: position in the network, name, kind ("convolution"/"pooling"). */
    public record SpatialLayer(int index, String name, String kind) {
    }

    /** One layer's feature maps for one image: {@code maps[filter][y * width + x]}. */
    public record LayerMaps(SpatialLayer layer, int width, int height, float[][] maps) {
        public int filters() {
            return maps.length;
        }
    }

    /** Learned filters of a convolution layer: {@code weights[filter][inputChannel][ky * kw + kx]}. */
    public record Filters(String layer, int kernelHeight, int kernelWidth, float[][][] weights) {
    }

    /** The layer's name in the network configuration, or {@code layer<i>} when it has none. */
    public static String layerName(MultiLayerNetwork network, int i) {
        String name = network.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName();
        return name == null || name.isBlank() ? "layer" + i : name;
    }

    /** The convolution and pooling layers, in network order. */
    public static List<SpatialLayer> spatialLayers(MultiLayerNetwork network) {
        List<SpatialLayer> layers = new ArrayList<>();
        int n = network.getLayerWiseConfigurations().getConfs().size();
        for (int i = 0; i < n; i++) {
            Layer l = network.getLayerWiseConfigurations().getConf(i).getLayer();
            if (l instanceof ConvolutionLayer) {
                layers.add(new SpatialLayer(i, layerName(network, i), "convolution"));
            } else if (l instanceof SubsamplingLayer) {
                layers.add(new SpatialLayer(i, layerName(network, i), "pooling"));
            }
        }
        return layers;
    }

    /** The convolution layers, in network order. */
    public static List<SpatialLayer> convolutionLayers(MultiLayerNetwork network) {
        return spatialLayers(network).stream().filter(l -> l.kind().equals("convolution")).toList();
    }

    /**
     * The layers named in {@code selection}: "all" (or empty) for every convolution and pooling
     * layer, else a comma-separated list of layer names (case-insensitive).
     *
     * @throws IllegalArgumentException naming the unknown layer and the available ones
     */
    public static List<SpatialLayer> select(MultiLayerNetwork network, String selection) {
        List<SpatialLayer> all = spatialLayers(network);
        if (selection == null || selection.isBlank() || selection.trim().equalsIgnoreCase("all")) {
            return all;
        }
        Map<String, SpatialLayer> byName = new LinkedHashMap<>();
        for (SpatialLayer l : all) {
            byName.put(l.name().toLowerCase(Locale.ROOT), l);
        }
        List<SpatialLayer> chosen = new ArrayList<>();
        for (String part : selection.split(",")) {
            String key = part.trim().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                continue;
            }
            SpatialLayer l = byName.get(key);
            if (l == null) {
                throw new IllegalArgumentException("The model has no convolution or pooling layer named '" + part.trim()
                        + "'. Use 'all' or some of: " + String.join(", ", byName.keySet().stream()
                                .map(k -> byName.get(k).name()).toList()) + ".");
            }
            if (!chosen.contains(l)) {
                chosen.add(l);
            }
        }
        chosen.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return chosen;
    }

    /**
     * Feature maps of {@code layers} for one network input of shape [1, ...] (from {@link Classifier#networkInput}).
     */
    public static List<LayerMaps> compute(MultiLayerNetwork network, INDArray input, List<SpatialLayer> layers) {
        if (layers.isEmpty()) {
            return List.of();
        }
        int last = layers.stream().mapToInt(SpatialLayer::index).max().getAsInt();
        List<INDArray> outputs;
        synchronized (network) {
            // Element 0 is the input, element i + 1 the output of layer i.
            outputs = network.feedForwardToLayer(last, input, false);
        }
        List<LayerMaps> result = new ArrayList<>();
        for (SpatialLayer l : layers) {
            INDArray a = outputs.get(l.index() + 1);
            if (NetworkInput.channelsLast(network.getLayerWiseConfigurations().getConf(l.index()).getLayer())) {
                a = a.permute(0, 3, 1, 2);
            }
            int c = (int) a.size(1), h = (int) a.size(2), w = (int) a.size(3);
            float[] flat = a.slice(0).castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
            float[][] maps = new float[c][w * h];
            for (int k = 0; k < c; k++) {
                System.arraycopy(flat, k * w * h, maps[k], 0, w * h);
            }
            result.add(new LayerMaps(l, w, h, maps));
        }
        return result;
    }

    /** The filters of the first convolution layer, or null when the network has none. */
    public static Filters firstConvolutionFilters(MultiLayerNetwork network) {
        for (SpatialLayer l : spatialLayers(network)) {
            if (!l.kind().equals("convolution")) {
                continue;
            }
            // DL4J stores convolution weights as [filters, input channels, kernel height, kernel width].
            INDArray w = network.getLayer(l.index()).getParam("W").castTo(DataType.FLOAT).dup('c');
            int out = (int) w.size(0), in = (int) w.size(1), kh = (int) w.size(2), kw = (int) w.size(3);
            float[] flat = w.reshape(-1).toFloatVector();
            float[][][] weights = new float[out][in][kh * kw];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    System.arraycopy(flat, (o * in + i) * kh * kw, weights[o][i], 0, kh * kw);
                }
            }
            return new Filters(l.name(), kh, kw, weights);
        }
        return null;
    }
}
