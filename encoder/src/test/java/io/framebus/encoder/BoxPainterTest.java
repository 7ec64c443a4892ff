package io.framebus.encoder;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.*;

/** Outlines land on even pixels in all three planes, clipped, with class colours. */
class BoxPainterTest {

    private static YuvPicture picture(Arena arena, int w, int h) {
        MemorySegment y = arena.allocate((long) w * h);
        MemorySegment u = arena.allocate((long) (w / 2) * (h / 2));
        MemorySegment v = arena.allocate((long) (w / 2) * (h / 2));
        y.fill((byte) 50);
        u.fill((byte) 128);
        v.fill((byte) 128);
        YuvPicture p = new YuvPicture(w, h);
        p.update(y.address(), w, u.address(), w / 2, v.address(), w / 2);
        return p;
    }

    private static int at(MemorySegment plane, int stride, int x, int y) {
        return Byte.toUnsignedInt(plane.get(ValueLayout.JAVA_BYTE, (long) y * stride + x));
    }

    @Test
    void drawsATwoPixelOutlineInTheClassColour() {
        try (Arena arena = Arena.ofConfined()) {
            YuvPicture p = picture(arena, 64, 48);
            try (BoxPainter painter = new BoxPainter(2, null)) {
                assertTrue(painter.drawBox(p, 0, 0.9f, 10, 8, 41, 31)); // right/bottom round up to 42, 32
            }
            int[] green = BoxPainter.rgb(0);
            int yv = BoxPainter.lumaOf(green[0], green[1], green[2]);
            assertEquals(145, yv);
            for (int[] xy : new int[][] {{10, 8}, {11, 9}, {41, 20}, {40, 31}, {25, 8}, {10, 20}}) {
                assertEquals(yv, at(p.y(), 64, xy[0], xy[1]), "edge at " + xy[0] + "," + xy[1]);
                assertEquals(BoxPainter.cbOf(0, 255, 0), at(p.u(), 32, xy[0] / 2, xy[1] / 2));
                assertEquals(BoxPainter.crOf(0, 255, 0), at(p.v(), 32, xy[0] / 2, xy[1] / 2));
            }
            for (int[] xy : new int[][] {{12, 10}, {25, 20}, {9, 8}, {42, 8}, {10, 32}, {10, 7}}) {
                assertEquals(50, at(p.y(), 64, xy[0], xy[1]), "untouched at " + xy[0] + "," + xy[1]);
            }
            assertEquals(128, at(p.u(), 32, 12, 10));
        }
    }

    @Test
    void clipsToThePictureAndSkipsBoxesOutsideIt() {
        try (Arena arena = Arena.ofConfined()) {
            YuvPicture p = picture(arena, 64, 48);
            try (BoxPainter painter = new BoxPainter(2, BoxLabels.CLASS_IDS)) {
                assertTrue(painter.drawBox(p, 1, 0.5f, -20, -20, 200, 200));
                assertNotEquals(50, at(p.y(), 64, 0, 0));
                assertNotEquals(50, at(p.y(), 64, 63, 47));
                assertFalse(painter.drawBox(p, 1, 0.5f, 100, 100, 200, 200));
                assertFalse(painter.drawBox(p, 1, 0.5f, 10, 10, 10, 30), "zero width");
            }
        }
    }

    @Test
    void labelShowsTheClassNameAndScoreAboveTheBox() {
        try (Arena arena = Arena.ofConfined()) {
            YuvPicture p = picture(arena, 320, 120);
            BoxLabels names = id -> id == 0 ? "person" : null;
            int[] green = BoxPainter.rgb(0);
            int colour = BoxPainter.lumaOf(green[0], green[1], green[2]);
            int ink = colour > 128 ? 16 : 235;
            try (BoxPainter painter = new BoxPainter(2, names)) {
                painter.drawBox(p, 0, 0.87f, 20, 40, 120, 110);
            }
            // the label: 16 rows above the top edge, a background of the class colour with text in dark ink
            assertEquals(colour, at(p.y(), 320, 20, 24), "label background at its top-left corner");
            int inked = 0;
            int rightmost = 0;
            for (int y = 24; y < 40; y++) {
                for (int x = 20; x < 320; x++) {
                    int v = at(p.y(), 320, x, y);
                    if (v != 50 && Math.abs(v - colour) > 40) { // painted, towards the ink (anti-aliased)
                        inked++;
                        rightmost = Math.max(rightmost, x);
                    }
                }
            }
            assertTrue(inked > 60, "text pixels in the label: " + inked);
            assertTrue(ink < colour, "dark ink on a light colour");
            assertTrue(rightmost > 20 + 50 && rightmost < 20 + 120, "'person 0.87' is 55-110 px wide: " + rightmost);
            assertEquals(50, at(p.y(), 320, 20, 23), "nothing above the label");
        }
    }

    @Test
    void labelTextIsTheNameAndTheScoreToTwoDecimals() {
        byte[] out = new byte[64];
        assertEquals("person 0.87", new String(out, 0, LabelText.format("person", 0, 0.8712f, out, 64),
                java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("17 1.00", new String(out, 0, LabelText.format(null, 17, 1f, out, 64),
                java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("-1 0.05", new String(out, 0, LabelText.format(null, -1, 0.049f, out, 64),
                java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("motion 0.00", new String(out, 0, LabelText.format("motion", -1, -2f, out, 64),
                java.nio.charset.StandardCharsets.US_ASCII));
    }
}
