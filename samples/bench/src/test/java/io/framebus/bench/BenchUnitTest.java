package io.framebus.bench;

import io.framebus.testkit.FramePattern;
import org.junit.jupiter.api.Test;

import org.HdrHistogram.Histogram;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

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
        assertEquals(2 * (1 + 2 * 2 * 4) + 3 * 2, cells.size()); // Python readers: 1080p, one reader, both works
        assertEquals(Transport.MEMCPY, cells.getFirst().transport());
        assertEquals(List.of(Transport.FRAMEBUS, Transport.TCP, Transport.UDS, Transport.AERON),
                cells.subList(1, 5).stream().map(CellSpec::transport).toList());
        assertEquals(132 + 3 * 4 * 2, BenchMatrix.full().cells().size());
        assertThrows(IllegalArgumentException.class, () -> Payload.parse("8k"));
        assertEquals(6_220_800, Payload.parse("1080p").bytes());
        assertEquals(1234, Payload.parse("1234").bytes());
    }

    /** Python readers use the Java writer of their wire and are compared with the Python framebus reader. */
    @Test
    void pythonTransportsRideTheJavaWiresAtTenEightyP() {
        assertEquals(Transport.FRAMEBUS, Transport.PY_FRAMEBUS.wire());
        assertEquals(Transport.TCP, Transport.PY_TCP.wire());
        assertEquals(Transport.UDS, Transport.PY_UDS.wire());
        assertEquals(Transport.AERON, Transport.AERON.wire());
        assertEquals(Transport.FRAMEBUS, Transport.PY_FRAMEBUS.reference());
        assertEquals(Transport.PY_FRAMEBUS, Transport.PY_UDS.reference());
        assertEquals(Transport.FRAMEBUS, Transport.TCP.reference());
        assertEquals(Transport.PY_TCP, Transport.parse("py-tcp"));
        List<CellSpec> python = BenchMatrix.full().cells().stream().filter(c -> c.transport().python()).toList();
        assertTrue(python.stream().allMatch(c -> c.payload().equals(BenchMatrix.PYTHON_PAYLOAD)), python.toString());
        assertEquals(List.of(1, 2, 3, 4), python.stream().map(CellSpec::readers).distinct().toList());
        assertTrue(BenchMatrix.quick().cells().stream().filter(c -> c.transport().python())
                .allMatch(c -> c.readers() == 1));
    }

    /** A Python reader's latencies (zlib-compressed little-endian s64 values, base64) become a histogram. */
    @Test
    void pythonLatenciesDecodeIntoAHistogram() {
        ByteBuffer raw = ByteBuffer.allocate(3 * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.putLong(1_000).putLong(2_000_000).putLong(0);
        Deflater deflater = new Deflater();
        deflater.setInput(raw.array());
        deflater.finish();
        byte[] out = new byte[256];
        int n = deflater.deflate(out);
        deflater.end();
        String encoded = Base64.getEncoder().encodeToString(Arrays.copyOf(out, n));
        Histogram h = BenchReader.histogram(Map.of("lat", encoded), "hist", "lat");
        assertEquals(3, h.getTotalCount());
        assertEquals(1, h.getMinValue()); // 0 counts as the smallest trackable value
        assertEquals(2_000_000, h.getMaxValue(), 2_000_000 / 1000.0);
        assertThrows(IllegalArgumentException.class, () -> BenchReader.fromValues("bm90IHpsaWI="));
    }
}
