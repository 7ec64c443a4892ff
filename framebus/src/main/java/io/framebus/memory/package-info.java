/**
 * The operating system underneath: libc bindings through {@code java.lang.foreign} (open, mmap,
 * fallocate, madvise, futex, OFD locks), channel files and their mappings, the choice of backing
 * (hugetlbfs, transparent huge pages, plain pages) and what {@code /proc/self/smaps} says was really
 * obtained. Not exported by the module.
 */
package io.framebus.memory;
