package org.cnnclassifier.host;

import ij.measure.ResultsTable;

import org.cnnclassifier.conv.ConvolutionArithmetic;
import org.cnnclassifier.image.FeatureArithmetic;

/**
 * The "Convolution Arithmetic" table: for one map pixel, one row per input channel and kernel
 * position (the input pixel, its value, the weight, the product), then a row "sum" whose product is
 * the sum of the products and whose map column is the feature map's own pixel (equal to it), and
 * with activation=relu a row "relu".
 */
public final class ArithmeticTable {
    public static final String TITLE = "Convolution Arithmetic";

    private ArithmeticTable() {
    }

    /** Appends the rows of one explained pixel. */
    public static void add(ResultsTable rt, FeatureArithmetic.Explained e) {
        ConvolutionArithmetic.Result r = e.result();
        for (ConvolutionArithmetic.Term t : r.terms()) {
            start(rt, "term", e);
            rt.addValue("channel", e.channelNames().get(t.channel()));
            rt.addValue("dy", t.dy());
            rt.addValue("dx", t.dx());
            rt.addValue("input_x", t.inputX());
            rt.addValue("input_y", t.inputY());
            rt.addValue("input", t.input());
            rt.addValue("kernel_weight", t.kernelWeight());
            rt.addValue("weight", t.weight());
            rt.addValue("product", t.product());
        }
        start(rt, "sum", e);
        rt.addValue("channel", e.channel() < 0 ? "all" : e.channelNames().get(e.channel()));
        rt.addValue("product", r.sum());
        rt.addValue("map", e.mapValue());
        if (r.value() != r.sum()) {
            start(rt, "relu", e);
            rt.addValue("product", r.value());
            rt.addValue("map", e.mapValue());
        }
    }

    private static void start(ResultsTable rt, String row, FeatureArithmetic.Explained e) {
        rt.incrementCounter();
        rt.addValue("row", row);
        rt.addValue("filter", e.result().kernelName());
        rt.addValue("x", e.result().x());
        rt.addValue("y", e.result().y());
        rt.setDecimalPlaces(rt.getColumnIndex("x"), 0);
    }
}
