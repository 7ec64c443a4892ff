"""Where channels live: the mounts that can hold them, the order readers search them, and the backing a new
channel gets (docs/format.md, "Files and directories"; the Java ``BackingSelector``)."""

import os

from . import _layout as L
from . import _sys
from .codes import Backing
from .errors import HugePagesUnavailableError

DEV_SHM = "/dev/shm"
DIR_ENV = "FRAMEBUS_DIR"


class Mount:
    __slots__ = ("directory", "type", "options")

    def __init__(self, directory, fs_type, options):
        self.directory = directory
        self.type = fs_type
        self.options = options

    @property
    def is_hugetlbfs(self):
        return self.type == "hugetlbfs"

    def huge_page_size(self):
        size = self.options.get("pagesize")
        return default_huge_page_size() if size is None else _parse_size(size)

    def is_huge_tmpfs(self, shmem):
        return self.type == "tmpfs" and (self.options.get("huge", "never") in ("always", "within_size", "advise")
                                         or shmem == "force")


def _unescape(field):
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def mounts():
    result = []
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                fields = line.split(" ")
                if len(fields) < 4:
                    continue
                options = {}
                for option in fields[3].split(","):
                    key, _, value = option.partition("=")
                    options[key] = value
                result.append(Mount(_unescape(fields[1]), fields[2], options))
    except OSError:
        pass
    return result


def shmem_enabled():
    try:
        with open("/sys/kernel/mm/transparent_hugepage/shmem_enabled") as f:
            text = f.read()
        return text[text.index("[") + 1:text.index("]")]
    except (OSError, ValueError):
        return "never"


def _parse_size(text):
    text = text.strip().upper()
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(text[:-1]) * units[text[-1]] if text and text[-1] in units else int(text)


def default_huge_page_size():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("Hugepagesize:"):
                    return int(line.split()[1]) << 10
    except (OSError, ValueError):
        pass
    return L.HUGE_PAGE


def _number(path):
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return 0


def huge_pages_available(page=L.HUGE_PAGE):
    d = "/sys/kernel/mm/hugepages/hugepages-%dkB/" % (page >> 10)
    return max(0, _number(d + "free_hugepages") - _number(d + "resv_hugepages"))


def huge_pages_total(page=L.HUGE_PAGE):
    return _number("/sys/kernel/mm/hugepages/hugepages-%dkB/nr_hugepages" % (page >> 10))


def _distinct(dirs):
    seen = []
    for d in dirs:
        if d not in seen:
            seen.append(d)
    return seen


def search_path(directory=None):
    """Directories where a channel may be, in the order readers look: the explicit one, or $FRAMEBUS_DIR, or
    every hugetlbfs mount, then every tmpfs mounted with huge=, then /dev/shm."""
    if directory is not None:
        return [os.fspath(directory)]
    env = os.environ.get(DIR_ENV, "").strip()
    if env:
        return [env]
    table = mounts()
    shmem = shmem_enabled()
    return _distinct([m.directory for m in table if m.is_hugetlbfs]
                     + [m.directory for m in table if m.is_huge_tmpfs(shmem)] + [DEV_SHM])


class Placement:
    __slots__ = ("backing", "directory", "page_size", "reason")

    def __init__(self, backing, directory, page_size, reason):
        self.backing = backing
        self.directory = directory
        self.page_size = page_size
        self.reason = reason


def select(requested, directory, total_size_for_page):
    """Where a new channel goes. ``total_size_for_page(page)`` gives its two files' size for a page size."""
    if directory is None and os.environ.get(DIR_ENV, "").strip():
        directory = os.environ[DIR_ENV].strip()
    if directory is not None:
        return _in_directory(requested, os.fspath(directory))
    if requested == Backing.HUGETLBFS:
        return _hugetlbfs(total_size_for_page, True)
    if requested == Backing.THP:
        return _huge_tmpfs(True)
    if requested == Backing.PLAIN:
        return Placement(Backing.PLAIN, DEV_SHM, L.SMALL_PAGE, "plain pages requested")
    return (_hugetlbfs(total_size_for_page, False) or _huge_tmpfs(False)
            or Placement(Backing.PLAIN, DEV_SHM, L.SMALL_PAGE, "auto: no hugetlbfs mount with %d free huge pages"
                         " (%d of %d available) and no tmpfs mounted with huge=, so plain pages on %s"
                         % (total_size_for_page(L.HUGE_PAGE) // L.HUGE_PAGE, huge_pages_available(),
                            huge_pages_total(), DEV_SHM)))


