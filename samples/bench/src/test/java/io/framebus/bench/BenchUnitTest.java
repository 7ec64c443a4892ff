package io.framebus.bench;

import io.framebus.testkit.FramePattern;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The bench's arithmetic: checksums, Aeron's limits, the matrix. */
class BenchUnitTest {

    /** The writer's checksum from the pattern's formula equals what a reader computes from every byte. */
    @Test
    void theFormulaChecksumMatchesTheBytes() {
        try (Arena arena = Arena.ofConfined()) {
            for (long length : List.of(8L, 15L, 4096L, 65_536L, 1_000_003L, Payload.HD_1080P.bytes())) {
                MemorySegment s = arena.allocate(length);
                for (long sequence : List.of(1L, 2L, 77L, 1L << 40)) {
                    FramePattern.fill(s, length, sequence);
                    assertEquals(BenchPattern.expectedChecksum(sequence, length), BenchPattern.checksum(s, length),
                            "length " + length + ", sequence " + sequence);
                }
                FramePattern.fill(s, length, 5);
                assertNotEquals(BenchPattern.expectedChecksum(6, length), BenchPattern.checksum(s, length),
                        "another frame's checksum differs");
            }
        }
    }

    /** Aeron: max message = min(term / 8, 16 MiB); term = smallest power of two >= 8 x message. */
    @Test
    void aeronLimitsFollowAeronsRules() {
        int header = WireHeader.BYTES;
        assertEquals(1 << 20, AeronLimits.termLength(Payload.KIB_64.bytes() + header));
        assertEquals(64 << 20, AeronLimits.termLength(Payload.TENSOR.bytes() + header));
        assertEquals(64 << 20, AeronLimits.termLength(Payload.HD_1080P.bytes() + header));
        assertEquals(64 * 1024, AeronLimits.termLength(100));
        for (int term = AeronLimits.MIN_TERM; term > 0 && term <= AeronLimits.MAX_TERM; term <<= 1) {
            assertEquals(io.aeron.logbuffer.FrameDescriptor.computeMaxMessageLength(term), AeronLimits.maxMessage(term),
                    "term " + term);
        }
        assertEquals(io.aeron.logbuffer.FrameDescriptor.MAX_MESSAGE_LENGTH, AeronLimits.MAX_MESSAGE);
        assertNull(AeronLimits.problem(16 << 20));
        assertNotNull(AeronLimits.problem((16 << 20) + 1));
        assertNull(CellRunner.notApplicable(new CellSpec(Transport.AERON, Payload.HD_1080P, 2, Work.FULL)));
        String na = CellRunner.notApplicable(new CellSpec(Transport.AERON, Payload.UHD_4K, 2, Work.FULL));
        assertTrue(na.startsWith("n/a: ") && na.contains("24,883,232 B"), na);
        assertNull(CellRunner.notApplicable(new CellSpec(Transport.FRAMEBUS, Payload.UHD_4K, 2, Work.FULL)));
    }

    @Test
    void theMatrixPutsTheBaselineFirstAndComparedTransportsTogether() {
        List<CellSpec> cells = BenchMatrix.quick().cells();
        assertEquals(2 * (1 + 2 * 2 * 4), cells.size());
        assertEquals(Transport.MEMCPY, cells.getFirst().transport());
        assertEquals(List.of(Transport.FRAMEBUS, Transport.TCP, Transport.UDS, Transport.AERON),
                cells.subList(1, 5).stream().map(CellSpec::transport).toList());
        assertEquals(132, BenchMatrix.full().cells().size());
        assertThrows(IllegalArgumentException.class, () -> Payload.parse("8k"));
        assertEquals(6_220_800, Payload.parse("1080p").bytes());
        assertEquals(1234, Payload.parse("1234").bytes());
    }
}
