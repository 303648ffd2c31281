package org.cnnclassifier.ij1;

/**
 * GenericDialog derives a field's macro key from its label (first word, lower case), so every
 * label starts with the macro key constant: {@code label("top", "classes")} is "Top classes" and
 * records as {@code top=3}.
 */
final class Labels {
    private Labels() {
    }

    static String label(String key, String rest) {
        String first = Character.toUpperCase(key.charAt(0)) + key.substring(1);
        return rest == null || rest.isEmpty() ? first : first + " " + rest;
    }
}
