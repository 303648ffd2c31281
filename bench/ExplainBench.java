import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;

import org.cnnclassifier.explain.ExplainedImages;
import org.cnnclassifier.explain.Explanation;
import org.cnnclassifier.explain.FolderMaps;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.FolderClassifier;
import org.cnnclassifier.inference.InferenceViews;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.progress.ProgressListener;

/**
 * Explain Classification's speed with the default model, after it is loaded: Grad-CAM of one 32x32 image
 * (the map at the image's size, and the composite image as the command makes it), occlusion of one image,
 * and Classify Folder's images/s without and with {@code maps} (one overlay PNG per file).
 * Usage: ExplainBench <folder of JPEGs> [runs]
 */
public class ExplainBench {
    public static void main(String[] args) throws Exception {
        Path folder = Paths.get(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Nd4jSetup.ensureInitialized();
        Classifier c = ModelCache.get("");
        List<Path> files;
        try (var s = Files.walk(folder)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        ImagePlus imp = IJ.openImage(files.get(0).toString());
        System.out.println("image: " + files.get(0).getFileName() + " " + imp.getWidth() + "x" + imp.getHeight()
                + ", files: " + files.size());
        Explanation.Options grad = Explanation.Options.gradCam();
        for (int i = 0; i < 30; i++) {
            ExplainedImages.composite("w", Explanation.explain(imp, c, grad, true));
        }
        int n = 200;
        double[] map = new double[n], full = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Explanation.Result r = Explanation.explain(imp, c, grad, true);
            long t1 = System.nanoTime();
            ExplainedImages.composite("w", r);
            long t2 = System.nanoTime();
            map[i] = (t1 - t0) / 1e6;
            full[i] = (t2 - t0) / 1e6;
        }
        byte[][] one = {org.cnnclassifier.image.PlanarChannels.fromChannels(
                org.cnnclassifier.image.PlanarChannels.current(imp, c.shape()), c.shape())};
        double[] cls = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            c.probabilities(one);
            cls[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "gradcam_ms_per_image=%.2f (median of %d; with the composite image %.2f ms); "
                + "classify_ms_per_image=%.2f (the same image through Classify Image's network call)%n",
                median(map), n, median(full), median(cls));
        Explanation.Options occ = new Explanation.Options(Explanation.OCCLUSION, Explanation.TOP, "", 8, 4);
        Explanation.explain(imp, c, occ, true);
        double[] o = new double[10];
        for (int i = 0; i < o.length; i++) {
            long t0 = System.nanoTime();
            Explanation.explain(imp, c, occ, true);
            o[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "occlusion_ms_per_image=%.1f (patch 8, stride 4: 81 occluded images)%n",
                median(o));
        List<Double> plain = new ArrayList<>(), maps = new ArrayList<>();
        Path out = Files.createTempDirectory("explain-bench-maps");
        for (int r = 0; r < runs; r++) {
            plain.add(folderRate(folder, c, null));
            maps.add(folderRate(folder, c, new FolderMaps(c, out, InferenceViews.NONE)));
        }
        double p = median(plain.stream().mapToDouble(Double::doubleValue).toArray());
        double m = median(maps.stream().mapToDouble(Double::doubleValue).toArray());
        long pngs;
        try (var s = Files.walk(out)) {
            pngs = s.filter(f -> f.toString().endsWith(".png")).count();
        }
        System.out.printf(Locale.ROOT, "classify_folder_img_per_s=%.0f with_maps_img_per_s=%.0f ratio=%.2f "
                + "(median of %d runs; %d PNGs written)%n", p, m, m / p, runs, pngs);
    }

    static double folderRate(Path folder, Classifier c, FolderClassifier.Scorer scorer) throws Exception {
        FolderClassifier.Result res = FolderClassifier.run(new FolderClassifier.Options(folder, true, "*.jpg", 3,
                null), c, ProgressListener.SILENT, new FolderClassifier.RowSink() {
                    @Override
                    public void row(FolderClassifier.Row row) {
                    }

                    @Override
                    public void failure(FolderClassifier.Failure f) {
                    }
                }, scorer);
        return res.imagesPerSecond();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
