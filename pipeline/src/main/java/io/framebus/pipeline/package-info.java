/**
 * What pipeline stages share: the {@link io.framebus.pipeline.Detections} payload that detectors
 * publish and encoders draw, the {@link io.framebus.pipeline.StageLoop} that every reading stage
 * runs, and the {@link io.framebus.pipeline.StageListener} through which whoever runs a stage
 * measures it.
 */
package io.framebus.pipeline;
