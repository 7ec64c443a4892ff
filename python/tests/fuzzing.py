"""Mutated channel files fed to the Python attach, take and takeover paths (run by test_fuzz_attach.py).

    fuzzing.py seed DIR NAME      a channel with frames of every kind, left behind by a writer that exits
    fuzzing.py run DIR NAME --cases N --seed S

Each case mutates a copy of the seed's control file (a field of the layout set to a boundary value, bit flips,
random bytes, a truncated or extended file) or its data file, writes it in place, then attaches a reader, takes
frames and makes every view of them, or (one case in eight) lets a writer take the channel over. The only
acceptable failures are framebus's typed errors; anything else, or a crash of this process, fails the test.
"""

import argparse
import collections
import json
import os
import random
import struct
import sys

import numpy as np

import framebus
from framebus import _layout as L
from framebus import detections, pattern

INTERESTING = [0, 1, -1, 2, 7, 8, 63, 64, 255, 4095, 4096, 2 ** 16, 2 ** 31 - 1, -2 ** 31, 2 ** 32, 2 ** 62,
               2 ** 63 - 1, -2 ** 63]


def seed(a):
    """Publishes one frame of each kind and exits without closing: the files stay, the writer is dead."""
    w = framebus.create(a.name, 64 * 1024, slots=8, max_readers=4, directory=a.dir, backing=framebus.Backing.PLAIN)
    c = w.claim(1)
    pattern.fill(c.array, 32 * 24 * 3, c.sequence)
    c.video(32, 24, 32 * 3, framebus.PixelFormat.BGR24).publish()
    c = w.claim(1)
    c.video(32, 24, 40, framebus.PixelFormat.GRAY8).publish()
    c = w.claim(1)
    c.video(32, 24, 32, framebus.PixelFormat.I420).publish()
    c = w.claim(1)
    c.video(33, 25, 34, framebus.PixelFormat.NV12).publish()
    c = w.claim(1)
    c.tensor(np.float32, (1, 3, 16, 16)).label("logits").origin(3).publish()
    c = w.claim(1)
    detections.publish(c, 5, 640, 480, 1, 1234, [(0, 0.5, 1, 2, 3, 4), (2, 0.25, 5, 6, 7, 8)]).publish()
    c = w.claim(1)
    c.set_length(100).publish()
    print(json.dumps({"event": "seeded", "published": w.published}), flush=True)
    os._exit(0)


def field_offsets(g):
    """(offset, width) of every numeric field of the layout in this geometry, the newest frames' first."""
    fields = []
    for name in dir(L):
        if name.startswith(("H_", "ST_", "LK_")) and name not in ("H_NAME", "H_NOTE", "LK_SOURCE"):
            off = getattr(L, name)
            fields.append((off, 4 if off % 8 else 8))
    fields += [(L.H_READER_SLEEPERS + 8 * i, 8) for i in range(16)]
    for index in range(g.ring_capacity):
        fields += [(g.ring_entry(index), 8), (g.ring_entry(index) + 8, 4)]
    descriptor = [(getattr(L, n), 8 if n in ("SD_SEQUENCE", "SD_LENGTH", "SD_PTS", "SD_TAG", "SD_GENERATION",
                                              "SD_ORIGIN", "SD_CAPTURE_NANOS", "SD_PUBLISH_NANOS") else 4)
                  for n in dir(L) if n.startswith("SD_") and n not in ("SD_SHAPE", "SD_LABEL")]
    descriptor += [(L.SD_SHAPE + 8 * d, 8) for d in range(L.MAX_DIMS)]
    for slot in range(g.slot_count):
        fields += [(g.slot_descriptor(slot) + off, w) for off, w in descriptor] * 3  # descriptors weigh more
    row = [(getattr(L, n), 4 if getattr(L, n) % 8 else 8) for n in dir(L) if n.startswith("RR_")
           and n not in ("RR_LABEL", "RR_HOLDS")]
    for r in range(g.max_readers):
        fields += [(g.reader_row(r) + off, w) for off, w in row]
        fields += [(g.reader_row(r) + L.RR_HOLDS + 8 * k, 8) for k in range(g.slot_count)]
    return fields


