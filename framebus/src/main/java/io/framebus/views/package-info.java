/**
 * Views of a held frame for other libraries, without a copy: a read-only Netty
 * {@link io.netty.buffer.ByteBuf} ({@link io.framebus.views.FrameByteBuf}). Netty is an optional
 * dependency; nothing outside this package needs it.
 */
package io.framebus.views;
