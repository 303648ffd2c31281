package org.cnnclassifier.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.cnnclassifier.testing.TinyModels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ModelCache;

/** Channel hyperstacks, and layer activations checked against DL4J's own feedForward. */
class ChannelsAndActivationsTest {
    static Classifier model;

    @BeforeAll
    static void load() throws IOException {
        model = ModelCache.get(TinyModels.colorModel().toString());
    }

    /** A 32x32 RGB image holding exactly {@code planes} (no resize happens on the way to the network). */
    static ImagePlus rgb(byte[] planes, String title) {
        ColorProcessor cp = new ColorProcessor(32, 32);
        byte[] r = new byte[1024], g = new byte[1024], b = new byte[1024];
        System.arraycopy(planes, 0, r, 0, 1024);
        System.arraycopy(planes, 1024, g, 0, 1024);
        System.arraycopy(planes, 2048, b, 0, 1024);
        cp.setRGB(r, g, b);
        return new ImagePlus(title, cp);
    }

    static void assertLutColor(LUT lut, int r, int g, int b) {
        int top = lut.getRGB(255);
        assertEquals(r, (top >> 16) & 0xff);
        assertEquals(g, (top >> 8) & 0xff);
        assertEquals(b, top & 0xff);
        assertEquals(0, lut.getRGB(0) & 0xffffff);
    }

    @Test
    void rgbChannelsAsCompositeHyperstack() {
        ColorProcessor cp = new ColorProcessor(7, 5);
        Random rnd = new Random(1);
        for (int i = 0; i < 35; i++) {
            cp.set(i, rnd.nextInt(1 << 24));
        }
        ImagePlus imp = new ImagePlus("photo.jpg", cp);
        imp.getCalibration().pixelWidth = 0.5;
        List<ImagePlus> out = ChannelsAndActivations.build(imp, null, "all", false);
        assertEquals(1, out.size());
        ImagePlus ch = out.get(0);
        assertEquals("photo-channels", ch.getTitle());
        assertTrue(ch.isComposite());
        assertEquals(CompositeImage.COMPOSITE, ((CompositeImage) ch).getMode());
        assertEquals(3, ch.getNChannels());
        assertEquals(1, ch.getNSlices());
        assertEquals(0.5, ch.getCalibration().pixelWidth);
        CompositeImage comp = (CompositeImage) ch;
        assertLutColor(comp.getChannelLut(1), 255, 0, 0);
        assertLutColor(comp.getChannelLut(2), 0, 255, 0);
        assertLutColor(comp.getChannelLut(3), 0, 0, 255);
        ImageStack s = ch.getStack();
        assertEquals(List.of("R", "G", "B"), List.of(s.getSliceLabel(1), s.getSliceLabel(2), s.getSliceLabel(3)));
        for (int i = 0; i < 35; i++) {
            int c = cp.get(i);
            assertEquals((c >> 16) & 0xff, s.getProcessor(1).get(i));
            assertEquals((c >> 8) & 0xff, s.getProcessor(2).get(i));
            assertEquals(c & 0xff, s.getProcessor(3).get(i));
        }
    }

