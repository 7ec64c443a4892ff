"""kill -9 on either side, in both languages: holds are reclaimed exactly, a dead writer is reported, and a
restarted writer (of either language) takes the channel over while the readers carry on."""

import json
import time

from conftest import await_channel


def inspect(processes, name):
    return json.loads(processes.java("inspect", name, "--json").ok())


def test_java_writer_reclaims_the_holds_of_a_killed_python_reader(processes, channel):
    """A lossless Python reader holds two frames and stops: the Java writer fills the other slots and waits for it.
    Killed, its row is reclaimed, its holds returned, and the writer carries on."""
    name = channel("reclaim")
    pub = processes.java("pub", "--channel", name, "--size", "320x240", "--frames", 2000, "--fps", 200, "--slots", 4,
                         "--wait-readers", 1, "--claim-timeout-ms", 60000, "--backing", "plain", "--json")
    holder = processes.python("hold", name, 2, "--mode", "lossless")
    await_channel(name)
    holding = holder.await_event("holding")
    deadline = time.monotonic() + 30
    while True:  # the writer is stuck behind the lossless reader that does not move
        s = inspect(processes, name)
        if s["stall_ms"] > 0 and s["stalled_on_row"] == holding["row"]:
            break
        assert time.monotonic() < deadline, s
        time.sleep(0.1)
    stuck_at = s["published"]
    assert stuck_at <= 4
    held = {slot["index"] for slot in s["slots"] if holding["row"] in slot["holders"]}
    assert held == set(holding["slots"])
    holder.kill9()
    while True:
        s = inspect(processes, name)
        if s["reclaimed_readers"] >= 1 and s["published"] > stuck_at:
            break
        assert time.monotonic() < deadline + 30, s
        time.sleep(0.1)
    assert s["reclaimed_holds"] == 2 and not s["readers"], s
    result = json.loads(pub.ok())
    assert result["frames"] == 2000


def test_python_reader_sees_the_writer_die_and_resumes_with_a_restarted_writer(processes, channel):
    name = channel("restart")
    pub_args = ("pub", "--channel", name, "--size", "640x480", "--fps", 200, "--backing", "plain")
    first = processes.java(*pub_args, "--frames", 100000)
    reader = processes.python("reader", name, "--mode", "lossless", "--verify", "--resume", "--timeout", 60)
    reader.await_event("progress", count=2)
    first.kill9()
    dead = reader.await_event("writer_dead")
    second = json.loads(processes.java(*pub_args, "--frames", 100, "--json").ok())
    assert second["took_over"] and second["generation"] == 2
    done = reader.await_event("done", timeout=60)
    assert done["writer_deaths"] >= 1 and done["restarts"] == 1, reader.describe()
    assert done["failures"] == 0 and done["gaps"] == 0 and done["out_of_order"] == 0
    assert done["last"] >= dead["last"] + 100  # the new writer continued the sequence numbers
    assert done["received"] == done["last"] - done["first"] + 1


def test_python_writer_reclaims_a_killed_java_reader(processes, channel):
    name = channel("jreader")
    writer = processes.python("writer", name, 320, 240, 300, "--slots", 4, "--wait-readers", 1)
    writer.await_event("created")
    sub = processes.java("sub", "--channel", name, "--mode", "lossless", "--hold-ms", 600000, "--timeout-ms", 60000)
    deadline = time.monotonic() + 60
    while True:  # the Java reader sits on its first frame; the Python writer waits for it
        s = inspect(processes, name)
        if s["readers"] and s["stall_ms"] > 0:
            break
        assert time.monotonic() < deadline, s
        time.sleep(0.1)
    sub.kill9()
    done = writer.await_event("done", timeout=60)
    assert done["published"] == 300 and done["max_stall_ms"] > 0
    assert writer.wait() == 0


def test_java_writer_takes_over_a_killed_python_writer_and_readers_carry_on(processes, channel):
    name = channel("py2java")
    writer = processes.python("writer", name, 640, 480, 100000, "--fps", 200, "--crash-after", 100)
    writer.await_event("created")
    reader = processes.python("reader", name, "--mode", "lossless", "--verify", "--resume", "--timeout", 60)
    writer.await_event("crashing")
    assert writer.wait() == 9
    reader.await_event("writer_dead")
    pub = json.loads(processes.java("pub", "--channel", name, "--size", "640x480", "--frames", 50, "--json").ok())
    assert pub["took_over"] and pub["generation"] == 2
    done = reader.await_event("done", timeout=60)
    assert done["restarts"] == 1 and done["failures"] == 0 and done["gaps"] == 0, reader.describe()
    assert done["last"] == 150


def test_python_writer_takes_over_a_killed_java_writer(processes, channel):
    name = channel("java2py")
    pub = processes.java("pub", "--channel", name, "--size", "640x480", "--frames", 100000, "--fps", 200)
    sub = processes.java("sub", "--channel", name, "--mode", "lossless", "--verify", "--json", "--timeout-ms", 60000)
    await_channel(name)
    deadline = time.monotonic() + 60
    while not inspect(processes, name)["readers"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    pub.kill9()
    writer = processes.python("writer", name, 640, 480, 50)
    created = writer.await_event("created")
    assert created["took_over"] and created["generation"] == 2 and created["published"] > 0
    writer.await_event("done")
    result = json.loads(sub.ok())
    assert result["ok"] and result["verify_failures"] == 0 and result["lost"] == 0, result
    assert result["last_sequence"] == created["published"] + 50 and result["writer_deaths"] >= 1
