/** The smallest writer and reader, quoted by the README and run by its tests. */
package io.framebus.examples;
