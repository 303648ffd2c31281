package org.cnnclassifier.speed;

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
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's batch-normalisation helper (the oneDNN one, {@code MKLDNNBatchNormHelper}: libnd4j's
 * {@code batchnorm} and {@code batchnorm_bp} ops) with the batch mean and variance taken by libnd4j's
 * {@code moments} op instead of ND4J's {@code mean} and {@code Variance}. {@code Variance} over
 * dimensions (0, 2, 3) of an NCHW batch walks the strided channel slices one element at a time: a JFR
 * profile of a {@code bn} training step put 17% of it there; on 128x32x32x32 it took 48 ms (plus 6
 * for the mean) where {@code moments} takes 12 ms for both, to the same digits. The backward pass
 * is not {@code batchnorm_bp} (oneDNN's plain-layout {@code ncsp_bnorm} or libnd4j's kernel: 63-82
 * ms on 128x32x32x32, one thread, a fifth of a {@code wide} training step) but two sums per channel
 * and an affine map per channel in libnd4j's broadcasting element-wise ops (38 ms there), the
 * textbook formula with the per-channel coefficients worked out in double on the host. Other
 * shapes, layouts and types return null, and DL4J then runs its own implementation.
 */
public final class FastBatchNormHelper implements BatchNormalizationHelper {
    private INDArray meanCache;
    private INDArray varCache;
    private boolean lastForwardWasMine;
    /** Backward passes computed here rather than handed to DL4J's code: for tests. */
    int fastBackwardPasses;

    /** Puts this helper into every batch-normalisation layer of {@code net} (after init or clone). */
    public static void install(MultiLayerNetwork net) {
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
        if (!Shape.hasDefaultStridesForShape(input)) {
            input = input.dup('c');
        }
        long n = input.size(0);
        int channels = (int) input.size(1);
        long pixels = input.size(2) * input.size(3);
        long[] byChannel = {n, channels, pixels};
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape());
        INDArray centred = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(), input.shape());
        INDArray dy = epsilon.reshape(byChannel);
        INDArray xc = centred.reshape(byChannel);
        INDArray dx = epsAtInput.reshape(byChannel);
        broadcast("subtract", input.reshape(byChannel), meanCache, xc);
        Nd4j.exec(new MulOp(dy, xc, dx)); // dy * (x - mean), summed below
        // Sums per channel: over each map first (contiguous), then over the batch.
        float[] sumDy = dy.sum(2).sum(0).toFloatVector();
        float[] sumDyXc = dx.sum(2).sum(0).toFloatVector();
        float[] var = varCache.toFloatVector();
        float[] scale = gamma.toFloatVector();
        double m = (double) n * pixels;
        float[] dGamma = new float[channels];
        float[] dyScale = new float[channels];
        float[] xcScale = new float[channels];
        float[] shift = new float[channels];
        for (int k = 0; k < channels; k++) {
            // dx = gamma/sd * (dy - sum(dy)/m - xhat * sum(dy * xhat)/m), xhat = (x - mean)/sd
            double invSd = 1 / Math.sqrt(var[k] + eps);
            double a = scale[k] * invSd;
            dGamma[k] = (float) (invSd * sumDyXc[k]);
            dyScale[k] = (float) a;
            xcScale[k] = (float) (-a * invSd * invSd * sumDyXc[k] / m);
            shift[k] = (float) (-a * sumDy[k] / m);
        }
        broadcast("multiply", xc, Nd4j.createFromArray(xcScale), xc);
        broadcast("multiply", dy, Nd4j.createFromArray(dyScale), dx);
        Nd4j.exec(new AddOp(dx, xc, dx));
        broadcast("add", dx, Nd4j.createFromArray(shift), dx);
        dGammaView.reshape(channels).assign(Nd4j.createFromArray(dGamma));
        dBetaView.reshape(channels).assign(Nd4j.createFromArray(sumDy));
        fastBackwardPasses++;
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, epsAtInput);
    }

    /**
     * {@code out = x op v[channel]} for x viewed as [batch, channels, pixels]: libnd4j's broadcasting
     * pairwise ops run this at about memory speed (10.7 ms for a multiply and an add on
     * 128x32x32x32, one thread), where its {@code batchnorm} op took 22 ms for the same affine map.
     */
    private static void broadcast(String op, INDArray x, INDArray perChannel, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(x, perChannel.reshape(1, x.size(1), 1)).addOutputs(out)
                .build());
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