    @Test
    void multiChannelImageShowsChannelsOfCurrentPosition() {
        ImageStack stack = new ImageStack(4, 3);
        // 2 channels x 3 z-slices; pixel value encodes (c, z).
        for (int z = 1; z <= 3; z++) {
            for (int c = 1; c <= 2; c++) {
                ByteProcessor bp = new ByteProcessor(4, 3);
                bp.setValue(10 * c + z);
                bp.fill();
                stack.addSlice(null, bp);
            }
        }
        ImagePlus imp = new ImagePlus("cells", stack);
        imp.setDimensions(2, 3, 1);
        CompositeImage comp = new CompositeImage(imp, CompositeImage.COMPOSITE);
        comp.setChannelLut(LUT.createLutFromColor(Color.magenta), 1);
        comp.setChannelLut(LUT.createLutFromColor(Color.cyan), 2);
        comp.setPosition(1, 2, 1);
        ImagePlus ch = ChannelsAndActivations.build(comp, null, "", false).get(0);
        assertEquals("cells-channels", ch.getTitle());
        assertEquals(2, ch.getNChannels());
        assertEquals(1, ch.getNSlices());
        assertEquals(12, ch.getStack().getProcessor(1).get(0));
        assertEquals(22, ch.getStack().getProcessor(2).get(0));
        assertEquals(List.of("C1", "C2"), List.of(ch.getStack().getSliceLabel(1), ch.getStack().getSliceLabel(2)));
        assertLutColor(((CompositeImage) ch).getChannelLut(1), 255, 0, 255);
        assertLutColor(((CompositeImage) ch).getChannelLut(2), 0, 255, 255);
    }

    @Test
    void grayscaleImageGivesOneChannel() {
        ByteProcessor bp = new ByteProcessor(5, 4);
        bp.set(2, 3, 77);
        ImagePlus ch = ChannelsAndActivations.build(new ImagePlus("gray.tif", bp), null, "all", false).get(0);
        assertEquals("gray-channels", ch.getTitle());
        assertEquals(1, ch.getNChannels());
        assertEquals(77, ch.getProcessor().get(2, 3));
    }

