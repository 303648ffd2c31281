package org.cnnclassifier.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (fit) of an architecture as a training replica runs it (NCHW, random data, the
 * caller sets OMP_NUM_THREADS=1), without and with one of Train's stand-ins, alternating in one
 * process: {@code input} is DL4J's first convolution layer against {@link InputConvolution} (no
 * input gradient), {@code relu} DL4J's ReLU backward against {@link FastReluBackward}. Both networks
 * have the stand-ins added before it (batch norm, pooling; for relu also InputConvolution). Prints
 * ms per step and the ratio. In package org.cnnclassifier.model to reach the package-private
 * classes. Usage: ReplicaStepBench input|relu architecture batch steps rounds
 */
public class ReplicaStepBench {
    public static void main(String[] args) {
        Nd4jSetup.ensureInitialized();
        String variant = args[0];
        Architecture arch = Architecture.parse(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        MultiLayerNetwork dl4j = new MultiLayerNetwork(Architectures.build(arch, 10, 1, 0, null, 1e-3));
        dl4j.init();
        MultiLayerNetwork ours = new MultiLayerNetwork(Architectures.build(arch, 10, 1, 0, null, 1e-3));
        ours.init();
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {dl4j, ours}) {
            FastBatchNormHelper.install(net);
            PlainMaxPooling.install(net);
            if (variant.equals("relu")) {
                InputConvolution.install(net);
            }
        }
        String without;
        String with;
        if (variant.equals("relu")) {
            FastReluBackward.install(ours);
            without = "DL4J's ReLU backward";
            with = "FastReluBackward";
        } else {
            InputConvolution.install(ours);
            without = "DL4J's first convolution";
            with = "InputConvolution";
        }
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
                    without, a, with, b, a / b);
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
