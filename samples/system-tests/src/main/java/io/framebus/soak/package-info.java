/**
 * {@code framebus soak}: a writer and reader processes under random SIGKILLs, and the check that
 * nothing was lost, torn or leaked.
 */
package io.framebus.soak;
