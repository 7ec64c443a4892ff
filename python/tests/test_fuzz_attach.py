"""Thousands of mutated channel files fed to the Python attach, take and takeover paths: typed errors only, and
the interpreter never crashes (the mutations run in a child process, tests/fuzzing.py)."""

import os
import shutil

import pytest


@pytest.fixture
def fuzz_dir():
    path = "/dev/shm/pyfuzz-%d" % os.getpid()
    os.makedirs(path)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_channel_files_raise_typed_errors_only(processes, fuzz_dir, seed):
    name = "fz-%d-a" % seed
    processes.python("seed", fuzz_dir, name, script="fuzzing.py").await_event("seeded")
    run = processes.python("run", fuzz_dir, name, "--cases", 1500, "--seed", seed, script="fuzzing.py")
    done = run.await_event("done", timeout=600)
    assert run.wait() == 0, run.describe()
    outcomes = done["outcomes"]
    assert sum(outcomes.values()) == 1500
    assert outcomes.get("attach ok", 0) > 50 and outcomes.get("takeover ok", 0) > 5, outcomes
    assert outcomes.get("attach ChannelFormatError", 0) > 100, outcomes
    assert set(done["taken"]) == {"VIDEO", "TENSOR", "DETECTIONS", "RAW"}, done["taken"]  # every kind was taken
    print("fuzz seed %d: %s, frames taken %s" % (seed, dict(sorted(outcomes.items())), done["taken"]))
