package org.cnnclassifier.network;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The networks the {@code architecture} key names ({@link Architecture}). Layers are named
 * {@code conv1}, {@code pool1}, {@code conv2}, ..., {@code dense1}, {@code output} so that
 * activations can be addressed by name.
 * All use Adam, softmax cross-entropy, NCHW input in [0, 1] (32x32x3 for CIFAR-10; any size from
 * {@link #MIN_SIZE} to {@link #MAX_SIZE} pixels and any channel count: DL4J computes the flatten
 * size from the input type), and {@link CacheMode#DEVICE} (keeps forward results for backprop
 * instead of recomputing them: about 15% faster training).
 */
public final class Architectures {
    /** Input widths and heights the architectures are built for. */
    public static final int MIN_SIZE = 16, MAX_SIZE = 256;
    /**
     * Below this size {@code seed}'s three valid convolutions and two poolings leave nothing (17 gives
     * 15, 7, 5, 2, 0 pixels), so there its convolutions are same-padded.
     */
    static final int SEED_VALID_MIN = 18;

    private Architectures() {
    }

    /**
     * @param dropout fraction of activations dropped during training (0 = none); for {@code seed} it
     *                is applied to the flattened features before {@code dense1} (the tutorial's remedy)
     * @param rate    Adam's learning rate, a constant or a schedule
     */
    public static MultiLayerConfiguration build(Architecture architecture, int numClasses, long seed, double dropout,
            ISchedule rate, double constantRate) {
        return build(architecture, numClasses, seed, dropout, rate, constantRate, 32, 32, 3);
    }

    /** Throws IllegalArgumentException unless both sides are from {@link #MIN_SIZE} to {@link #MAX_SIZE}. */
    public static void checkSize(int width, int height) {
        if (width < MIN_SIZE || width > MAX_SIZE || height < MIN_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("The networks take images from " + MIN_SIZE + "x" + MIN_SIZE + " to "
                    + MAX_SIZE + "x" + MAX_SIZE + " pixels; the input would be " + width + "x" + height
                    + ". Give size=WIDTHxHEIGHT within that range (images are resized).");
        }
    }

    /**
     * As {@link #build(Architecture, int, long, double, ISchedule, double)}, for input {@code width x height x
     * channels}.
     */
    public static MultiLayerConfiguration build(Architecture architecture, int numClasses, long seed, double dropout,
            ISchedule rate, double constantRate, int width, int height, int channels) {
        return buildWith(architecture, numClasses, seed, dropout,
                rate != null ? new Adam(rate) : new Adam(constantRate), 0, width, height, channels);
    }

    /**
     * As {@link #build(Architecture, int, long, double, ISchedule, double, int, int, int)}, with this
     * optimiser and, when {@code weightDecay > 0}, DL4J's weight decay of the weights (not biases, not
     * batch normalisation): each step subtracts {@code rate * weightDecay * w}.
     */
    public static MultiLayerConfiguration buildWith(Architecture architecture, int numClasses, long seed,
            double dropout, IUpdater updater, double weightDecay, int width, int height, int channels) {
        checkSize(width, height);
        if (channels < 1) {
            throw new IllegalArgumentException("The input needs at least one channel; got " + channels + ".");
        }
        InputType.InputTypeConvolutional input = (InputType.InputTypeConvolutional) InputType.convolutional(height,
                width, channels);
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be at least 0 and below 1 (the fraction dropped); got "
                    + dropout);
        }
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .cacheMode(CacheMode.DEVICE)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        if (weightDecay > 0) {
            base.weightDecay(weightDecay, true);
        }
        return switch (architecture) {
            case SEED -> seed(base, numClasses, dropout, input);
            case BN -> bn(base, numClasses, dropout, input);
            case WIDE -> wide(base, numClasses, dropout, input);
        };
    }

    private static MultiLayerConfiguration seed(NeuralNetConfiguration.Builder base, int numClasses, double dropout,
            InputType.InputTypeConvolutional input) {
        // Keras defaults: glorot_uniform weights, zero biases, 'valid' convolutions.
        ConvolutionMode mode = Math.min(input.getWidth(), input.getHeight()) >= SEED_VALID_MIN
                ? ConvolutionMode.Truncate : ConvolutionMode.Same;
        NeuralNetConfiguration.ListBuilder b = base.weightInit(WeightInit.XAVIER_UNIFORM).list()
                .layer(conv("conv1", 32, Activation.RELU, mode))
                .layer(pool("pool1"))
                .layer(conv("conv2", 64, Activation.RELU, mode))
                .layer(pool("pool2"))
                .layer(conv("conv3", 64, Activation.RELU, mode));
        if (dropout > 0) {
            b.layer(new DropoutLayer.Builder(1 - dropout).name("drop1").build());
        }
        return b.layer(new DenseLayer.Builder().name("dense1").nOut(64).activation(Activation.RELU).build())
                .layer(output(numClasses))
                .setInputType(input)
                .build();
    }

    private static MultiLayerConfiguration bn(NeuralNetConfiguration.Builder base, int numClasses, double dropout,
            InputType input) {
        NeuralNetConfiguration.ListBuilder b = base.weightInit(WeightInit.RELU).list();
        int[] widths = {32, 64, 128};
        int conv = 0;
        for (int block = 1; block <= widths.length; block++) {
            for (int k = 0; k < 2; k++) {
                conv++;
                // Conv(ReLU) then batch normalisation: DL4J's BatchNormalization layer does not apply
                // an activation function of its own (tested), so the non-linearity sits in the conv.
                b.layer(sameConv("conv" + conv, widths[block - 1]));
                b.layer(batchNorm("bn" + conv));
            }
            b.layer(pool("pool" + block));
            if (dropout > 0) {
                b.layer(new DropoutLayer.Builder(1 - dropout).name("drop" + block).build());
            }
        }
        b.layer(new DenseLayer.Builder().name("dense1").nOut(128).activation(Activation.RELU).build());
        if (dropout > 0) {
            b.layer(new DropoutLayer.Builder(1 - Math.min(0.5, 2 * dropout)).name("drop4").build());
        }
        return b.layer(output(numClasses))
                .setInputType(input)
                .build();
    }

    /**
     * The layout of the fast CIFAR-10 trainers (Page's ResNet-9 and Jordan's airbench, without their
     * residual branches): each block convolves, pools at once and convolves again at the lower
     * resolution, so the wide layers run on small maps. Per image it costs about 41 M multiply-adds
     * against {@code bn}'s 39 M, but only the 24-channel stem and the first 32-channel convolution
     * see 32x32 maps. A last 2x2 max pool then the softmax layer; no hidden dense layer.
     */
    private static MultiLayerConfiguration wide(NeuralNetConfiguration.Builder base, int numClasses, double dropout,
            InputType input) {
        NeuralNetConfiguration.ListBuilder b = base.weightInit(WeightInit.RELU).list();
        b.layer(sameConv("conv1", 24)).layer(batchNorm("bn1"));
        int[] widths = {32, 128, 128};
        int conv = 1;
        for (int block = 1; block <= widths.length; block++) {
            // ReLU before the pool is the same as after it (max commutes with it); BN follows the pool.
            b.layer(sameConv("conv" + ++conv, widths[block - 1]));
            b.layer(pool("pool" + block));
            b.layer(batchNorm("bn" + conv));
            b.layer(sameConv("conv" + ++conv, widths[block - 1]));
            b.layer(batchNorm("bn" + conv));
        }
        b.layer(pool("pool" + (widths.length + 1)));
        if (dropout > 0) {
            b.layer(new DropoutLayer.Builder(1 - dropout).name("drop1").build());
        }
        return b.layer(output(numClasses))
                .setInputType(input)
                .build();
    }

    private static ConvolutionLayer sameConv(String name, int filters) {
        return conv(name, filters, Activation.RELU, ConvolutionMode.Same);
    }

    private static BatchNormalization batchNorm(String name) {
        return new BatchNormalization.Builder().name(name).build();
    }

    private static ConvolutionLayer conv(String name, int filters, Activation act, ConvolutionMode mode) {
        return new ConvolutionLayer.Builder(3,
                3).name(name).nOut(filters).convolutionMode(mode).activation(act).build();
    }

    private static SubsamplingLayer pool(String name) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).name(name).kernelSize(2, 2).stride(2, 2).build();
    }

    private static OutputLayer output(int numClasses) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(numClasses)
                .activation(Activation.SOFTMAX).build();
    }
}
