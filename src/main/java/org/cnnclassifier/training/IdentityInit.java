package org.cnnclassifier.training;

import java.util.Arrays;
import java.util.List;

import org.cnnclassifier.network.Activations;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * airbench's identity initialisation (Keller Jordan, 2024, after {@code torch.nn.init.dirac_}): every
 * convolution after the first starts as a partial identity, so that at the start of training each
 * block passes its input on and the network learns the changes to it. Filter {@code o}, for
 * {@code o < min(in, out)}, is 1 at its kernel's centre on input channel {@code o} and 0 everywhere
 * else; filters beyond the input's channels keep their random start. Biases are left as they are
 * (DL4J starts them at 0). The first convolution is left to the random start or to {@link Whitening}.
 */
public final class IdentityInit {
    private IdentityInit() {
    }

    /** Sets the convolutions after the network's first to partial identities; returns how many it set. */
    public static int apply(MultiLayerNetwork net) {
        List<Activations.SpatialLayer> convolutions = Activations.convolutionLayers(net);
        if (convolutions.isEmpty()) {
            throw new IllegalArgumentException("identity needs a network with a convolution layer.");
        }
        for (Activations.SpatialLayer conv : convolutions.subList(1, convolutions.size())) {
            setIdentity(net.getLayer(conv.index()).getParam("W"));
        }
        return convolutions.size() - 1;
    }

    /** Weights {@code [out, in, kh, kw]}: the first {@code min(in, out)} filters become identities. */
    static void setIdentity(INDArray weights) {
        long[] s = weights.shape();
        int out = (int) s[0], in = (int) s[1], kh = (int) s[2], kw = (int) s[3];
        int perFilter = in * kh * kw;
        // Whole-array assignment, as in Whitening (a view of one filter had no buffer in ND4J M2.1).
        float[] w = weights.dup('c').data().asFloat();
        for (int o = 0; o < Math.min(in, out); o++) {
            Arrays.fill(w, o * perFilter, (o + 1) * perFilter, 0f);
            w[o * perFilter + (o * kh + kh / 2) * kw + kw / 2] = 1f;
        }
        weights.assign(Nd4j.create(w, s, 'c').castTo(weights.dataType()));
    }
}
