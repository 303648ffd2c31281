package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.cnnclassifier.network.NativeBuilds;

/**
 * What each Fiji zip of target/dist holds: the plugin, its own platform's ND4J, OpenBLAS and HDF5
 * natives (HDF5: Import Keras Model) and no other platform's, no class of a library the Fiji-like installation (pom-scijava 40.0.0)
 * has, no file Fiji's updater would take for one of Fiji's, and in jars/&lt;platform&gt;/ only
 * modules that Fiji's module path can take beside Fiji's own (fiji/fiji#426).
 */
class DistZipsIT {
    static final String STRAY_GUAVA = "com/google/thirdparty/publicsuffix/";
    static final Pattern VERSION = Pattern.compile("-\\d.*$");
    /** The class an SLF4J 1.x binding provides. */
    static final String SLF4J_BINDING = "org/slf4j/impl/StaticLoggerBinder.class";
    /** Classes of every jar of the Fiji-like installation. */
    static Set<String> fijiClasses = new HashSet<>();
    /** Unversioned names of its jars, as Fiji's updater compares them (e.g. "guava"). */
    static Set<String> fijiNames = new HashSet<>();
    /** Module names of jars/linux64 of the Fiji-like installation. */
    static Set<String> fijiPlatformModules = new HashSet<>();

