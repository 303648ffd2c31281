package org.cnnclassifier.ij1;

/**
 * Dialog labels and remembered values. GenericDialog derives a field's macro key from its label (first word, lower case), so every
 * label starts with the macro key constant: {@code label("top", "classes")} is "Top classes" and
 * records as {@code top=3}.
 */
final class Labels {
    private Labels() {
    }

    /**
     * A value remembered from the last interactive use, but never in a macro call: there a key
     * left out must mean the documented default, not whatever was last typed in the dialog.
     */
    static String remembered(String pref, String defaultValue) {
        return ij.Macro.getOptions() == null ? ij.Prefs.get(pref, defaultValue) : defaultValue;
    }

    static boolean remembered(String pref, boolean defaultValue) {
        return ij.Macro.getOptions() == null ? ij.Prefs.get(pref, defaultValue) : defaultValue;
    }

    static String label(String key, String rest) {
        String first = Character.toUpperCase(key.charAt(0)) + key.substring(1);
        return rest == null || rest.isEmpty() ? first : first + " " + rest;
    }
}
