package org.cnnclassifier.keras;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights in a Keras HDF5 file, read with DL4J's {@link Hdf5Archive}. Two layouts:
 * <ul>
 * <li>{@code model.save("x.h5")} (Keras 2 and 3): {@code model_weights/<layer name>/.../kernel:0},
 * found by the layer's name in the configuration and the weight's own name;</li>
 * <li>a {@code .keras} zip's {@code model.weights.h5}: {@code layers/<path name>/vars/<i>}, where the path
 * name is the layer type in snake case numbered in order ({@code conv2d}, {@code conv2d_1}, ...), not the
 * configuration's name; so weights are matched to layers by type and order. Paths with Windows
 * backslashes and gaps in the numbering (tf-keras 2.13-2.15) are read the same way.</li>
 * </ul>
 */
public final class KerasWeights implements Closeable {
    private static final Pattern VARS = Pattern.compile(
            "(?:^|/)(?:layers|_layer_checkpoint_dependencies)/([^/]+)/vars/(\\d+)$");
    private static final Pattern NUMBERED = Pattern.compile("^(.*?)(?:_(\\d+))?$");

    private final Hdf5Archive archive;
    private final Path source;
    /** Every dataset: normalised path ('/'-separated) to its group path and name. */
    private final Map<String, String[]> datasets = new LinkedHashMap<>();
    private final List<String> rootGroups;
    /** A .keras file's layers' variables, indexed on first use ({@link #varsByLayer}). */
    private Map<String, Map<Integer, String[]>> varsByLayer;
    private Path delete;

    private KerasWeights(Hdf5Archive archive, Path source) {
        this.archive = archive;
        this.source = source;
        this.rootGroups = archive.getGroups();
        walk(new String[0]);
    }

    /** Opens an HDF5 file; {@code source} is the file named in messages. */
    static KerasWeights openHdf5(Path hdf5, Path source) throws IOException {
        Hdf5Archive archive;
        try {
            archive = new Hdf5Archive(hdf5.toString());
        } catch (LinkageError e) {
            boolean macArm = System.getProperty("os.name", "").startsWith("Mac")
                    && System.getProperty("os.arch", "").equals("aarch64");
            throw KerasFile.fail(source, "the HDF5 library that reads it could not be loaded on this computer ("
                    + (macArm ? "DL4J's HDF5 has no build for macOS on Apple silicon" : e.toString())
                    + "). Import the file on another computer: the model .zip it writes works everywhere");
        } catch (RuntimeException e) {
            throw KerasFile.fail(source, "it starts like an HDF5 file but cannot be read: truncated or damaged ("
                    + Files.size(hdf5) + " bytes). Copy or download it again");
        }
        try {
            return new KerasWeights(archive, source);
        } catch (RuntimeException e) {
            archive.close();
            throw KerasFile.fail(source, "its HDF5 content cannot be read: truncated or damaged");
        }
    }

    /** This archive, deleting {@code tmp} when closed. */
    KerasWeights deleting(Path tmp) {
        this.delete = tmp;
        return this;
    }

    private void walk(String[] groups) {
        for (String d : archive.getDataSets(groups)) {
            String[] g = groups.clone();
            String path = String.join("/", g) + (g.length > 0 ? "/" : "") + d;
            datasets.put(path.replace('\\', '/'), append(g, d));
        }
        for (String child : archive.getGroups(groups)) {
            walk(append(groups, child));
        }
    }

    private static String[] append(String[] a, String s) {
        String[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = s;
        return out;
    }

    String rootAttributeJson(String name) {
        try {
            return archive.hasAttribute(name) ? archive.readAttributeAsJson(name) : null;
        } catch (Exception e) {
            return null;
        }
    }

    String rootAttributeString(String name) {
        try {
            return archive.hasAttribute(name) ? archive.readAttributeAsString(name) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** True when the root lists layer names as {@code save_weights} writes them. */
    boolean hasLayerNames() {
        return archive.hasAttribute("layer_names") || rootGroups.contains("layers");
    }

    boolean isEmpty() {
        return datasets.isEmpty();
    }

    /**
     * The weights of a layer saved by {@code model.save("x.h5")}: every dataset under
     * {@code model_weights/<name>}, by its own name without {@code :0} (kernel, bias, gamma, ...).
     */
    Map<String, INDArray> byName(String layerName) throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        String prefix = "model_weights/" + layerName + "/";
        for (Map.Entry<String, String[]> e : datasets.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String last = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
                int colon = last.indexOf(':');
                out.put(colon >= 0 ? last.substring(0, colon) : last, read(e.getValue()));
            }
        }
        return out;
    }

    /**
     * The variables ({@code vars/0}, {@code vars/1}, ...) of the {@code ordinal}-th (0-based) layer whose
     * path name is {@code snakeType} or {@code snakeType_<n>}, in order of n, in a {@code .keras} weights file;
     * empty when there is none.
     */
    List<INDArray> byTypeAndOrder(String snakeType, int ordinal) throws IOException {
        Map<String, Map<Integer, String[]>> layers = varsByLayer();
        List<String> names = new ArrayList<>();
        for (String name : layers.keySet()) {
            Matcher m = NUMBERED.matcher(name);
            if (m.matches() && m.group(1).equals(snakeType)) {
                names.add(name);
            }
        }
        names.sort(Comparator.comparingInt(KerasWeights::number));
        if (ordinal >= names.size()) {
            return List.of();
        }
        List<INDArray> vars = new ArrayList<>();
        for (String[] path : layers.get(names.get(ordinal)).values()) {
            // Scalars (a Normalization's count, a seed generator's state) are never needed, and DL4J's reader
            // refuses rank 0: they are left null.
            try {
                vars.add(read(path));
            } catch (IOException e) {
                vars.add(null);
            }
        }
        return vars;
    }

    /** Layer path name -> its variables' paths by index, built once per file (not once per layer). */
    private Map<String, Map<Integer, String[]>> varsByLayer() {
        if (varsByLayer == null) {
            Map<String, Map<Integer, String[]>> layers = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> e : datasets.entrySet()) {
                if (e.getKey().startsWith("optimizer/") || e.getKey().startsWith("metrics/")) {
                    continue;
                }
                Matcher m = VARS.matcher(e.getKey());
                if (m.find()) {
                    layers.computeIfAbsent(m.group(1), k -> new java.util.TreeMap<>())
                            .put(Integer.parseInt(m.group(2)), e.getValue());
                }
            }
            varsByLayer = layers;
        }
        return varsByLayer;
    }

    private static int number(String name) {
        Matcher m = NUMBERED.matcher(name);
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
    }

    private INDArray read(String[] path) throws IOException {
        try {
            return archive.readDataSet(path[path.length - 1], Arrays.copyOf(path, path.length - 1))
                    .castTo(DataType.FLOAT);
        } catch (Exception e) {
            throw KerasFile.fail(source, "its weight " + String.join("/", path) + " cannot be read ("
                    + e.getMessage() + ")");
        }
    }

    /** Keras's snake case of a class name, as it names weight paths: Conv2D -> conv2d. */
    static String snake(String className) {
        String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws IOException {
        archive.close();
        if (delete != null) {
            Files.deleteIfExists(delete);
        }
    }
}
