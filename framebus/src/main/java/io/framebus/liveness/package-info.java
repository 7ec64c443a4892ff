/**
 * Who is alive: open-file-description locks on single bytes of the channel file, which the kernel
 * drops when their holder dies, and the writer's background reclaim of dead readers' rows. Not
 * exported by the module.
 */
package io.framebus.liveness;
