package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

/** The SciJava commands (scripts, headless) run through scijava-common's CommandService, headless. */
class CommandsTest {
    static Context context;
    static CommandService commands;

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

    static Path redImage(Path dir) {
        ColorProcessor cp = new ColorProcessor(48, 40);
        cp.setColor(new Color(230, 40, 30));
        cp.fill();
        Path file = dir.resolve("red.png");
        assertTrue(new FileSaver(new ImagePlus("red", cp)).saveAsPng(file.toString()));
        return file;
    }

    @Test
    void classifyImageFromFile(@TempDir Path tmp) throws Exception {
        CommandModule m = commands.run(ClassifyImageCommand.class, true, Map.of("input", redImage(tmp).toFile(),
                "model", TinyModels.colorModel().toString(), "top", 2, "all", false)).get();
        assertFalse(m.isCanceled(), m.getCancelReason());
        assertEquals("red", m.getOutput("topClass"));
        assertTrue((Double) m.getOutput("probability") > 0.5);
    }

    @Test
    void classifyFolderWritesCsv(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectory(tmp.resolve("in"));
        redImage(in);
        Path csv = tmp.resolve("r.csv");
        CommandModule m = commands.run(ClassifyFolderCommand.class, true, Map.of("input", in.toFile(),
                "model", TinyModels.colorModel().toString(), "output", csv.toFile(), "top", 3, "filter", "*.png",
                "recursive", false)).get();
        assertFalse(m.isCanceled(), m.getCancelReason());
        assertEquals(1, m.getOutput("classified"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("file,class,probability,class_2,probability_2,class_3,probability_3", lines.get(0));
        assertTrue(lines.get(1).startsWith("red.png,red,"), lines.get(1));
    }

    @Test
    void badModelCancelsWithMessageAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectory(tmp.resolve("in"));
        redImage(in);
        Path notModel = Files.writeString(tmp.resolve("model.zip"), "nope");
        Path csv = tmp.resolve("r.csv");
        CommandModule m = commands.run(ClassifyFolderCommand.class, true, Map.of("input", in.toFile(),
                "model", notModel.toString(), "output", csv.toFile(), "top", 3)).get();
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("is not a usable CNN Classifier model"), m.getCancelReason());
        assertFalse(Files.exists(csv));
    }

    @Test
    void channelsAndActivationsSavedToFolder(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        CommandModule m = commands.run(ShowChannelsAndActivationsCommand.class, true, Map.of("input", redImage(tmp).toFile(),
                "activations", true, "model", TinyModels.colorModel().toString(), "layers", "conv1", "montage", true,
                "output", out.toFile())).get();
        assertFalse(m.isCanceled(), m.getCancelReason());
        for (String name : List.of("red-channels.tif", "red-conv1.tif", "red-conv1-montage.tif", "Kernels.tif")) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name);
        }
        ImagePlus conv1 = IJ.openImage(out.resolve("red-conv1.tif").toString());
        assertEquals(8, conv1.getNChannels());
        assertEquals("conv1:3", conv1.getStack().getSliceLabel(4));
        ImagePlus channels = IJ.openImage(out.resolve("red-channels.tif").toString());
        assertEquals(3, channels.getNChannels());
        assertEquals(230, channels.getStack().getProcessor(1).get(0));
        assertEquals(40, channels.getStack().getProcessor(2).get(0));
    }

    @Test
    void channelsOnlyWithoutActivations(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        CommandModule m = commands.run(ShowChannelsAndActivationsCommand.class, true, Map.of("input",
                redImage(tmp).toFile(), "output", out.toFile(), "activations", false, "model", "", "layers", "all",
                "montage", false)).get();
        assertFalse(m.isCanceled(), m.getCancelReason());
        assertEquals(List.of(new File(out.toFile(), "red-channels.tif")), List.of(out.toFile().listFiles()));
    }
}
