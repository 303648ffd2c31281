package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.LutLoader;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.LUT;

import org.cnnclassifier.explain.Explanation;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.TinyModels;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/**
 * Explain Classification through its function: the composite's channels are the image's own, its last
 * channel the map with ImageJ's Fire LUT; bad input is one message naming what is wrong and the valid
 * choices; Classify Image's {@code explain} and Classify Folder's {@code maps} (one PNG per file, the
 * same rows as without maps, each pixel the blend of the image and the Fire colour of the map).
 */
class ExplainClassificationTest {
    @TempDir
    Path tmp;

    static Values values(Spec spec, Map<String, String> raw) {
        return spec.parse(raw, Spec.Source.DEFAULTS, Key.Scope.BOTH);
    }

    static ImagePlus colored(int w, int h, Color c, long seed) {
        Random rnd = new Random(seed);
        ColorProcessor cp = new ColorProcessor(w, h);
        for (int i = 0; i < w * h; i++) {
            int r = Math.min(255, c.getRed() + rnd.nextInt(40)), g = Math.min(255, c.getGreen() + rnd.nextInt(40));
            cp.set(i, r << 16 | g << 8 | Math.min(255, c.getBlue() + rnd.nextInt(40)));
        }
        return new ImagePlus("img", cp);
    }

