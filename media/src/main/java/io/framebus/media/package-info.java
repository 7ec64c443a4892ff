/**
 * FFmpeg plumbing shared by capture and the encoder: library loading and error text, a reusable
 * pointer to memory JavaCPP does not own (a slot), and a tiny digit font for overlays.
 */
package io.framebus.media;
