package io.framebus.inference;

import io.framebus.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * Name, element type and shape of one model input or output, as the model's metadata declares them.
 * A dimension of -1 is dynamic (decided per run, typically the batch); the model may name it (a
 * symbolic dimension such as {@code "batch"}), and the same name on an input and an output means the
 * same size.
 */
public final class TensorSpec {
    private static final String[] NO_NAMES = new String[0];

    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final String[] dimNames;
    private final String elementType;

    /**
     * A spec as read from the model's metadata.
     *
     * @param name  the input or output name in the model
     * @param dtype element type ({@link DType#UNKNOWN} when framebus has no code for it)
     * @param shape dimensions; -1 for a dynamic one
     */
    public TensorSpec(String name, DType dtype, long[] shape) {
        this(name, dtype, shape, NO_NAMES);
    }

    /**
     * A spec with the names of its symbolic dimensions.
     *
     * @param name     the input or output name in the model
     * @param dtype    element type ({@link DType#UNKNOWN} when framebus has no code for it)
     * @param shape    dimensions; -1 for a dynamic one
     * @param dimNames the name of each dimension ("" or null for none); may be shorter than the shape
     */
    public TensorSpec(String name, DType dtype, long[] shape, String[] dimNames) {
        this(name, dtype, shape, dimNames, dtype.name());
    }

    /**
     * A spec with the names of its symbolic dimensions and the model's own name of its element type.
     *
     * @param name        the input or output name in the model
     * @param dtype       element type ({@link DType#UNKNOWN} when framebus has no code for it)
     * @param shape       dimensions; -1 for a dynamic one
     * @param dimNames    the name of each dimension ("" or null for none); may be shorter than the shape
     * @param elementType how ONNX Runtime names the type (e.g. {@code STRING}), shown when framebus has no code for
     *                    it
     */
    public TensorSpec(String name, DType dtype, long[] shape, String[] dimNames, String elementType) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.dimNames = new String[shape.length];
        for (int d = 0; d < shape.length; d++) {
            String n = dimNames != null && d < dimNames.length ? dimNames[d] : null;
            this.dimNames[d] = n == null ? "" : n;
        }
        this.elementType = Objects.requireNonNull(elementType, "elementType");
    }

    /** The input or output name in the model. */
    public String name() {
        return name;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the declared shape (may contain -1). */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Declared size of dimension {@code d} (-1 if dynamic). */
    public long dim(int d) {
        return shape[d];
    }

    /** The element type as the model names it: the {@link DType}'s name, or ONNX Runtime's for an unknown one. */
    public String elementType() {
        return elementType;
    }

    /** The symbolic name of dimension {@code d}, or "" when the model gives none. */
    public String dimName(int d) {
        return dimNames[d];
    }

    /** True when no dimension is dynamic. */
    public boolean isStatic() {
        for (long d : shape) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** The shape with every dynamic dimension set to 1 (a batch of one). */
    public long[] concreteShape() {
        long[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0) {
                s[i] = 1;
            }
        }
        return s;
    }

    /** Elements of {@link #concreteShape()}. */
    public long elementCount() {
        return elements(concreteShape());
    }

    /** Bytes of {@link #concreteShape()}. */
    public long byteSize() {
        return Math.multiplyExact(elementCount(), (long) dtype.size());
    }

    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + ":" + (dtype == DType.UNKNOWN ? elementType : dtype.name()) + Arrays.toString(shape);
    }
}