    @Test
    void compositeHoldsTheImagesChannelsAndTheMapInFire() throws IOException {
        String model = TinyModels.colorModel().toString();
        ImagePlus imp = colored(40, 30, new Color(30, 200, 30), 1);
        ExplainClassification.Made made = ExplainClassification.build(imp, values(ExplainClassification.SPEC,
                Map.of("model", model, "map", "true")));
        ImagePlus e = made.explained();
        assertEquals("img-explained", e.getTitle());
        assertTrue(e instanceof CompositeImage c && c.getMode() == CompositeImage.COMPOSITE);
        assertEquals(4, e.getNChannels());
        assertEquals(40, e.getWidth());
        ColorProcessor cp = (ColorProcessor) imp.getProcessor();
        for (int c = 1; c <= 3; c++) {
            byte[] own = (byte[]) cp.getChannel(c, null).getPixels();
            float[] got = (float[]) e.getStack().getPixels(c);
            for (int i = 0; i < own.length; i++) {
                assertEquals(own[i] & 0xFF, got[i], 0f);
            }
        }
        LUT fire = new LUT(LutLoader.getLut("fire"), 0, 255);
        byte[] want = new byte[768], have = new byte[768];
        fire.getReds(want);
        ((CompositeImage) e).getChannelLut(4).getReds(have);
        assertArrayEquals(want, have);
        float max = 0;
        for (float v : (float[]) e.getStack().getPixels(4)) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max, 1e-6f);
        assertTrue(e.getStack().getSliceLabel(4).startsWith("Grad-CAM green, "), e.getStack().getSliceLabel(4));
        assertEquals("img-map", made.map().getTitle());
        assertEquals(1, made.lines().size());
    }

    @Test
    void aStackIsExplainedSliceBySlice() throws IOException {
        String model = TinyModels.colorModel().toString();
        ImageStack stack = new ImageStack(32, 32);
        Color[] colors = {new Color(220, 20, 20), new Color(20, 20, 220), new Color(20, 220, 20)};
        for (int s = 0; s < 3; s++) {
            stack.addSlice(colored(32, 32, colors[s], s).getProcessor());
        }
        ImagePlus imp = new ImagePlus("stack", stack);
        ExplainClassification.Made made = ExplainClassification.build(imp, values(ExplainClassification.SPEC,
                Map.of("model", model, "method", "occlusion")));
        assertEquals(4, made.explained().getNChannels());
        assertEquals(3, made.explained().getNSlices());
        String[] expected = {"red", "blue", "green"};
        for (int s = 0; s < 3; s++) {
            String label = made.explained().getStack().getSliceLabel(4 * s + 4);
            assertTrue(label.startsWith("occlusion " + expected[s] + ", "), label);
        }
    }

    @Test
    void badInputIsOneMessageNamingTheChoices() throws IOException {
        String model = TinyModels.colorModel().toString();
        ImagePlus imp = colored(32, 32, Color.red, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExplainClassification.build(
                imp, values(ExplainClassification.SPEC, Map.of("model", model, "layer", "pool1"))));
        assertTrue(e.getMessage().contains("'pool1' is not a convolution layer") && e.getMessage().contains(
                "conv1, conv2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExplainClassification.build(imp, values(
                ExplainClassification.SPEC, Map.of("model", model, "class", "purple"))));
        assertTrue(e.getMessage().contains("no class 'purple'") && e.getMessage().contains("red, green, blue"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> values(ExplainClassification.SPEC, Map.of("method",
                "lime")));
        assertTrue(e.getMessage().contains("gradcam, occlusion"), e.getMessage());
        ImagePlus twoChannels = IJ.createImage("two", "8-bit black", 32, 32, 2, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> ExplainClassification.build(twoChannels, values(
                ExplainClassification.SPEC, Map.of("model", model))));
        assertTrue(e.getMessage().contains("has 2 channels"), e.getMessage());
        // A model without convolution layers cannot take an image in this plugin: the loader refuses it, in one
        // message (Grad-CAM's own message for such a network is checked in GradCamTest).
        MultiLayerNetwork dense = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().name("dense1").nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder().name("output").nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3)).build());
        dense.init();
        String denseModel = TinyModels.save(dense, TinyModels.COLORS, "dense", tmp.resolve("dense.zip")).toString();
        IOException io = assertThrows(IOException.class, () -> ExplainClassification.build(imp, values(
                ExplainClassification.SPEC, Map.of("model", denseModel))));
        assertTrue(io.getMessage().contains(denseModel), io.getMessage());
    }

    @Test
    void classifyImageExplainsItsTopClassWhenAsked() throws IOException {
        String model = TinyModels.colorModel().toString();
        ImagePlus imp = colored(32, 32, new Color(20, 20, 220), 3);
        assertNull(ClassifyImage.explained(imp, values(ClassifyImage.SPEC, Map.of("model", model))));
        ImagePlus e = ClassifyImage.explained(imp, values(ClassifyImage.SPEC, Map.of("model", model, "explain",
                "true")));
        assertNotNull(e);
        assertEquals("img-explained", e.getTitle());
        assertTrue(e.getStack().getSliceLabel(4).startsWith("Grad-CAM blue, "), e.getStack().getSliceLabel(4));
    }

    @Test
    void classifyFolderWritesOneOverlayPerFile() throws IOException {
        String model = TinyModels.colorModel().toString();
        Path in = Files.createDirectories(tmp.resolve("in/sub"));
        Color[] colors = {new Color(220, 20, 20), new Color(20, 220, 20), new Color(20, 20, 220), Color.gray};
        String[] files = {"a.png", "b.png", "c.jpg", "sub/d.png"};
        for (int i = 0; i < files.length; i++) {
            ij.io.FileSaver saver = new ij.io.FileSaver(colored(32, 32, colors[i], i));
            String path = tmp.resolve("in").resolve(files[i]).toString();
            assertTrue(files[i].endsWith(".jpg") ? saver.saveAsJpeg(path) : saver.saveAsPng(path));
        }
        Path maps = Files.createDirectory(tmp.resolve("maps"));
        Map<String, String> raw = new HashMap<>(Map.of("input", tmp.resolve("in").toString(), "model", model,
                "recursive", "true", "top", "3"));
        FolderClassifier.Result plain = ClassifyFolder.run(values(ClassifyFolder.SPEC, raw), ProgressListener.SILENT,
                new ClassifyFolder.Tables(new ij.measure.ResultsTable(), new ij.measure.ResultsTable()), false);
        raw.put("maps", maps.toString());
        FolderClassifier.Result withMaps = ClassifyFolder.run(values(ClassifyFolder.SPEC, raw),
                ProgressListener.SILENT, new ClassifyFolder.Tables(new ij.measure.ResultsTable(),
                        new ij.measure.ResultsTable()), false);
        assertEquals(plain.rows().size(), withMaps.rows().size());
        for (int i = 0; i < plain.rows().size(); i++) {
            for (int r = 0; r < 3; r++) {
                assertEquals(plain.rows().get(i).ranked().get(r).className(), withMaps.rows().get(i).ranked().get(r)
                        .className());
                assertEquals(plain.rows().get(i).ranked().get(r).probability(), withMaps.rows().get(i).ranked().get(r)
                        .probability(), 1e-5);
            }
        }
        try (var s = Files.walk(maps)) {
            assertEquals(4, s.filter(p -> p.toString().endsWith(".png")).count());
        }
        LUT fire = new LUT(LutLoader.getLut("fire"), 0, 255);
        for (String f : files) {
            Path png = maps.resolve(f.replaceAll("\\.(png|jpg)$", ".png"));
            ImagePlus overlay = IJ.openImage(png.toString());
            assertNotNull(overlay, png.toString());
            assertEquals(32, overlay.getWidth());
            // The same explanation through Explain Classification's path, blended by hand.
            ImagePlus source = IJ.openImage(tmp.resolve("in").resolve(f).toString());
            Explanation.Result r = Explanation.explain(source, org.cnnclassifier.inference.ModelCache.get(model),
                    Explanation.Options.gradCam(), true);
            float[] map = r.units().get(0).map();
            float max = 0;
            for (float v : map) {
                max = Math.max(max, v);
            }
            int[] img = (int[]) source.getProcessor().convertToRGB().getPixels();
            int[] got = (int[]) overlay.getProcessor().convertToRGB().getPixels();
            for (int i = 0; i < img.length; i++) {
                int heat = fire.getRGB(max > 0 ? Math.round(255 * map[i] / max) : 0);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int want = ((img[i] >> shift & 0xFF) + (heat >> shift & 0xFF) + 1) / 2;
                    assertEquals(want, got[i] >> shift & 0xFF, 1, f + " pixel " + i);
                }
            }
        }
    }
}
