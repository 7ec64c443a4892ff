package io.framebus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ChannelNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"camera0", "a", "cam.front-left_2", "X9"})
    void acceptsPlainNames(String name) {
        assertEquals(name, ChannelNames.validate(name));
        assertEquals(Path.of("/dev/shm/framebus-" + name), ChannelNames.file(Path.of("/dev/shm"), name));
    }

    @Test
    void rejectsEmptyTooLongSlashDotDotAndNul() {
        assertTrue(assertThrows(InvalidChannelNameException.class, () -> ChannelNames.validate(""))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(InvalidChannelNameException.class, () -> ChannelNames.validate("x".repeat(65)))
                .getMessage().contains("limit is 64"));
        assertTrue(assertThrows(InvalidChannelNameException.class, () -> ChannelNames.validate("a/b"))
                .getMessage().contains("'/'"));
        assertThrows(InvalidChannelNameException.class, () -> ChannelNames.validate(".."));
        assertThrows(InvalidChannelNameException.class, () -> ChannelNames.validate("a..b"));
        assertThrows(InvalidChannelNameException.class, () -> ChannelNames.validate(".hidden"));
        assertTrue(assertThrows(InvalidChannelNameException.class, () -> ChannelNames.validate("a\0b"))
                .getMessage().contains("NUL"));
        assertThrows(InvalidChannelNameException.class, () -> ChannelNames.validate("a b"));
        assertThrows(InvalidChannelNameException.class, () -> ChannelConfig.of("../etc", 1));
    }

    @Test
    void mapsFileNamesBackToChannelNames() {
        assertEquals("cam", ChannelNames.nameOf(Path.of("/dev/shm/framebus-cam")));
        assertNull(ChannelNames.nameOf(Path.of("/dev/shm/other")));
        assertNull(ChannelNames.nameOf(Path.of("/dev/shm/framebus-..x")));
    }
}
