import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import org.cnnclassifier.model.Classifier;
import org.cnnclassifier.model.FolderClassifier;
import org.cnnclassifier.model.ModelCache;
import org.cnnclassifier.model.ModelFile;
import org.cnnclassifier.model.ModelMetadata;
import org.cnnclassifier.model.Nd4jSetup;
import org.cnnclassifier.progress.ProgressListener;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Classify Folder end to end (list files, decode with ImageJ, classify in batches, CSV written
 * atomically), model loading included, on a folder of JPEGs. The model is the seed CNN (the same
 * as bench/torch_classify_peer.py's), random weights, or a model file given as third argument.
 * Usage: ClassifyFolderBench <folder> <output.csv> [runs] [model.zip]
 */
public class ClassifyFolderBench {
    /** The seed tutorial's CNN (122,570 parameters), as in ../shared/peers/torch_seed_cnn.py. */
    static MultiLayerNetwork seedCnn() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1").kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(64).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2").kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv3").nOut(64).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("dense1").nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    public static void main(String[] args) throws Exception {
        Path folder = Paths.get(args[0]);
        Path csv = Paths.get(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Nd4jSetup.ensureInitialized();
        Path model;
        if (args.length > 3) {
            model = Paths.get(args[3]);
        } else {
            model = Files.createTempFile("seed-cnn", ".zip");
            model.toFile().deleteOnExit();
            ModelMetadata m = new ModelMetadata();
            m.architecture = "seed";
            m.classNames = new java.util.ArrayList<>(List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
                    "frog", "horse", "ship", "truck"));
            MultiLayerNetwork net = seedCnn();
            System.out.println("seed CNN parameters: " + net.numParams());
            ModelFile.save(net, m, model);
        }
        for (int r = 0; r < runs; r++) {
            ModelCache.clear();
            long t = System.nanoTime();
            Classifier c = ModelCache.get(model.toString());
            FolderClassifier.Result res = FolderClassifier.run(new FolderClassifier.Options(folder, true, "*.jpg", 3, csv),
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
