package io.framebus.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for tests, so that a test can run a model with a dynamic dimension, several
 * outputs or an unusual input type without a downloaded file. The bytes are the ONNX {@code ModelProto}
 * in protobuf encoding (onnx/onnx.proto: field numbers and wire types below), written by hand: no
 * protobuf library is needed.
 *
 * <pre>{@code
 * Path model = OnnxModel.opset(13)
 *         .input("x", OnnxModel.FLOAT, "batch", 3, 8, 8)        // dims: a number, a symbolic name, or null
 *         .output("y", OnnxModel.FLOAT, "batch", 3, 8, 8)
 *         .initializer("two", new float[] {2f})                  // a scalar
 *         .node("Mul", List.of("x", "two"), List.of("y"))
 *         .write(dir.resolve("double.onnx"));
 * }</pre>
 */
public final class OnnxModel {
    /** ONNX {@code TensorProto.DataType} FLOAT. */
    public static final int FLOAT = 1;
    /** UINT8. */
    public static final int UINT8 = 2;
    /** INT64. */
    public static final int INT64 = 7;
    /** STRING. */
    public static final int STRING = 8;

    private final long opset;
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> nodes = new ArrayList<>();

    private OnnxModel(long opset) {
        this.opset = opset;
    }

    /** A model of the default ONNX domain at operator set {@code version}. */
    public static OnnxModel opset(long version) {
        return new OnnxModel(version);
    }

    /**
     * Declares a graph input.
     *
     * @param dims one per dimension: a {@link Number} (a fixed size), a {@link String} (a symbolic dimension) or
     *             null (dynamic and unnamed)
     */
    public OnnxModel input(String name, int elementType, Object... dims) {
        inputs.add(valueInfo(name, elementType, dims));
        return this;
    }

    /** Declares a graph output, with dims as for {@link #input}. */
    public OnnxModel output(String name, int elementType, Object... dims) {
        outputs.add(valueInfo(name, elementType, dims));
        return this;
    }

    /** A float32 constant; {@code dims} empty for a scalar. */
    public OnnxModel initializer(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        initializers.add(tensor(name, FLOAT, dims, raw.array()));
        return this;
    }

    /** An int64 constant (shapes, axes, repeats). */
    public OnnxModel initializer(String name, long[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        initializers.add(tensor(name, INT64, dims, raw.array()));
        return this;
    }

    /** A node without attributes. */
    public OnnxModel node(String opType, List<String> in, List<String> out) {
        return node(opType, in, out, List.of());
    }

    /** A node with attributes made by {@link #ints} and {@link #integer}. */
    public OnnxModel node(String opType, List<String> in, List<String> out, List<byte[]> attributes) {
        Proto n = new Proto();
        in.forEach(s -> n.string(1, s));
        out.forEach(s -> n.string(2, s));
        n.string(3, opType + "_" + nodes.size());
        n.string(4, opType);
        attributes.forEach(a -> n.bytes(5, a));
        nodes.add(n.toBytes());
        return this;
    }

    /** An INTS attribute. */
    public static byte[] ints(String name, long... values) {
        Proto a = new Proto().string(1, name);
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, 7).toBytes();
    }

    /** An INT attribute. */
    public static byte[] integer(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, 2).toBytes();
    }

    /** The ModelProto's bytes. */
    public byte[] toBytes() {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.bytes(1, n));
        graph.string(2, "framebus-test");
        initializers.forEach(t -> graph.bytes(5, t));
        inputs.forEach(v -> graph.bytes(11, v));
        outputs.forEach(v -> graph.bytes(12, v));
        return new Proto()
                .varint(1, 8)                                              // ir_version
                .string(2, "framebus-testkit")                             // producer_name
                .bytes(7, graph.toBytes())                                 // graph
                .bytes(8, new Proto().string(1, "").varint(2, opset).toBytes()) // opset_import
                .toBytes();
    }

    /** Writes the model to {@code file} and returns it. */
    public Path write(Path file) throws IOException {
        return Files.write(file, toBytes());
    }

    private static byte[] tensor(String name, int type, long[] dims, byte[] raw) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, type).string(8, name).bytes(9, raw).toBytes();
    }

    private static byte[] valueInfo(String name, int elementType, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            Proto dim = new Proto();
            if (d instanceof Number n) {
                dim.varint(1, n.longValue());
            } else if (d instanceof String s) {
                dim.string(2, s);
            }
            shape.bytes(1, dim.toBytes());
        }
        byte[] tensorType = new Proto().varint(1, elementType).bytes(2, shape.toBytes()).toBytes();
        byte[] type = new Proto().bytes(1, tensorType).toBytes();
        return new Proto().string(1, name).bytes(2, type).toBytes();
    }

    /** Protobuf fields, appended in order: varints (wire type 0) and length-delimited bytes (wire type 2). */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            raw(((long) field << 3) | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        private void raw(long v) {
            long rest = v;
            while ((rest & ~0x7FL) != 0) {
                out.write((int) ((rest & 0x7F) | 0x80));
                rest >>>= 7;
            }
            out.write((int) rest);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
