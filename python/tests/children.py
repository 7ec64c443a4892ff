"""Python processes the tests start: readers, writers and stages, each printing one JSON line per event.

    children.py reader NAME --mode lossless --verify --count N --resume
    children.py hold NAME N                 take N frames, hold them, sleep until killed
    children.py writer NAME WIDTH HEIGHT FRAMES [--wait-readers K] [--fps F] [--crash-after N]
    children.py stage IN OUT                read video frames, publish detections of their bright pixels
"""

import argparse
import json
import os
import sys
import time

import numpy as np

import framebus
from framebus import detections, pattern


def say(event, **fields):
    print(json.dumps(dict(event=event, **fields)), flush=True)


def break_the_hold_protocol():
    """For the stress test's negative control: hold a slot without checking afterwards that it still holds the
    frame (the bug the protocol exists to prevent)."""
    from framebus import _atomics as A
    from framebus._cursor import RingCursor

    def hold_without_revalidating(cursor, slot, sequence):
        if A.load64(cursor._holds[slot]) != 0:
            return False
        A.store64(cursor._holds[slot], sequence)
        cursor.taken_slot, cursor.taken_sequence = slot, sequence
        return True

    RingCursor._hold_and_validate = hold_without_revalidating


def reader(a):
    if a.broken:
        break_the_hold_protocol()
    mode = framebus.LOSSLESS if a.mode == "lossless" else framebus.LATEST
    r = framebus.attach(a.name, mode, timeout=a.timeout, label="children.py reader", hold_limit=a.hold_limit)
    say("attached", row=r.row, published=r.published, pid=os.getpid())
    received = failures = gaps = out_of_order = deaths = 0
    first = last = 0
    while a.count == 0 or received < a.count:
        try:
            frame = r.take(timeout=a.timeout)
        except framebus.ChannelClosedError:
            break
        except framebus.WriterDeadError:
            deaths += 1
            say("writer_dead", last=last)
            if not a.resume:
                break
            time.sleep(0.05)
            continue
        except framebus.ChannelFormatError as e:
            if not a.broken:
                raise
            failures += 1  # the broken reader read a descriptor the writer was rewriting
            say("torn", sequence=-1, error=str(e))
            break
        if frame is None:
            say("timeout", last=last)
            break
        with frame:
            s = frame.sequence
            if received == 0:
                first = s
                say("first", sequence=s)
            elif s <= last:
                out_of_order += 1
            elif mode == framebus.LOSSLESS and s != last + 1:
                gaps += s - last - 1
            if a.hold_ms:
                time.sleep(a.hold_ms / 1000)
            if a.verify:
                at = pattern.verify(frame.array, frame.length, s)
                if at >= 0:
                    failures += 1
                    say("torn", sequence=s, offset=at)
                    if a.stop_on_torn:
                        break
            last = s
            received += 1
            if received % 50 == 0:
                say("progress", received=received, last=last)
    say("done", received=received, first=first, last=last, failures=failures, gaps=gaps, out_of_order=out_of_order,
        writer_deaths=deaths, restarts=r.writer_restarts, lost=r.lost, skipped=r.skipped, races_lost=r.races_lost,
        backend=framebus.ATOMICS_BACKEND)
    r.close()


def hold(a):
    r = framebus.attach(a.name, framebus.LOSSLESS if a.mode == "lossless" else framebus.LATEST, timeout=30,
                        label="children.py hold", hold_limit=a.count)
    frames = [r.take(timeout=30) for _ in range(a.count)]
    say("holding", slots=[f.slot for f in frames], sequences=[f.sequence for f in frames], row=r.row)
    while True:
        time.sleep(1)


def writer(a):
    w = framebus.create(a.name, a.width * a.height * 3, slots=a.slots, hold_limit=a.hold_limit)
    w.note("children.py writer, pid %d" % os.getpid())
    say("created", generation=w.generation, took_over=w.took_over, path=w.path, published=w.published)
    if a.wait_readers and not w.await_readers(a.wait_readers, 60):
        raise SystemExit("readers did not attach")
    length = a.width * a.height * 3
    period = 1.0 / a.fps if a.fps else 0
    start = time.monotonic()
    for i in range(a.frames):
        if a.seconds and time.monotonic() - start > a.seconds:
            break
        if period:
            delay = start + i * period - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        claim = w.claim(timeout=30)
        if claim is None:
            raise SystemExit("no free slot for 30 s")
        pattern.fill(claim.array, length, claim.sequence)
        sequence = claim.video(a.width, a.height, a.width * 3, framebus.PixelFormat.BGR24).pts(i).publish()
        if a.crash_after and i + 1 == a.crash_after:
            say("crashing", sequence=sequence)
            os._exit(9)  # no close: the files stay, as after kill -9
    say("done", published=w.published, max_stall_ms=w.max_stall_nanos / 1e6, races_lost=w.races_lost,
        backend=framebus.ATOMICS_BACKEND)
    w.close()


def stage(a):
    """A Python stage of a mixed chain: for each video frame, the box around its brightest pixels."""
    out = framebus.create(a.output, framebus_detections_bytes(4), slots=8)
    out.note("children.py stage: boxes of the bright pixels of %s" % a.input)
    say("created", path=out.path)
    if not out.await_readers(a.readers, 60):
        raise SystemExit("readers of %s did not attach" % a.output)
    r = framebus.attach(a.input, framebus.LOSSLESS, timeout=60, label="children.py stage")
    frames = 0
    for frame in r:
        with frame:
            image = frame.array
            luma = image.max(axis=2)
            ys, xs = np.nonzero(luma >= luma.max())
            box = (0, 1.0, float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1))
            claim = out.claim(timeout=30)
            detections.publish(claim, frame.sequence, frame.width, frame.height, 7, 0, [box])
            claim.origin(frame.sequence).label("bright").pts(frame.pts).publish()
            frames += 1
    say("done", frames=frames)
    r.close()
    out.close()


def framebus_detections_bytes(count):
    return 40 + 24 * count


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="role", required=True)
    r = sub.add_parser("reader")
    r.add_argument("name")
    r.add_argument("--mode", default="lossless")
    r.add_argument("--verify", action="store_true")
    r.add_argument("--count", type=int, default=0)
    r.add_argument("--timeout", type=float, default=30)
    r.add_argument("--hold-ms", type=float, default=0)
    r.add_argument("--hold-limit", type=int, default=0)
    r.add_argument("--resume", action="store_true")
    r.add_argument("--broken", action="store_true", help="skip the hold's re-check (negative control)")
    r.add_argument("--stop-on-torn", action="store_true")
    h = sub.add_parser("hold")
    h.add_argument("name")
    h.add_argument("count", type=int)
    h.add_argument("--mode", default="latest")
    w = sub.add_parser("writer")
    w.add_argument("name")
    w.add_argument("width", type=int)
    w.add_argument("height", type=int)
    w.add_argument("frames", type=int)
    w.add_argument("--slots", type=int, default=8)
    w.add_argument("--wait-readers", type=int, default=0)
    w.add_argument("--fps", type=float, default=0)
    w.add_argument("--crash-after", type=int, default=0)
    w.add_argument("--seconds", type=float, default=0)
    w.add_argument("--hold-limit", type=int, default=0)
    s = sub.add_parser("stage")
    s.add_argument("input")
    s.add_argument("output")
    s.add_argument("--readers", type=int, default=1)
    a = p.parse_args()
    {"reader": reader, "hold": hold, "writer": writer, "stage": stage}[a.role](a)


if __name__ == "__main__":
    sys.exit(main())
