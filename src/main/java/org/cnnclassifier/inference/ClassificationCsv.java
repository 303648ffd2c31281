package org.cnnclassifier.inference;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.cnnclassifier.util.AtomicFiles;
import org.cnnclassifier.util.Csv;
import org.cnnclassifier.util.Writable;

/**
 * Classify Folder's CSV: a header {@code file,class,probability,class_2,probability_2,...} and one
 * row per classified file (relative path, then class and probability per rank), quoted per RFC 4180
 * ({@link Csv}), written atomically.
 */
public final class ClassificationCsv {
    private ClassificationCsv() {
    }

    /** CSV header for {@code top} ranks: file,class,probability,class_2,probability_2,... */
    public static String header(int top) {
        StringBuilder sb = new StringBuilder("file,class,probability");
        for (int r = 2; r <= top; r++) {
            sb.append(",class_").append(r).append(",probability_").append(r);
        }
        return sb.toString();
    }

    /** Writes the rows as CSV, atomically (temporary file moved into place). */
    public static void write(Path output, List<FolderClassifier.Row> rows, int top) throws IOException {
        AtomicFiles.write(output, "CSV", Writable.Kind.CSV, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(header(top));
            w.write('\n');
            for (FolderClassifier.Row row : rows) {
                w.write(Csv.field(row.file()));
                for (Classifier.Ranked r : row.ranked()) {
                    w.write(',');
                    w.write(Csv.field(r.className()));
                    w.write(',');
                    w.write(String.format(Locale.ROOT, "%.6f", r.probability()));
                }
                w.write('\n');
            }
            w.flush();
        });
    }
}
