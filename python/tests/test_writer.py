"""The Python writer: backings, modes and files, creation that never adopts a file, trust, back-pressure, the stall
budget, waking, takeover, and the typed errors with the same advice as Java's."""

import os
import shutil
import stat
import subprocess
import tempfile

import numpy as np
import pytest

import framebus
from conftest import huge_pages_mounted, is_root, need
from framebus import _atomics as A
from framebus import pattern


def files(writer):
    return writer.path, writer.path + ".data"


def test_a_clean_close_removes_both_files_and_readers_drain_then_stop(channel):
    name = channel("close")
    w = framebus.create(name, 4096, backing=framebus.Backing.PLAIN)
    control, data = files(w)
    assert os.path.exists(control) and os.path.exists(data)
    r = framebus.attach(name, framebus.LOSSLESS)
    for i in range(3):
        w.publish(np.full(100, i, np.uint8))
    w.close()
    assert not os.path.exists(control) and not os.path.exists(data)
    sequences = []
    for _ in range(3):
        with r.take(1) as f:
            sequences.append(f.sequence)
    assert sequences == [1, 2, 3]
    with pytest.raises(framebus.ChannelClosedError):
        r.take(1)
    r.close()


def test_files_are_private_by_default_and_shared_with_a_group(channel):
    with framebus.create(channel("mode"), 4096, backing=framebus.Backing.PLAIN) as w:
        assert [stat.S_IMODE(os.stat(p).st_mode) for p in files(w)] == [0o600, 0o600]
    group = __import__("grp").getgrgid(os.getegid()).gr_name
    with framebus.create(channel("group"), 4096, backing=framebus.Backing.PLAIN, group=group) as w:
        assert [stat.S_IMODE(os.stat(p).st_mode) for p in files(w)] == [0o660, 0o640]
        assert {os.stat(p).st_gid for p in files(w)} == {os.getegid()}
        with framebus.attach(w.name, group=group) as r:
            assert r.row == 0


def test_plain_backing_fallocates_and_prefaults(channel):
    with framebus.create(channel("plain"), 1 << 20, backing=framebus.Backing.PLAIN) as w:
        assert w.backing == framebus.Backing.PLAIN and os.path.dirname(w.path) == "/dev/shm"
        assert os.stat(w.path + ".data").st_blocks * 512 >= 8 << 20  # reserved, not sparse
        assert w.page_report.kernel_page_size == 4096


def test_hugetlbfs_backing(channel):
    need(huge_pages_mounted(), "a hugetlbfs mount with free 2 MiB pages")
    with framebus.create(channel("huge"), 6220800, backing=framebus.Backing.HUGETLBFS) as w:
        assert w.backing == framebus.Backing.HUGETLBFS
        assert w.page_report.kernel_page_size == 2 << 20 and w.page_report.effective_page_size == 2 << 20
        with framebus.attach(w.name) as r:
            assert r.backing == framebus.Backing.HUGETLBFS


@pytest.fixture
def mount():
    """Mounts a tmpfs with the given options in a temporary directory (root only) and unmounts it afterwards."""
    made = []

    def make(options):
        need(is_root(), "root, to mount a tmpfs")
        path = tempfile.mkdtemp(prefix="framebus-py-mount-")
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path], check=True)
        made.append(path)
        return path

    yield make
    for path in made:
        subprocess.run(["umount", "-l", path], check=False)
        shutil.rmtree(path, ignore_errors=True)


def test_thp_backing(channel, mount):
    directory = mount("huge=always,size=64m,mode=1777")
    with framebus.create(channel("thp"), 4 << 20, backing=framebus.Backing.THP, directory=directory) as w:
        assert w.backing == framebus.Backing.THP and w.placement_reason.startswith("directory")
        assert w.page_report.mapping_bytes == 8 * (4 << 20)


def test_a_directory_too_small_is_a_clear_error_and_leaves_nothing(channel, mount):
    directory = mount("size=4m,mode=1777")
    with pytest.raises(framebus.InsufficientSpaceError, match=r"needs \d+ bytes .*--shm-size="):
        framebus.create(channel("small"), 2 << 20, directory=directory)
    assert os.listdir(directory) == []


def test_creation_never_adopts_another_users_file(channel):
    need(is_root(), "root, to make a file of another user")
    name = channel("squat")
    path = "/dev/shm/framebus-" + name
    with open(path, "wb") as f:
        f.write(b"not yours")
    os.chown(path, 65534, 65534)
    with pytest.raises(framebus.ChannelAccessDeniedError, match="uid 65534"):
        framebus.create(name, 4096, backing=framebus.Backing.PLAIN)
    assert open(path, "rb").read() == b"not yours"


