package org.cnnclassifier.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.cnnclassifier.command.ApplyConvolutionKernelCommand;
import org.cnnclassifier.command.ClassifyFolderCommand;
import org.cnnclassifier.command.ClassifyImageCommand;
import org.cnnclassifier.command.EvaluateClassifierCommand;
import org.cnnclassifier.command.ExplainClassificationCommand;
import org.cnnclassifier.command.ImportKerasModelCommand;
import org.cnnclassifier.command.OpenCifarSamplesCommand;
import org.cnnclassifier.command.ShowChannelsAndActivationsCommand;
import org.cnnclassifier.command.TrainClassifierCommand;
import org.cnnclassifier.data.TestData;
import org.cnnclassifier.function.ApplyConvolutionKernel;
import org.cnnclassifier.function.ClassifyFolder;
import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.EvaluateClassifier;
import org.cnnclassifier.function.ExplainClassification;
import org.cnnclassifier.function.ImportKerasModel;
import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.OpenCifarSamples;
import org.cnnclassifier.function.ShowChannelsAndActivations;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.TrainClassifier;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.command.CommandModule;
import org.scijava.plugin.Parameter;
import org.cnnclassifier.modelfile.ModelFile;

/**
 * Each function through its two hosts: the PlugIn called as a macro calls it (options on a
 * "Run$_" thread, batch mode), and the SciJava command through CommandService, with the same
 * values; the results must be the same. Also: each command declares exactly its spec's keys.
 */
