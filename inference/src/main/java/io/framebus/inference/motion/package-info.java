/**
 * Model-free motion detection over a framebus channel: consecutive frames are differenced in place in
 * their shared-memory slots (the reader holds the previous frame while it takes the next), and the
 * boxes of what moved are published as {@link io.framebus.pipeline.Detections}.
 */
package io.framebus.inference.motion;
