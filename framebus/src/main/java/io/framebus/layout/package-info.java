/**
 * The binary layout of a channel file, in one place: {@link io.framebus.layout.ChannelLayout} places
 * the regions, and one flyweight per region ({@link io.framebus.layout.HeaderFlyweight},
 * {@link io.framebus.layout.RingFlyweight}, {@link io.framebus.layout.SlotDescriptorFlyweight},
 * {@link io.framebus.layout.ReaderRowFlyweight}) holds the offsets of its fields and the memory
 * ordering of each access. Nothing outside this package knows an offset. Not exported by the module.
 */
package io.framebus.layout;
