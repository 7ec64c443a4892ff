package io.framebus.memory;

import io.framebus.PageReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads what the kernel really gave a mapping from {@code /proc/self/smaps}, not what was asked for. */
public final class Smaps {
    private Smaps() {
    }

    /**
     * @param address the start of a mapping of this process
     * @return the report for that mapping (4 KiB pages, nothing huge, if smaps cannot be read)
     */
    public static PageReport report(long address) {
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
}
