package org.cnnclassifier.host;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the windows a command opens go, and at which zoom: pure geometry, no window involved, so
 * the rule is tested without a screen. {@link Windows} applies it.
 *
 * <p>Zoom: the smallest ImageJ zoom level (1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32) at which the
 * image's longer side covers {@link #READABLE} screen pixels, at most ImageJ's largest level;
 * larger images keep 100%. Pixels are not resampled: it is the view that is magnified.
 *
 * <p>Placement: windows fill the screen to the right of the source window, left to right in rows
 * starting at the source's top; a row that is full starts the next one below the tallest window
 * of the row; when the screen's bottom is reached the rows start again at the top, shifted by
 * {@link #CASCADE} pixels, so windows never sit exactly on one spot and stay on screen.
 */
public final class Placement {
    /** Screen pixels the longer side of a shown image covers at least (unless the zoom limit is reached). */
    public static final int READABLE = 256;
    /** ImageJ's zoom levels from 100% up (ij.gui.ImageCanvas), the last being its largest. */
    static final double[] LEVELS = {1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32};
    /** Pixels between windows. */
    public static final int GAP = 4;
    /** Shift of each new round of rows once the screen is full. */
    public static final int CASCADE = 24;

    /** Places tried for the windows of one command before overlapping an open window is accepted. */
    static final int MAX_TRIES = 60;

    private Placement() {
    }

    /** The zoom at which an image of this size is shown: 1 for large images, up to 32 for tiny ones. */
    public static double zoom(int width, int height) {
        int longer = Math.max(width, height);
        for (double level : LEVELS) {
            if (longer * level >= READABLE) {
                return level;
            }
        }
        return LEVELS[LEVELS.length - 1];
    }

    /**
     * Top-left corners for windows of the given sizes (width, height in the rectangles), beside
     * {@code source} (its bounds; null: below the ImageJ bar at {@code start}) within {@code screen}.
     */
    public static List<Rectangle> beside(Rectangle source, Rectangle start, List<Rectangle> sizes, Rectangle screen) {
        return beside(source, start, sizes, screen, List.of());
    }

    /**
     * As {@link #beside(Rectangle, Rectangle, List, Rectangle)}, skipping the places where a window
     * would overlap one of the {@code occupied} windows (those already open), while free places
     * are left within a few rounds.
     */
    public static List<Rectangle> beside(Rectangle source, Rectangle start, List<Rectangle> sizes, Rectangle screen,
            List<Rectangle> occupied) {
        int left = source != null ? source.x + source.width + GAP : start.x;
        int top = source != null ? source.y : start.y + start.height + GAP;
        if (left >= screen.x + screen.width - 64) {
            left = screen.x; // no room to the right of the source: use the whole width, below it
            top = source != null ? Math.min(source.y + source.height + GAP, screen.y + screen.height - 64) : top;
        }
        top = Math.max(top, screen.y);
        List<Rectangle> out = new ArrayList<>();
        int x = left, y = top, rowHeight = 0, round = 0;
        for (int i = 0, tries = 0; i < sizes.size(); tries++) {
            Rectangle s = sizes.get(i);
            if (x > left && x + s.width > screen.x + screen.width) { // next row
                x = left + round * CASCADE;
                y += rowHeight + GAP;
                rowHeight = 0;
            }
            if (y > top && y + s.height > screen.y + screen.height) { // screen full: start again at the top
                round++;
                x = left + round * CASCADE;
                y = top + round * CASCADE;
                rowHeight = 0;
            }
            // Stay on screen, even if a window is larger than the room beside the source.
            int px = Math.max(screen.x, Math.min(x, screen.x + screen.width - s.width));
            int py = Math.max(screen.y, Math.min(y, screen.y + screen.height - s.height));
            Rectangle place = new Rectangle(px, py, s.width, s.height);
            x += s.width + GAP;
            rowHeight = Math.max(rowHeight, s.height);
            if (tries < MAX_TRIES && occupied.stream().anyMatch(place::intersects)) {
                continue; // taken: try the next place
            }
            out.add(place);
            i++;
        }
        return out;
    }
}
