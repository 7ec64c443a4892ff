"""What the kernel really gave a mapping, read back from /proc/self/smaps (the Java ``Smaps`` and ``PageReport``)."""

from . import _atomics as A


class PageReport:
    __slots__ = ("kernel_page_size", "huge_mapped_bytes", "mapping_bytes")

    def __init__(self, kernel_page_size, huge_mapped_bytes, mapping_bytes):
        self.kernel_page_size = kernel_page_size
        self.huge_mapped_bytes = huge_mapped_bytes
        self.mapping_bytes = mapping_bytes

    @property
    def effective_page_size(self):
        """The page size backing most of the mapping: 2 MiB when at least half is huge-mapped, else 4 KiB."""
        if self.kernel_page_size > 4096:
            return self.kernel_page_size
        return 2 << 20 if self.mapping_bytes > 0 and 2 * self.huge_mapped_bytes >= self.mapping_bytes else 4096

    def __repr__(self):
        return "PageReport[kernel page %d, %d of %d bytes huge-mapped]" % (self.kernel_page_size,
                                                                         self.huge_mapped_bytes, self.mapping_bytes)


def page_report(mapping):
    start = "%x-" % int(A.ffi.cast("uintptr_t", mapping.base))
    kernel_page, size, pmd, hugetlb, inside = 4096, 0, 0, False, False
    try:
        with open("/proc/self/smaps") as f:
            for line in f:
                head = line.split(" ", 1)[0]
                if "-" in head and all(ch in "0123456789abcdef-" for ch in head):
                    if inside:
                        break
                    inside = line.startswith(start)
                    continue
                if not inside:
                    continue
                fields = line.split()
                if len(fields) < 2 or not fields[1].isdigit():
                    continue
                kb = int(fields[1]) << 10
                if fields[0] == "Size:":
                    size = kb
                elif fields[0] == "KernelPageSize:":
                    kernel_page = kb
                elif fields[0] in ("ShmemPmdMapped:", "FilePmdMapped:"):
                    pmd += kb
                elif fields[0] in ("Shared_Hugetlb:", "Private_Hugetlb:"):
                    hugetlb |= kb > 0
    except OSError:
        return PageReport(4096, 0, 0)
    huge = size if kernel_page > 4096 else pmd
    return PageReport(kernel_page, size if hugetlb or kernel_page > 4096 else huge, size)
