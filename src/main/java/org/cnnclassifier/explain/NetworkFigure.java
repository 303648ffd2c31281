package org.cnnclassifier.explain;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.cnnclassifier.image.PlanarChannels;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.network.Activations;

/**
 * One picture of what a network does with one image, ready for a slide: the input (enlarged,
 * nearest neighbour), then one row per chosen layer (its name, its {@link #MAPS} strongest maps by
 * mean activation, each with its filter index, on the row's common gray range), then the class
 * probabilities as horizontal bars with the class names. An RGB image titled {@code <title>-figure};
 * the {@link Layout} says where everything is.
 */
public final class NetworkFigure {
    /** Maps shown per layer, at most. */
    public static final int MAPS = 8;
    /** Pixels of a map tile's longer side. */
    public static final int TILE = 64;
    /** Pixels of the input's longer side (whole enlargement of small inputs). */
    public static final int INPUT = 128;
    public static final int MARGIN = 10, GAP = 6, LABEL_WIDTH = 96, CAPTION = 13, BAR_HEIGHT = 12, BAR_GAP = 4;
    /** Colour of the probability bars (the top class's bar: {@link #TOP_BAR}). */
    public static final Color BAR = new Color(70, 130, 180), TOP_BAR = new Color(230, 120, 20);

    /** One layer's row: its name, top edge, and the filters shown, strongest first. */
    public record Row(String layer, int y, int[] filters, double[] means) {
    }

    /**
     * Where things are: the input's box, the layer rows, the bars' left edge, full length and each
     * class's bar top, and the probabilities drawn.
     */
    public record Layout(int inputX, int inputY, int inputWidth, int inputHeight, List<Row> rows, int barX,
            int barLength, int[] barY, float[] probabilities, List<String> classes) {
    }

    /** The figure and its layout. */
    public record Figure(ImagePlus image, Layout layout) {
    }

    private NetworkFigure() {
    }

    /**
     * The figure of the current slice of {@code imp} through {@code classifier}, for the layers named
     * in {@code layers} ("all", or names as in Show Channels and Activations).
     *
     * @throws IllegalArgumentException for an unknown layer name or an image smaller than 2x2
     */
    public static Figure build(ImagePlus imp, Classifier classifier, String layers) {
        if (imp.getWidth() < 2 || imp.getHeight() < 2) {
            throw new IllegalArgumentException("The image is " + imp.getWidth() + "x" + imp.getHeight()
                    + " pixels; the network figure needs at least 2x2. Open a larger image.");
        }
        List<Activations.SpatialLayer> chosen = Activations.select(classifier.network(), layers);
        byte[] input = PlanarChannels.fromChannels(PlanarChannels.current(imp, classifier.shape()),
                classifier.shape());
        float[] p = classifier.probabilities(new byte[][] {input})[0];
        List<Activations.LayerMaps> maps = Activations.compute(classifier.network(),
                classifier.networkInput(new byte[][] {input}), chosen);
        List<String> classes = classifier.classNames();

        ColorProcessor in = inputPicture(imp);
        int tileRow = MAPS * (TILE + GAP) - GAP;
        int width = MARGIN + LABEL_WIDTH + Math.max(tileRow, in.getWidth()) + MARGIN;
        int y = MARGIN + 18;
        int inputY = y;
        y += in.getHeight() + GAP + 4;
        List<Row> rows = new ArrayList<>();
        for (Activations.LayerMaps m : maps) {
            rows.add(strongest(m, y));
            y += tileHeight(m) + CAPTION + GAP + 4;
        }
        int barsTop = y + 14;
        int height = barsTop + classes.size() * (BAR_HEIGHT + BAR_GAP) + MARGIN;

        ColorProcessor cp = new ColorProcessor(width, height);
        cp.setColor(Color.white);
        cp.fill();
        cp.setAntialiasedText(true);
        cp.setColor(Color.black);
        cp.setFont(new Font("SansSerif", Font.BOLD, 13));
        String model = classifier.name().replaceAll(".*[/\\\\]", "");
        cp.drawString(Hyperstacks.baseTitle(imp) + " through " + model, MARGIN, MARGIN + 15);
        cp.setFont(new Font("SansSerif", Font.PLAIN, 11));
        cp.drawString("input", MARGIN, inputY + 14);
        cp.drawString(imp.getWidth() + "x" + imp.getHeight(), MARGIN, inputY + 28);
        cp.insert(in, MARGIN + LABEL_WIDTH, inputY);
        for (int r = 0; r < rows.size(); r++) {
            drawRow(cp, maps.get(r), rows.get(r));
        }
        int barX = MARGIN + LABEL_WIDTH, barLength = tileRow - 56;
        int[] barY = new int[classes.size()];
        int top = Classifier.argMax(p);
        cp.setColor(Color.black);
        cp.drawString("class probabilities", MARGIN, barsTop - 4);
        for (int c = 0; c < classes.size(); c++) {
            barY[c] = barsTop + c * (BAR_HEIGHT + BAR_GAP);
            cp.setColor(Color.black);
            cp.drawString(clip(classes.get(c), 15), MARGIN, barY[c] + BAR_HEIGHT);
            int len = Math.round(p[c] * barLength);
            cp.setColor(c == top ? TOP_BAR : BAR);
            cp.fillRect(barX, barY[c], len, BAR_HEIGHT);
            cp.setColor(Color.black);
            cp.drawString(String.format(Locale.ROOT, "%.1f%%", 100 * p[c]), barX + len + 4, barY[c] + BAR_HEIGHT);
        }
        ImagePlus out = new ImagePlus(Hyperstacks.baseTitle(imp) + "-figure", cp);
        return new Figure(out, new Layout(MARGIN + LABEL_WIDTH, inputY, in.getWidth(), in.getHeight(), rows, barX,
                barLength, barY, p.clone(), classes));
    }

