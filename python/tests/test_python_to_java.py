"""A Python writer and Java readers (framebus sub --verify) in separate processes."""

import json

import pytest


@pytest.mark.parametrize("size,frames", [((1920, 1080), 200), ((3840, 2160), 60)], ids=["1080p", "4k"])
def test_java_readers_verify_every_byte_of_python_frames(processes, channel, size, frames):
    name = channel("p2j")
    width, height = size
    writer = processes.python("writer", name, width, height, frames, "--wait-readers", 2)
    created = writer.await_event("created")
    assert created["generation"] == 1 and not created["took_over"]
    lossless = processes.java("sub", "--channel", name, "--mode", "lossless", "--verify", "--json",
                              "--timeout-ms", 60000)
    latest = processes.java("sub", "--channel", name, "--mode", "latest", "--verify", "--json", "--timeout-ms", 60000)
    every = json.loads(lossless.ok())
    newest = json.loads(latest.ok())
    writer.await_event("done", timeout=120)
    assert every["ok"] and every["received"] == frames and every["lost"] == 0 and every["verify_failures"] == 0, every
    assert (every["first_sequence"], every["last_sequence"]) == (1, frames)
    assert every["ended"] == "closed"
    assert newest["ok"] and newest["verify_failures"] == 0 and newest["received"] >= 1, newest
    assert writer.wait() == 0


def test_inspect_shows_a_python_writer(processes, channel):
    name = channel("pyw")
    writer = processes.python("writer", name, 320, 240, 100000, "--fps", 100)
    writer.await_event("created")
    snapshot = json.loads(processes.java("inspect", name, "--json").ok())
    assert snapshot["writer"]["pid"] == writer.pid and snapshot["writer"]["alive"], snapshot
    assert snapshot["state"] == "open" and snapshot["writer"]["generation"] == 1
    assert snapshot["note"].startswith("children.py writer")
    assert snapshot["file_mode"] == "0600" and snapshot["published"] > 0
    assert snapshot["obtained_page_size"] in (4096, 2 << 20)
    writer.kill9()
