package org.cnnclassifier.model;

import java.util.Collections;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.api.ops.impl.reduce.Moments;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's batch-normalisation helper (the oneDNN one, {@code MKLDNNBatchNormHelper}: libnd4j's
 * {@code batchnorm} and {@code batchnorm_bp} ops) with the batch mean and variance taken by libnd4j's
 * {@code moments} op instead of ND4J's {@code mean} and {@code Variance}. {@code Variance} over
 * dimensions (0, 2, 3) of an NCHW batch walks the strided channel slices one element at a time: a JFR
 * profile of a {@code bn} training step put 17% of it there; on 128x32x32x32 it took 48 ms (plus 6
 * for the mean) where {@code moments} takes 12 ms for both, to the same digits. Other shapes,
 * layouts and types return null, and DL4J then runs its own implementation.
 */
final class FastBatchNormHelper implements BatchNormalizationHelper {
    private INDArray meanCache;
    private INDArray varCache;
    private boolean lastForwardWasMine;

    /** Puts this helper into every batch-normalisation layer of {@code net} (after init or clone). */
    static void install(MultiLayerNetwork net) {
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization bn) {
                setHelper(bn, new FastBatchNormHelper());
            }
        }
    }

    private static void setHelper(BatchNormalization layer, BatchNormalizationHelper helper) {
        try {
            // DL4J creates its helper in the layer's constructor and offers no setter.
            var field = BatchNormalization.class.getDeclaredField("helper");
            field.setAccessible(true);
            field.set(layer, helper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Another DL4J version: keep its own helper, which is correct, only slower.
        }
    }

    private static boolean supported(INDArray x, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && format == CNN2DFormat.NCHW;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
            INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        lastForwardWasMine = supported(x, format) && gamma != null && beta != null;
        if (!lastForwardWasMine) {
            return null;
        }
        INDArray m;
        INDArray v;
        if (training) {
            computeMoments(x);
            m = meanCache;
            v = varCache;
        } else {
            m = mean.reshape(mean.length());
            v = var.reshape(var.length());
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
        BatchNorm op = new BatchNorm();
        op.addInputArgument(x, m, v, gamma.reshape(gamma.length()), beta.reshape(beta.length()));
        op.addIArgument(1, 1, 1); // apply gamma, apply beta, channel axis 1 (NCHW)
        op.addTArgument(eps);
        op.addOutputArgument(out);
        Nd4j.exec(op);
        return out;
    }

    /** Batch mean and (biased) variance per channel into the caches DL4J reads after the forward pass. */
    private void computeMoments(INDArray x) {
        long channels = x.size(1);
        if (meanCache == null || meanCache.length() != channels) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
                varCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
            }
        }
        // (The constructor taking output arrays passes the axes twice in M2.1: the op then fails.)
        INDArray[] meanAndVariance = Nd4j.exec(new Moments(x, new int[] {0, 2, 3}));
        meanCache.assign(meanAndVariance[0]);
        varCache.assign(meanAndVariance[1]);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
            INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
            LayerWorkspaceMgr workspaceMgr) {
        if (!lastForwardWasMine || !supported(input, format)) {
            return null;
        }
        if (!Shape.hasDefaultStridesForShape(epsilon)) {
            epsilon = epsilon.dup('c');
        }
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape());
        long[] perChannel = meanCache.shape();
        INDArray dLdMean = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, perChannel);
        INDArray dLdVar = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, perChannel);
        DynamicCustomOp op = DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(input, meanCache, varCache, gamma.reshape(gamma.length()), beta.reshape(beta.length()),
                        epsilon)
                .addIntegerArguments(1, 1, 1)
                .addFloatingPointArguments(eps)
                .build();
        op.setOutputArgument(0, epsAtInput);
        op.setOutputArgument(1, dLdMean);
        op.setOutputArgument(2, dLdVar);
        op.setOutputArgument(3, dGammaView.reshape(dGammaView.length()));
        op.setOutputArgument(4, dBetaView.reshape(dBetaView.length()));
        Nd4j.exec(op);
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, epsAtInput);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }
}
