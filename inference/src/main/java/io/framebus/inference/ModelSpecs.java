package io.framebus.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.framebus.DType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's inputs or outputs as {@link TensorSpec}s, from ONNX Runtime's metadata: name, element type
 * (with ONNX Runtime's name for a type framebus has no code for, or the kind of a value that is not a
 * tensor), shape and the names of symbolic dimensions.
 */
final class ModelSpecs {
    private ModelSpecs() {
    }

    /** The specs of {@code nodes}, in declaration order. */
    static List<TensorSpec> of(Map<String, NodeInfo> nodes) {
        List<TensorSpec> list = new ArrayList<>(nodes.size());
        for (NodeInfo node : nodes.values()) {
            ValueInfo info = node.getInfo();
            if (info instanceof TensorInfo t) {
                DType type = OrtTypes.toDType(t.type);
                list.add(new TensorSpec(node.getName(), type, t.getShape(), t.getDimensionNames(),
                        type == DType.UNKNOWN ? t.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "")
                                : type.name()));
            } else {
                String kind = info.getClass().getSimpleName().replace("Info", "").toUpperCase(java.util.Locale.ROOT);
                list.add(new TensorSpec(node.getName(), DType.UNKNOWN, new long[0], null, kind));
            }
        }
        return List.copyOf(list);
    }
}