def mutate(rng, original, fields, published):
    data = bytearray(original)
    if rng.random() < 0.6:  # any of the frames can be the newest one, so every kind of frame is taken
        struct.pack_into("<q", data, L.H_PUBLISHED, rng.randint(1, published))
    choice = rng.random()
    if choice < 0.55:
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            off, width = rng.choice(fields)
            old = struct.unpack_from("<q" if width == 8 else "<i", data, off)[0]
            value = rng.choice(INTERESTING + [old + 1, old - 1, rng.getrandbits(width * 8 - 1)])
            bits = width * 8
            struct.pack_into("<q" if width == 8 else "<i", data, off,
                             ((value + (1 << (bits - 1))) % (1 << bits)) - (1 << (bits - 1)))
        return bytes(data), "field"
    if choice < 0.80:
        for _ in range(rng.randint(1, 8)):
            bit = rng.randrange(min(len(data), 32768) * 8)
            data[bit // 8] ^= 1 << (bit % 8)
        return bytes(data), "bits"
    if choice < 0.90:
        start = rng.randrange(len(data))
        length = rng.randint(1, 64)
        data[start:start + length] = os.urandom(min(length, len(data) - start))
        return bytes(data), "bytes"
    if choice < 0.95:
        return bytes(data[:rng.randrange(len(data))]), "truncated"
    return bytes(data) + b"\0" * rng.choice((1, 4096, 65536)), "extended"


def exercise(frame):
    """Makes every view the frame offers and reads through them."""
    with frame:
        array = frame.array
        int(np.asarray(array).reshape(-1)[:64].view(np.uint8).sum())
        bytes(frame.buffer[:16])
        if frame.kind == framebus.FrameKind.VIDEO:
            for plane in frame.planes():
                int(plane.sum())
        if frame.kind == framebus.FrameKind.DETECTIONS:
            d = frame.detections()
            float(d.boxes["score"].sum()) if len(d) else 0.0
        if frame.kind == framebus.FrameKind.TENSOR and array.dtype.kind in "fiub":
            np.from_dlpack(frame)


def attach_and_take(directory, name, rng):
    mode = rng.choice((framebus.LATEST, framebus.LOSSLESS))
    with framebus.attach(name, mode, directory=directory, timeout=0, hold_limit=rng.choice((0, 1))) as r:
        for _ in range(3):
            frame = r.try_take()
            if frame is None:
                break
            exercise(frame)
            TAKEN[frame.kind.name] += 1
        r.read(0)


TAKEN = collections.Counter()


def take_over(directory, name, rng):
    w = framebus.create(name, 64 * 1024, slots=8, max_readers=4, directory=directory,
                        backing=framebus.Backing.PLAIN, replace_incompatible=rng.random() < 0.5)
    try:
        c = w.try_claim()
        if c is not None:
            c.set_length(10).publish()
    finally:
        w.close()


def run(a):
    rng = random.Random(a.seed)
    control = os.path.join(a.dir, "framebus-" + a.name)
    data = control + ".data"
    original = open(control, "rb").read()
    original_data = open(data, "rb").read()
    header = framebus._header.check(original, len(original), control)
    fields = field_offsets(header.geometry)
    published = struct.unpack_from("<q", original, L.H_PUBLISHED)[0]
    outcomes = collections.Counter()
    twin = a.name[:-1] + ("b" if a.name[-1] != "b" else "c")
    for case in range(a.cases):
        mutated, how = mutate(rng, original, fields, published)
        writer_case = rng.random() < 0.125
        target_name = twin if writer_case else a.name
        target = os.path.join(a.dir, "framebus-" + target_name)
        if writer_case:
            with open(target + ".data", "wb") as f:
                f.write(original_data)
            st = os.stat(target + ".data")
            if len(mutated) >= L.HEADER_SIZE and rng.random() < 0.9:  # mostly a consistent binding and name
                buf = bytearray(mutated)
                struct.pack_into("<qq", buf, L.H_DATA_INODE, st.st_ino, st.st_dev)
                buf[L.H_NAME:L.H_NAME + len(twin)] = twin.encode()
                mutated = bytes(buf)
            os.chmod(target + ".data", 0o600)
        with open(target, "wb") as f:
            f.write(mutated)
        os.chmod(target, 0o600)
        if not writer_case and rng.random() < 0.05:
            how = "data-file"
            os.truncate(data, rng.randrange(len(original_data)))
        try:
            (take_over if writer_case else attach_and_take)(a.dir, target_name, rng)
            outcome = "ok"
        except framebus.FramebusError as e:
            outcome = type(e).__name__
        except Exception as e:  # noqa: BLE001 - the finding this program exists for
            print(json.dumps({"event": "untyped", "case": case, "how": how, "writer": writer_case,
                              "error": "%s: %s" % (type(e).__name__, e)}), flush=True)
            raise
        outcomes["%s %s" % ("takeover" if writer_case else "attach", outcome)] += 1
        if os.path.getsize(data) != len(original_data):
            with open(data, "r+b") as f:
                f.write(original_data)
    for leftover in (os.path.join(a.dir, "framebus-" + twin), os.path.join(a.dir, "framebus-" + twin + ".data")):
        if os.path.exists(leftover):
            os.unlink(leftover)
    print(json.dumps({"event": "done", "cases": a.cases, "outcomes": dict(outcomes), "taken": dict(TAKEN)}),
          flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=("seed", "run"))
    p.add_argument("dir")
    p.add_argument("name")
    p.add_argument("--cases", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    (seed if a.role == "seed" else run)(a)


if __name__ == "__main__":
    sys.exit(main())