    @Test
    void activationsEqualDl4jFeedForward() {
        byte[] planes = new byte[3072];
        new Random(42).nextBytes(planes);
        ImagePlus imp = rgb(planes, "noise.png");
        List<ImagePlus> out = ChannelsAndActivations.build(imp, model, "all", true);
        MultiLayerNetwork net = model.network();
        // Oracle: DL4J's own feedForward on the input NetworkInput builds from the same bytes.
        List<INDArray> ff = net.feedForward(NetworkInput.toFeatures(new byte[][] {planes}, 3, 32, 32), false);
        String[] layers = {"conv1", "pool1", "conv2", "pool2"};
        int[] index = {0, 1, 2, 3};
        int[] filters = {8, 8, 16, 16};
        int[] size = {30, 15, 13, 6};
        // channels, then per layer hyperstack + montage, then Kernels.
        assertEquals(1 + 2 * layers.length + 1, out.size());
        for (int l = 0; l < layers.length; l++) {
            ImagePlus act = out.get(1 + 2 * l);
            INDArray expected = ff.get(index[l] + 1);
            assertEquals("noise-" + layers[l], act.getTitle());
            assertEquals(filters[l], act.getNChannels());
            assertEquals(size[l], act.getWidth());
            assertEquals(size[l], act.getHeight());
            assertEquals(32, act.getBitDepth());
            assertTrue(act.isComposite());
            assertEquals(CompositeImage.GRAYSCALE, ((CompositeImage) act).getMode());
            ImagePlus montage = out.get(2 + 2 * l);
            assertEquals("noise-" + layers[l] + "-montage", montage.getTitle());
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (int c = 0; c < filters[l]; c++) {
                ImageProcessor ip = act.getStack().getProcessor(c + 1);
                assertEquals(layers[l] + ":" + c, act.getStack().getSliceLabel(c + 1));
                // Montage tiles: 8 per row, each map pixel a scale x scale block, white gaps between.
                Hyperstacks.MontageGrid g = Hyperstacks.MontageGrid.of(size[l], size[l], filters[l]);
                assertTrue(g.tileWidth() >= Hyperstacks.MONTAGE_TILE && g.tileWidth() < Hyperstacks.MONTAGE_TILE
                        + size[l]);
                int tx = g.tileX(c), ty = g.tileY(c);
                int gap = Hyperstacks.MONTAGE_GAP;
                assertEquals(gap + (c % 8) * (g.tileWidth() + gap), tx);
                assertEquals(gap + (c / 8) * (Hyperstacks.MONTAGE_LABEL + g.tileHeight() + gap)
                        + Hyperstacks.MONTAGE_LABEL, ty);
                for (int y = 0; y < size[l]; y++) {
                    for (int x = 0; x < size[l]; x++) {
                        float e = expected.getFloat(0, c, y, x);
                        assertEquals(e, ip.getf(x, y), 1e-6f, layers[l] + " filter " + c + " at " + x + "," + y);
                        min = Math.min(min, e);
                        max = Math.max(max, e);
                    }
                }
                for (int y = 0; y < size[l]; y += 3) {
                    for (int x = 0; x < size[l]; x += 2) {
                        assertEquals(expected.getFloat(0, c, y, x), montage.getProcessor().getf(
                                tx + x * g.scale() + g.scale() - 1, ty + y * g.scale()), 1e-6f);
                    }
                }
            }
            assertEquals(min, montage.getProcessor().getMin(), 1e-6);
            assertEquals(max, montage.getProcessor().getMax(), 1e-6);
            // The gap left of each tile is white (the range's maximum); the label strip holds black text.
            Hyperstacks.MontageGrid g = Hyperstacks.MontageGrid.of(size[l], size[l], filters[l]);
            assertEquals(g.width(), montage.getWidth());
            assertEquals(g.height(), montage.getHeight());
            assertEquals(max, montage.getProcessor().getf(g.tileX(1) - 1, g.tileY(1) + 2), 1e-6f);
            boolean ink = false;
            for (int x = g.tileX(0); x < g.tileX(0) + g.tileWidth(); x++) {
                for (int y = g.tileY(0) - Hyperstacks.MONTAGE_LABEL; y < g.tileY(0); y++) {
                    ink |= montage.getProcessor().getf(x, y) == min;
                }
            }
            assertTrue(ink, "label text in the strip above tile 0 of " + layers[l]);
        }
        // Kernels: tile f, cell (ky, kx) shows W[f][R/G/B][ky][kx] with 0 at 128 and max |w| at 0 or 255.
        ImagePlus kernels = out.get(out.size() - 1);
        assertEquals("Kernels", kernels.getTitle());
        INDArray w = net.getLayer(0).getParam("W");
        float maxAbs = w.amaxNumber().floatValue();
        ColorProcessor kp = (ColorProcessor) kernels.getProcessor();
        int tile = 3 * Hyperstacks.KERNEL_CELL + Hyperstacks.KERNEL_GAP;
        for (int f = 0; f < 8; f++) {
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    int px = kp.get(Hyperstacks.KERNEL_GAP + (f % 8) * tile + kx * Hyperstacks.KERNEL_CELL + 3,
                            Hyperstacks.KERNEL_GAP + (f / 8) * tile + ky * Hyperstacks.KERNEL_CELL + 3);
                    for (int ch = 0; ch < 3; ch++) {
                        int expectedByte = Math.round(128 + 127 * w.getFloat(f, ch, ky, kx) / maxAbs);
                        assertEquals(expectedByte, (px >> (16 - 8 * ch)) & 0xff, 1);
                    }
                }
            }
        }
    }

    @Test
    void layerSelectionAndUnknownLayer() {
        byte[] planes = new byte[3072];
        new Random(5).nextBytes(planes);
        ImagePlus imp = rgb(planes, "x");
        List<ImagePlus> out = ChannelsAndActivations.build(imp, model, "pool2, conv1", false);
        assertEquals(List.of("x-channels", "x-conv1", "x-pool2", "Kernels"), out.stream().map(ImagePlus::getTitle).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelsAndActivations.build(imp, model, "conv9", false));
        assertTrue(e.getMessage().contains("conv9") && e.getMessage().contains("conv1, pool1, conv2, pool2"), e.getMessage());
    }

    @Test
    void tinyImageIsRejected() {
        ImagePlus imp = new ImagePlus("dot", new ColorProcessor(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelsAndActivations.build(imp, model, "all", false));
        assertTrue(e.getMessage().contains("1x1"));
    }
}
