package org.cnnclassifier.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import org.cnnclassifier.inference.ClassificationCsv;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.testing.TinyModels;
import org.cnnclassifier.util.Csv;
import org.cnnclassifier.testing.HeadlessContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Issue 28, defect 6: every CSV the plugin writes or prints is RFC 4180 CSV, whatever the names hold (comma,
 * double quote, carriage return, line feed). Oracle: a small RFC 4180 reader written here from the RFC's grammar
 * (section 2), which must give back exactly the fields written.
 */
class CsvQuotingTest extends HeadlessContext {
    /** RFC 4180: records end with CRLF (LF accepted); a quoted field may hold commas, CR, LF and doubled quotes. */
    static List<List<String>> read(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' && field.length() == 0) {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new AssertionError("unterminated quoted field in:\n" + text);
                    }
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
                if (i < n && ",\r\n".indexOf(text.charAt(i)) < 0) {
                    throw new AssertionError("text after a closing quote at " + i + " in:\n" + text);
                }
                continue;
            }
            if (c == '"') {
                throw new AssertionError("a quote inside an unquoted field at " + i + " in:\n" + text);
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r' || c == '\n') {
                i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
                i++;
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    private static final List<String> NASTY = List.of("plain.jpg", "a,b \"q\".jpg", "cr\rsplit.png", "lf\nsplit.png",
            "\"\".png", "crlf\r\n,\".tif");

    @Test
    void fieldsReadBackExactly() {
        List<String> row = new ArrayList<>(NASTY);
        row.add("");
        assertEquals(List.of(row), read(Csv.row(row.toArray()) + "\r\n"));
        assertEquals(List.of(List.of("x", "1", "0.5")), read(Csv.row("x", 1, 0.5) + "\n"));
    }

    @Test
    void classifyFolderCsvKeepsEveryNameInItsField(@TempDir Path tmp) throws Exception {
        List<FolderClassifier.Row> rows = new ArrayList<>();
        for (String name : NASTY) {
            rows.add(new FolderClassifier.Row("sub/" + name, List.of(new Classifier.Ranked(1, 0, name + ",cls", 0.75),
                    new Classifier.Ranked(2, 1, "b", 0.25)), null));
        }
        Path csv = tmp.resolve("r.csv");
        ClassificationCsv.write(csv, rows, 2);
        List<List<String>> back = read(Files.readString(csv, StandardCharsets.UTF_8));
        assertEquals(1 + NASTY.size(), back.size(), Files.readString(csv));
        assertEquals(List.of("file", "class", "probability", "class_2", "probability_2"), back.get(0));
        for (int i = 0; i < NASTY.size(); i++) {
            assertEquals(List.of("sub/" + NASTY.get(i), NASTY.get(i) + ",cls", "0.750000", "b", "0.250000"),
                    back.get(i + 1));
        }
    }

    @Test
    void headlessClassifyImagePrintsQuotedCsv(@TempDir Path tmp) throws Exception {
        ColorProcessor cp = new ColorProcessor(40, 40);
        cp.setColor(new Color(230, 40, 30));
        cp.fill();
        Path file = tmp.resolve("a,b \"q\".png");
        assertTrue(new FileSaver(new ImagePlus("x", cp)).saveAsPng(file.toString()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        CommandModule m;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            m = context.service(CommandService.class).run(ClassifyImageCommand.class, true, Map.of("input",
                    file.toFile(), "model", TinyModels.colorModel().toString(), "top", 2)).get();
        } finally {
            System.setOut(old);
        }
        assertFalse(m.isCanceled(), m.getCancelReason());
        String out = bytes.toString(StandardCharsets.UTF_8);
        String csv = out.substring(out.indexOf("image,slice,rank,class,probability"));
        List<List<String>> back = read(csv);
        assertEquals(List.of("image", "slice", "rank", "class", "probability"), back.get(0));
        // the two rows, then SciJava's own log lines ("[INFO] topClass = red")
        assertTrue(back.size() == 3 || back.get(3).get(0).startsWith("["), csv);
        for (int r = 1; r <= 2; r++) {
            assertEquals(5, back.get(r).size(), csv);
            assertEquals("a,b \"q\".png", back.get(r).get(0));
            assertEquals(Integer.toString(r), back.get(r).get(2));
        }
        assertEquals("red", back.get(1).get(3));
    }
}
