package org.cnnclassifier.conv;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.ConstantUtils;

import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;
import org.cnnclassifier.conv.ConvolutionOptions.Padding;
import org.cnnclassifier.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/** Issue 8.4: the memory check counts everything a run holds, not only the feature maps. */
class MemoryEstimateTest {
    private static final long MB = 1L << 20;
    private static final long XMX_2G = 2048 * MB;
    private static final List<Kernel> SOBEL_X = KernelPresets.get(KernelPresets.SOBEL_X);

    @Test
    void a20000SquareByteImageWithOneKernelIsRefusedAt2GigabytesSayingWhatToDo() {
        MemoryEstimate need = MemoryEstimate.of(20000, 20000, 1, 1, true, SOBEL_X, ConvolutionOptions.DEFAULT, 2);
        assertEquals(4L * 20000 * 20000, need.featureMapBytes());
        assertEquals(4L * 20000 * 20000, need.inputCopyBytes(), "8-bit input is converted to a float plane");
        // The maps alone (1526 MB) fit in 2 GB, which is all the old check looked at.
        assertTrue(need.featureMapBytes() < XMX_2G);
        long inputHeld = 20000L * 20000; // the 8-bit image itself, already on the heap
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> need.check(XMX_2G, inputHeld));
        String m = e.getMessage();
        assertTrue(m.contains("needs about " + ((need.totalBytes() + MB - 1) / MB) + " MB"), m);
        assertTrue(m.contains("1526 MB for the feature maps") && m.contains("1526 MB for a 32-bit copy"), m);
        assertTrue(m.contains("can get only " + (XMX_2G - inputHeld) / MB + " MB more"), m);
        assertTrue(m.contains("Edit>Options>Memory & Threads") && m.contains("smaller image")
                && m.contains("fewer kernels"), m);
        assertThrows(IllegalArgumentException.class, () -> need.check(XMX_2G, 0), "refused even on an empty heap");
    }

    @Test
    void smallImagesAndFloatInputThatFitAreAccepted() {
        MemoryEstimate small = MemoryEstimate.of(1024, 768, 3, 5, true, KernelPresets.get(KernelPresets.ALL),
                ConvolutionOptions.DEFAULT, 8);
        assertDoesNotThrow(() -> small.check(XMX_2G, 300 * MB));
        // A 32-bit image is read in place: only the maps and the working rows are new.
        MemoryEstimate floats = MemoryEstimate.of(20000, 20000, 1, 1, false, SOBEL_X, ConvolutionOptions.DEFAULT, 2);
        assertEquals(0, floats.inputCopyBytes());
        assertDoesNotThrow(() -> floats.check(4096 * MB, 1600 * MB));
        assertThrows(IllegalArgumentException.class, () -> floats.check(XMX_2G, 1600 * MB),
                "the 32-bit input itself leaves too little");
    }

    @Test
    void countsChannelsPlanesStrideAndTheChannelSum() {
        // RGB under channels=sum: three float copies plus their sum, per plane; one map per kernel.
        MemoryEstimate sum = MemoryEstimate.of(100, 50, 3, 2, true, SOBEL_X, ConvolutionOptions.DEFAULT, 1);
        assertEquals(4L * 100 * 50 * 4 * 2, sum.inputCopyBytes());
        assertEquals(4L * 100 * 50 * 2, sum.featureMapBytes());
        // channels=separate: a map per kernel and channel, no sum.
        MemoryEstimate separate = MemoryEstimate.of(100, 50, 3, 2, true, SOBEL_X,
                ConvolutionOptions.DEFAULT.withChannels(ChannelMode.SEPARATE), 1);
        assertEquals(4L * 100 * 50 * 3 * 2, separate.inputCopyBytes());
        assertEquals(4L * 100 * 50 * 3 * 2, separate.featureMapBytes());
        // valid padding at stride 2: floor((100 - 3) / 2) + 1 = 49 by floor((50 - 3) / 2) + 1 = 24.
        MemoryEstimate valid = MemoryEstimate.of(100, 50, 1, 1, false, SOBEL_X,
                ConvolutionOptions.DEFAULT.withPadding(Padding.VALID).withStride(2), 1);
        assertEquals(4L * 49 * 24, valid.featureMapBytes());
    }

    @Test
    void workingRowsGrowWithThreadsButStayBoundedForLargeKernels() {
        List<Kernel> big = List.of(Kernel.of("101x101", new float[101][101]));
        MemoryEstimate one = MemoryEstimate.of(20000, 20000, 1, 1, false, big, ConvolutionOptions.DEFAULT, 1);
        MemoryEstimate four = MemoryEstimate.of(20000, 20000, 1, 1, false, big, ConvolutionOptions.DEFAULT, 4);
        assertEquals(4 * one.bandBytes(), four.bandBytes());
        assertTrue(one.bandBytes() > 7 * MB && one.bandBytes() < 9 * MB,
                one.bandBytes() + " bytes: about the 8 MB band budget");
    }

    @Test
    void theEngineRefusesBeforeAllocatingWhenMapsAndInputCopyDoNotFit() {
        // An 8-bit plane as a constant view (no pixels stored), sized so that the maps alone take 55% of
        // the heap: they fit, but the float copy of the input on top does not.
        long max = Runtime.getRuntime().maxMemory();
        int side = (int) Math.sqrt(0.55 * max / 4);
        RandomAccessibleInterval<UnsignedByteType> plane = ConstantUtils.constantRandomAccessibleInterval(
                new UnsignedByteType(7), new FinalInterval(side, side));
        ConvolutionEngine engine = new ConvolutionEngine(SOBEL_X, ConvolutionOptions.DEFAULT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.apply(List.of(plane), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("32-bit copy of the image")
                && e.getMessage().contains("Edit>Options>Memory & Threads"), e.getMessage());
    }
}
