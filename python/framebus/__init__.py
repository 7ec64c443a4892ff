"""framebus for Python: read and write framebus channels, zero-copy frames and tensors in shared memory shared
with Java (and any other) processes on the same machine.

Readers::

    import framebus

    with framebus.attach("cam", framebus.LOSSLESS, timeout=10) as reader:
        for frame in reader:                 # every frame until the writer closes the channel
            with frame:
                image = frame.array          # read-only numpy view of the slot: (height, width, 3) for BGR24
                tensor = torch.from_dlpack(frame)   # no copy either

Writers::

    with framebus.create("boxes", 1 << 20) as writer:
        claim = writer.claim(timeout=1.0)
        claim.array[:n] = payload            # write in place
        claim.tensor(numpy.float32, (1, 84, 8400)).publish()

The binary format and the protocols are docs/format.md of the framebus repository.
"""

from . import _atomics
from .codes import LATEST, LOSSLESS, Backing, DType, FrameKind, PixelFormat, ReaderMode, ReadStatus
from .errors import (ChannelAccessDeniedError, ChannelBusyError, ChannelClosedError, ChannelFormatError,
                     ChannelNotFoundError, FramebusError, FrameReleasedError, FrameTooLargeError,
                     HoldLimitExceededError, HugePagesUnavailableError, InsufficientSpaceError,
                     InvalidChannelNameError, TooManyReadersError, WriterDeadError)
from .frame import Frame
from .reader import Reader
from .writer import Claim, Config, Writer

__version__ = "0.1.0"
ATOMICS_BACKEND = _atomics.BACKEND
"""How shared-memory atomics are done here: "compiled" (the C extension) or "libatomic" (cffi ABI mode)."""


def attach(name, mode=LATEST, *, directory=None, timeout=0.0, hold_limit=0, group=None, label="python",
           stall_budget=0.0, wait="futex"):
    """Attaches a reader to channel ``name``.

    :param mode: LATEST (the newest frame; never slows the writer) or LOSSLESS (every frame in order; the writer
        waits for this reader)
    :param directory: where the channel is; default: $FRAMEBUS_DIR, else hugetlbfs mounts, huge-page tmpfs
        mounts, then /dev/shm
    :param timeout: seconds to wait for the channel to appear
    :param hold_limit: frames this reader may hold at once; 0 for the channel's default
    :param group: a group whose members' channels to trust too (as Java's ``withGroup``)
    :param label: what this reader is, shown by ``framebus inspect`` (at most 63 bytes)
    :param stall_budget: LOSSLESS only: seconds the reader may hold the writer back before the writer demotes it
        to LATEST; 0 for ever
    :param wait: "futex" (sleep; the default), "yield" or "spin"
    """
    return Reader(name, mode, directory=directory, timeout=timeout, hold_limit=hold_limit, group=group,
                  label=label, stall_budget=stall_budget, wait=wait)


def create(name, slot_size, **options):
    """Creates channel ``name`` with slots of ``slot_size`` bytes (or takes over its dead writer's channel) and
    returns its writer. Options (see :class:`Config`): ``slots=8``, ``ring_capacity``, ``max_readers=16``,
    ``hold_limit``, ``backing=Backing.AUTO``, ``directory``, ``group``, ``file_mode``, ``liveness_period=0.01``,
    ``replace_incompatible=True``."""
    return Writer(Config(name, slot_size, **options))


__all__ = ["attach", "create", "Reader", "Writer", "Claim", "Config", "Frame", "LATEST", "LOSSLESS", "ReaderMode",
           "ReadStatus", "Backing", "DType", "FrameKind", "PixelFormat", "FramebusError", "ChannelNotFoundError",
           "ChannelFormatError", "ChannelAccessDeniedError", "ChannelBusyError", "ChannelClosedError",
           "WriterDeadError", "TooManyReadersError", "HoldLimitExceededError", "FrameReleasedError",
           "FrameTooLargeError", "InsufficientSpaceError", "HugePagesUnavailableError", "InvalidChannelNameError",
           "ATOMICS_BACKEND"]
