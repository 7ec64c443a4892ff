package io.framebus.jcstress;

import io.framebus.ReaderMode;
import io.framebus.internal.RingCursor;
import io.framebus.internal.SlotRecycler;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A lossless reader joins while the writer reuses the slot of the newest frame. If the reader starts
 * at frame 5 (r1 = 5), the writer must not have reserved that frame's slot (r2 must be false):
 * otherwise the reader would lose its very first frame.
 */
@JCStressTest
@Outcome(id = "5, false", expect = ACCEPTABLE, desc = "reader registered at 5 first; the writer left slot 0 alone")
@Outcome(id = {"6, true", "6, false"}, expect = ACCEPTABLE, desc = "the reader moved on past a frame being recycled")
@Outcome(id = "5, true", expect = FORBIDDEN, desc = "reader starts at a frame whose slot is being rewritten")
@State
public class LosslessRegistrationVersusReuseTest {
    private final ControlRegion control = newestIsFiveInSlotZero();
    private final SlotRecycler recycler = new SlotRecycler(control);

    private static ControlRegion newestIsFiveInSlotZero() {
        ControlRegion c = ProtocolFixture.control();
        // Make frame 5 (slot 0) the newest published frame; slot 1 is held by another reader.
        c.header().publish(5);
        c.slots().setSequence(1, ChannelLayout.SLOT_EMPTY);
        c.readers().setHold(ProtocolFixture.OTHER_ROW, 1, 4);
        c.readers().init(ProtocolFixture.READER_ROW, new io.framebus.layout.ReaderRowFlyweight.Identity(
                ReaderMode.LOSSLESS.code(), 1, 1, 1, 0, 1, 0, "jcstress"));
        return c;
    }

    @Actor
    public void reader(JZ_Result r) {
        r.r1 = RingCursor.register(control, ProtocolFixture.READER_ROW, ReaderMode.LOSSLESS);
    }

    @Actor
    public void writer(JZ_Result r) {
        r.r2 = recycler.tryReserve(6) == 0;
    }
}
