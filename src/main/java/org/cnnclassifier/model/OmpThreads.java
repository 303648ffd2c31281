package org.cnnclassifier.model;

import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's OpenMP thread count is JVM-wide; this sets it for the length of one run and puts the
 * previous value back on {@link #close()} (use with try-with-resources, so that an exception or a
 * cancel restores it too).
 */
final class OmpThreads implements AutoCloseable {
    private final NativeOps ops;
    private final int before;

    private OmpThreads(NativeOps ops, int threads) {
        this.ops = ops;
        this.before = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(threads);
    }

    /** Sets the OpenMP threads to {@code threads} until the returned scope is closed. */
    static OmpThreads limit(int threads) {
        return new OmpThreads(NativeOpsHolder.getInstance().getDeviceNativeOps(), threads);
    }

    /** The OpenMP thread count now. */
    static int current() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    @Override
    public void close() {
        ops.setOmpNumThreads(before);
    }
}
