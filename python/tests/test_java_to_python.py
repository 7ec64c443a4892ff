"""A Java writer (framebus pub) and Python readers in separate processes."""

import json
import socket
import time

import framebus
from conftest import await_channel
from framebus import pattern


def test_lossless_reader_gets_every_frame_with_every_byte_verified(processes, channel):
    name = channel("j2p")
    reader = processes.python("reader", name, "--mode", "lossless", "--verify")
    pub = processes.java("pub", "--channel", name, "--size", "1080p", "--frames", 300, "--wait-readers", 1,
                         "--backing", "plain", "--json")
    pub.ok()
    done = reader.await_event("done", timeout=120)
    assert done["received"] == 300, reader.describe()
    assert (done["first"], done["last"]) == (1, 300)
    assert done["failures"] == 0 and done["gaps"] == 0 and done["out_of_order"] == 0 and done["lost"] == 0
    assert reader.wait() == 0


def test_latest_readers_never_see_a_torn_frame(processes, channel):
    """Three slots, a writer as fast as it can go and two readers that hold each frame while they check every
    byte: the writer reuses slots all the time, never one a reader holds."""
    name = channel("torn")
    readers = [processes.python("reader", name, "--mode", "latest", "--verify", "--hold-ms", 2) for _ in range(2)]
    pub = processes.java("pub", "--channel", name, "--size", "640x480", "--frames", 3000, "--slots", 3,
                         "--hold-limit", 1, "--wait-readers", 2, "--backing", "plain")
    pub.ok()
    for r in readers:
        done = r.await_event("done", timeout=120)
        assert done["failures"] == 0, r.describe()
        assert done["out_of_order"] == 0
        assert done["received"] > 10
        assert done["skipped"] > 0  # they could not keep up: the writer lapped them, so it reused slots around them


def test_late_joiner_starts_at_the_newest_frame(processes, channel):
    name = channel("late")
    pub = processes.java("pub", "--channel", name, "--size", "320x240", "--frames", 100000, "--fps", 200,
                         "--backing", "plain")
    with framebus.attach(name, framebus.LOSSLESS, timeout=60) as r:
        while r.published < 50:
            frame = r.take(timeout=10)
            frame.release()
    with framebus.attach(name, framebus.LOSSLESS, timeout=10) as late:
        published = late.published
        with late.take(timeout=10) as frame:
            assert published <= frame.sequence <= published + 1
            assert pattern.verify(frame.array, frame.length, frame.sequence) == -1
    pub.kill9()


def test_inspect_shows_a_python_reader_and_its_holds(processes, channel):
    name = channel("insp")
    pub = processes.java("pub", "--channel", name, "--size", "320x240", "--frames", 100000, "--fps", 100,
                         "--backing", "plain")
    holder = processes.python("hold", name, 2)
    await_channel(name)
    holding = holder.await_event("holding")
    snapshot = json.loads(processes.java("inspect", name, "--json").ok())
    rows = [r for r in snapshot["readers"] if r["pid"] == holder.pid]
    assert len(rows) == 1, snapshot
    row = rows[0]
    assert row["label"] == "children.py hold" and row["alive"] and row["mode"] == "latest"
    assert sorted(row["holds"]) == sorted(holding["sequences"])
    holder.kill9()
    pub.kill9()


def test_a_python_reader_of_a_bridged_channel_sees_each_frame_s_source_sequence(processes, channel):
    """pub, bridge send and bridge receive (Java, over Aeron UDP on loopback), a Python reader on the far channel:
    the sender attaches after the source published some frames, so the far channel numbers its frames from 1
    while each carries the sequence it had at the source, which is what the bytes' pattern was made from."""
    source, far = channel("bsrc"), channel("bfar")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pub = processes.java("pub", "--channel", source, "--size", "320x240", "--frames", 100000, "--fps", 100,
                         "--backing", "plain")
    await_channel(source)
    with framebus.attach(source, framebus.LATEST, timeout=60) as local:
        deadline = time.monotonic() + 60
        while local.published < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
    bridges = [processes.java("bridge", "receive", "--channel", far, "--from", "127.0.0.1:%d" % port,
                              "--backing", "plain")]
    try:
        bridges.append(processes.java("bridge", "send", "--channel", source, "--to", "127.0.0.1:%d" % port,
                                      "--mode", "lossless", "--connect-timeout-ms", 60000))
        upstream = []
        with framebus.attach(far, framebus.LOSSLESS, timeout=60) as r:
            while len(upstream) < 20:
                frame = r.take(timeout=30)
                assert frame is not None, "\n".join(b.describe() for b in bridges)
                with frame:
                    assert pattern.verify(frame.array, frame.length, frame.upstream_sequence) == -1, frame.sequence
                    upstream.append((frame.sequence, frame.upstream_sequence))
    finally:
        for b in reversed(bridges):  # each closes its channel and its Aeron driver's directory
            b.stop()
    assert all(u > 5 for _, u in upstream), upstream  # frames the source published after the sender attached
    assert all(u > s for s, u in upstream), "far numbering starts at 1, the source's went on: %s" % upstream
    assert [u for _, u in upstream] == sorted({u for _, u in upstream}), upstream
    pub.kill9()
