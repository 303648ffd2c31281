package org.cnnclassifier.network;

import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's OpenMP thread count (omp_set_num_threads: it applies to the thread that sets it and the
 * work that thread starts); this sets it for the length of one run and puts the previous value back
 * on {@link #close()} (use with try-with-resources, so that an exception or a cancel restores it too).
 */
public final class OmpThreads implements AutoCloseable {
    private final NativeOps ops;
    private final int before;

    private OmpThreads(NativeOps ops, int threads) {
        this.ops = ops;
        this.before = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(threads);
    }

    /** Sets the OpenMP threads to {@code threads} until the returned scope is closed. */
    public static OmpThreads limit(int threads) {
        return new OmpThreads(NativeOpsHolder.getInstance().getDeviceNativeOps(), threads);
    }

    /** Sets the OpenMP threads of the calling thread for good: for a thread that lives only as long as its job. */
    public static void setForThisThread(int threads) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /** The OpenMP thread count now. */
    public static int current() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    @Override
    public void close() {
        ops.setOmpNumThreads(before);
    }
}