    @BeforeAll
    static void readFijiLike() throws IOException {
        try (Stream<Path> s = Files.walk(FijiInstallIT.fijiLike().resolve("jars"))) {
            for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                fijiNames.add(unversioned(jar.getFileName().toString()));
                try (ZipFile z = new ZipFile(jar.toFile())) {
                    z.stream().map(ZipEntry::getName).filter(DistZipsIT::isClass).forEach(fijiClasses::add);
                }
                if (jar.getParent().getFileName().toString().equals("linux64")) {
                    fijiPlatformModules.add(moduleName(jar.getFileName().toString(), Files.readAllBytes(jar)));
                }
            }
        }
        assertTrue(fijiClasses.contains("org/scijava/Context.class") && fijiClasses.contains("ij/ImagePlus.class"));
        assertTrue(fijiPlatformModules.contains("org.bytedeco.javacpp.linux.x86_64"), fijiPlatformModules.toString());
    }

    static boolean isClass(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/");
    }

    /** "guava-33.3.1-jre.jar" -> "guava"; "openblas-0.3.19-1.5.7-linux-x86_64.jar" -> "openblas". */
    static String unversioned(String fileName) {
        return VERSION.matcher(fileName.replaceAll("\\.jar$", "")).replaceAll("");
    }

    static List<NativeBuilds.Zip> zips() {
        return NativeBuilds.ZIPS;
    }

    @ParameterizedTest
    @MethodSource("zips")
    void zipHoldsItsPlatformAndNothingFijiHas(NativeBuilds.Zip platform) throws IOException {
        Path zip = FijiInstallIT.zip(platform.fijiPlatform());
        assertTrue(Files.isRegularFile(zip), "missing " + zip);
        String own = platform.javacppPlatform();
        List<String> others = new ArrayList<>();
        for (NativeBuilds.Zip z : NativeBuilds.ZIPS) {
            if (!z.equals(platform)) {
                others.add(z.javacppPlatform());
                others.add("jars/" + z.fijiPlatform() + "/");
            }
        }
        Map<String, Long> jars = new LinkedHashMap<>();
        Map<String, String> modules = new HashMap<>();
        List<String> nativeLibraries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String name = e.getName();
                assertTrue(name.startsWith("plugins/") || name.startsWith("jars/") || name.startsWith("lib/"), name);
                if (e.isDirectory()) {
                    continue;
                }
                assertTrue(name.endsWith(".jar"), name);
                for (String o : others) {
                    assertFalse(name.contains(o), name + " belongs to another platform (" + o + ")");
                }
                String fileName = name.substring(name.lastIndexOf('/') + 1);
                assertFalse(fijiNames.contains(unversioned(fileName)),
                        name + ": Fiji's updater would take it for Fiji's own " + unversioned(fileName) + " (fiji/fiji#245)");
                byte[] bytes = in.readAllBytes();
                jars.put(name, (long) bytes.length);
                try (ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                    for (ZipEntry je; (je = jar.getNextEntry()) != null;) {
                        String n = je.getName();
                        // ND4J's shaded protobuf jar carries 3 unrelocated classes of Guava's
                        // com.google.thirdparty.publicsuffix; Fiji's guava, first on the class path, serves them.
                        boolean knownStray = fileName.startsWith("nd4j-protobuf-") && n.startsWith(STRAY_GUAVA);
                        assertFalse(fijiClasses.contains(n) && !knownStray, name + " holds " + n + ", which Fiji ships");
                        assertFalse(n.equals(SLF4J_BINDING), name + " is an SLF4J binding: Fiji has its own");
                        if (n.matches(".*\\.(so(\\.\\d+)*|dll|dylib)$")) {
                            nativeLibraries.add(n);
                            assertTrue(n.contains("/" + own + "/") || n.contains("/" + own + "-"), name + ": " + n + " is not for " + own);
                            assertTrue(name.startsWith("jars/" + platform.fijiPlatform() + "/"), name + " holds natives outside jars/<platform>/");
                        }
                        for (String o : others) {
                            assertFalse(n.contains(o), name + ": " + n + " belongs to another platform");
                        }
                    }
                }
                if (name.startsWith("jars/")) {
                    assertTrue(name.startsWith("jars/" + platform.fijiPlatform() + "/"), name);
                    String module = moduleName(fileName, bytes);
                    assertFalse(fijiPlatformModules.contains(module), name + ": a second version of Fiji's module " + module
                            + " on its module path");
                    assertTrue(modules.put(module, name) == null, "two jars of module " + module);
                    assertFalse(module.startsWith("org.bytedeco.javacpp"), name + ": Fiji has javacpp's natives");
                } else {
                    assertFalse(fileName.substring(0, fileName.length() - 4).contains("_") && name.startsWith("plugins/CNN_Classifier-deps/"),
                            name + ": ImageJ would scan it for plugins");
                }
            }
        }
        String version = System.getProperty("project.version", "0.1.0");
        assertTrue(jars.containsKey("plugins/CNN_Classifier-" + version + ".jar"), jars.keySet().toString());
        String nd4j = own.equals("macosx-arm64") ? own : own + "-onednn-avx2";
        assertTrue(jars.containsKey("jars/" + platform.fijiPlatform() + "/nd4j-native-1.0.0-M2.1-" + nd4j + ".jar"), jars.keySet().toString());
        assertTrue(jars.containsKey("jars/" + platform.fijiPlatform() + "/openblas-0.3.19-1.5.7-" + own + ".jar"), jars.keySet().toString());
        assertTrue(nativeLibraries.stream().anyMatch(n -> n.endsWith("/" + own + (own.equals("macosx-arm64") ? "" : "-onednn-avx2") + "/"
                + (own.startsWith("windows") ? "jnind4jcpu.dll" : own.startsWith("macosx") ? "libjnind4jcpu.dylib" : "libjnind4jcpu.so"))),
                nativeLibraries.toString());
        assertTrue(jars.keySet().stream().anyMatch(n -> n.contains("/nd4j-api-")), jars.keySet().toString());
        // Import Keras Model: DL4J's importer and HDF5's Java part in every zip, HDF5's natives of this platform only
        // (javacpp-presets publishes no macosx-arm64 build of HDF5 1.12.1-1.5.7: none there).
        assertTrue(jars.containsKey("plugins/CNN_Classifier-deps/deeplearning4j-modelimport-1.0.0-M2.1.jar")
                && jars.containsKey("plugins/CNN_Classifier-deps/hdf5-1.12.1-1.5.7.jar"), jars.keySet().toString());
        String hdf5 = "jars/" + platform.fijiPlatform() + "/hdf5-1.12.1-1.5.7-" + own + ".jar";
        assertEquals(!own.equals("macosx-arm64"), jars.containsKey(hdf5), hdf5 + " in " + jars.keySet());
        assertEquals(own.equals("macosx-arm64") ? 0 : 1, jars.keySet().stream().filter(n -> n.contains("/hdf5-1.12.1-1.5.7-"))
                .count(), jars.keySet().toString());
        if (!own.equals("macosx-arm64")) {
            String jni = own.startsWith("windows") ? "jnihdf5.dll" : own.startsWith("macosx") ? "libjnihdf5.dylib"
                    : "libjnihdf5.so";
            assertTrue(nativeLibraries.contains("org/bytedeco/hdf5/" + own + "/" + jni), nativeLibraries.toString());
        }
        for (String fijiArtifact : List.of("ij", "scijava-common", "imglib2", "parsington", "javacpp", "commons-io", "gson", "jna",
                "slf4j-api", "threetenbp", "fastutil", "commons-net")) {
            assertFalse(jars.keySet().stream().anyMatch(n -> unversioned(n.substring(n.lastIndexOf('/') + 1)).equals(fijiArtifact)),
                    fijiArtifact + " in " + jars.keySet());
        }
        long total = jars.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%s: %.1f MB, %d jars (%.1f MB in jars/%s/)%n", zip.getFileName(), Files.size(zip) / 1e6, jars.size(),
                jars.entrySet().stream().filter(e -> e.getKey().startsWith("jars/")).mapToLong(Map.Entry::getValue).sum() / 1e6,
                platform.fijiPlatform());
        assertTrue(total > 0);
    }

    /**
     * Plain ImageJ (target/imagej) has no logging of its own: its plugin folder holds exactly one
     * SLF4J binding, of slf4j-api's version, so that no start prints SLF4J's "Failed to load class"
     * warning (checked on the demo's log by ApplyConvolutionKernelIT).
     */
    @Test
    void plainImageJHasOneSlf4jBindingOfTheApisVersion() throws IOException {
        List<String> bindings = new ArrayList<>();
        String api = null;
        try (Stream<Path> s = Files.list(ImageJHost.home().resolve("plugins/CNN_Classifier-deps"))) {
            for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("slf4j-api-")) {
                    api = name.substring("slf4j-api-".length());
                }
                try (ZipFile z = new ZipFile(jar.toFile())) {
                    if (z.getEntry(SLF4J_BINDING) != null) {
                        bindings.add(name);
                    }
                }
            }
        }
        assertEquals(List.of("slf4j-nop-" + api), bindings);
    }

    /** jars/linux64 of the Fiji-like installation plus the linux64 zip's: one module path Java accepts. */
    @Test
    void linux64ModulePathStartsBesideFijis(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("linux64"));
        try (Stream<Path> s = Files.list(FijiInstallIT.fijiLike().resolve("jars/linux64"))) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(FijiInstallIT.zip("linux64")))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (!e.isDirectory() && e.getName().startsWith("jars/linux64/")) {
                    Files.copy(in, dir.resolve(e.getName().substring("jars/linux64/".length())), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (ModuleReference m : ModuleFinder.of(dir).findAll()) { // throws FindException on two versions of a module
            names.add(m.descriptor().name());
        }
        assertTrue(names.contains("nd4j.cpu.binary") && names.contains("org.bytedeco.javacpp.linux.x86_64"), names.toString());
    }

    /** The module name Java gives a jar on the module path: module-info, Automatic-Module-Name, or from its file name. */
    static String moduleName(String fileName, byte[] jar) throws IOException {
        String automatic = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().equals("module-info.class") || e.getName().matches("META-INF/versions/\\d+/module-info\\.class")) {
                    return ModuleDescriptor.read(new ByteArrayInputStream(in.readAllBytes())).name();
                }
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    automatic = new Manifest(in).getMainAttributes().getValue("Automatic-Module-Name");
                }
            }
        }
        if (automatic != null) {
            return automatic;
        }
        // Derived from the file name: let Java do it on an empty jar of that name.
        Path dir = Files.createTempDirectory("module-name");
        Path empty = dir.resolve(fileName);
        try {
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(empty), mf)) {
                out.flush();
            }
            Set<ModuleReference> found = ModuleFinder.of(empty).findAll();
            assertEquals(1, found.size());
            return found.iterator().next().descriptor().name();
        } catch (java.lang.module.FindException e) {
            fail(fileName + " would stop Fiji's module path: " + e.getMessage());
            return null;
        } finally {
            Files.deleteIfExists(empty);
            Files.deleteIfExists(dir);
        }
    }
}
