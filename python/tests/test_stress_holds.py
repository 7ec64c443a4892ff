"""The hold protocol under stress, with both atomics backends, and the proof that the stress test would see it fail.

The reader stores its hold and then re-reads the slot's sequence; the writer marks the slot claimed and then
scans the holds. In Python both are calls into C with ``__ATOMIC_SEQ_CST`` (the compiled extension) or into
libatomic's ``__atomic_store_8`` / ``__atomic_load_8`` with ``__ATOMIC_SEQ_CST`` (the fallback), so neither pair
can be reordered on any CPU, x86 or not. Here a writer process cycles two 64 KiB slots as fast as it can while
reader processes take frames, hold them and check every byte: a slot rewritten under a hold, or a frame taken
while it was being written, fails the check.
"""

import pytest

from conftest import await_channel

WIDTH, HEIGHT = 128, 171  # 65,664-byte frames: the writer laps the readers all the time
SECONDS = 8


def run_stress(processes, name, backend, reader_args=(), latest=2, lossless=1):
    env = {"FRAMEBUS_ATOMICS": backend}
    writer = processes.python("writer", name, WIDTH, HEIGHT, 10 ** 9, "--slots", 2, "--hold-limit", 1,
                              "--wait-readers", latest + lossless, "--seconds", SECONDS, env=env)
    await_channel(name)
    readers = [processes.python("reader", name, "--mode", "latest", "--verify", *reader_args, env=env)
               for _ in range(latest)]
    readers += [processes.python("reader", name, "--mode", "lossless", "--verify", *reader_args, env=env)
                for _ in range(lossless)]
    return writer, readers


@pytest.mark.parametrize("backend", ["compiled", "libatomic"])
def test_no_reader_ever_sees_a_slot_change_under_its_hold(processes, channel, backend):
    writer, readers = run_stress(processes, channel("stress"), backend)
    wrote = writer.await_event("done", timeout=SECONDS + 60)
    assert wrote["backend"] == backend
    results = [r.await_event("done", timeout=60) for r in readers]
    for r, done in zip(readers, results):
        assert done["backend"] == backend
        assert done["failures"] == 0 and done["out_of_order"] == 0, r.describe()
        assert done["received"] > 100, r.describe()
    lossless = results[-1]
    assert lossless["gaps"] == 0 and lossless["lost"] == 0 and lossless["received"] == wrote["published"]
    races = sum(d["races_lost"] for d in results) + wrote["races_lost"]
    print("stress (%s): %d frames published, %d taken and verified, %d races decided by the protocol"
          % (backend, wrote["published"], sum(d["received"] for d in results), races))


def test_the_stress_test_catches_a_reader_that_does_not_recheck_its_hold(processes, channel):
    """Negative control: readers that store the hold but skip the re-read of the slot's sequence take frames the
    writer is rewriting, and the check sees it."""
    writer, readers = run_stress(processes, channel("broken"), "compiled", ("--broken", "--stop-on-torn"), latest=3,
                                 lossless=0)
    writer.await_event("done", timeout=SECONDS + 60)
    torn = sum(r.await_event("done", timeout=60)["failures"] for r in readers)
    assert torn > 0, "a reader without the re-check saw no torn frame in %d s: the stress test is too weak" % SECONDS
