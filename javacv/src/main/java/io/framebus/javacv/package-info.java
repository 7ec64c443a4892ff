/**
 * JavaCV and OpenCV over framebus slots, without copies.
 *
 * <ul>
 *   <li><b>Reading:</b> {@link io.framebus.javacv.ReadOnlyViews} gives a held frame's slot as an OpenCV
 *       {@link io.framebus.javacv.ReadOnlyMat} or a JavaCV {@link io.framebus.javacv.ReadOnlyJavacvFrame}.
 *       Readers map slots read-only: native writes into these views kill the JVM (SIGSEGV), Java writes
 *       throw; take a writable copy to modify a picture.</li>
 *   <li><b>Writing:</b> {@link io.framebus.javacv.MatWriter} claims a slot as a writable {@code Mat}, for
 *       OpenCV calls whose {@code dst} is the slot; {@link io.framebus.javacv.MatClaim#publish()} refuses a
 *       Mat that OpenCV reallocated.</li>
 *   <li><b>Publishing from a grabber:</b> {@link io.framebus.javacv.GrabberSource} makes any JavaCV
 *       {@code FrameGrabber} a capture source, its one conversion landing in the slot.</li>
 *   <li><b>A stage:</b> {@link io.framebus.javacv.ResizeStage} writes a smaller preview of the newest frame
 *       into a second channel with OpenCV's {@code resize}, zero-copy at both ends.</li>
 * </ul>
 */
package io.framebus.javacv;
