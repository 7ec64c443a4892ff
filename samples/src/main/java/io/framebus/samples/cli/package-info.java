/**
 * The {@code framebus} command line (picocli): {@code pub}, {@code sub}, {@code inspect}, {@code ls},
 * {@code rm}, {@code gc}. Run it with {@code ./framebus}; see {@link io.framebus.samples.cli.FramebusCli}.
 */
package io.framebus.samples.cli;
