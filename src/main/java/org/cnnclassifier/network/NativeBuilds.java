package org.cnnclassifier.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Which ND4J native build serves this machine, and what to tell the user when the installation has
 * none that does. The decision ({@link #choose}, {@link #missingMessage}) is a pure function of the
 * platform strings, the CPU's features and the builds found, so it is unit tested; the probes
 * ({@link #cpuFeatures()}, {@link #installed}) read the machine and the class path.
 *
 * <p>
 * ND4J names its builds {@code <platform><extension>}, e.g. {@code linux-x86_64-onednn-avx2}, and
 * keeps each in {@code org/nd4j/linalg/cpu/nativecpu/bindings/<build>/} of the
 * {@code nd4j-native-<version>-<build>.jar}. The Fiji zips hold one build per platform
 * ({@link #ZIPS}).
 */
public final class NativeBuilds {
    /** Where ND4J's native builds keep their JNI library. */
    static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    /** Extensions of ND4J 1.0.0-M2.1's CPU builds, most capable first. */
    static final List<String> EXTENSIONS = List.of("-onednn-avx512", "-onednn-avx2", "-onednn", "-avx512", "-avx2", "");

    /** The Fiji zips: Fiji's platform name and the JavaCPP platform whose natives each holds. */
    public record Zip(String fijiPlatform, String javacppPlatform) {
    }

    public static final List<Zip> ZIPS = List.of(new Zip("linux64", "linux-x86_64"), new Zip("win64", "windows-x86_64"),
            new Zip("macosx", "macosx-x86_64"), new Zip("macosx-arm64", "macosx-arm64"));

    /** What is known of the CPU's vector extensions: TRUE, FALSE, or null (could not tell). */
    public record Cpu(Boolean avx2, Boolean avx512) {
        public static final Cpu UNKNOWN = new Cpu(null, null);

        String describe() {
            return avx2 == null ? "AVX2 support unknown" : avx2 ? "with AVX2" : "without AVX2";
        }
    }

    private NativeBuilds() {
    }

    /**
     * JavaCPP's platform name ({@code org.bytedeco.javacpp.Loader.getPlatform()}) for the
     * {@code os.name} and {@code os.arch} system properties, e.g. "Windows 11", "amd64" ->
     * "windows-x86_64"; "Mac OS X", "aarch64" -> "macosx-arm64".
     */
    public static String platform(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT).replace(" ", "");
        String arch = osArch.toLowerCase(Locale.ROOT);
        String os;
        if (name.startsWith("windows")) {
            os = "windows";
        } else if (name.startsWith("macosx") || name.startsWith("mac")) {
            os = "macosx";
        } else if (name.startsWith("linux")) {
            os = "linux";
        } else {
            os = name;
        }
        String a = switch (arch) {
            case "amd64", "x86-64", "x86_64", "x64" -> "x86_64";
            case "i386", "i486", "i586", "i686", "x86" -> "x86";
            case "aarch64", "arm64", "armv8" -> "arm64";
            default -> arch.startsWith("arm") ? "armhf" : arch;
        };
        return os + "-" + a;
    }

    /** The Fiji zip for a JavaCPP platform, or null when no zip serves it. */
    public static String zipFor(String platform) {
        for (Zip z : ZIPS) {
            if (z.javacppPlatform().equals(platform)) {
                return z.fijiPlatform();
            }
        }
        return null;
    }

    /** Whether the CPU can run a build with this extension (unknown features count as present). */
    static boolean runs(String extension, Cpu cpu) {
        if (extension.contains("avx512")) {
            return !Boolean.FALSE.equals(cpu.avx512());
        }
        if (extension.contains("avx2")) {
            return !Boolean.FALSE.equals(cpu.avx2());
        }
        return true;
    }

    /**
     * The build to load: the most capable of {@code installed} (build names) that is for
     * {@code platform} and that the CPU runs; null when there is none.
     */
    public static String choose(String platform, Cpu cpu, List<String> installed) {
        for (String ext : EXTENSIONS) {
            if (installed.contains(platform + ext) && runs(ext, cpu)) {
                return platform + ext;
            }
        }
        return null;
    }

    /**
     * The one message a user gets when no installed build serves this machine: the platform and
     * CPU, what is installed, and which zip to install.
     *
     * @param installed the ND4J builds found on the class path, any platform
     * @param version the plugin version, for the zip's file name
     */
    public static String missingMessage(String osName, String osArch, Cpu cpu, List<String> installed, String version) {
        String platform = platform(osName, osArch);
        String zip = zipFor(platform);
        StringBuilder m = new StringBuilder("CNN Classifier cannot run on this computer: no ND4J native build for ")
                .append(platform).append(" (os.name=").append(osName).append(", os.arch=").append(osArch)
                .append(", CPU ")
                .append(cpu.describe()).append(")");
        List<String> own = new ArrayList<>();
        for (String b : installed) {
            if (b.startsWith(platform)) {
                own.add(b);
            }
        }
        if (installed.isEmpty()) {
            m.append(" is installed.");
        } else if (own.isEmpty()) {
            m.append("; installed: ").append(String.join(", ", installed)).append(", for another platform.");
        } else {
            m.append("; installed: ").append(String.join(", ", own)).append(", which needs a CPU with AVX2.");
        }
        if (zip == null) {
            m.append(" No CNN_Classifier zip serves ").append(platform).append(" (there are zips for ");
            List<String> names = new ArrayList<>();
            for (Zip z : ZIPS) {
                names.add(z.fijiPlatform() + " = " + z.javacppPlatform());
            }
            m.append(String.join(", ", names)).append(").");
        } else if (!own.isEmpty()) {
            m.append(" The zips hold ND4J's AVX2 build; for this CPU build the plugin from source with ")
                    .append("-Dnd4j.classifier=")
                    .append(platform).append("-onednn (see the README, Native builds).");
        } else {
            m.append(" Install CNN_Classifier-").append(version).append('-').append(zip)
                    .append(".zip: unzip it into Fiji.app (replacing the files of any other zip of the plugin) ")
                    .append("and restart Fiji.");
        }
        return m.toString();
    }

    /** The builds whose JNI library {@code hasResource} finds, for every platform of {@link #ZIPS} and this one. */
    public static List<String> installed(String platform, Predicate<String> hasResource) {
        List<String> platforms = new ArrayList<>();
        platforms.add(platform);
        for (Zip z : ZIPS) {
            if (!platforms.contains(z.javacppPlatform())) {
                platforms.add(z.javacppPlatform());
            }
        }
        List<String> found = new ArrayList<>();
        for (String p : platforms) {
            for (String ext : EXTENSIONS) {
                if (hasResource.test(BINDINGS + p + ext + "/" + jniLibrary(p))) {
                    found.add(p + ext);
                }
            }
        }
        return found;
    }

    /** The file name of ND4J's JNI library on a platform. */
    static String jniLibrary(String platform) {
        if (platform.startsWith("windows")) {
            return "jnind4jcpu.dll";
        }
        return platform.startsWith("macosx") ? "libjnind4jcpu.dylib" : "libjnind4jcpu.so";
    }

    /** The flags of a Linux /proc/cpuinfo text. */
    static Cpu fromCpuinfo(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("flags")) {
                List<String> flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                return new Cpu(flags.contains("avx2"), flags.contains("avx512f"));
            }
        }
        return Cpu.UNKNOWN;
    }

    /** The CPU's AVX2/AVX-512 support: /proc/cpuinfo on Linux, sysctl on an Intel Mac; unknown elsewhere. */
    public static Cpu cpuFeatures() {
        String platform = platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        try {
            if (platform.startsWith("linux")) {
                Path p = Path.of("/proc/cpuinfo");
                if (Files.isReadable(p)) {
                    return platform.endsWith("x86_64") ? fromCpuinfo(Files.readString(p, StandardCharsets.ISO_8859_1))
                            : new Cpu(false, false);
                }
            } else if (platform.equals("macosx-x86_64")) {
                Process pr = new ProcessBuilder("sysctl", "-n", "machdep.cpu.leaf7_features")
                        .redirectErrorStream(true).start();
                String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
                        .toUpperCase(Locale.ROOT);
                if (pr.waitFor(5, TimeUnit.SECONDS) && pr.exitValue() == 0) {
                    return new Cpu(out.contains("AVX2"), out.contains("AVX512F"));
                }
            } else if (platform.endsWith("arm64")) {
                return new Cpu(false, false);
            }
        } catch (IOException e) {
            return Cpu.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Cpu.UNKNOWN;
    }
}
