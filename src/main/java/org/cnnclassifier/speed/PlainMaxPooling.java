package org.cnnclassifier.speed;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.cnnclassifier.network.NativeBuilds;

/**
 * DL4J's max-pooling layer running libnd4j's own {@code maxpool2d} and {@code maxpool2d_bp} kernels
 * instead of their oneDNN versions, for training. On NCHW arrays (the training layout) oneDNN 2.3
 * picks its plain-layout {@code simple_nchw} pooling, which is slow: on 128x32x32x32 (the first pool
 * of {@code wide}) 37 ms forward and 66 ms backward (the backward runs the forward twice more),
 * against 7 and 30 ms for libnd4j's kernels; in a {@code wide} training step it was a quarter of the
 * time, in a {@code seed} step 40% of oneDNN's. The ops, their arguments and the outputs are the
 * ones DL4J's layer uses (the forward to the bit; the backward too, except which of several equal
 * maxima gets the gradient); only the platform helper is declined, per call, so that the replicas'
 * convolutions on other threads keep oneDNN. Other pooling types, modes and layouts run DL4J's own
 * code. Only installed where it pays ({@link #paysOn}): on a CPU with AVX-512, oneDNN pools the plain
 * layout with its {@code jit:avx512_core} kernels, twice as fast as libnd4j's.
 */
public final class PlainMaxPooling extends SubsamplingLayer {
    /** Forward and backward passes run on libnd4j's kernels (not handed to DL4J's code): for tests. */
    int plainPasses;

    PlainMaxPooling(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * Whether these layers make training faster on {@code cpu}. oneDNN 2.3 has jit kernels for
     * pooling the plain NCHW layout only with AVX-512; without it, it falls back to
     * {@code simple_nchw} (measured on an AMD EPYC without AVX-512, above). With AVX-512 (an Intel
     * Xeon, 2026-12-06, one thread) oneDNN took 2.1 / 7.8 ms forward / backward on 64x32x30x30
     * against libnd4j's 4.5 / 16.2, and 3.5 / 14.7 against 7.2 / 32.7 on 128x32x32x32. A CPU whose
     * AVX-512 support is unknown gets these layers, as all did before.
     */
    static boolean paysOn(NativeBuilds.Cpu cpu) {
        return !Boolean.TRUE.equals(cpu.avx512());
    }

    /** {@link #install} where {@link #paysOn} this machine's CPU; otherwise DL4J's own layers stay. */
    public static void installWherePays(MultiLayerNetwork net) {
        if (ThisCpu.PAYS) {
            install(net);
        }
    }

    /** Read once, when first needed (the CPU does not change; on a Mac it costs a process). */
    private static final class ThisCpu {
        static final boolean PAYS = paysOn(NativeBuilds.cpuFeatures());
    }

    /** Replaces every max-pooling layer of {@code net} (after init or clone) by one of these. */
    static void install(MultiLayerNetwork net) {
        StandInLayers.replace(net, l -> l.getClass() == SubsamplingLayer.class, PlainMaxPooling::new);
    }

    private boolean handled(INDArray x) {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return c.getPoolingType() == PoolingType.MAX && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && (convolutionMode == ConvolutionMode.Truncate || convolutionMode == ConvolutionMode.Strict)
                && c.getIDropout() == null && x != null && x.rank() == 4;
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, same mode (0), extra (0 for max), NHWC (0): DL4J's arguments. */
    private int[] poolArgs() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] p = c.getPadding();
        int[] d = c.getDilation();
        return new int[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], 0, 0, 0};
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!handled(input)) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        INDArray x = input.castTo(dataType);
        DynamicCustomOp op = DynamicCustomOp.builder("maxpool2d").addInputs(x).addIntegerArguments(poolArgs())
                .build();
        long[] shape = op.calculateOutputShape().get(0).getShape();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), shape, 'c');
        execWithoutPlatformHelper(op, new INDArray[] {x}, out);
        plainPasses++;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!handled(input)) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        DynamicCustomOp op = DynamicCustomOp.builder("maxpool2d_bp").addInputs(x, eps)
                .addIntegerArguments(poolArgs()).build();
        execWithoutPlatformHelper(op, new INDArray[] {x, eps}, grad);
        plainPasses++;
        return new Pair<>(new DefaultGradient(), grad);
    }

    private static void execWithoutPlatformHelper(DynamicCustomOp op, INDArray[] inputs, INDArray output) {
        try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            ctx.setIArguments(op.iArgs());
            ctx.setInputArrays(inputs);
            ctx.setOutputArrays(output);
            ctx.allowHelpers(false);
            Nd4j.exec(op, ctx);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // OpContext.close() declares Exception; closing a native context does not throw.
            throw new IllegalStateException(e);
        }
    }
}
