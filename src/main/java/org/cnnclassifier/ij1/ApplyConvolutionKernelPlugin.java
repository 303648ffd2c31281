package org.cnnclassifier.ij1;

import ij.ImagePlus;
import ij.plugin.PlugIn;

import org.cnnclassifier.function.ApplyConvolutionKernel;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.IjProgress;

/**
 * Plugins>CNN Classifier>Apply Convolution Kernel ({@link ApplyConvolutionKernel}): the feature maps
 * of the active image, as {@code <title>-features}. In macros typed kernels use the key
 * {@code kernels} ({@code \n} between rows, a blank line between kernels).
 */
public class ApplyConvolutionKernelPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        ImagePlus imp = Host.activeImage(ApplyConvolutionKernel.SPEC);
        Values v = imp == null ? null : SpecDialog.ask(ApplyConvolutionKernel.SPEC, ApplyConvolutionKernel.DIALOG_HELP);
        if (v != null) {
            Host.run(ApplyConvolutionKernel.SPEC, () -> ApplyConvolutionKernel.apply(imp, v, new IjProgress()).show());
        }
    }
}
