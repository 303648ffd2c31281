package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import ij.IJ;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.cnnclassifier.data.NetworkInput;
import org.cnnclassifier.modelfile.ModelFile;

/**
 * macros/batch_classify.ijm in a real ImageJ 1.54p (the installation 'mvn package' lays out), on
 * sample JPEGs of the committed fixture copied to a temporary folder, with a small CIFAR-10 model trained in this test.
 * The CSV it writes is checked against DL4J's output on ImageJ's own decoding of the same files.
 */
class BatchClassifyIT {
    @Test
    void batchClassifyMacroWritesTheCsv(@TempDir Path tmp) throws Exception {
        Path samples = org.cnnclassifier.testing.Fixtures.cifarJpegs();
        Path in = Files.createDirectories(tmp.resolve("images with space"));
        List<String> names = new ArrayList<>();
        for (String cls : List.of("airplane", "frog", "ship")) {
            for (String f : List.of("0000.jpg", "0001.jpg")) {
                Path sub = Files.createDirectories(in.resolve(cls));
                Files.copy(samples.resolve(cls).resolve(f), sub.resolve(f));
                names.add(cls + "/" + f);
            }
        }
        Files.writeString(in.resolve("frog/readme.jpg"), "not a JPEG");
        Path model = TinyModels.cifarModel();
        Path csv = tmp.resolve("classes.csv");
        ImageJHost.Run run = ImageJHost.runMacro(ImageJHost.macrosDir().resolve("batch_classify.ijm"),
                "input=" + in + "|model=" + model + "|output=" + csv + "|top=2", 300);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("6 images classified"), run.output());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("file,class,probability,class_2,probability_2", lines.get(0));
        assertEquals(7, lines.size(), String.join("\n", lines));
        var net = ModelFile.load(model).network();
        for (int i = 0; i < names.size(); i++) {
            String[] f = lines.get(i + 1).split(",");
            assertEquals(names.get(i), f[0]);
            // Oracle: ImageJ's opener and area-averaging resize, then DL4J's output.
            ImageProcessor ip = IJ.openImage(in.resolve(names.get(i)).toString()).getProcessor();
            ip.setInterpolationMethod(ImageProcessor.BILINEAR);
            ColorProcessor small = (ColorProcessor) ip.resize(32, 32, true);
            byte[] r = new byte[1024], g = new byte[1024], b = new byte[1024];
            small.getRGB(r, g, b);
            byte[] planes = new byte[3072];
            System.arraycopy(r, 0, planes, 0, 1024);
            System.arraycopy(g, 0, planes, 1024, 1024);
            System.arraycopy(b, 0, planes, 2048, 1024);
            INDArray out = net.output(NetworkInput.toFeatures(new byte[][] {planes}, 3, 32, 32), false);
            for (int k = 0; k < 2; k++) {
                int cls = TinyModels.CIFAR.indexOf(f[1 + 2 * k]);
                assertTrue(cls >= 0, lines.get(i + 1));
                assertEquals(out.getDouble(0, cls), Double.parseDouble(f[2 + 2 * k]), 1e-5, lines.get(i + 1));
            }
        }
        assertTrue(lines.stream().noneMatch(l -> l.contains("readme")));
        // The class subfolders match the model's classes: the accuracy printed from the Confusion
        // Matrix table equals the share of CSV rows whose class is the file's folder.
        long correct = lines.stream().skip(1).filter(l -> l.startsWith(l.split(",")[1] + "/")).count();
        assertTrue(run.output().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", correct / 6.0)), run.output());
    }
}
