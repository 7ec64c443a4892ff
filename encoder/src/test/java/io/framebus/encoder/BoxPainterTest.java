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
            assertTrue(new BoxPainter(2, false).drawBox(p, 0, 10, 8, 41, 31)); // right/bottom round up to 42, 32
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
            BoxPainter painter = new BoxPainter(2, true);
            assertTrue(painter.drawBox(p, 1, -20, -20, 200, 200));
            assertNotEquals(50, at(p.y(), 64, 0, 0));
            assertNotEquals(50, at(p.y(), 64, 63, 47));
            assertFalse(painter.drawBox(p, 1, 100, 100, 200, 200));
            assertFalse(painter.drawBox(p, 1, 10, 10, 10, 30), "zero width");
        }
    }

    @Test
    void labelShowsTheClassIdAboveTheBox() {
        try (Arena arena = Arena.ofConfined()) {
            YuvPicture p = picture(arena, 64, 48);
            new BoxPainter(2, true).drawBox(p, 7, 20, 30, 50, 46);
            // label: 14 rows above the top edge, filled with the class colour, with dark or light ink for the digit
            int colour = BoxPainter.lumaOf(BoxPainter.rgb(7)[0], BoxPainter.rgb(7)[1], BoxPainter.rgb(7)[2]);
            assertEquals(colour, at(p.y(), 64, 20, 16));
            int ink = colour > 128 ? 16 : 235;
            assertEquals(ink, at(p.y(), 64, 22, 18), "top-left stroke of the digit 7");
        }
    }
}
