package org.cnnclassifier.ij1;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.cnnclassifier.function.ApplyConvolutionKernel;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.ArithmeticTable;
import org.cnnclassifier.host.IjProgress;
import org.cnnclassifier.host.Windows;

/**
 * Plugins>CNN Classifier>Apply Convolution Kernel ({@link ApplyConvolutionKernel}): the feature maps
 * of the active image, as {@code <title>-features}. In macros typed kernels use the key
 * {@code kernels} ({@code \n} between rows, a blank line between kernels).
 */
public class ApplyConvolutionKernelPlugin extends SpecPlugIn {
    public ApplyConvolutionKernelPlugin() {
        super(ApplyConvolutionKernel.SPEC, true, ApplyConvolutionKernel.DIALOG_HELP);
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        ImagePlus features = ApplyConvolutionKernel.apply(image, v, new IjProgress());
        ResultsTable arithmetic = ApplyConvolutionKernel.arithmetic(features, image, v);
        Windows.show(features, image);
        if (arithmetic != null) {
            arithmetic.show(ArithmeticTable.TITLE);
        }
    }
}
