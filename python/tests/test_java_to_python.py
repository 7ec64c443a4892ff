"""A Java writer (framebus pub) and Python readers in separate processes."""

import json

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
