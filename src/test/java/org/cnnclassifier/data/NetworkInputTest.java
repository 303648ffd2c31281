package org.cnnclassifier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.cnnclassifier.network.Nd4jSetup;

/** Bytes to network input: values by hand, NCHW and NHWC, and the reuse of a finished batch's array. */
class NetworkInputTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    /** Two 2-channel 2x3 images, planar bytes: image i, channel c, pixel p holds 100i + 10c + p. */
    private static byte[][] images() {
        byte[][] im = new byte[2][12];
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 2; c++) {
                for (int p = 0; p < 6; p++) {
                    im[i][c * 6 + p] = (byte) (100 * i + 10 * c + p);
                }
            }
        }
        return im;
    }

    @Test
    void bytesBecomeValuesOver255InBothLayouts() {
        INDArray nchw = NetworkInput.toFeatures(images(), 2, 2, 3);
        INDArray nhwc = NetworkInput.toChannelsLastFeatures(images(), 2, 2, 3);
        assertArrayEquals(new long[] {2, 2, 2, 3}, nchw.shape());
        assertArrayEquals(new long[] {2, 2, 3, 2}, nhwc.shape());
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        float expected = (100 * i + 10 * c + 3 * y + x) / 255f;
                        assertEquals(expected, nchw.getFloat(i, c, y, x), 1e-7f);
                        assertEquals(expected, nhwc.getFloat(i, y, x, c), 1e-7f);
                    }
                }
            }
        }
    }

    @Test
    void aFinishedBatchArrayOfTheSameShapeIsOverwrittenAnyOtherIsNot() {
        INDArray spare = Nd4j.valueArrayOf(new long[] {2, 2, 2, 3}, -7f, DataType.FLOAT);
        INDArray reused = NetworkInput.toFeatures(images(), 2, 2, 3, spare);
        assertSame(spare, reused);
        assertEquals(NetworkInput.toFeatures(images(), 2, 2, 3), reused);

        // The last, smaller batch of an epoch, a view, another type: a new array each, the spare untouched.
        INDArray smaller = Nd4j.valueArrayOf(new long[] {1, 2, 2, 3}, -7f, DataType.FLOAT);
        assertNotSame(smaller, NetworkInput.toFeatures(images(), 2, 2, 3, smaller));
        assertEquals(-7f, smaller.maxNumber().floatValue());
        INDArray big = Nd4j.valueArrayOf(new long[] {4, 2, 2, 3}, -7f, DataType.FLOAT);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        assertNotSame(view, NetworkInput.toFeatures(images(), 2, 2, 3, view));
        assertEquals(-7f, big.maxNumber().floatValue());
        INDArray doubles = Nd4j.zeros(DataType.DOUBLE, 2, 2, 2, 3);
        assertEquals(DataType.FLOAT, NetworkInput.toFeatures(images(), 2, 2, 3, doubles).dataType());
        assertEquals(0.0, doubles.maxNumber().doubleValue());
    }
}
