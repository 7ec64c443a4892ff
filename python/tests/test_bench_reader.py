"""The Python bench reader's work (python -m framebus.bench): its checksum is the Java bench's (the closed form of
BenchPattern.expectedChecksum over the frame pattern), touch reads what it should, latencies survive the encoding."""

import base64
import zlib

import numpy as np
import pytest

from framebus import bench, pattern

MASK = (1 << 64) - 1


def expected_checksum(sequence, length):
    """BenchPattern.expectedChecksum: sum of (seed + i) over the words, plus the trailing bytes as signed bytes."""
    seed = pattern.seed(sequence)
    words = length >> 3
    total = words * seed + words * (words - 1) // 2
    for b in range(words * 8, length):
        byte = (seed + b) & 0xFF
        total += byte - 256 if byte >= 128 else byte
    return total & MASK


@pytest.mark.parametrize("length", [8, 15, 4096, 65536, 1000003, 1920 * 1080 * 3])
def test_the_checksum_of_a_pattern_frame_is_the_writers(length):
    frame = np.zeros(length, dtype=np.uint8)
    for sequence in (1, 2, 77, 1 << 40):
        pattern.fill(frame, length, sequence)
        assert bench.checksum_of(frame) == expected_checksum(sequence, length)
    pattern.fill(frame, length, 5)
    assert bench.checksum_of(frame) != expected_checksum(6, length)


def test_touch_reads_one_byte_a_page_and_the_last():
    frame = np.zeros(3 * 4096 + 10, dtype=np.uint8)
    frame[[0, 4096, 8192, 12288]] = 1
    frame[-1] = 7
    assert bench.touch(frame) == 4 + 7
    frame[1] = 100  # not on a page start: not read
    assert bench.touch(frame) == 4 + 7


def test_latencies_round_trip():
    values = [1, 1500, 2_000_000_000]
    raw = zlib.decompress(base64.b64decode(bench.encode(values)))
    assert np.frombuffer(raw, "<i8").tolist() == values
    assert zlib.decompress(base64.b64decode(bench.encode([]))) == b""
