package org.cnnclassifier.network;

import org.deeplearning4j.config.DL4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.cnnclassifier.modelfile.PluginVersion;

/**
 * Prepares ND4J/DL4J before their first use, from a test, a SciJava command or an ImageJ 1.x
 * PlugIn alike.
 *
 * <ul>
 * <li>ND4J finds its backend with ServiceLoader through the thread's context class loader; inside
 * ImageJ's plugin class loader that is the application loader, which cannot see the plugin's jars
 * ("no ND4J backend found"). We point it, and DL4J's own class loading, at this plugin's loader.</li>
 * <li>It picks the ND4J native build to load from those on the class path (the Fiji zips hold
 * one per platform, target/imagej the one of {@code nd4j.classifier}) and the CPU's features; when
 * none serves this machine, the first command reports it in one message naming the platform, the
 * CPU and the zip to install ({@link NativeBuilds}), instead of ND4J's stack trace.</li>
 * <li>DL4J's oneDNN layer helpers are disabled by default since 1.0.0-M1.1; we switch them on
 * (unless the user set the property) because they make training about 5x faster here. The shim
 * {@link org.nd4j.nativeblas.Nd4jCpu} makes their availability check succeed in M2.1.</li>
 * </ul>
 */
public final class Nd4jSetup {
    /** DL4J's switch for its cuDNN/oneDNN layer helpers (read each time a layer is initialised). */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** JavaCPP's platform extension: the installed ND4J build to load (set from {@link NativeBuilds#choose}). */
    public static final String JAVACPP_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private static volatile boolean initialized;
    /** Set when the native build could not be loaded: every later call fails with the same message. */
    private static volatile MissingNativeBuildException failure;

    /**
     * No ND4J native build serves this machine. An {@link IllegalArgumentException} so that every
     * command's existing "bad input" path shows its message as one line (the argument at fault is
     * the installation), not a stack trace.
     */
    public static final class MissingNativeBuildException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MissingNativeBuildException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Nd4jSetup() {
    }

    /**
     * Idempotent; cheap after the first call. Call before any ND4J/DL4J use.
     *
     * @throws MissingNativeBuildException when no installed native build serves this platform and
     *         CPU, or the one chosen does not load
     */
    public static void ensureInitialized() {
        if (initialized) {
            return;
        }
        synchronized (Nd4jSetup.class) {
            if (initialized) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            ClassLoader pluginLoader = Nd4jSetup.class.getClassLoader();
            String osName = System.getProperty("os.name", "");
            String osArch = System.getProperty("os.arch", "");
            String platform = NativeBuilds.platform(osName, osArch);
            NativeBuilds.Cpu cpu = NativeBuilds.cpuFeatures();
            java.util.List<String> installed = NativeBuilds.installed(platform,
                    r -> pluginLoader.getResource(r) != null);
            String build = NativeBuilds.choose(platform, cpu, installed);
            if (build == null) {
                failure = new MissingNativeBuildException(
                        NativeBuilds.missingMessage(osName, osArch, cpu, installed, PluginVersion.get()), null);
                throw failure;
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(pluginLoader);
            try {
                if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
                    System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
                }
                if (System.getProperty(JAVACPP_EXTENSION_PROPERTY) == null) {
                    System.setProperty(JAVACPP_EXTENSION_PROPERTY, build.substring(platform.length()));
                }
                DL4JClassLoading.setDl4jClassloader(pluginLoader);
                Nd4j.getBackend(); // loads the native library now, with the right loaders
                Nd4j.getEnvironment().allowHelpers(true);
            } catch (RuntimeException | LinkageError e) {
                failure = new MissingNativeBuildException("CNN Classifier cannot run on this computer: ND4J's native "
                        + "build " + build + " did not load (os.name=" + osName + ", os.arch=" + osArch + "): "
                        + rootMessage(e), e);
                throw failure;
            } finally {
                thread.setContextClassLoader(previous);
            }
            initialized = true;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** True when DL4J's oneDNN helpers will be used for new layers. */
    public static boolean helpersEnabled() {
        ensureInitialized();
        return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY, "true"))
                && org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled();
    }

    /**
     * One line describing the loaded native backend, e.g. for ImageJ macros:
     * {@code call("org.cnnclassifier.network.Nd4jSetup.describe")}.
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
