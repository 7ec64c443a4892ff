/**
 * The {@code framebus} command line (picocli): {@code pub}, {@code sub}, {@code inspect}, {@code ls},
 * {@code rm}, {@code gc}; the pipeline stages {@code capture}, {@code detect}, {@code motion},
 * {@code encode}, each a process of its own; and {@code demo}, which runs all four as separate
 * processes sharing frames without copies. Run it with {@code ./framebus}; see
 * {@link io.framebus.cli.FramebusCli}.
 */
package io.framebus.cli;