class PluginCommandParityTest {
    static Context context;
    static CommandService commands;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        System.setProperty("java.awt.headless", "true");
        context = new Context();
        commands = context.service(CommandService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    @Test
    void everyCommandDeclaresExactlyItsSpecsKeys() {
        Map<Class<?>, Spec> pairs = Map.of(ApplyConvolutionKernelCommand.class, ApplyConvolutionKernel.SPEC,
                ShowChannelsAndActivationsCommand.class, ShowChannelsAndActivations.SPEC,
                OpenCifarSamplesCommand.class, OpenCifarSamples.SPEC, TrainClassifierCommand.class, TrainClassifier.SPEC,
                EvaluateClassifierCommand.class, EvaluateClassifier.SPEC, ClassifyImageCommand.class, ClassifyImage.SPEC,
                ClassifyFolderCommand.class, ClassifyFolder.SPEC, ImportKerasModelCommand.class, ImportKerasModel.SPEC,
                ExplainClassificationCommand.class, ExplainClassification.SPEC);
        pairs.forEach((type, spec) -> {
            Set<String> fields = new TreeSet<>();
            for (Field f : type.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                if (p != null && f.getType() == String.class && p.type() == org.scijava.ItemIO.INPUT) {
                    fields.add(f.getName().equals("className") ? "class" : f.getName()); // 'class' is a keyword
                }
            }
            assertEquals(new TreeSet<>(spec.keys(Key.Scope.SCRIPT).stream().map(Key::name).toList()), fields,
                    type.getSimpleName());
        });
    }

    /** Runs a PlugIn as {@code run(title, options)} in a batch-mode macro would; returns the images it showed. */
    static List<ImagePlus> runPlugin(PlugIn plugin, String options, ImagePlus current) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                plugin.run("");
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "Run$_parity");
        Macro.setOptions(t, options);
        if (current != null) {
            WindowManager.setTempCurrentImage(t, current);
        }
        boolean batch = Interpreter.batchMode;
        Interpreter.batchMode = true; // shown images are kept as a batch-mode macro's are
        List<ImagePlus> shown = new ArrayList<>();
        try {
            int before = Interpreter.getBatchModeImageCount();
            t.start();
            t.join();
            int[] ids = Interpreter.getBatchModeImageIDs();
            for (int i = before; i < ids.length; i++) {
                shown.add(Interpreter.getBatchModeImage(ids[i]));
            }
        } finally {
            Interpreter.batchMode = batch;
            Macro.setOptions(t, null);
        }
        assertFalse(failure[0] != null, () -> "PlugIn failed: " + failure[0]);
        return shown;
    }

    static CommandModule runCommand(Class<? extends org.scijava.command.Command> type, Map<String, Object> inputs)
            throws Exception {
        CommandModule m = commands.run(type, true, inputs).get();
        assertFalse(m.isCanceled(), m.getCancelReason());
        return m;
    }

    static void assertSamePixels(ImagePlus a, ImagePlus b) {
        assertEquals(a.getStackSize(), b.getStackSize());
        for (int s = 1; s <= a.getStackSize(); s++) {
            assertEquals(a.getStack().getSliceLabel(s), b.getStack().getSliceLabel(s));
            Object pa = a.getStack().getPixels(s), pb = b.getStack().getPixels(s);
            if (pa instanceof float[] fa) {
                assertArrayEquals(fa, (float[]) pb, 0f);
            } else if (pa instanceof byte[] ba) {
                assertArrayEquals(ba, (byte[]) pb);
            } else {
                assertArrayEquals((int[]) pa, (int[]) pb);
            }
        }
    }

    static ImagePlus ramp() {
        FloatProcessor fp = new FloatProcessor(23, 17);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 23; x++) {
                fp.setf(x, y, (x * 7 + y * y) % 13);
            }
        }
        return new ImagePlus("ramp", fp);
    }

    @Test
    void applyConvolutionKernel() throws Exception {
        String options = "kernels=[# Diag\n1 0\n0 -1] stride=2 padding=same edges=reflect channels=sum activation=relu";
        List<ImagePlus> shown = runPlugin(new ApplyConvolutionKernelPlugin(), options, ramp());
        assertEquals(1, shown.size());
        // In a macro the absent flag 'normalize' is off; a script says so with normalize=false.
        CommandModule m = runCommand(ApplyConvolutionKernelCommand.class, Map.of("imp", ramp(), "kernels",
                "# Diag\n1 0\n0 -1", "stride", 2, "padding", "same", "edges", "reflect", "normalize", false,
                "activation", "relu"));
        assertSamePixels((ImagePlus) m.getOutput("result"), shown.get(0));
        assertEquals(12, shown.get(0).getWidth());
    }

    @Test
    void showChannelsAndActivations() throws Exception {
        ColorProcessor cp = new ColorProcessor(40, 30);
        for (int i = 0; i < 40 * 30; i++) {
            cp.set(i, (i * 2654435761L & 0xffffff) > 0 ? (int) (i * 2654435761L & 0xffffff) : 0);
        }
        ImagePlus rgb = new ImagePlus("rgb", cp);
        Path model = TinyModels.colorModel();
        List<ImagePlus> shown = runPlugin(new ShowChannelsAndActivationsPlugin(),
                "activations model=[" + model + "] layers=conv1", rgb);
        Path out = Files.createDirectory(tmp.resolve("out"));
        Path file = tmp.resolve("rgb.tif");
        assertTrue(ij.IJ.saveAsTiff(rgb, file.toString()));
        runCommand(ShowChannelsAndActivationsCommand.class, Map.of("input", file.toString(), "activations", true,
                "model", model.toString(), "layers", "conv1", "output", out.toString()));
        assertEquals(3, shown.size());
        for (ImagePlus s : shown) {
            ImagePlus saved = ij.IJ.openImage(out.resolve(s.getTitle() + ".tif").toString());
            assertNotNull(saved, s.getTitle());
            assertSamePixels(saved, s);
        }
    }

    @Test
    void explainClassification() throws Exception {
        ColorProcessor cp = new ColorProcessor(40, 30);
        for (int i = 0; i < 40 * 30; i++) {
            cp.set(i, (int) (i * 2654435761L & 0xffffff));
        }
        ImagePlus rgb = new ImagePlus("rgb", cp);
        Path model = TinyModels.colorModel();
        Path file = tmp.resolve("rgb.tif");
        assertTrue(ij.IJ.saveAsTiff(rgb, file.toString()));
        for (String method : List.of("gradcam", "occlusion")) {
            List<ImagePlus> shown = runPlugin(new ExplainClassificationPlugin(), "model=[" + model + "] class=green "
                    + "layer=conv1 method=" + method + " patch=6 stride=3 map", rgb);
            assertEquals(2, shown.size());
            assertEquals("rgb-explained", shown.get(0).getTitle());
            assertEquals(4, shown.get(0).getNChannels(), "R, G, B and the map");
            Path out = tmp.resolve(method + ".tif");
            runCommand(ExplainClassificationCommand.class, Map.of("input", file.toString(), "model", model.toString(),
                    "className", "green", "layer", "conv1", "method", method, "patch", 6, "stride", 3, "output",
                    out.toString()));
            ImagePlus saved = ij.IJ.openImage(out.toString());
            assertNotNull(saved, method);
            assertSamePixels(saved, shown.get(0));
            assertTrue(shown.get(0).getStack().getSliceLabel(4).contains(" green, "), shown.get(0).getStack()
                    .getSliceLabel(4));
        }
    }

    @Test
    void badExplanationWritesNothing() throws Exception {
        Path file = tmp.resolve("rgb.tif");
        assertTrue(ij.IJ.saveAsTiff(new ImagePlus("rgb", new ColorProcessor(32, 32)), file.toString()));
        Path out = tmp.resolve("out.png");
        CommandModule m = commands.run(ExplainClassificationCommand.class, true, Map.of("input", file.toString(),
                "model", TinyModels.colorModel().toString(), "className", "purple", "output", out.toString())).get();
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("no class 'purple'"), m.getCancelReason());
        assertFalse(Files.exists(out));
    }

    @Test
    void openCifarSamples() throws Exception {
        Files.write(tmp.resolve("data_batch_1.bin"), TestData.records(60, 5));
        List<ImagePlus> shown = runPlugin(new OpenCifarSamplesPlugin(), "data=[" + tmp + "] seed=7", null);
        CommandModule m = runCommand(OpenCifarSamplesCommand.class, Map.of("data", tmp.toString(), "seed", 7));
        assertEquals(2, shown.size());
        assertSamePixels((ImagePlus) m.getOutput("stack"), shown.get(0));
        assertSamePixels((ImagePlus) m.getOutput("montage"), shown.get(1));
    }

    @Test
    void classifyFolderWritesTheSameCsv() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int c = 0; c < 3; c++) {
            ColorProcessor cp = new ColorProcessor(32, 32);
            cp.setColor(new java.awt.Color(c == 0 ? 220 : 20, c == 1 ? 220 : 20, c == 2 ? 220 : 20));
            cp.fill();
            assertTrue(new ij.io.FileSaver(new ImagePlus("c" + c, cp)).saveAsPng(in.resolve("c" + c + ".png").toString()));
        }
        Path model = TinyModels.colorModel();
        Path fromMacro = tmp.resolve("macro.csv"), fromScript = tmp.resolve("script.csv");
        runPlugin(new ClassifyFolderPlugin(), "input=[" + in + "] model=[" + model + "] output=[" + fromMacro + "] top=2",
                null);
        runCommand(ClassifyFolderCommand.class, Map.of("input", in.toFile(), "model", model.toString(), "output",
                fromScript.toFile(), "top", 2));
        List<String> lines = Files.readAllLines(fromMacro);
        assertEquals(4, lines.size());
        assertEquals(lines, Files.readAllLines(fromScript));
    }

    @Test
    void trainingGivesTheSameModelAndEvaluation() throws Exception {
        Files.write(tmp.resolve("data_batch_1.bin"), TestData.records(120, 3));
        Path fromMacro = tmp.resolve("macro.zip"), fromScript = tmp.resolve("script.zip");
        String keys = "architecture=seed epochs=1 batch=32 rate=0.002 validation=0.25 seed=9";
        runPlugin(new TrainClassifierPlugin(), "data=[" + tmp + "] " + keys + " model=[" + fromMacro + "]", null);
        Map<String, Object> inputs = new HashMap<>(Map.of("data", tmp.toString(), "architecture", "seed", "epochs", 1,
                "batch", 32, "rate", 0.002, "validation", "0.25", "seed", 9, "model", fromScript.toString()));
        runCommand(TrainClassifierCommand.class, inputs);
        INDArray a = ModelFile.load(fromMacro).network().params(), b = ModelFile.load(fromScript).network().params();
        assertEquals(a, b, "the same seed and keys train the same weights through either host");
        CommandModule eval = runCommand(EvaluateClassifierCommand.class, Map.of("model", fromMacro.toString(), "data",
                tmp.resolve("data_batch_1.bin").toString()));
        assertEquals(9L, ((Number) ModelFile.readMetadata(fromMacro).training().get("seed")).longValue());
        assertTrue((Double) eval.getOutput("accuracy") >= 0);
    }

    @Test
    void importKerasModelWritesTheSameModel() throws Exception {
        Path keras = Path.of("src/test/resources/keras/k3-bn-gap.keras");
        String classes = "airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck";
        Path fromMacro = tmp.resolve("macro.zip"), fromScript = tmp.resolve("script.zip");
        runPlugin(new ImportKerasModelPlugin(), "file=[" + keras + "] classes=[" + classes + "] normalize=auto model=["
                + fromMacro + "]", null);
        runCommand(ImportKerasModelCommand.class, Map.of("file", keras.toString(), "classes", classes, "model",
                fromScript.toString()));
        ModelFile.LoadedModel a = ModelFile.load(fromMacro), b = ModelFile.load(fromScript);
        assertEquals(a.network().params(), b.network().params());
        assertEquals(a.metadata().source(), b.metadata().source());
        assertEquals("none", a.metadata().source().get("normalize"), "taken from the model's Rescaling layer");
    }
}
