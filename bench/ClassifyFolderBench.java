import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.progress.ProgressListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Classify Folder end to end (list files, decode with ImageJ, classify in batches, CSV written
 * atomically), model loading included, on a folder of JPEGs. The model is the seed CNN (the same
 * as bench/torch_classify_peer.py's), random weights, or a model file given as third argument.
 * Usage: ClassifyFolderBench <folder> <output.csv> [runs] [model.zip]; -Dbatch=N sets the images per
 * network call (default: Classify Folder's own).
 */
public class ClassifyFolderBench {
    /** The seed tutorial's CNN (122,570 parameters), the plugin's own `seed` architecture. */
    static MultiLayerNetwork seedCnn() {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.build(Architecture.SEED, 10, 1, 0, null, 1e-3));
        net.init();
        return net;
    }

    public static void main(String[] args) throws Exception {
        Path folder = Paths.get(args[0]);
        Path csv = Paths.get(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long init = System.nanoTime();
        Nd4jSetup.ensureInitialized();
        System.out.println(String.format(Locale.ROOT, "plugin: ND4J start %.2f s", (System.nanoTime() - init) / 1e9));
        Path model;
        if (args.length > 3) {
            model = Paths.get(args[3]);
        } else {
            model = Files.createTempFile("seed-cnn", ".zip");
            model.toFile().deleteOnExit();
            ModelMetadata m = ModelMetadata.builder()
                    .architecture("seed")
                    .classNames(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                            "truck"))
                    .build();
            MultiLayerNetwork net = seedCnn();
            System.out.println("seed CNN parameters: " + net.numParams());
            ModelFile.save(net, m, model);
        }
        for (int r = 0; r < runs; r++) {
            ModelCache.clear();
            long t = System.nanoTime();
            Classifier c = ModelCache.get(model.toString());
            FolderClassifier.Result res = FolderClassifier.run(new FolderClassifier.Options(folder, true, "*.jpg", 3, csv,
                    Integer.getInteger("batch", 0), 0),
                    c, ProgressListener.SILENT, new FolderClassifier.RowSink() {
                        @Override
                        public void row(FolderClassifier.Row row) {
                        }

                        @Override
                        public void failure(FolderClassifier.Failure f) {
                        }
                    });
            double s = (System.nanoTime() - t) / 1e9;
            int n = res.rows().size() + res.failures().size();
            System.out.println(String.format(Locale.ROOT, "plugin: Classify Folder threads=%d images=%d seconds=%.2f img_per_s=%.1f%s",
                    Runtime.getRuntime().availableProcessors(), n, s, n / s,
                    res.hasConfusion() ? String.format(Locale.ROOT, " accuracy=%.4f", res.accuracy()) : ""));
        }
    }
}
