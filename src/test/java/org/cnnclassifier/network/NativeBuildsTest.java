package org.cnnclassifier.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.cnnclassifier.network.NativeBuilds.Cpu;
import org.junit.jupiter.api.Test;

/** The choice of ND4J native build and the message when none serves the machine: pure functions of platform strings. */
class NativeBuildsTest {
    static final Cpu AVX2 = new Cpu(true, false);
    static final Cpu NO_AVX2 = new Cpu(false, false);

    @Test
    void javacppPlatformNames() {
        assertEquals("linux-x86_64", NativeBuilds.platform("Linux", "amd64"));
        assertEquals("windows-x86_64", NativeBuilds.platform("Windows 11", "amd64"));
        assertEquals("windows-x86", NativeBuilds.platform("Windows 10", "x86"));
        assertEquals("macosx-x86_64", NativeBuilds.platform("Mac OS X", "x86_64"));
        assertEquals("macosx-arm64", NativeBuilds.platform("Mac OS X", "aarch64"));
        assertEquals("linux-arm64", NativeBuilds.platform("Linux", "aarch64"));
        assertEquals("linux64", NativeBuilds.zipFor("linux-x86_64"));
        assertEquals("win64", NativeBuilds.zipFor("windows-x86_64"));
        assertEquals("macosx", NativeBuilds.zipFor("macosx-x86_64"));
        assertEquals("macosx-arm64", NativeBuilds.zipFor("macosx-arm64"));
        assertNull(NativeBuilds.zipFor("linux-arm64"));
    }

    @Test
    void choosesTheInstalledBuildTheCpuRuns() {
        List<String> zip = List.of("linux-x86_64-onednn-avx2");
        assertEquals("linux-x86_64-onednn-avx2", NativeBuilds.choose("linux-x86_64", AVX2, zip));
        assertEquals("linux-x86_64-onednn-avx2", NativeBuilds.choose("linux-x86_64", Cpu.UNKNOWN, zip));
        assertNull(NativeBuilds.choose("linux-x86_64", NO_AVX2, zip));
        assertEquals("linux-x86_64-onednn",
                NativeBuilds.choose("linux-x86_64", NO_AVX2, List.of("linux-x86_64-onednn-avx2", "linux-x86_64-onednn")));
        assertEquals("macosx-arm64", NativeBuilds.choose("macosx-arm64", NO_AVX2, List.of("macosx-arm64")));
        assertNull(NativeBuilds.choose("windows-x86_64", AVX2, zip));
    }

    @Test
    void wrongZipNamesPlatformCpuAndTheZipToInstall() {
        String m = NativeBuilds.missingMessage("Windows 11", "amd64", AVX2, List.of("linux-x86_64-onednn-avx2"), "0.1.0");
        assertTrue(m.contains("no ND4J native build for windows-x86_64"), m);
        assertTrue(m.contains("os.name=Windows 11, os.arch=amd64"), m);
        assertTrue(m.contains("CPU with AVX2"), m);
        assertTrue(m.contains("installed: linux-x86_64-onednn-avx2, for another platform"), m);
        assertTrue(m.contains("Install CNN_Classifier-0.1.0-win64.zip"), m);
        assertFalse(m.contains("\n"), m);

        String mac = NativeBuilds.missingMessage("Mac OS X", "aarch64", NO_AVX2, List.of(), "0.1.0");
        assertTrue(mac.contains("macosx-arm64") && mac.contains("is installed.") && mac.contains("CNN_Classifier-0.1.0-macosx-arm64.zip"),
                mac);
        String intelMac = NativeBuilds.missingMessage("Mac OS X", "x86_64", Cpu.UNKNOWN, List.of(), "0.1.0");
        assertTrue(intelMac.contains("AVX2 support unknown") && intelMac.contains("CNN_Classifier-0.1.0-macosx.zip"), intelMac);
    }

    @Test
    void cpuWithoutAvx2IsToldSo() {
        String m = NativeBuilds.missingMessage("Linux", "amd64", NO_AVX2, List.of("linux-x86_64-onednn-avx2"), "0.1.0");
        assertTrue(m.contains("CPU without AVX2"), m);
        assertTrue(m.contains("installed: linux-x86_64-onednn-avx2, which needs a CPU with AVX2"), m);
        assertTrue(m.contains("-Dnd4j.classifier=linux-x86_64-onednn"), m);
    }

    @Test
    void platformWithoutZip() {
        String m = NativeBuilds.missingMessage("Linux", "aarch64", NO_AVX2, List.of(), "0.1.0");
        assertTrue(m.contains("no ND4J native build for linux-arm64"), m);
        assertTrue(m.contains("No CNN_Classifier zip serves linux-arm64"), m);
        assertTrue(m.contains("linux64 = linux-x86_64, win64 = windows-x86_64, macosx = macosx-x86_64, macosx-arm64 = macosx-arm64"), m);
    }

    @Test
    void findsBuildsByTheirJniLibrary() {
        Set<String> resources = Set.of(
                "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libjnind4jcpu.so",
                "org/nd4j/linalg/cpu/nativecpu/bindings/windows-x86_64-onednn-avx2/jnind4jcpu.dll",
                "org/nd4j/linalg/cpu/nativecpu/bindings/macosx-arm64/libjnind4jcpu.dylib");
        assertEquals(List.of("linux-x86_64-onednn-avx2", "windows-x86_64-onednn-avx2", "macosx-arm64"),
                NativeBuilds.installed("linux-x86_64", resources::contains));
    }

    @Test
    void readsCpuinfoFlags() {
        Cpu cpu = NativeBuilds.fromCpuinfo("processor\t: 0\nflags\t\t: fpu sse sse2 avx avx2 fma\n");
        assertEquals(Boolean.TRUE, cpu.avx2());
        assertEquals(Boolean.FALSE, cpu.avx512());
        assertEquals(Boolean.FALSE, NativeBuilds.fromCpuinfo("flags : fpu sse sse2 avx\n").avx2());
        assertNull(NativeBuilds.fromCpuinfo("nothing").avx2());
    }

    @Test
    void thisMachineLoadsItsBuild() {
        // The test class path holds the build of nd4j.classifier for this (Linux x86-64) machine.
        String platform = NativeBuilds.platform(System.getProperty("os.name"), System.getProperty("os.arch"));
        List<String> installed = NativeBuilds.installed(platform, r -> getClass().getClassLoader().getResource(r) != null);
        assertEquals(platform + "-onednn-avx2", NativeBuilds.choose(platform, NativeBuilds.cpuFeatures(), installed), installed.toString());
    }
}
