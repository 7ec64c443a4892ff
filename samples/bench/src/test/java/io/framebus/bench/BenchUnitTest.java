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
        int python = 3 * 2; // Python readers: 1080p, one reader, both works
        assertEquals(2 * (1 + 2 * (1 + 2 * 5)) + python, BenchMatrix.quick().cells().size(),
                "quick: framebus with futex only");
        BenchMatrix q = BenchMatrix.quick();
        List<CellSpec> cells = new BenchMatrix(q.transports(), q.payloads(), q.readers(), q.works(),
                BenchMatrix.DEFAULT_WAITS, q.pythonReaders()).cells();
        // per payload: memcpy, then per reader count the floor and, per work, the loaded floor, framebus (futex,
        // adaptive) and 3 peers
        assertEquals(2 * (1 + 2 * (1 + 2 * 6)) + python, cells.size());
        assertEquals(Transport.MEMCPY, cells.getFirst().transport());
        assertEquals(Transport.FLOOR, cells.get(1).transport());
        assertEquals(1, cells.get(1).readers());
        assertEquals(new CellSpec(Transport.LOADED_FLOOR, Payload.KIB_64, 1, Work.TOUCH), cells.get(2));
        assertEquals("loaded wake-up floor 64k, 1 sleeper, touch", cells.get(2).label());
        assertEquals(List.of(Transport.FRAMEBUS, Transport.FRAMEBUS, Transport.TCP, Transport.UDS, Transport.AERON),
                cells.subList(3, 8).stream().map(CellSpec::transport).toList());
        assertEquals(List.of("futex", "adaptive"), cells.subList(3, 5).stream().map(CellSpec::waitStrategy).toList());
        assertEquals("framebus/adaptive", cells.get(4).transportLabel());
        assertEquals(new CellSpec(Transport.LOADED_FLOOR, Payload.KIB_64, 1, Work.FULL), cells.get(8));
        assertEquals(4 * (1 + 4 * (1 + 2 * 6)) + 3 * 4 * 2, BenchMatrix.full().cells().size());
        assertEquals("", new CellSpec(Transport.TCP, Payload.KIB_64, 1, Work.TOUCH, "adaptive").waitStrategy());
        assertThrows(IllegalArgumentException.class, () -> Payload.parse("8k"));
        assertEquals(6_220_800, Payload.parse("1080p").bytes());
        assertEquals(1234, Payload.parse("1234").bytes());
    }

    /** The CPU limit: min(1 / fill, cores / (fill + readers x work)), from the memcpy baseline's work alone. */
    @Test
    void theCpuLimitComesFromTheFillAndTheWorkAlone() {
        CellSpec memcpy = new CellSpec(Transport.MEMCPY, Payload.HD_1080P, 0, Work.TOUCH);
        CellResult base = new CellResult(memcpy, "ok", 1, 0.0, 1, null, new CellResult.Throughput(null, null, 500.0),
                null, null, null, null, null, null, null, null, new CellResult.Alone(2.0, 0.1, 1.0), null, null);
        BenchMatrix m = new BenchMatrix(List.of(Transport.MEMCPY, Transport.FRAMEBUS), List.of(Payload.HD_1080P),
                List.of(1, 4), List.of(Work.TOUCH, Work.FULL));
        BenchResults results = new BenchResults(List.of(base), new BenchRun.Options(m, BenchSettings.defaults(),
                java.nio.file.Path.of("bench-out"), BenchProgress.Style.NONE, "test"),
                BenchEnvironment.capture(), 1);
        int cores = results.environment().cpus();
        assertEquals(Math.min(500, cores / 0.0024), results.cpuLimitFps(Payload.HD_1080P, 4, Work.TOUCH), 1e-6);
        assertEquals(Math.min(500, cores / 0.006), results.cpuLimitFps(Payload.HD_1080P, 4, Work.FULL), 1e-6);
        assertEquals(Math.min(500, cores / 0.003), results.cpuLimitFps(Payload.HD_1080P, 1, Work.FULL), 1e-6);
        CellResult slowReader = new CellResult(memcpy, "ok", 1, 0.0, 1, null, new CellResult.Throughput(null, null,
                500.0), null, null, null, null, null, null, null, null, new CellResult.Alone(0.5, 0.1, 3.0), null,
                null);
        BenchResults slow = new BenchResults(List.of(slowReader), results.options(), results.environment(), 1);
        assertEquals(Math.min(1000 / 3.0, cores / 0.0035), slow.cpuLimitFps(Payload.HD_1080P, 1, Work.FULL), 1e-6,
                "one reader can go no faster than its own work");
        assertNull(results.cpuLimitFps(Payload.KIB_64, 1, Work.FULL), "no baseline, no limit");
    }

    /** The percentile chart's axis (nines of HdrHistogram's distribution) and both floor charts render. */
    @Test
    void theFloorChartsRenderFromOneRun() throws Exception {
        assertEquals("0%", FloorCharts.percentileLabel(0));
        assertEquals("90%", FloorCharts.percentileLabel(1));
        assertEquals("99%", FloorCharts.percentileLabel(2));
        assertEquals("99.9%", FloorCharts.percentileLabel(3));
        assertEquals(" ", FloorCharts.percentileLabel(1.5));
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(1, 3_600_000_000_000L, 3);
        for (int i = 1; i <= 10_000; i++) {
            h.recordValue(10_000L + i);
        }
        double[][] xy = FloorCharts.distribution(h);
        for (int i = 1; i < xy[0].length; i++) {
            assertTrue(xy[0][i] > xy[0][i - 1] && xy[1][i] >= xy[1][i - 1], "increasing at " + i);
        }
        assertEquals(10.0, xy[1][0], 0.1, "the lowest value, in microseconds");
        assertEquals(20.0, xy[1][xy[1].length - 1], 0.1, "the highest value");
        CellResult.Latency lat = new CellResult.Latency(15, 19.9, 20, 20, 10_000);
        CellResult floor = new CellResult(new CellSpec(Transport.FLOOR, Payload.KIB_64, 1, Work.TOUCH), "ok", 1,
                0.0, 0, null, null, new CellResult.Latency(10, 12, 13, 14, 10_000), null, null, null, null, null,
                null, null, null, null, h);
        CellResult fb = new CellResult(new CellSpec(Transport.FRAMEBUS, Payload.KIB_64, 1, Work.TOUCH), "ok", 1, 0.0,
                1, null, new CellResult.Throughput(1000.0, 1000.0, 1000.0), lat, 30.0, lat, null, null, null, 0L, 0L,
                null, new CellResult.PacedCpu(0.01, 0.01), h);
        CellResult loaded = new CellResult(new CellSpec(Transport.LOADED_FLOOR, Payload.KIB_64, 1, Work.TOUCH), "ok",
                1, 0.0, 0, null, null, new CellResult.Latency(20, 24.875, 26, 27, 10_000), null, null, null, null, null,
                null, null, null, null, h);
        BenchMatrix m = new BenchMatrix(List.of(Transport.FRAMEBUS, Transport.FLOOR, Transport.LOADED_FLOOR),
                List.of(Payload.KIB_64), List.of(1), List.of(Work.TOUCH));
        BenchResults results = new BenchResults(List.of(floor, loaded, fb), new BenchRun.Options(m,
                BenchSettings.defaults(), java.nio.file.Path.of("bench-out"), BenchProgress.Style.NONE, "test"),
                BenchEnvironment.capture(), 1);
        assertEquals(1.5, results.ratios(fb).p50OfFloor(), 1e-9);
        assertEquals(19.9 / 12, results.ratios(fb).p99OfFloor(), 1e-9, "against the bare floor, not the loaded one");
        assertEquals(loaded, results.loadedFloor(Payload.KIB_64, 1, Work.TOUCH).orElseThrow());
        assertTrue(results.loadedFloor(Payload.KIB_64, 1, Work.FULL).isEmpty(), "the loaded floor of another work");
        String goal = BenchGoals.lines(results).getFirst();
        assertTrue(goal.contains("1.50x (goal <= 1.50x: met) of the wake-up floor's 10 us"), goal);
        assertTrue(goal.endsWith("the loaded floor (the fill before each wake, 1 sleeper doing the touch work after"
                + " it): p50 20 us, p99 25 us, itself 2.00x / 2.07x of the 1-sleeper floor; framebus 0.75x / 0.80x"
                + " of it"), goal);
        assertEquals(java.util.Set.of("framebus", "wake-up floor", "loaded floor"), FloorCharts.percentiles(results,
                Payload.KIB_64, 1, Work.TOUCH).getSeriesMap().keySet());
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("floor-charts");
        try {
            for (org.knowm.xchart.XYChart chart : List.of(FloorCharts.percentiles(results, Payload.KIB_64, 1,
                    Work.TOUCH), FloorCharts.againstFloors(results, Payload.KIB_64))) {
                java.nio.file.Path png = dir.resolve("chart.png");
                try {
                    org.knowm.xchart.BitmapEncoder.saveBitmap(chart, png.toString(),
                            org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
                    assertEquals(BenchCharts.WIDTH, javax.imageio.ImageIO.read(png.toFile()).getWidth());
                } finally {
                    java.nio.file.Files.deleteIfExists(png);
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(dir);
        }
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
