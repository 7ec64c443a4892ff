package io.framebus.bridge;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.*;

/** The receive window follows what was asked, within what the kernel gives a socket. */
class ReceiveWindowTest {
    @Test
    void aWindowWithinRmemMaxIsKeptAndOneBeyondItIsCappedThere() {
        OptionalLong max = ReceiveWindow.rmemMax();
        assertTrue(max.isPresent() && max.getAsLong() > 0, "Linux has /proc/sys/net/core/rmem_max");
        long rmemMax = max.getAsLong();
        assertEquals(0, ReceiveWindow.effective(0), "0 keeps Aeron's defaults");
        assertEquals(64 * 1024, ReceiveWindow.effective(64 * 1024), "64 KiB is under every rmem_max");
        int beyond = (int) Math.min(Integer.MAX_VALUE, rmemMax + 1);
        assertEquals(Math.min(beyond, rmemMax), ReceiveWindow.effective(beyond));
        assertEquals(Math.min(ReceiverOptions.DEFAULT_WINDOW, rmemMax),
                ReceiveWindow.effective(ReceiverOptions.DEFAULT_WINDOW));
    }
}
