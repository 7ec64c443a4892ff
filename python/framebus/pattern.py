"""The verifiable frame content of ``framebus pub`` and ``framebus sub --verify`` (docs/format.md, "Test
pattern"; the Java ``io.framebus.testkit.FramePattern`` and the bench's checksum), with numpy.

Little-endian 64-bit word ``i`` of frame ``s`` is ``seed(s) + i`` with ``seed(s) = (s + 1) * 0x9E3779B97F4A7C15``
(mod 2^64); a trailing byte at offset ``b`` (past the last whole word) is ``(seed(s) + b) & 0xFF``. Two frames
never agree on a word at the same offset, so a torn or rewritten frame fails verification.
"""

import numpy as np

GOLDEN = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1
_index = np.arange(0, dtype=np.uint64)


def seed(sequence):
    return ((sequence + 1) * GOLDEN) & _MASK


def _indices(words):
    global _index
    if _index.size < words:
        _index = np.arange(max(words, 2 * _index.size), dtype=np.uint64)
    return _index[:words]


def _split(array, length):
    raw = np.asarray(array).reshape(-1).view(np.uint8)[:length]
    words = length >> 3
    return raw[:words * 8].view("<u8"), raw[words * 8:], words


def fill(target, length, sequence):
    """Writes frame ``sequence``'s pattern into the first ``length`` bytes of ``target`` (a writable uint8 array)."""
    words, tail, n = _split(target, length)
    s = seed(sequence)
    np.add(_indices(n), np.uint64(s), out=words)
    for i in range(tail.size):
        tail[i] = (s + n * 8 + i) & 0xFF


def verify(source, length, sequence):
    """-1 when all ``length`` bytes follow frame ``sequence``'s pattern, else the offset of the first word or byte
    that does not."""
    words, tail, n = _split(source, length)
    s = seed(sequence)
    bad = np.flatnonzero(words - _indices(n) != np.uint64(s))
    if bad.size:
        return int(bad[0]) * 8
    for i in range(tail.size):
        if int(tail[i]) != (s + n * 8 + i) & 0xFF:
            return n * 8 + i
    return -1


def _signed(value):
    value &= _MASK
    return value - (1 << 64) if value >= 1 << 63 else value


def checksum(source, length):
    """The bench's checksum: the wrapping 64-bit sum of the little-endian words plus the trailing bytes (signed),
    read from every byte of ``source``."""
    words, tail, _ = _split(source, length)
    total = int(words.sum(dtype=np.uint64)) + int(tail.view(np.int8).sum(dtype=np.int64))
    return _signed(total)


def expected_checksum(sequence, length):
    """The checksum of frame ``sequence``'s pattern of ``length`` bytes, from the formula."""
    s = seed(sequence)
    n = length >> 3
    total = n * s + n * (n - 1) // 2
    for b in range(n * 8, length):
        byte = (s + b) & 0xFF
        total += byte - 256 if byte >= 128 else byte
    return _signed(total)


def touch(source, length, page=4096):
    """Reads one byte per 4 KiB page and the last byte (what a "touch" reader does); returns their sum."""
    raw = np.asarray(source).reshape(-1).view(np.uint8)
    if length <= 0:
        return 0
    return int(raw[:length:page].sum(dtype=np.int64)) + int(raw[length - 1])
