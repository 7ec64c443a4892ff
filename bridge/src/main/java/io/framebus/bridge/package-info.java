/**
 * The network bridge: channels across hosts over Aeron UDP. A {@link io.framebus.bridge.BridgeSender}
 * attaches to a local channel and publishes each frame's metadata and bytes; a
 * {@link io.framebus.bridge.BridgeReceiver} on another host creates a channel of the same geometry and writes
 * every frame it receives whole into it, fragment by fragment, straight into a claimed slot. Readers on the far
 * side use the ordinary API. The wire format is {@code Wire}'s.
 */
package io.framebus.bridge;
