package org.cnnclassifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import ij.Macro;

import org.junit.jupiter.api.Test;

/**
 * Issue 28, defect 4: values with '[' and ']' (paths such as /data/br[x]/m.zip, globs such as [ab]*.jpg) read
 * as ImageJ reads them. Oracle: ImageJ's own {@code ij.Macro.getValue} on the same strings, key by key.
 */
class MacroOptionsBracketsTest {
    private static final String[] OPTIONS = {
        "model=[/data/br[x]/m.zip] top=3",
        "input=[/d/cf] filter=[[ab]*.jpg] recursive",
        "open=[/a/br[x]/t.txt]",
        "input=[/a b/[c d]/e f] model=[] top=2",
        "model=[/x/[[nested] [twice]]/m.zip] output=[/y/r.csv]",
        "filter=[*[0-9].png] top=5 model=/plain/path.zip",
        "input='/with space/a.tif' top=4",
        "model=[/data/a]b[/m.zip] top=1",
    };

    @Test
    void everyValueIsWhatImageJReads() {
        for (String options : OPTIONS) {
            Map<String, String> ours = MacroOptions.parse(options, name -> null);
            for (Map.Entry<String, String> e : ours.entrySet()) {
                String imagej = Macro.getValue(options, e.getKey(), "true");
                assertEquals(imagej, e.getValue(), options + " / " + e.getKey());
            }
        }
        assertEquals("/data/br[x]/m.zip", MacroOptions.parse(OPTIONS[0], n -> null).get("model"));
        assertEquals("[ab]*.jpg", MacroOptions.parse(OPTIONS[1], n -> null).get("filter"));
        assertEquals(3, MacroOptions.parse(OPTIONS[3], n -> null).size());
    }

    @Test
    void aBracketThatNeverClosesIsNamed() {
        String options = "data=[/d/br[x/m top=3";
        assertEquals(null, Macro.getValue(options, "data", null), "ImageJ does not read it either");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MacroOptions.parse(options, n -> null));
        assertTrue(e.getMessage().contains("'data' opens '[' but never closes it"), e.getMessage());
    }
}
