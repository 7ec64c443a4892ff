/**
 * framebus: zero-copy frame and tensor channels in shared memory.
 *
 * <p>The API is {@link io.framebus} (channels, writers, readers, frames), {@link io.framebus.wait}
 * (how readers wait) and {@link io.framebus.views} (a Netty {@code ByteBuf} over a frame, for
 * applications that have Netty; the dependency is optional). Everything else is internal.
 *
 * <p>framebus calls libc through {@code java.lang.foreign}: start the JVM with
 * {@code --enable-native-access=io.framebus} on the module path, or
 * {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
module io.framebus {
    requires static io.netty.buffer;
    // JFR events of what the bus does on its own (io.framebus.internal.diagnostics, not exported)
    requires jdk.jfr;

    exports io.framebus;
    exports io.framebus.wait;
    exports io.framebus.views;
}
