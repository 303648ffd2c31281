package org.cnnclassifier.command;

import java.awt.GraphicsEnvironment;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.ConsoleProgress;
import org.cnnclassifier.host.StatusProgress;
import org.cnnclassifier.progress.CanceledException;
import org.cnnclassifier.progress.ProgressListener;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * A SciJava command whose inputs are a function's {@link Spec} keys: each subclass declares one
 * {@code String} field per key, named as the key ({@code @Parameter(required = false, persist =
 * false)}), and nothing else about it: labels, defaults, choices and ranges are the spec's, and
 * values are checked by the same rules as in a macro (a word for a number, a value out of range is
 * an error naming the key, not a silent 0 or default). Text inputs also take what a script passes
 * (numbers, booleans, files), converted to text by SciJava. Every failure is one error line
 * (headless: {@code [ERROR] <title>: <message>}, exit status 1) and the command is cancelled.
 */
public abstract class SpecCommand extends ContextCommand {
    @Parameter(required = false)
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    private final Spec spec;

    protected SpecCommand(Spec spec) {
        this.spec = spec;
    }

    /** The function's definition. */
    protected Spec spec() {
        return spec;
    }

    /** Does the work with checked values; throws IllegalArgumentException or IOException with a user message. */
    protected abstract void run(Values values) throws Exception;

    @Override
    public final void run() {
        try {
            run(spec().parse(rawValues(), Spec.Source.DEFAULTS, Key.Scope.SCRIPT));
        } catch (CanceledException e) {
            if (log != null) {
                log.warn(spec().title() + ": canceled; nothing was written.");
            }
            cancel("Canceled.");
        } catch (Exception e) {
            fail(e.getMessage() != null ? e.getMessage() : e.toString());
            if (log != null && !(e instanceof IllegalArgumentException || e instanceof java.io.IOException)) {
                log.debug(e);
            }
        }
    }

    /** The text of each key's field that was given (null fields are left to the spec's default). */
    private Map<String, String> rawValues() throws ReflectiveOperationException {
        Map<String, String> raw = new LinkedHashMap<>();
        for (Key k : spec().keys()) {
            Field f = keyField(getClass(), k.name());
            f.setAccessible(true);
            Object v = f.get(this);
            if (v != null) {
                raw.put(k.name(), v.toString());
            }
        }
        return raw;
    }

    /**
     * The String field that holds a key's value in a command class: the field named as the key, or, for the key
     * {@code class} (a Java keyword), the field {@code className}.
     */
    static Field keyField(Class<?> type, String key) throws NoSuchFieldException {
        String name = key.equals("class") ? "className" : key;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (f.getType() == String.class) {
                    return f;
                }
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getSimpleName() + " has no String field for the key '" + key + "'");
    }
    /** Reports a failure as one error line and cancels the command. */
    protected void fail(String message) {
        if (log != null) {
            log.error(spec().title() + ": " + message);
        } else {
            System.err.println("[ERROR] " + spec().title() + ": " + message);
        }
        cancel(message);
    }

    protected LogService log() {
        return log;
    }

    protected static boolean headless() {
        return GraphicsEnvironment.isHeadless();
    }

    /** Headless: status lines on standard output; otherwise SciJava's status bar, with cancel and Esc. */
    protected ProgressListener progress() {
        if (headless() || status == null) {
            return new ConsoleProgress(10);
        }
        return new StatusProgress(status, this::isCanceled);
    }
}
