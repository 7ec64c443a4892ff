package io.framebus.media;

import org.bytedeco.javacpp.Pointer;

/**
 * A JavaCPP pointer whose address is set by us: memory JavaCPP does not own (a framebus slot). It
 * has no deallocator, so neither close() nor the garbage collector ever frees the memory. One
 * instance is reused for every frame, so pointing it at a new slot allocates nothing.
 */
public final class AddressPointer extends Pointer {
    public AddressPointer() {
        super((Pointer) null);
    }

    /** Points at {@code address}; {@code bytes} is informational (JavaCPP bounds). */
    public AddressPointer set(long address, long bytes) {
        this.address = address;
        this.position = 0;
        this.limit = bytes;
        this.capacity = bytes;
        return this;
    }
}
