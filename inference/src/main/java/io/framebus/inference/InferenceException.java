package io.framebus.inference;

/** ONNX Runtime refused a model, a tensor or a run; the message says which and why. */
public class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a message only.
     *
     * @param message what failed and why
     */
    public InferenceException(String message) {
        super(message);
    }

    /**
     * An error caused by another exception.
     *
     * @param message what failed and why
     * @param cause   the ONNX Runtime exception
     */
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
