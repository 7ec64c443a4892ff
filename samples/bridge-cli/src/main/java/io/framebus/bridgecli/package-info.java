/**
 * {@code framebus bridge send} and {@code framebus bridge receive}: the command line of the network bridge
 * ({@code io.framebus.bridge}), added to {@code framebus} as a {@link io.framebus.cli.CliPlugin}.
 */
package io.framebus.bridgecli;