    /** The {@link #MAPS} filters with the highest mean activation, strongest first (ties: lower index). */
    static Row strongest(Activations.LayerMaps m, int y) {
        double[] means = new double[m.filters()];
        for (int f = 0; f < m.filters(); f++) {
            double s = 0;
            for (float v : m.maps()[f]) {
                s += v;
            }
            means[f] = s / m.maps()[f].length;
        }
        int[] order = IntStream.range(0, m.filters()).boxed()
                .sorted(Comparator.comparingDouble((Integer f) -> -means[f]).thenComparingInt(f -> f))
                .limit(MAPS).mapToInt(Integer::intValue).toArray();
        double[] shown = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            shown[i] = means[order[i]];
        }
        return new Row(m.layer().name(), y, order, shown);
    }

    private static int tileWidth(Activations.LayerMaps m) {
        return m.width() >= m.height() ? TILE : Math.max(1, Math.round((float) TILE * m.width() / m.height()));
    }

    private static int tileHeight(Activations.LayerMaps m) {
        return m.height() >= m.width() ? TILE : Math.max(1, Math.round((float) TILE * m.height() / m.width()));
    }

    /** Left edge of tile {@code i} of a row. */
    public static int tileX(int i) {
        return MARGIN + LABEL_WIDTH + i * (TILE + GAP);
    }

    private static void drawRow(ColorProcessor cp, Activations.LayerMaps m, Row row) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (int f : row.filters()) {
            for (float v : m.maps()[f]) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float range = max > min ? max - min : 1;
        int tw = tileWidth(m), th = tileHeight(m);
        cp.setColor(Color.black);
        cp.drawString(clip(row.layer(), 14), MARGIN, row.y() + 14);
        cp.drawString(m.filters() + " maps", MARGIN, row.y() + 28);
        cp.drawString(m.width() + "x" + m.height(), MARGIN, row.y() + 42);
        for (int i = 0; i < row.filters().length; i++) {
            int f = row.filters()[i];
            int x0 = tileX(i);
            for (int y = 0; y < th; y++) {
                int my = Math.min(m.height() - 1, y * m.height() / th);
                for (int x = 0; x < tw; x++) {
                    int mx = Math.min(m.width() - 1, x * m.width() / tw);
                    int g = Math.round(255 * (m.maps()[f][my * m.width() + mx] - min) / range);
                    cp.set(x0 + x, row.y() + y, (g << 16) | (g << 8) | g);
                }
            }
            cp.setColor(Color.black);
            cp.drawString("#" + f, x0, row.y() + th + CAPTION);
        }
    }

    /** The image as shown (composites merged), enlarged by a whole factor to about {@link #INPUT} pixels. */
    static ColorProcessor inputPicture(ImagePlus imp) {
        ColorProcessor rgb;
        if (imp.isComposite()) {
            ((CompositeImage) imp).updateImage();
            rgb = new ColorProcessor(imp.getImage());
        } else {
            rgb = imp.getProcessor().convertToColorProcessor();
        }
        int longer = Math.max(imp.getWidth(), imp.getHeight());
        int w, h;
        if (longer <= INPUT) {
            int s = Math.max(1, INPUT / longer);
            w = imp.getWidth() * s;
            h = imp.getHeight() * s;
        } else {
            w = Math.max(1, imp.getWidth() * INPUT / longer);
            h = Math.max(1, imp.getHeight() * INPUT / longer);
        }
        rgb.setInterpolationMethod(ImageProcessor.NONE);
        return (ColorProcessor) rgb.resize(w, h);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
