package org.cnnclassifier.speed;

import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Architectures;
import org.cnnclassifier.network.Nd4jSetup;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (fit) of an architecture (NCHW, random data) without and with one of Train's
 * stand-ins for DL4J's code, alternating in one process; the caller sets OMP_NUM_THREADS. Variants,
 * in the order Train added them: {@code batchnorm} is DL4J's oneDNN batch-norm helper against
 * {@link FastBatchNormHelper}, {@code pooling} DL4J's max pooling (oneDNN's kernels) against
 * {@link PlainMaxPooling} (which Train installs only without AVX-512), {@code input} DL4J's first
 * convolution against {@link InputConvolution} (no input gradient), {@code relu} DL4J's ReLU backward
 * against {@link FastReluBackward}, {@code gelu} DL4J's GELU activation layers against
 * {@link GeluKeepingSigmoid}. Both networks have the stand-ins of the earlier variants. Prints
 * ms per step and the ratio. In package org.cnnclassifier.speed to reach the package-private
 * classes. Usage: TrainStepBench batchnorm|pooling|input|relu|gelu architecture batch steps rounds
 */
public class TrainStepBench {
    private static final String[] VARIANTS = {"batchnorm", "pooling", "input", "relu", "gelu"};
    private static final String[] WITHOUT = {"DL4J's batch norm", "DL4J's max pooling", "DL4J's first convolution",
        "DL4J's ReLU backward", "DL4J's GELU layers"};
    private static final String[] WITH = {"FastBatchNormHelper", "PlainMaxPooling", "InputConvolution",
        "FastReluBackward", "GeluKeepingSigmoid"};

    public static void main(String[] args) {
        Nd4jSetup.ensureInitialized();
        int variant = java.util.Arrays.asList(VARIANTS).indexOf(args[0]);
        if (variant < 0) {
            throw new IllegalArgumentException("variant must be one of " + String.join(", ", VARIANTS));
        }
        Architecture arch = Architecture.parse(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        MultiLayerNetwork dl4j = network(arch);
        MultiLayerNetwork ours = network(arch);
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {dl4j, ours}) {
            for (int earlier = 0; earlier < variant; earlier++) {
                install(earlier, net);
            }
        }
        install(variant, ours);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1);
        }
        DataSet data = new DataSet(x, y);
        for (int r = 1; r <= rounds; r++) {
            double a = msPerStep(dl4j, data, steps);
            double b = msPerStep(ours, data, steps);
            System.out.printf("%s batch %d round %d: %s %.1f ms/step, %s %.1f ms/step: %.2fx%n", args[1], batch, r,
                    WITHOUT[variant], a, WITH[variant], b, a / b);
        }
    }

    /** The network as Train builds it: {@code air}'s stem fixed, as {@code whiten} leaves it. */
    private static MultiLayerNetwork network(Architecture arch) {
        MultiLayerConfiguration conf = Architectures.build(arch, 10, 1, 0, null, 1e-3);
        if (arch == Architecture.AIR) {
            Architectures.freezeStem(conf);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static void install(int variant, MultiLayerNetwork net) {
        switch (variant) {
            case 0 -> FastBatchNormHelper.install(net);
            case 1 -> PlainMaxPooling.install(net);
            case 2 -> InputConvolution.install(net);
            case 3 -> FastReluBackward.install(net);
            default -> GeluKeepingSigmoid.install(net);
        }
    }

    private static double msPerStep(MultiLayerNetwork net, DataSet data, int steps) {
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        long t = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        return (System.nanoTime() - t) / 1e6 / steps;
    }
}