def _hugetlbfs(total_size_for_page, required):
    needed = total_size_for_page(L.HUGE_PAGE) // L.HUGE_PAGE
    available = huge_pages_available()
    candidates = [m for m in mounts() if m.is_hugetlbfs and m.huge_page_size() == L.HUGE_PAGE
                  and os.access(m.directory, os.W_OK)]
    for m in candidates:
        limit = _sys.file_system(m.directory).available_bytes
        mount_pages = (1 << 62) if limit < 0 else limit // L.HUGE_PAGE
        if min(available, mount_pages) >= needed:
            return Placement(Backing.HUGETLBFS, m.directory, L.HUGE_PAGE, "hugetlbfs %s: needs %d pages of 2 MiB, %d"
                             " free" % (m.directory, needed, available))
    if not required:
        return None
    why = ("no writable hugetlbfs mount with 2 MiB pages exists" if not candidates
           else "the channel needs %d huge pages of 2 MiB but only %d are free" % (needed, available))
    raise HugePagesUnavailableError("hugetlbfs backing requested, but %s. As root: echo %d > /proc/sys/vm/nr_hugepages"
                                    " (or more) and mount -t hugetlbfs -o mode=1777 none /dev/hugepages; or use"
                                    " backing auto/plain." % (why, max(needed, 1)))


def _huge_tmpfs(required):
    shmem = shmem_enabled()
    for m in mounts():
        if m.is_huge_tmpfs(shmem) and os.access(m.directory, os.W_OK):
            return Placement(Backing.THP, m.directory, L.HUGE_PAGE, "tmpfs %s mounted with huge=%s"
                             % (m.directory, m.options.get("huge", "(forced)")))
    if not required:
        return None
    raise HugePagesUnavailableError("thp backing requested, but no writable tmpfs is mounted with"
                                    " huge=always|within_size|advise (shmem_enabled is '%s'). As root: mkdir -p"
                                    " /mnt/framebus-thp && mount -t tmpfs -o huge=always,size=4G,mode=1777 tmpfs"
                                    " /mnt/framebus-thp" % shmem)


def _mount_of(directory):
    path = os.path.abspath(directory)
    best = None
    for m in mounts():
        inside = path == m.directory or path.startswith(m.directory.rstrip("/") + "/")
        if inside and (best is None or len(m.directory) >= len(best.directory)):
            best = m
    return best


def _in_directory(requested, directory):
    if not os.path.isdir(directory):
        raise ValueError("channel directory %s does not exist or is not a directory" % directory)
    fs = _sys.file_system(directory)
    mount = _mount_of(directory)
    if fs.is_hugetlbfs:
        actual, what = Backing.HUGETLBFS, "a hugetlbfs mount"
    elif mount is not None and mount.is_huge_tmpfs(shmem_enabled()):
        actual, what = Backing.THP, "a tmpfs with transparent huge pages"
    else:
        actual = Backing.PLAIN
        what = "a tmpfs without huge pages" if fs.type == _sys.TMPFS_MAGIC else "not a tmpfs (files there are" \
                                                                                " backed by disk)"
    if requested not in (Backing.AUTO, actual) and not (requested == Backing.PLAIN and actual == Backing.THP):
        raise HugePagesUnavailableError("backing %s requested, but %s is %s; use a directory on the right filesystem"
                                        " or backing auto" % (requested.name.lower(), directory, what))
    plain = actual == Backing.PLAIN or requested == Backing.PLAIN
    return Placement(Backing.PLAIN if requested == Backing.PLAIN else actual, directory,
                     L.SMALL_PAGE if plain else L.HUGE_PAGE, "directory %s (%s)" % (directory, what))
