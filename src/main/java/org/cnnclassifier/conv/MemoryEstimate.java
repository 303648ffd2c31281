package org.cnnclassifier.conv;

import java.util.List;

import org.cnnclassifier.conv.ConvolutionJob.Extent;

/**
 * What one run of the engine allocates, worked out before it allocates anything, so a run that
 * cannot fit is refused with a message instead of ending in an OutOfMemoryError halfway (which
 * ImageJ reports without stopping the macro).
 *
 * @param featureMapBytes the output maps, 32-bit (shown as the result without another copy)
 * @param inputCopyBytes  32-bit copies of input channels that are not float images (8-, 16-bit,
 *                        RGB), plus the channel sum under channels=sum; all planes are held at once
 * @param bandBytes       the working rows of the bands running at the same time, one per thread
 */
record MemoryEstimate(long featureMapBytes, long inputCopyBytes, long bandBytes) {

    /**
     * The estimate for planes of {@code width x height} with {@code channels} channels each.
     *
     * @param copiesInput true when the channels are not float ArrayImgs and must be converted
     */
    static MemoryEstimate of(int width, int height, int channels, int planes, boolean copiesInput,
            List<Kernel> kernels, ConvolutionOptions options, int threads) {
        long planePixels = (long) width * height;
        long outWidth = options.outputSize(width, kernels.get(0).width());
        long outHeight = options.outputSize(height, kernels.get(0).height());
        int maps = ConvolutionJob.mapsPerPlane(kernels.size(), channels, options.channels());
        long featureMaps = 4L * outWidth * outHeight * maps * planes;

        long floatPlanesPerPlane = (copiesInput ? channels : 0)
                + (ConvolutionJob.needsChannelSum(kernels, channels, options.channels()) ? 1 : 0);
        long inputCopy = 4L * planePixels * floatPlanesPerPlane * planes;

        boolean perChannelWeights = kernels.stream().anyMatch(k -> k.channels() > 1);
        int bandChannels = perChannelWeights ? channels : 1;
        Extent extent = Extent.of(kernels, options, width, height);
        int strip = (int) Math.min(outWidth, BandConvolver.stripWidth(extent, bandChannels, kernels.size(),
                (int) outWidth));
        long bands = (long) Math.max(1, threads) * BandConvolver.bufferBytes(extent, bandChannels, kernels.size(),
                strip, options.stride());
        return new MemoryEstimate(featureMaps, inputCopy, bands);
    }

    long totalBytes() {
        return featureMapBytes + inputCopyBytes + bandBytes;
    }

    /**
     * Refuses the run when it needs more than the heap can still grow to give.
     *
     * @param maxMemory  the most the heap may hold ({@code Runtime.maxMemory()})
     * @param usedMemory what it holds now ({@code totalMemory() - freeMemory()})
     * @throws IllegalArgumentException saying how much is needed, how much is available, and what to do
     */
    void check(long maxMemory, long usedMemory) {
        long available = Math.max(0, maxMemory - usedMemory);
        if (totalBytes() <= available) {
            return;
        }
        StringBuilder parts = new StringBuilder(mbUp(featureMapBytes) + " for the feature maps");
        if (inputCopyBytes > 0) {
            parts.append(", ").append(mbUp(inputCopyBytes)).append(" for a 32-bit copy of the image");
        }
        parts.append(" and ").append(mbUp(bandBytes)).append(" of working rows");
        throw new IllegalArgumentException("The convolution needs about " + mbUp(totalBytes()) + " of memory ("
                + parts + ") but Java can get only " + mbDown(available) + " more (maximum " + mbDown(maxMemory)
                + ", in use " + mbUp(usedMemory) + "). Give ImageJ more memory (Edit>Options>Memory & Threads),"
                + " or use a smaller image, fewer kernels or a larger stride.");
    }

    /** Needs round up, so a small one never reads as "0 MB" ... */
    private static String mbUp(long bytes) {
        return ((bytes + (1 << 20) - 1) >> 20) + " MB";
    }

    /** ... and what is available rounds down, so the figures never suggest the run would fit. */
    private static String mbDown(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
