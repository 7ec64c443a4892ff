"""A Python reader of ``framebus bench``: ``python -m framebus.bench key=value...``, started by the Java bench for
its ``py-framebus``, ``py-tcp`` and ``py-uds`` transports, with the same arguments and the same line protocol as
the Java ``BenchReader`` (stdin: ``CONNECT endpoint``, ``GO start end pacedStart pacedEnd rate``, ``EXIT``;
stdout: ``READY``, ``RESULT ...`` or ``ERROR reason``). It exits when stdin closes, so it never outlives the bench.

py-framebus attaches a LOSSLESS reader and reads each slot in place through a numpy view; py-tcp and py-uds
receive each frame into one bytearray (``socket.recv_into``) and then read it with numpy. The work per frame:
``touch`` reads one byte per 4 KiB page and the last byte, ``full`` sums every little-endian 64-bit word (and the
trailing bytes) and compares the sum with the writer's checksum. Latencies (publish to receive, nanoseconds) go
back as base64 of zlib-compressed little-endian int64 values.
"""

import base64
import os
import queue
import socket
import struct
import sys
import threading
import time
import zlib

import numpy as np

from . import LOSSLESS, attach
from .errors import ChannelClosedError

_SETUP_SECONDS = 120
_HEADER = struct.Struct("<qqqq")  # sequence, length, publish nanos, checksum (the Java WireHeader)
_END = -1
_PAGE = 4096
_FOREVER = 1 << 63
_MASK = (1 << 64) - 1
_PAYLOADS = {"64k": 64 * 1024, "tensor": 3 * 640 * 640 * 4, "1080p": 1920 * 1080 * 3, "4k": 3840 * 2160 * 3}


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Control:
    """The orchestrator's side of stdin: the measurement windows, and the lines it sent."""

    def __init__(self):
        self.lines = queue.Queue()
        self.window = (_FOREVER, _FOREVER)
        self.paced = (_FOREVER, _FOREVER)
        threading.Thread(target=self._pump, name="bench-control", daemon=True).start()

    def _pump(self):
        for raw in sys.stdin:
            line = raw.strip()
            if line.startswith("GO "):
                f = line.split()
                self.paced = (int(f[3]), int(f[4]))
                self.window = (int(f[1]), int(f[2]))
            self.lines.put(line)
        os._exit(3)  # the orchestrator is gone: never outlive it

    def await_line(self, prefix, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError("no '%s' from the orchestrator within %d s" % (prefix, timeout)) from None
            if line.startswith(prefix):
                return line


class Stats:
    """What a reader counts, as the Java BenchReader does."""

    def __init__(self, control, full):
        self.control = control
        self.full = full
        self.frames = self.paced_frames = self.total = self.bytes = 0
        self.checksum_errors = self.gaps = self.expected = self.work_ns = self.sink = 0
        self.latency = []
        self.paced_latency = []

    def on_frame(self, sequence, publish_nanos, receive_nanos, checksum, payload):
        if self.full:
            if checksum_of(payload) != checksum & _MASK:
                self.checksum_errors += 1
        else:
            self.sink += touch(payload) + sequence
        done = time.monotonic_ns()
        if self.expected and sequence != self.expected:
            self.gaps += abs(sequence - self.expected)
        self.expected = sequence + 1
        self.total += 1
        one_way = max(1, receive_nanos - publish_nanos)
        start, end = self.control.window
        if start <= receive_nanos < end:
            self.frames += 1
            self.bytes += payload.size
            self.work_ns += done - receive_nanos
            self.latency.append(one_way)
        else:
            paced_start, paced_end = self.control.paced
            if paced_start <= publish_nanos < paced_end:
                self.paced_frames += 1
                self.paced_latency.append(one_way)

    def result(self):
        return ("RESULT frames=%d total=%d bytes=%d checksum_errors=%d gaps=%d work_ns=%d paced_frames=%d sink=%d"
                " lat=%s paced_lat=%s" % (self.frames, self.total, self.bytes, self.checksum_errors, self.gaps,
                                          self.work_ns, self.paced_frames, self.sink & 1, encode(self.latency),
                                          encode(self.paced_latency)))


def encode(values):
    return base64.b64encode(zlib.compress(np.asarray(values, dtype="<i8").tobytes())).decode("ascii")


def touch(payload):
    """One byte per page and the last one (payload: a flat uint8 array)."""
    return int(payload[::_PAGE].sum(dtype=np.uint64)) + int(payload[-1]) if payload.size else 0


def checksum_of(payload):
    """The bench checksum: the wrapping sum of the little-endian 64-bit words plus the trailing bytes (signed)."""
    words = payload.size >> 3
    total = int(payload[:words * 8].view("<u8").sum(dtype=np.uint64)) if words else 0
    total += int(payload[words * 8:].view(np.int8).sum(dtype=np.int64))
    return total & _MASK


def read_channel(endpoint, stats):
    name, _, directory = endpoint.partition("@")
    with attach(name, LOSSLESS, directory=directory or None, timeout=30, label="bench python") as reader:
        say("READY")
        while True:
            try:
                frame = reader.take(timeout=1.0)
            except ChannelClosedError:
                return
            if frame is None:
                continue
            with frame:
                flat = np.frombuffer(frame.buffer, dtype=np.uint8)
                stats.on_frame(frame.sequence, frame.publish_nanos, frame.take_nanos, frame.tag, flat)
                del flat


def read_socket(endpoint, tcp, payload_bytes, socket_buffer, stats):
    if tcp:
        host, _, port = endpoint.rpartition(":")
        s, address = socket.socket(socket.AF_INET, socket.SOCK_STREAM), (host, int(port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    else:
        s, address = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM), endpoint
    with s:
        if socket_buffer > 0:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, socket_buffer)  # before connect: the TCP window
        s.connect(address)
        say("READY")
        frame = bytearray(_HEADER.size + payload_bytes)
        view = memoryview(frame)
        payload = np.frombuffer(frame, dtype=np.uint8, offset=_HEADER.size)
        while True:
            got = 0
            while got < len(frame):
                n = s.recv_into(view[got:])
                if n == 0:
                    break
                got += n
            if got >= _HEADER.size and _HEADER.unpack_from(frame)[0] == _END:
                return
            if got < len(frame):
                raise EOFError("the writer closed the connection after %d bytes of a frame" % got)
            received = time.monotonic_ns()
            sequence, length, publish_nanos, checksum = _HEADER.unpack_from(frame)
            if length != payload_bytes:
                raise IOError("frame of %d bytes, expected %d" % (length, payload_bytes))
            stats.on_frame(sequence, publish_nanos, received, checksum, payload)


def run(args, control):
    transport = args["transport"]
    full = args["work"] == "full"
    warm = np.zeros(_PAYLOADS.get(args["payload"], 1 << 20), dtype=np.uint8)
    for _ in range(3):  # numpy's first calls are slow; the Java reader warms up too
        checksum_of(warm) if full else touch(warm)
    endpoint = control.await_line("CONNECT ", _SETUP_SECONDS)[len("CONNECT "):].strip()
    stats = Stats(control, full)
    if transport == "py-framebus":
        read_channel(endpoint, stats)
    elif transport in ("py-tcp", "py-uds"):
        payload = _PAYLOADS.get(args["payload"]) or int(args["payload"])
        read_socket(endpoint, transport == "py-tcp", payload, int(args.get("socket-buffer", "0")), stats)
    else:
        raise ValueError("not a Python transport: %s" % transport)
    say(stats.result())


def main(argv):
    args = dict(a.split("=", 1) for a in argv if "=" in a)
    control = Control()
    try:
        run(args, control)
    except Exception as e:  # noqa: BLE001 - reported to the orchestrator, which shows it in the cell
        say("ERROR %s: %s" % (type(e).__name__, " ".join(str(e).split())))
        os._exit(1)
    os._exit(0)  # like the Java reader: done once the result is out


if __name__ == "__main__":
    main(sys.argv[1:])
