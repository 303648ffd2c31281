package org.cnnclassifier.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Rectangle;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The zoom rule and the placement beside the source, on hand-computed sizes (no screen needed). */
class PlacementTest {
    @Test
    void zoomIsTheSmallestImageJLevelReaching256Pixels() {
        assertEquals(8, Placement.zoom(32, 32));      // 32 x 8 = 256
        assertEquals(12, Placement.zoom(30, 20));     // 30 x 8 = 240, 30 x 12 = 360
        assertEquals(1.5, Placement.zoom(200, 100));  // 200 x 1.5 = 300
        assertEquals(32, Placement.zoom(4, 4));       // 128 pixels at ImageJ's largest zoom
        assertEquals(1, Placement.zoom(256, 10));
        assertEquals(1, Placement.zoom(3000, 2000));
    }

    @Test
    void windowsFillRowsRightOfTheSourceThenCascade() {
        Rectangle screen = new Rectangle(0, 0, 1000, 800);
        Rectangle source = new Rectangle(100, 100, 200, 150);
        Rectangle s = new Rectangle(0, 0, 300, 300);
        List<Rectangle> p = Placement.beside(source, null, List.of(s, s, s, s, s), screen);
        int gap = Placement.GAP;
        assertEquals(new Rectangle(304, 100, 300, 300), p.get(0));                  // right of the source
        assertEquals(new Rectangle(304 + 300 + gap, 100, 300, 300), p.get(1));      // same row
        assertEquals(new Rectangle(304, 100 + 300 + gap, 300, 300), p.get(2));      // 608 + 300 > 1000: next row
        assertEquals(new Rectangle(608, 404, 300, 300), p.get(3));
        // 404 + 304 + 300 > 800: the screen is full, start again at the top shifted by CASCADE.
        assertEquals(new Rectangle(304 + Placement.CASCADE, 100 + Placement.CASCADE, 300, 300), p.get(4));
    }

    @Test
    void placesTakenByOpenWindowsAreSkipped() {
        Rectangle screen = new Rectangle(0, 0, 1000, 800);
        Rectangle source = new Rectangle(100, 100, 200, 150);
        Rectangle s = new Rectangle(0, 0, 300, 300);
        // A window already open where the first place would be: the new one takes the second place.
        List<Rectangle> p = Placement.beside(source, null, List.of(s), screen,
                List.of(new Rectangle(304, 100, 300, 300)));
        assertEquals(new Rectangle(608, 100, 300, 300), p.get(0));
    }

    @Test
    void aWindowLargerThanTheRoomStaysOnScreen() {
        Rectangle screen = new Rectangle(0, 0, 1000, 700);
        List<Rectangle> p = Placement.beside(new Rectangle(600, 0, 100, 100), null,
                List.of(new Rectangle(0, 0, 500, 800)), screen);
        assertEquals(new Rectangle(500, 0, 500, 800), p.get(0));
    }
}
