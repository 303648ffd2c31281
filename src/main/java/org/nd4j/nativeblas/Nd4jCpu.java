package org.nd4j.nativeblas;

/**
 * Compatibility shim for Deeplearning4j 1.0.0-M2.1.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} decides whether its oneDNN layer helpers may
 * be used by reflecting on {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()}. In M2.1
 * that class was renamed to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment}
 * and the method to {@code isUseONEDNN()}, so the lookup fails and every helper silently stays
 * off (a 5x slower training path). This class restores the old name and delegates to the new one.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old environment accessor, delegating to the renamed native binding. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
