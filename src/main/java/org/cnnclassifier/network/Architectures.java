package org.cnnclassifier.network;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
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
            case AIR -> air(base, numClasses, dropout, input);
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

    /** {@code air}'s block widths: airbench93's (64, 128, 128). */
    static final int[] AIR_WIDTHS = {64, 128, 128};
    /** {@code air}'s stem: a 2x2 convolution without padding, 24 filters (12 whitened directions, each signed). */
    static final int AIR_STEM = 24;
    /** {@code air}'s logits are the output layer's product with features scaled by this (airbench's 1/9). */
    public static final double AIR_LOGIT_SCALE = 1.0 / 9;
    /**
     * {@code air}'s batch normalisation statistics decay per batch: DL4J's default. airbench's 0.6 per batch of
     * 1,024 would be 0.94 per replica batch of 128; 0.9 follows the recent batches a little more closely.
     */
    static final double AIR_NORM_DECAY = 0.9;

    /**
     * airbench's network (Keller Jordan 2024) at airbench93's widths: a 2x2 stem, then three blocks of
     * [conv, 2x2 max pool, batch normalisation, GELU, conv, batch normalisation, GELU] with convolutions
     * without biases (the normalisation after each supplies the shift) and normalisation with a fixed
     * scale of 1 ({@link UnitScale}); a global max pool; the features times {@link #AIR_LOGIT_SCALE}
     * (a fixed element-wise layer) into a softmax layer without bias. Weights start uniform in
     * {@code +-1/sqrt(fan-in)}, PyTorch's default, which sets the step size of the scale-free weights
     * under SGD. The GELU is airbench's in its sigmoid form ({@link Gelu}); the stem keeps ReLU, whose
     * signed whitened filter pairs pass both signs on. {@link #freezeStem} fixes the stem once it is whitened.
     */
    private static MultiLayerConfiguration air(NeuralNetConfiguration.Builder base, int numClasses, double dropout,
            InputType input) {
        NeuralNetConfiguration.ListBuilder b = base.weightInit(WeightInit.UNIFORM).list();
        b.layer(new ConvolutionLayer.Builder(2, 2).name("conv1").nOut(AIR_STEM)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU).build());
        int conv = 1;
        for (int block = 1; block <= AIR_WIDTHS.length; block++) {
            b.layer(plainConv("conv" + ++conv, AIR_WIDTHS[block - 1]));
            b.layer(pool("pool" + block));
            b.layer(unitNorm("bn" + conv));
            b.layer(new ActivationLayer.Builder().name("gelu" + conv).activation(new Gelu()).build());
            b.layer(plainConv("conv" + ++conv, AIR_WIDTHS[block - 1]));
            b.layer(unitNorm("bn" + conv));
            b.layer(new ActivationLayer.Builder().name("gelu" + conv).activation(new Gelu()).build());
        }
        b.layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).name("pool" + (AIR_WIDTHS.length + 1)).build());
        if (dropout > 0) {
            b.layer(new DropoutLayer.Builder(1 - dropout).name("drop1").build());
        }
        int features = AIR_WIDTHS[AIR_WIDTHS.length - 1];
        b.layer(new ElementWiseMultiplicationLayer.Builder().name("scale").nIn(features).nOut(features)
                .activation(Activation.IDENTITY).weightInit(new WeightInitConstant(AIR_LOGIT_SCALE))
                .biasInit(0).updater(FROZEN).biasUpdater(FROZEN).build());
        return b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(numClasses)
                        .hasBias(false).activation(Activation.SOFTMAX).build())
                .setInputType(input)
                .build();
    }

    /**
     * Plain SGD at rate 0: the layer never changes (DL4J's NoOp would apply the raw gradient; weight decay is
     * scaled by the rate).
     */
    static final Sgd FROZEN = new Sgd(0);

    /**
     * Keeps {@code air}'s whitened stem (its first layer) as it is, weights and bias, as airbench freezes
     * its whitening weights: a fixed change of coordinates. Call before the network is built.
     */
    public static void freezeStem(MultiLayerConfiguration conf) {
        freeze((BaseLayer) conf.getConf(0).getLayer());
    }

    /** Gives {@code layer}'s weights and biases {@link #FROZEN}: they keep their values. Before the net is built. */
    public static void freeze(BaseLayer layer) {
        layer.setIUpdater(FROZEN.clone());
        layer.setBiasUpdater(FROZEN.clone());
    }

    /**
     * Whether layer {@code index} of a model of {@code architecture} is fixed by the architecture itself,
     * so that training from the model keeps it so: {@code air}'s {@code scale}, and its stem once whitened.
     * Layers a run froze with {@code freeze} are not: without {@code freeze} they train.
     */
    public static boolean fixedByDesign(String architecture, int index,
            org.deeplearning4j.nn.conf.layers.Layer layer) {
        return Architecture.AIR.word().equals(architecture) && frozen(layer)
                && (index == 0 || layer instanceof ElementWiseMultiplicationLayer);
    }

    /** Whether {@code conf}'s layer keeps its parameters as they are ({@link #FROZEN}). */
    public static boolean frozen(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return layer instanceof BaseLayer l && l.getIUpdater() instanceof Sgd s && s.getLearningRate() == 0
                && s.getLearningRateSchedule() == null;
    }

    private static ConvolutionLayer plainConv(String name, int filters) {
        return new ConvolutionLayer.Builder(3, 3).name(name).nOut(filters).convolutionMode(ConvolutionMode.Same)
                .hasBias(false).activation(Activation.IDENTITY).build();
    }

    private static BatchNormalization unitNorm(String name) {
        return new BatchNormalization.Builder().name(name).decay(AIR_NORM_DECAY)
                .constrainAllParameters(new UnitScale()).build();
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
