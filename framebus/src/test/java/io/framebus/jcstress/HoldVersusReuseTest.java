package io.framebus.jcstress;

import io.framebus.ReaderMode;
import io.framebus.internal.RingCursor;
import io.framebus.internal.SlotRecycler;
import io.framebus.layout.ControlRegion;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A reader takes frame 5 (slot 0) while the writer tries to reuse slot 0 for frame 7. The reader's
 * row is not registered as lossless, so only its hold protects the slot: the pure Dekker race of
 * "store hold, re-read sequence" against "store claimed, re-read holds". They must never both
 * succeed: that would hand the reader a slot being rewritten.
 * r1 = reader took the frame, r2 = writer reserved slot 0.
 */
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "reader holds frame 5; the writer sees the hold and backs off")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "writer reserved the slot; the reader saw it claimed")
@Outcome(id = "false, false", expect = ACCEPTABLE_INTERESTING, desc = "both saw each other and backed off")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "reader holds a slot the writer is about to rewrite")
@State
public class HoldVersusReuseTest {
    private final ControlRegion control = ProtocolFixture.control();
    private final RingCursor cursor = new RingCursor(control, ProtocolFixture.READER_ROW, ReaderMode.LOSSLESS, 5);
    private final SlotRecycler recycler = new SlotRecycler(control);

    @Actor
    public void reader(ZZ_Result r) {
        r.r1 = cursor.tryTake() && cursor.takenSlot() == 0;
    }

    @Actor
    public void writer(ZZ_Result r) {
        r.r2 = recycler.tryReserve(7) == 0;
    }
}
