package io.framebus.cli;

import io.framebus.cli.text.Table;
import io.framebus.cli.text.Terminal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** In-process checks of option parsing and table layout. */
class FormattingTest {

    @Test
    void frameSizesParseFromWidthByHeightOrAName() {
        assertEquals(new FrameSize(1920, 1080), FrameSize.parse("1920x1080"));
        assertEquals(new FrameSize(1920, 1080), FrameSize.parse("1080p"));
        assertEquals(new FrameSize(3840, 2160), FrameSize.parse("4K"));
        for (String bad : new String[] {"", "1920", "x1080", "1920x", "0x10", "-1x5", "axb", "1920*1080"}) {
            assertThrows(IllegalArgumentException.class, () -> FrameSize.parse(bad), bad);
        }
    }

    @Test
    void numericColumnsAlignRightAndTextColumnsLeft() {
        String table = new Table("name", "size", "readers", "path")
                .row("a", "5.9 MiB", 1, "/dev/shm/framebus-a")
                .row("longer", "12 KiB", 10, null)
                .render("");
        assertEquals("""
                name       size  readers  path
                a       5.9 MiB        1  /dev/shm/framebus-a
                longer   12 KiB       10  -
                """, table.replace(System.lineSeparator(), "\n"));
    }

    @Test
    void textFromSharedMemoryCannotDriveTheTerminal() {
        assertEquals("\\x1b[2J\\x1b[31mred\\x07", Terminal.printable("\u001b[2J\u001b[31mred\u0007"));
        assertEquals("a\\x0ab\\x0dc\\x9b", Terminal.printable("a\nb\rc\u009b"), "newlines and C1 CSI too");
        assertEquals("abc\\u202eevil\\u200b", Terminal.printable("abc\u202eevil\u200b"), "bidi, zero-width");
        assertEquals("caméra 🎥 ok", Terminal.printable("caméra 🎥 ok"), "everything printable is kept");
        assertEquals("", Terminal.printable(null));
    }

    @Test
    void keyValuesHaveNoHeader() {
        assertEquals("fps     60.0\nframes  300\n",
                Table.keyValues().row("fps", "60.0").row("frames", 300).render("")
                        .replace(System.lineSeparator(), "\n"));
    }
}
