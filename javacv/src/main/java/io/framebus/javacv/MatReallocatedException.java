package io.framebus.javacv;

import io.framebus.FramebusException;

/**
 * OpenCV reallocated the {@code Mat} over a claimed slot: the destination had the wrong size or type for
 * the operation, so OpenCV wrote its result into new memory of its own and the slot was left untouched.
 * The claim was aborted: nothing was published. Give OpenCV a destination of the slot's size and type
 * ({@code dst.size()}, the slot's {@code CV_8UCn}), or claim a slot of the size the operation produces.
 */
public final class MatReallocatedException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what the slot's Mat was and what OpenCV left in its place
     */
    public MatReallocatedException(String message) {
        super(message);
    }
}
