package org.cnnclassifier.function;

import java.nio.file.Path;
import java.util.Map;

/** A function's checked values, by key (see {@link Spec#parse}). */
public record Values(Spec spec, Map<String, Object> values) {

    private Object get(String key) {
        if (!values.containsKey(key)) {
            spec.key(key); // throws for a name the spec does not have
            throw new IllegalStateException("Key '" + key + "' of " + spec.title() + " is not offered here.");
        }
        return values.get(key);
    }

    public String text(String key) {
        return (String) get(key);
    }

    public int whole(String key) {
        return Math.toIntExact((Long) get(key));
    }

    public long wholeLong(String key) {
        return (Long) get(key);
    }

    public double number(String key) {
        return (Double) get(key);
    }

    public boolean flag(String key) {
        return (Boolean) get(key);
    }

    /** A path key's value, or null when it is empty (or not offered by this host). */
    public Path path(String key) {
        if (!values.containsKey(key)) {
            return null;
        }
        String t = text(key);
        return t == null || t.isBlank() ? null : Path.of(t);
    }
}
