package org.cnnclassifier.ij1;

import java.awt.Font;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;

import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.MacroOptions;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.Values;

/**
 * A function's values for its PlugIn. Called from a macro, the options are read and checked
 * without any dialog (ImageJ's GenericDialog would open a modal "Numeric value expected" or "not a
 * valid choice" dialog on a bad value, which hangs an {@code ij.jar -batch} run); a bad or unknown
 * key is reported with {@link Messages#error}, which stops the macro. Interactively, a
 * GenericDialog built from the spec, each label starting with its key so that the recorder writes
 * {@code key=value}; the values are remembered for the next interactive use (never for macros,
 * where a key left out means its documented default). Keys with a heading are shown under it
 * ({@link Key#group()}); a number with a word for its default shows the word; the Help button shows
 * the spec's help page ({@link HelpPages}).
 */
final class SpecDialog {
    /** The font of a group's heading. */
    private static final Font HEADING = new Font("SansSerif", Font.BOLD, 13);

    private SpecDialog() {
    }

    /** The checked values, or null when the user cancelled or a value was bad (already reported). */
    static Values ask(Spec spec) {
        return ask(spec, null);
    }

    /** As {@link #ask(Spec)}, with a message shown at the top of the dialog. */
    static Values ask(Spec spec, String message) {
        String options = Macro.getOptions();
        try {
            if (options != null) {
                return spec.parse(MacroOptions.parse(options, SpecDialog::macroVariable), Spec.Source.MACRO,
                        Key.Scope.BOTH);
            }
            Map<String, String> raw = showDialog(spec, message);
            if (raw == null) {
                return null;
            }
            Values values = spec.parse(raw, Spec.Source.DEFAULTS, Key.Scope.BOTH);
            raw.forEach((k, v) -> Prefs.set(pref(spec, k), v));
            return values;
        } catch (IllegalArgumentException e) {
            Messages.error(spec.title(), e.getMessage());
            return null;
        }
    }

    private static String macroVariable(String name) {
        Interpreter macro = Interpreter.getInstance();
        return macro == null ? null : macro.getVariableAsString(name);
    }

    private static Map<String, String> showDialog(Spec spec, String message) {
        GenericDialog gd = new GenericDialog(spec.title());
        if (message != null) {
            gd.addMessage(message);
        }
        String group = null;
        for (Key k : spec.dialogKeys()) {
            if (k.group() != null && !k.group().equals(group)) {
                group = k.group();
                gd.setInsets(group.equals(spec.dialogKeys().get(0).group()) ? 0 : 8, 0, 0);
                gd.addMessage(group, HEADING);
            }
            if (k.group() != null && k.kind() == Key.Kind.FLAG) {
                gd.setInsets(2, 20, 0); // grouped: no extra space above a checkbox
            }
            String last = Prefs.get(pref(spec, k.name()), k.defaultValue());
            if (k.sameRow()) {
                gd.addToSameRow();
            }
            if (k.defaultWord() != null) {
                // A word for the default ("default", not -1.0); a number is typed as it is.
                boolean isDefault = last.equalsIgnoreCase(k.defaultWord()) || sameNumber(last, k.defaultValue());
                gd.addStringField(k.dialogLabel(), isDefault ? k.defaultWord() : last, 10);
                continue;
            }
            switch (k.kind()) {
                case WHOLE -> gd.addNumericField(k.dialogLabel(), parse(last, k), 0);
                // as many decimals as the default or the remembered value needs (5.0E-4 is not 0.0)
                case NUMBER -> gd.addNumericField(k.dialogLabel(), parse(last, k),
                        Math.max(decimals(k.defaultValue()), decimals(last)));
                case FLAG -> gd.addCheckbox(k.dialogLabel(), Boolean.parseBoolean(last));
                case CHOICE -> gd.addChoice(k.dialogLabel(), k.choices().toArray(new String[0]),
                        k.choices().contains(last) ? last : k.defaultValue());
                case LINES -> gd.addTextAreas(last, null, 8, 40);
                case FILE, SAVE -> gd.addFileField(k.dialogLabel(), last, 30);
                case FOLDER -> gd.addDirectoryField(k.dialogLabel(), last, 30);
                default -> gd.addStringField(k.dialogLabel(), last, 24);
            }
        }
        gd.addHelp(HelpPages.html(spec.help()));
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        Map<String, String> raw = new LinkedHashMap<>();
        int numeric = 0;
        for (Key k : spec.dialogKeys()) {
            String v = k.defaultWord() != null ? gd.getNextString() : switch (k.kind()) {
                case WHOLE, NUMBER -> {
                    // What was typed, so that a word is reported as typed (the spec checks it).
                    String typed = ((java.awt.TextField) gd.getNumericFields().get(numeric++)).getText();
                    double d = gd.getNextNumber();
                    yield Double.isNaN(d) ? typed : Key.Kind.WHOLE == k.kind() && d == Math.rint(d)
                            ? Long.toString((long) d) : Double.toString(d);
                }
                case FLAG -> Boolean.toString(gd.getNextBoolean());
                case CHOICE -> gd.getNextChoice();
                case LINES -> lines(gd, k);
                default -> gd.getNextString();
            };
            raw.put(k.name(), v);
        }
        // In spec order (the recorder writes the keys in the dialog's order; either works in a macro).
        Map<String, String> ordered = new LinkedHashMap<>();
        for (Key k : spec.keys(Key.Scope.BOTH)) {
            ordered.put(k.name(), raw.get(k.name()));
        }
        return ordered;
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A text area's text; GenericDialog would record it as "text1", so it is recorded under its key. */
    private static String lines(GenericDialog gd, Key k) {
        String text = gd.getTextArea1().getText();
        if (Recorder.record && !text.isBlank()) {
            Recorder.recordOption(k.name(), Recorder.fixString(text));
        }
        return text;
    }

    private static double parse(String text, Key k) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.parseDouble(k.defaultValue());
        }
    }

    private static int decimals(String defaultValue) {
        int dot = defaultValue.indexOf('.');
        String frac = dot < 0 ? "" : defaultValue.substring(dot + 1).replaceAll("0+$", "");
        return defaultValue.contains("E") ? 4 : Math.max(frac.length(), 1);
    }

    private static String pref(Spec spec, String key) {
        return "cnnclassifier." + spec.title().toLowerCase(Locale.ROOT).replace(' ', '-') + "." + key;
    }
}
