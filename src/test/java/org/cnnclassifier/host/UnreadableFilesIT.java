package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.cnnclassifier.testing.Fixtures;
import org.cnnclassifier.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cnnclassifier.modelfile.ModelFile;

/**
 * Unreadable files in a folder run in a real ImageJ 1.54p {@code -batch} (under Xvfb): a 0-byte
 * .jpg, .png and .tif, a text file named .png and a JPEG cut to 100 bytes beside good JPEGs. Before
 * the fix ImageJ's opener stopped the run on a modal "Unsupported format or file not found" error
 * and the process never ended (here: the timeout). Classify Folder, Train and Evaluate must finish,
 * use the good files and list the bad ones.
 */
class UnreadableFilesIT {
    static final List<String> BAD = List.of("airplane/empty.jpg", "airplane/empty.png", "frog/empty.tif",
            "frog/text.png", "ship/cut.jpg");

    static Path folderWithBadFiles(Path root) throws Exception {
        for (String cls : List.of("airplane", "frog", "ship")) {
            Path sub = Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < 4; i++) {
                String f = String.format("%04d.jpg", i);
                Files.copy(Fixtures.cifarJpegs().resolve(cls).resolve(f), sub.resolve(f));
            }
        }
        Files.write(root.resolve("airplane/empty.jpg"), new byte[0]);
        Files.write(root.resolve("airplane/empty.png"), new byte[0]);
        Files.write(root.resolve("frog/empty.tif"), new byte[0]);
        Files.writeString(root.resolve("frog/text.png"), "this is a text file, not a PNG\n");
        byte[] jpeg = Files.readAllBytes(Fixtures.cifarJpegs().resolve("ship/0005.jpg"));
        Files.write(root.resolve("ship/cut.jpg"), Arrays.copyOf(jpeg, 100));
        return root;
    }

    static String run(Path tmp, String command, Path model, Path output) throws Exception {
        Path in = folderWithBadFiles(Files.createDirectories(tmp.resolve("images")));
        ImageJHost.Run run = ImageJHost.runMacro(ClassifyImageIT.macro("unreadable_files.ijm"),
                command + "|" + in + "|" + model + "|" + output, 240);
        String out = run.output();
        assertEquals(0, run.exitCode(), out);
        assertTrue(out.contains("macro finished"), out);
        return out;
    }

    @Test
    void classifyFolderWritesTheGoodFilesAndListsTheBadOnes(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("classes.csv");
        String out = run(tmp, "classify", TinyModels.cifarModel(), csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(13, lines.size(), String.join("\n", lines));
        for (String bad : BAD) {
            assertTrue(out.contains("unreadable: " + bad + "\n"), bad + "\n" + out);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith(bad + ",")), bad);
        }
    }

    @Test
    void trainOnClassFoldersSkipsAndListsTheBadFiles(@TempDir Path tmp) throws Exception {
        Path trained = tmp.resolve("trained.zip");
        String out = run(tmp, "train", null, trained);
        assertTrue(out.contains("train model exists=1"), out);
        // 12 good images, a quarter kept for validation
        assertEquals(9, ModelFile.readMetadata(trained).trainingImages());
        assertEquals(List.of("airplane", "frog", "ship"), ModelFile.readMetadata(trained).classNames());
        for (String bad : BAD) {
            assertTrue(out.contains("unreadable: " + tmp.resolve("images").resolve(bad) + "\n"), bad + "\n" + out);
        }
    }

    @Test
    void evaluateOnClassFoldersSkipsAndListsTheBadFiles(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("abc.zip");
        TinyModels.save(TinyModels.network(3, 5), List.of("airplane", "frog", "ship"), "tiny", model);
        String out = run(tmp, "evaluate", model, tmp.resolve("unused"));
        assertTrue(out.contains("evaluation accuracy: "), out);
        for (String bad : BAD) {
            assertTrue(out.contains("unreadable: " + tmp.resolve("images").resolve(bad) + "\n"), bad + "\n" + out);
        }
    }
}
