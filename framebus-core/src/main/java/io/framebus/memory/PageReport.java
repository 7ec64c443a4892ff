package io.framebus.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The page size a mapping really got, read from {@code /proc/self/smaps}: what the kernel did,
 * not what was asked for.
 *
 * @param kernelPageSize   {@code KernelPageSize} of the mapping (2 MiB for hugetlbfs)
 * @param hugeMappedBytes  bytes mapped with huge pages: the whole mapping for hugetlbfs, else
 *                         {@code ShmemPmdMapped + FilePmdMapped} (transparent huge pages)
 * @param mappingBytes     size of the mapping
 */
public record PageReport(long kernelPageSize, long hugeMappedBytes, long mappingBytes) {

    /** The page size that backs most of the mapping: 2 MiB if at least half is huge-mapped. */
    public long effectivePageSize() {
        if (kernelPageSize > 4096) {
            return kernelPageSize;
        }
        return hugeMappedBytes * 2 >= mappingBytes && mappingBytes > 0 ? 2L << 20 : kernelPageSize;
    }

    /** Reads the report for the mapping that starts at {@code address}. */
    public static PageReport of(long address) {
        String start = HexFormat.of().toHexDigits(address).replaceFirst("^0+(?=.)", "") + "-";
        try {
            boolean inside = false;
            long kernelPage = 4096;
            long size = 0;
            long pmd = 0;
            boolean hugetlb = false;
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (!line.isEmpty() && Character.digit(line.charAt(0), 16) >= 0 && line.indexOf('-') > 0
                        && line.indexOf(' ') > line.indexOf('-')) {
                    if (inside) {
                        break;
                    }
                    inside = line.startsWith(start);
                    continue;
                }
                if (!inside) {
                    continue;
                }
                String[] f = line.split("\\s+");
                if (f.length < 2) {
                    continue;
                }
                long kb;
                try {
                    kb = Long.parseLong(f[1]);
                } catch (NumberFormatException e) {
                    continue;
                }
                switch (f[0]) {
                    case "Size:" -> size = kb << 10;
                    case "KernelPageSize:" -> kernelPage = kb << 10;
                    case "ShmemPmdMapped:", "FilePmdMapped:" -> pmd += kb << 10;
                    case "Shared_Hugetlb:", "Private_Hugetlb:" -> hugetlb |= kb > 0;
                    default -> { }
                }
            }
            long huge = kernelPage > 4096 ? size : pmd;
            return new PageReport(kernelPage, hugetlb || kernelPage > 4096 ? size : huge, size);
        } catch (IOException e) {
            return new PageReport(4096, 0, 0);
        }
    }

    @Override
    public String toString() {
        return Sizes.bytes(effectivePageSize()) + " pages (" + Sizes.bytes(hugeMappedBytes) + " of "
                + Sizes.bytes(mappingBytes) + " huge-mapped)";
    }
}
