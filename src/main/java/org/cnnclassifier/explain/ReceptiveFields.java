package org.cnnclassifier.explain;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Where a layer's cells sit on the network's input: cell {@code j} of a layer's map is centred on input
 * pixel {@code offset + j * step} (pixel centres at whole numbers), through the chain of convolutions
 * and poolings up to it, each with its kernel, stride, dilation and padding ({@code valid} convolutions
 * shift the map inwards by half a kernel, {@code same} ones pad by DL4J's rule, strides and pooling
 * spread the cells). A map is brought back onto an image by interpolating over these centres, not by
 * stretching it edge to edge; outside the outermost centres the nearest cell's value holds.
 */
public record ReceptiveFields(double offsetX, double stepX, double offsetY, double stepY) {

    /**
     * The centres of layer {@code layer}'s cells for an input of {@code width x height} pixels.
     */
    public static ReceptiveFields of(MultiLayerNetwork net, int layer, int width, int height) {
        double ox = 0, sx = 1, oy = 0, sy = 1;
        int w = width, h = height;
        for (int i = 0; i <= layer; i++) {
            Layer l = net.getLayerWiseConfigurations().getConf(i).getLayer();
            int[] k, s, p, d;
            ConvolutionMode mode;
            if (l instanceof ConvolutionLayer c) {
                k = c.getKernelSize();
                s = c.getStride();
                p = c.getPadding();
                d = c.getDilation();
                mode = c.getConvolutionMode();
            } else if (l instanceof SubsamplingLayer c) {
                k = c.getKernelSize();
                s = c.getStride();
                p = c.getPadding();
                d = c.getDilation();
                mode = c.getConvolutionMode();
            } else {
                continue;
            }
            int[] dil = d != null ? d : new int[] {1, 1};
            int[] pad = p != null ? p : new int[] {0, 0};
            int ekh = (k[0] - 1) * dil[0] + 1, ekw = (k[1] - 1) * dil[1] + 1;
            int outH, outW, padTop, padLeft;
            if (mode == ConvolutionMode.Same) {
                outH = (h + s[0] - 1) / s[0];
                outW = (w + s[1] - 1) / s[1];
                // DL4J's top-left padding for 'same': half the total, rounded down.
                padTop = Math.max(0, ((outH - 1) * s[0] + ekh - h) / 2);
                padLeft = Math.max(0, ((outW - 1) * s[1] + ekw - w) / 2);
            } else {
                padTop = pad[0];
                padLeft = pad[1];
                outH = (h + 2 * pad[0] - ekh) / s[0] + 1;
                outW = (w + 2 * pad[1] - ekw) / s[1] + 1;
            }
            oy += sy * ((ekh - 1) / 2.0 - padTop);
            ox += sx * ((ekw - 1) / 2.0 - padLeft);
            sy *= s[0];
            sx *= s[1];
            h = outH;
            w = outW;
        }
        return new ReceptiveFields(ox, sx, oy, sy);
    }

    /**
     * A map of {@code cw x ch} cells ({@code cells[y * cw + x]}) on an image of {@code width x height} pixels
     * that the network read resized to {@code inputWidth x inputHeight}: each image pixel's centre is taken
     * to the input's coordinates, then to cell coordinates, and the cells are interpolated bilinearly
     * (clamped: nearest cell outside the centres).
     */
    public float[] toImage(float[] cells, int cw, int ch, int inputWidth, int inputHeight, int width, int height) {
        float[] out = new float[width * height];
        double[] fx = new double[width];
        int[] x0 = new int[width];
        for (int x = 0; x < width; x++) {
            double in = (x + 0.5) * inputWidth / width - 0.5;
            double u = clamp((in - offsetX) / stepX, cw - 1);
            x0[x] = Math.min((int) Math.floor(u), Math.max(0, cw - 2));
            fx[x] = u - x0[x];
        }
        for (int y = 0; y < height; y++) {
            double in = (y + 0.5) * inputHeight / height - 0.5;
            double v = clamp((in - offsetY) / stepY, ch - 1);
            int y0 = Math.min((int) Math.floor(v), Math.max(0, ch - 2));
            double fy = v - y0;
            int y1 = Math.min(y0 + 1, ch - 1);
            for (int x = 0; x < width; x++) {
                int x1 = Math.min(x0[x] + 1, cw - 1);
                double top = cells[y0 * cw + x0[x]] * (1 - fx[x]) + cells[y0 * cw + x1] * fx[x];
                double bottom = cells[y1 * cw + x0[x]] * (1 - fx[x]) + cells[y1 * cw + x1] * fx[x];
                out[y * width + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
