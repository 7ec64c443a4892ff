/**
 * How the API is carried out: opening and creating channel files, the hold protocol on both sides
 * ({@link io.framebus.internal.RingCursor} for readers, {@link io.framebus.internal.SlotRecycler} for
 * the writer), waiting, attaching, validation of frame metadata, and the administration behind
 * {@code inspect}, {@code ls}, {@code rm} and {@code gc}. Not exported by the module.
 */
package io.framebus.internal;
