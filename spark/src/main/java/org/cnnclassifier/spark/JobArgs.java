package org.cnnclassifier.spark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.cnnclassifier.function.ClassifyFolder;
import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.Values;

/**
 * The job's command line: Classify Folder's keys as {@code --key value} (flags without a value), checked by
 * Classify Folder's own {@link Spec} so values and messages are the plugin's, plus the Spark options
 * {@code --master}, {@code --partitions}, {@code --master-timeout} (seconds) and {@code --conf key=value}.
 */
record JobArgs(Values values, String master, int partitions, int masterTimeout, Map<String, String> conf) {
    static final String USAGE = "Usage: classify-folder.sh --master <url> --input <folder or Hadoop path>"
            + " --output <csv>"
            + " [--model <zip>] [--mirror] [--shift] [--top N] [--recursive] [--filter <glob>] [--partitions N]"
            + " [--master-timeout <s>] [--conf <key=value>]";

    static JobArgs parse(String[] args) {
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, String> conf = new LinkedHashMap<>();
        String master = null;
        int partitions = 0, timeout = 30;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + a + "'. " + USAGE);
            }
            String name = a.substring(2);
            Key key = keyOrNull(name);
            boolean flag = key != null && key.kind() == Key.Kind.FLAG;
            String value = flag ? "true" : next(args, i++, a);
            switch (name) {
                case "master" -> master = value;
                case "partitions" -> partitions = positive(a, value);
                case "master-timeout" -> timeout = positive(a, value);
                case "conf" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--conf takes key=value (got '" + value + "').");
                    }
                    conf.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> {
                    if (key == null) {
                        throw new IllegalArgumentException("Unknown option '" + a + "'. " + USAGE);
                    }
                    raw.put(name, value);
                }
            }
        }
        if (!raw.containsKey(ClassifyFolder.INPUT)) {
            throw new IllegalArgumentException("Give the folder of images: --input <folder>. " + USAGE);
        }
        if (!raw.containsKey(ClassifyFolder.OUTPUT)) {
            throw new IllegalArgumentException("Give the CSV to write: --output <file.csv>. " + USAGE);
        }
        Values v = ClassifyFolder.SPEC.parse(raw, Spec.Source.DEFAULTS, Key.Scope.SCRIPT);
        return new JobArgs(v, master, partitions, timeout, conf);
    }

    private static Key keyOrNull(String name) {
        for (Key k : ClassifyFolder.SPEC.keys()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    private static String next(String[] args, int i, String option) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(option + " needs a value. " + USAGE);
        }
        return args[i + 1];
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a whole number above 0 (got '" + value + "').");
    }

    String input() {
        return values.text(ClassifyFolder.INPUT).trim();
    }

    String output() {
        return values.text(ClassifyFolder.OUTPUT).trim();
    }

    String model() {
        return values.text(ClassifyFolder.MODEL);
    }

    boolean recursive() {
        return values.flag(ClassifyFolder.RECURSIVE);
    }

    String filter() {
        return values.text(ClassifyFolder.FILTER);
    }

    int top() {
        return values.whole(ClassifyFolder.TOP);
    }

    boolean mirror() {
        return values.flag(ClassifyImage.MIRROR);
    }

    boolean shift() {
        return values.flag(ClassifyImage.SHIFT);
    }

    /** True for a local master (local, local[N], local[*]): no cluster to wait for. */
    static boolean isLocal(String master) {
        return master == null || master.toLowerCase(Locale.ROOT).startsWith("local");
    }
}
