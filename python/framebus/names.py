"""Channel names and the files they map to (docs/format.md, "Files")."""

import os

from .errors import InvalidChannelNameError

MAX_LENGTH = 64
FILE_PREFIX = "framebus-"
DATA_SUFFIX = ".data"
TEMP_PREFIX = ".framebus-"
_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def validate(name):
    """Checks a channel name: 1 to 64 characters from ``[A-Za-z0-9._-]``, not starting with a dot, without
    ``..``, not ending with ``.data``. Returns it unchanged; raises InvalidChannelNameError with the reason."""
    if not isinstance(name, str) or not name:
        raise InvalidChannelNameError("channel name is empty; use 1..%d characters from [A-Za-z0-9._-]" % MAX_LENGTH)
    if len(name) > MAX_LENGTH:
        raise InvalidChannelNameError("channel name is %d characters long; the limit is %d" % (len(name), MAX_LENGTH))
    for i, c in enumerate(name):
        if c not in _ALLOWED:
            shown = "NUL" if c == "\0" else "'/'" if c == "/" else ("U+%04X" % ord(c)) if ord(c) < 32 else "'%s'" % c
            raise InvalidChannelNameError("channel name %r contains %s at position %d; allowed are letters, digits,"
                                          " '.', '_' and '-'" % (name, shown, i))
    if name.startswith(".") or ".." in name:
        raise InvalidChannelNameError("channel name '%s' may not start with '.' or contain '..'" % name)
    if name.endswith(DATA_SUFFIX):
        raise InvalidChannelNameError("channel name '%s' may not end with '%s': framebus names the frames file of"
                                      " channel X 'framebus-X%s'" % (name, DATA_SUFFIX, DATA_SUFFIX))
    return name


def control_file(directory, name):
    """The control file of channel ``name`` in ``directory``."""
    return os.path.join(directory, FILE_PREFIX + validate(name))


def data_file(directory, name):
    """The data file (the slots) of channel ``name`` in ``directory``."""
    return os.path.join(directory, FILE_PREFIX + validate(name) + DATA_SUFFIX)
