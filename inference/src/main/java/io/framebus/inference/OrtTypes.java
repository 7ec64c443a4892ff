package io.framebus.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.framebus.DType;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Maps ONNX Runtime's element types to framebus {@link DType}s and back, and makes the tensors that view
 * native memory in place (inputs over slots, pinned outputs).
 */
final class OrtTypes {
    private OrtTypes() {
    }

    static DType toDType(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case INT16 -> DType.INT16;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            case BOOL -> DType.BOOL;
            default -> DType.UNKNOWN;
        };
    }

    static OnnxJavaType toOrt(DType type) {
        return switch (type) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            case UNKNOWN -> throw new InferenceException("tensor element type unknown to framebus");
        };
    }

    /** A tensor over {@code memory}: a direct, native-order buffer, so ONNX Runtime uses it in place. */
    static OnnxTensor createTensor(OrtEnvironment env, TensorSpec spec, long[] shape, MemorySegment memory) {
        ByteBuffer bytes = memory.asByteBuffer().order(ByteOrder.nativeOrder());
        try {
            if (spec.dtype() == DType.FLOAT32) {
                return OnnxTensor.createTensor(env, bytes.asFloatBuffer(), shape);
            }
            OnnxJavaType type = toOrt(spec.dtype());
            return OnnxTensor.createTensor(env, bytes, shape, type);
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime refused a tensor for " + spec + " of shape "
                    + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }
}
