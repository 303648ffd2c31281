package org.cnnclassifier.modelfile;

/** The plugin's version, from the jar manifest (Implementation-Version), or "dev" in an IDE. */
public final class PluginVersion {
    private PluginVersion() {
    }

    public static String get() {
        String v = PluginVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
