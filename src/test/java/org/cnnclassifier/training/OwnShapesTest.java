package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import org.cnnclassifier.data.DataSources;
import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.evaluation.ClassifierEvaluation;
import org.cnnclassifier.explain.ChannelsAndActivations;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.inference.FolderClassifierTest;
import org.cnnclassifier.inference.ImageClassification;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.network.Nd4jSetup;

/**
 * Models of other input shapes than CIFAR-10's, end to end: the shape asked for at training (size, channels),
 * recorded in model.json, and read back by evaluation, Classify Image, Classify Folder and Show Channels and
 * Activations. Data: the committed MNIST subset (28x28 grayscale) and synthetic 4-channel stacks.
 */
class OwnShapesTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    static TrainingOptions.Builder options(Path data, Path model, int epochs) {
        return TrainingOptions.builder()
                .data(data)
                .model(model)
                .architecture(Architecture.SEED)
                .epochs(epochs)
                .batch(16)
                .rate(2e-3)
                .seed(3)
                .size("native")
                .channels("native");
    }

    @Test
    void mnistAtNativeShapeRecords28x28x1AndClassifiesHeldBackDigits() throws IOException {
        Path model = tmp.resolve("mnist.zip");
        TrainingOptions o = options(Fixtures.mnist("train"), model, 5).validation(Fixtures.mnist("test").toString())
                .build();
        Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
        ModelFile.LoadedModel m = ModelFile.load(model);
        assertEquals(List.of(28, 28, 1), List.of(m.metadata().inputWidth(), m.metadata().inputHeight(),
                m.metadata().inputChannels()));
        assertEquals("gray", m.metadata().channelOrder());
        assertEquals("native", m.metadata().training().get("size"));
        assertEquals(300, r.metadata().trainingImages());
        assertEquals(100, r.metadata().validationImages());
        // 10 classes: chance is 10%; 300 training digits get far above it.
        assertTrue(r.validation().accuracy() >= 0.6, "held-back accuracy " + r.validation().accuracy());

        // Evaluate Classifier reads the data at the model's shape and gives the same figures.
        ClassifierEvaluation.Report e = ClassifierEvaluation.run(model, Fixtures.mnist("test"),
                ProgressListener.SILENT);
        assertEquals(r.validation().accuracy(), e.result().accuracy(), 1e-9);

        // Classify Folder: the subfolders are the true classes; same accuracy again.
        Classifier c = ModelCache.get(model.toString());
        assertEquals(new InputShape(28, 28, 1, InputShape.GRAY), c.shape());
        FolderClassifier.Result f = FolderClassifier.run(new FolderClassifier.Options(Fixtures.mnist("test"), true,
                "", 1, null, 64, 2), c, ProgressListener.SILENT, FolderClassifierTest.NO_SINK);
        assertEquals(100, f.rows().size());
        assertEquals(r.validation().accuracy(), f.accuracy(), 1e-9);

        // Classify Image on one digit: the same probabilities as the network on the evaluation bytes.
        Path digit = Fixtures.mnist("test").resolve("7").resolve(firstFile(Fixtures.mnist("test").resolve("7")));
        ImagePlus imp = IJ.openImage(digit.toString());
        var ranked = ImageClassification.classify(imp, false, null, c, 10).get(0).ranked();
        LabeledImages test = DataSources.evaluation(Fixtures.mnist("test"), c.shape(), ProgressListener.SILENT)
                .images();
        float[] expected = c.probabilities(new byte[][] {test.image(70)})[0];
        for (Classifier.Ranked k : ranked) {
            assertEquals(expected[k.classIndex()], k.probability(), 1e-6, k.className());
        }
        // An RGB image is converted to gray for a gray model; a 2-channel image is refused, saying what is needed.
        ImagePlus rgb = new ImagePlus("rgb", imp.getProcessor().convertToRGB());
        var fromRgb = ImageClassification.classify(rgb, false, null, c, 10).get(0).ranked();
        assertEquals(ranked.get(0).className(), fromRgb.get(0).className());
        ImagePlus two = twoChannels(imp);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ImageClassification.classify(two, false, null, c, 3));
        assertTrue(bad.getMessage().contains("needs 28x28 grayscale images (28x28x1)")
                && bad.getMessage().contains("has 2 channels"), bad.getMessage());

        // Activations at the model's shape: conv1 of seed on 28x28 gives 26x26 maps.
        List<ImagePlus> shown = ChannelsAndActivations.build(imp, c, "conv1", false);
        assertEquals(26, shown.get(1).getWidth());
        assertEquals(32, shown.get(1).getNChannels());
    }

    private static String firstFile(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }

    private static ImagePlus twoChannels(ImagePlus imp) {
        ImageStack st = new ImageStack(imp.getWidth(), imp.getHeight());
        st.addSlice(imp.getProcessor().convertToByte(false));
        st.addSlice(imp.getProcessor().convertToByte(false));
        ImagePlus two = new ImagePlus("two", st);
        two.setDimensions(2, 1, 1);
        return new ij.CompositeImage(two, ij.CompositeImage.COMPOSITE);
    }

    /**
     * {@code n} images per class of 4 channels, 16x16 8-bit, whose class shows only in channel 4 (its mean);
     * channels 1-3 are the same noise for every class. Even files are hyperstacks, odd ones plain multi-page TIFFs.
     */
    static Path fourChannelFolders(Path dir, int n, long seed) throws IOException {
        Random r = new Random(seed);
        for (int k = 0; k < 2; k++) {
            Path d = Files.createDirectories(dir.resolve("class" + k));
            for (int i = 0; i < n; i++) {
                ImageStack st = new ImageStack(16, 16);
                for (int c = 0; c < 4; c++) {
                    ByteProcessor bp = new ByteProcessor(16, 16);
                    for (int p = 0; p < 256; p++) {
                        bp.set(p, c < 3 ? r.nextInt(256) : (k == 0 ? 60 : 140) + r.nextInt(61) - 30);
                    }
                    st.addSlice(bp);
                }
                ImagePlus imp = new ImagePlus("x", st);
                if (i % 2 == 0) {
                    imp.setDimensions(4, 1, 1);
                }
                new FileSaver(imp).saveAsTiffStack(d.resolve(String.format("%03d.tif", i)).toString());
            }
        }
        return dir;
    }

    @Test
    void fourChannelImagesGiveAFourChannelModelThatRefusesRgb() throws IOException {
        Path data = fourChannelFolders(tmp.resolve("four"), 40, 5);
        Path model = tmp.resolve("four.zip");
        TrainingOptions o = options(data, model, 4).validation("0.25").build();
        Trainer.Result r = Trainer.train(o, ProgressListener.SILENT, null);
        ModelMetadata meta = ModelFile.load(model).metadata();
        assertArrayEquals(new int[] {16, 16, 4}, new int[] {meta.inputWidth(), meta.inputHeight(), meta.inputChannels()});
        assertEquals("native", meta.channelOrder());
        assertTrue(r.validation().accuracy() >= 0.9, "validation accuracy " + r.validation().accuracy());

        Classifier c = ModelCache.get(model.toString());
        ImagePlus stack = IJ.openImage(data.resolve("class1").resolve("001.tif").toString());
        assertEquals("class1", ImageClassification.classify(stack, false, null, c, 1).get(0).ranked().get(0)
                .className());
        ImagePlus rgb = new ImagePlus("rgb", new ColorProcessor(16, 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageClassification.classify(rgb, false, null, c, 1));
        assertTrue(e.getMessage().contains("needs 16x16 4-channel images (16x16x4)")
                && e.getMessage().contains("has 3 channels (RGB)"), e.getMessage());

        // Classify Folder: the 4-channel file is classified, the RGB one listed with what the model needs.
        Path mixed = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(data.resolve("class0").resolve("000.tif"), mixed.resolve("a.tif"));
        new FileSaver(rgb).saveAsPng(mixed.resolve("b.png").toString());
        FolderClassifier.Result f = FolderClassifier.run(new FolderClassifier.Options(mixed, false, "", 1, null, 8,
                1), c, ProgressListener.SILENT, FolderClassifierTest.NO_SINK);
        assertEquals(List.of("a.tif"), f.rows().stream().map(FolderClassifier.Row::file).toList());
        assertEquals(1, f.failures().size());
        assertTrue(f.failures().get(0).reason().contains("needs 16x16 4-channel images"), f.failures().toString());
    }

    @Test
    void nativeSizeNeedsImagesOfOneSize() throws IOException {
        Path data = tmp.resolve("mixed");
        for (String k : List.of("a", "b")) {
            Files.createDirectories(data.resolve(k));
        }
        new FileSaver(new ImagePlus("a", new ByteProcessor(20, 20))).saveAsPng(data.resolve("a/1.png").toString());
        new FileSaver(new ImagePlus("b", new ByteProcessor(24, 20))).saveAsPng(data.resolve("b/1.png").toString());
        IOException e = assertThrows(IOException.class, () -> Trainer.train(options(data, null, 1).build(),
                ProgressListener.SILENT, null));
        assertTrue(e.getMessage().startsWith("size=native needs images of one size, but ")
                && e.getMessage().contains("is 20x20 and ") && e.getMessage().contains("is 24x20"), e.getMessage());
        // With a size given, both are resized.
        TrainingOptions o = options(data, null, 1).size("18x16").validation("").build();
        assertEquals(new InputShape(18, 16, 1, InputShape.GRAY), Trainer.load(o, ProgressListener.SILENT).training()
                .shape());
    }

    @Test
    void sizeAndChannelsAreChecked() {
        TrainingOptions big = options(Path.of("x"), null, 1).size("big").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, big::validate);
        assertEquals("'big' is not valid for 'size': give native or WIDTHxHEIGHT in pixels, such as 32x32.",
                e.getMessage());
        TrainingOptions tooWide = options(Path.of("x"), null, 1).size("300x32").build();
        e = assertThrows(IllegalArgumentException.class, tooWide::validate);
        assertTrue(e.getMessage().startsWith("The networks take images from 16x16 to 256x256 pixels; the input would "
                + "be 300x32."), e.getMessage());
        assertEquals(new InputShape(40, 30, 3, "rgb"), InputShape.request("40x30", "rgb"));
        assertEquals(InputShape.CIFAR, TrainingOptions.builder().build().inputShape());
    }
}
