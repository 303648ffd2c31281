package org.cnnclassifier.model;

import org.deeplearning4j.config.DL4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prepares ND4J/DL4J before their first use, from a test, a SciJava command or an ImageJ 1.x
 * PlugIn alike.
 *
 * <ul>
 * <li>ND4J finds its backend with ServiceLoader through the thread's context class loader; inside
 * ImageJ's plugin class loader that is the application loader, which cannot see the plugin's jars
 * ("no ND4J backend found"). We point it, and DL4J's own class loading, at this plugin's loader.</li>
 * <li>DL4J's oneDNN layer helpers are disabled by default since 1.0.0-M1.1; we switch them on
 * (unless the user set the property) because they make training about 5x faster here. The shim
 * {@link org.nd4j.nativeblas.Nd4jCpu} makes their availability check succeed in M2.1.</li>
 * </ul>
 */
public final class Nd4jSetup {
    /** DL4J's switch for its cuDNN/oneDNN layer helpers (read each time a layer is initialised). */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** JavaCPP's platform extension: load the oneDNN AVX2 build of libnd4jcpu we depend on. */
    public static final String JAVACPP_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private static volatile boolean initialized;

    private Nd4jSetup() {
    }

    /** Idempotent; cheap after the first call. Call before any ND4J/DL4J use. */
    public static void ensureInitialized() {
        if (initialized) {
            return;
        }
        synchronized (Nd4jSetup.class) {
            if (initialized) {
                return;
            }
            ClassLoader pluginLoader = Nd4jSetup.class.getClassLoader();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(pluginLoader);
            try {
                if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
                    System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
                }
                if (System.getProperty(JAVACPP_EXTENSION_PROPERTY) == null) {
                    System.setProperty(JAVACPP_EXTENSION_PROPERTY, "-onednn-avx2");
                }
                DL4JClassLoading.setDl4jClassloader(pluginLoader);
                Nd4j.getBackend(); // loads the native library now, with the right loaders
                Nd4j.getEnvironment().allowHelpers(true);
            } finally {
                thread.setContextClassLoader(previous);
            }
            initialized = true;
        }
    }

    /** True when DL4J's oneDNN helpers will be used for new layers. */
    public static boolean helpersEnabled() {
        ensureInitialized();
        return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY, "true"))
                && org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled();
    }

    /**
     * One line describing the loaded native backend, e.g. for ImageJ macros:
     * {@code call("org.cnnclassifier.model.Nd4jSetup.describe")}.
     */
    public static String describe() {
        ensureInitialized();
        java.util.Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        return "backend=" + env.getProperty("backend")
                + " onednn=" + org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN()
                + " helpers=" + helpersEnabled()
                + " threads=" + env.get("omp.threads");
    }
}
