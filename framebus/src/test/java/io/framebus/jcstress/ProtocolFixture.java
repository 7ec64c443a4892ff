package io.framebus.jcstress;

import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;

import java.lang.foreign.Arena;

/**
 * A control region in ordinary native memory with the state the jcstress tests start from: slot 0
 * holds frame 5, slot 1 holds frame 6 and is held by reader row 1, so the writer's only candidate
 * for reuse is slot 0.
 */
final class ProtocolFixture {
    static final int READER_ROW = 0;
    static final int OTHER_ROW = 1;

    private ProtocolFixture() {
    }

    static ControlRegion control() {
        ChannelLayout layout = new ChannelLayout(2, 64, 8, 2, ChannelLayout.SMALL_PAGE);
        ControlRegion control = new ControlRegion(Arena.ofAuto().allocate(layout.controlSize(), 64), layout);
        control.slots().setSequence(0, 5);
        control.ring().announce(5 & layout.ringMask(), 0, 5);
        control.slots().setSequence(1, 6);
        control.ring().announce(6 & layout.ringMask(), 1, 6);
        control.header().publish(6);
        control.readers().setHold(OTHER_ROW, 1, 6);
        control.readers().setState(OTHER_ROW, ChannelLayout.ROW_ACTIVE);
        return control;
    }
}
