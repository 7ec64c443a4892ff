/**
 * {@code framebus bench}: frame transports side by side, measured the same way in one run.
 *
 * <p>Every transport runs its writer and each of its readers in a process of its own (child JVMs):
 * framebus (lossless readers, reading the slot in place), TCP loopback and Unix domain sockets (NIO
 * blocking {@code SocketChannel}, one connection per reader), Aeron IPC (embedded media driver,
 * readers reassemble with a {@code FragmentAssembler}) and a memcpy-only baseline (the producer's
 * write alone, no transport). The producer writes every byte of every frame; readers either touch
 * one byte per page or checksum every byte. {@link io.framebus.bench.BenchRun} runs a matrix
 * of cells, {@link io.framebus.bench.CellRunner} one cell, and
 * {@link io.framebus.bench.BenchReport} writes the table, JSON, CSV, charts and HTML page.
 */
package io.framebus.bench;
