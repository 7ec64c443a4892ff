package io.framebus;

/**
 * The pages a channel's data region really got, read back from {@code /proc/self/smaps} when it was
 * mapped: what the kernel did, not what was asked for.
 *
 * @param kernelPageSize  {@code KernelPageSize} of the mapping (2 MiB for hugetlbfs)
 * @param hugeMappedBytes bytes mapped with huge pages: the whole mapping for hugetlbfs, else
 *                        {@code ShmemPmdMapped + FilePmdMapped} (transparent huge pages)
 * @param mappingBytes    size of the mapping
 */
public record PageReport(long kernelPageSize, long hugeMappedBytes, long mappingBytes) {

    /**
     * The page size to report: the kernel page size when it is huge (hugetlbfs), else 2 MiB when transparent
     * huge pages cover at least half of the mapping, else the kernel page size.
     *
     * @return the page size that backs most of the mapping: 2 MiB if at least half is huge-mapped
     */
    public long effectivePageSize() {
        if (kernelPageSize > 4096) {
            return kernelPageSize;
        }
        return hugeMappedBytes * 2 >= mappingBytes && mappingBytes > 0 ? 2L << 20 : kernelPageSize;
    }

    @Override
    public String toString() {
        return ByteSize.format(effectivePageSize()) + " pages (" + ByteSize.format(hugeMappedBytes) + " of "
                + ByteSize.format(mappingBytes) + " huge-mapped)";
    }
}
