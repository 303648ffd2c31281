package org.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing follows symbolic links (the input folder and its subfolders) and survives link cycles. */
class FolderListingTest {
    @TempDir
    Path tmp;

    static List<String> names(Path folder, boolean recursive) throws IOException {
        return FolderListing.list(folder, recursive, "").stream().map(p -> FolderListing.relative(folder, p)).toList();
    }

    Path tree() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Files.writeString(real.resolve("a.png"), "x");
        Files.createDirectories(real.resolve("sub"));
        Files.writeString(real.resolve("sub/b.jpg"), "x");
        return real;
    }

    @Test
    void inputThatIsASymlinkToAFolder() throws IOException {
        Path real = tree();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertEquals(List.of("a.png"), names(link, false));
        assertEquals(List.of("a.png", "sub/b.jpg"), names(link, true));
        assertEquals(names(real, true), names(link, true));
    }

    @Test
    void symlinkedSubfoldersAreSearchedWhenRecursive() throws IOException {
        Path real = tree();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("c.tif"), "x");
        Files.createSymbolicLink(real.resolve("linked"), elsewhere);
        Files.createSymbolicLink(real.resolve("d.png"), elsewhere.resolve("c.tif"));
        assertEquals(List.of("a.png", "d.png", "linked/c.tif", "sub/b.jpg"), names(real, true));
        assertEquals(List.of("a.png", "d.png"), names(real, false));
    }

    @Test
    void linkCyclesAndDanglingLinksAreSkipped() throws IOException {
        Path real = tree();
        Files.createSymbolicLink(real.resolve("sub/up"), real);
        Files.createSymbolicLink(real.resolve("sub/self"), real.resolve("sub"));
        Files.createSymbolicLink(real.resolve("gone.png"), tmp.resolve("nothing-here.png"));
        assertEquals(List.of("a.png", "sub/b.jpg"), names(real, true));
    }
}
