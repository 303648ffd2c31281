package org.cnnclassifier.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Nd4jSetup;

/**
 * Small models trained in the test JVM (seconds), saved with {@link ModelFile#save} once per JVM:
 * a 3-class colour model (red/green/blue images, classes with a known answer) and a 10-class model
 * trained briefly on the CIFAR-10 records of {@link Fixtures} (class names matching the sample folders).
 */
public final class TinyModels {
    public static final List<String> COLORS = List.of("red", "green", "blue");
    public static final List<String> CIFAR = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    private static Path dir;
    private static Path colorModel;
    private static Path cifarModel;

    private TinyModels() {
    }

    private static synchronized Path dir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("cnn-tiny-models");
            dir.toFile().deleteOnExit();
        }
        return dir;
    }

    /** The network the tiny models use: conv1, pool1, conv2, pool2, dense1, output. */
    public static MultiLayerNetwork network(int classes, long seed) {
        Nd4jSetup.ensureInitialized();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(3e-3))
                .weightInit(WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1").kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2").kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("dense1").nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A 32x32 planar RGB image mostly of colour {@code c} (0 red, 1 green, 2 blue) with noise. */
    public static byte[] colorImage(int c, Random rnd) {
        byte[] img = new byte[3 * 1024];
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < 1024; i++) {
                int v = ch == c ? 140 + rnd.nextInt(116) : rnd.nextInt(100);
                img[ch * 1024 + i] = (byte) v;
            }
        }
        return img;
    }

    /** The colour model: classes red, green, blue. */
    public static synchronized Path colorModel() throws IOException {
        if (colorModel == null) {
            Random rnd = new Random(7);
            int n = 240;
            byte[][] images = new byte[n][];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 3;
                images[i] = colorImage(labels[i], rnd);
            }
            MultiLayerNetwork net = network(3, 7);
            train(net, images, labels, 3, 4);
            colorModel = save(net, COLORS, "tiny-color", dir().resolve("color-model.zip"));
        }
        return colorModel;
    }

    /** The CIFAR model: 10 classes, trained on the {@link Fixtures#CIFAR_RECORDS} records of the CIFAR-10 fixture. */
    public static synchronized Path cifarModel() throws IOException {
        if (cifarModel == null) {
            int n = Fixtures.CIFAR_RECORDS;
            byte[] records = Fixtures.cifarRecords(n);
            byte[][] images = new byte[n][3072];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = records[i * 3073];
                System.arraycopy(records, i * 3073 + 1, images[i], 0, 3072);
            }
            MultiLayerNetwork net = network(10, 11);
            train(net, images, labels, 10, 2);
            cifarModel = save(net, CIFAR, "tiny-cifar", dir().resolve("cifar-model.zip"));
        }
        return cifarModel;
    }

    private static void train(MultiLayerNetwork net, byte[][] images, int[] labels, int classes, int epochs) {
        INDArray x = NetworkInput.toFeatures(images, 3, 32, 32);
        INDArray y = Nd4j.zeros(images.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1);
        }
        DataSet all = new DataSet(x, y);
        for (int e = 0; e < epochs; e++) {
            for (DataSet b : all.batchBy(32)) {
                net.fit(b);
            }
        }
    }

    /** Saves {@code net} with metadata for the given classes. */
    public static Path save(MultiLayerNetwork net, List<String> classes, String architecture, Path file) throws IOException {
        ModelMetadata m = ModelMetadata.builder().architecture(architecture).classNames(classes).build();
        ModelFile.save(net, m, file);
        file.toFile().deleteOnExit();
        return file;
    }
}