def test_a_reader_trusts_only_its_own_users_and_roots_channels(channel):
    need(is_root(), "root, to give a channel to another user")
    with framebus.create(channel("trust"), 4096, backing=framebus.Backing.PLAIN) as w:
        for p in files(w):
            os.chown(p, 65534, 65534)
        with pytest.raises(framebus.ChannelAccessDeniedError, match="owned by uid 65534"):
            framebus.attach(w.name)
        for p in files(w):
            os.chown(p, 0, 0)
        os.chmod(w.path, 0o666)
        with pytest.raises(framebus.ChannelAccessDeniedError, match="world-writable"):
            framebus.attach(w.name)


def test_a_reader_refuses_a_data_file_that_is_not_the_channels(channel):
    with framebus.create(channel("swap"), 4096, backing=framebus.Backing.PLAIN) as w:
        data = w.path + ".data"
        shutil.copyfile(data, data + ".copy")
        os.chmod(data + ".copy", 0o600)
        os.rename(data + ".copy", data)  # same name, same size, another file
        with pytest.raises(framebus.ChannelFormatError, match="not the file the channel was created with"):
            framebus.attach(w.name)


def test_typed_errors_with_advice(channel):
    with pytest.raises(framebus.ChannelNotFoundError, match="framebus ls"):
        framebus.attach(channel("absent"), timeout=0.05)
    with pytest.raises(framebus.InvalidChannelNameError):
        framebus.attach("../etc")
    with framebus.create(channel("full"), 4096, max_readers=2, backing=framebus.Backing.PLAIN) as w:
        readers = [framebus.attach(w.name) for _ in range(2)]
        with pytest.raises(framebus.TooManyReadersError, match="at most 2 readers.*--max-readers"):
            framebus.attach(w.name)
        for r in readers:
            r.close()
        with pytest.raises(framebus.ChannelBusyError, match="already has a live writer"):
            framebus.create(w.name, 4096, backing=framebus.Backing.PLAIN)
        with pytest.raises(framebus.FrameTooLargeError):
            w.claim(1).set_length(5000)


def test_lossless_back_pressure_then_the_stall_budget_demotes(channel):
    with framebus.create(channel("press"), 4096, slots=2, hold_limit=1, backing=framebus.Backing.PLAIN) as w:
        slow = framebus.attach(w.name, framebus.LOSSLESS)
        assert w.publish(np.zeros(10, np.uint8)) == 1
        assert w.publish(np.zeros(10, np.uint8)) == 2
        assert w.claim(timeout=0.2) is None  # frame 1 is owed to the lossless reader: no slot
        slow.close()
        budgeted = framebus.attach(w.name, framebus.LOSSLESS, stall_budget=0.05)
        w.publish(np.zeros(10, np.uint8), timeout=1)
        claim = w.claim(timeout=5)  # held back by the budgeted reader, which the writer demotes after 50 ms
        assert claim is not None
        claim.abort()
        status, frame = budgeted.read(1)
        assert status == framebus.ReadStatus.DEMOTED and frame is None
        assert budgeted.mode == framebus.LATEST and budgeted.demoted
        budgeted.close()


def test_readers_wake_a_sleeping_writer_and_the_writer_wakes_sleeping_readers(channel):
    with framebus.create(channel("wake"), 4096, backing=framebus.Backing.PLAIN) as w, \
            framebus.attach(w.name, framebus.LOSSLESS) as r:
        c = r._control
        A.fetch_or64(c.writer_sleeping, 1)  # as a writer about to sleep for a slot does
        before = A.load32(c.writer_futex)
        w.publish(np.zeros(10, np.uint8))
        r.take(1).release()
        assert A.load32(c.writer_futex) != before  # the take (cursor moved) and the release both wake it
        A.fetch_and64(c.writer_sleeping, ~1)
        A.fetch_or64(c.reader_sleepers[0], 1 << r.row)  # as a reader about to sleep does
        before = A.load32(c.reader_futex)
        w.publish(np.zeros(10, np.uint8))
        assert A.load32(c.reader_futex) == before + 1
        c.clear_reader_sleeper(r.row)


def test_a_python_writer_takes_over_its_dead_channel(processes, channel):
    name = channel("again")
    crashed = processes.python("writer", name, 64, 48, 1000, "--crash-after", 5)
    assert crashed.wait() == 9
    with framebus.create(name, 64 * 48 * 3) as w:
        assert w.took_over and w.generation == 2 and w.next_sequence == 6
        c = w.claim(1)
        pattern.fill(c.array, 64 * 48 * 3, c.sequence)
        assert c.publish() == 6


def test_a_dead_channel_of_another_geometry_is_replaced(processes, channel):
    name = channel("other")
    assert processes.python("writer", name, 64, 48, 10, "--crash-after", 2).wait() == 9
    with framebus.create(name, 4096) as w:
        assert not w.took_over and w.generation == 1
    assert processes.python("writer", name, 64, 48, 10, "--crash-after", 2).wait() == 9
    with pytest.raises(framebus.ChannelBusyError, match="another geometry"):
        framebus.create(name, 4096, replace_incompatible=False)
