package io.framebus.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where ONNX Runtime runs a model. Which ones exist depends on the ONNX Runtime build on the class path:
 * the {@code com.microsoft.onnxruntime:onnxruntime} jar framebus ships has only {@link #CPU}; GPU and
 * accelerator providers come with other builds ({@code onnxruntime_gpu} for CUDA and TensorRT).
 */
public enum ExecutionProvider {
    /** The default CPU provider (MLAS kernels). */
    CPU(OrtProvider.CPU),
    /** NVIDIA CUDA, device 0. */
    CUDA(OrtProvider.CUDA),
    /** NVIDIA TensorRT, device 0. */
    TENSORRT(OrtProvider.TENSOR_RT),
    /** AMD ROCm, device 0. */
    ROCM(OrtProvider.ROCM),
    /** Intel oneDNN, with its arena allocator. */
    DNNL(OrtProvider.DNNL),
    /** Intel OpenVINO, its default device. */
    OPENVINO(OrtProvider.OPEN_VINO),
    /** XNNPACK (CPU kernels for mobile and x86). */
    XNNPACK(OrtProvider.XNNPACK),
    /** Apple Core ML. */
    COREML(OrtProvider.CORE_ML),
    /** Arm Compute Library. */
    ACL(OrtProvider.ACL),
    /** DirectML (Windows), device 0. */
    DIRECTML(OrtProvider.DIRECT_ML);

    private final OrtProvider ort;

    ExecutionProvider(OrtProvider ort) {
        this.ort = ort;
    }

    /**
     * The provider called {@code name}, ignoring case ({@code cpu}, {@code cuda}, {@code openvino}...).
     *
     * @throws IllegalArgumentException naming the known providers when there is none of that name
     */
    public static ExecutionProvider parse(String name) {
        for (ExecutionProvider p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown execution provider '" + name + "'; known: " + names(List.of(
                values())) + " (available in this ONNX Runtime: " + names(available()) + ")");
    }

    /** The providers the ONNX Runtime on the class path has. */
    public static List<ExecutionProvider> available() {
        List<ExecutionProvider> list = new ArrayList<>();
        for (ExecutionProvider p : values()) {
            if (OrtEnvironment.getAvailableProviders().contains(p.ort)) {
                list.add(p);
            }
        }
        return list;
    }

    /** Whether the ONNX Runtime on the class path has this provider. */
    public boolean isAvailable() {
        return OrtEnvironment.getAvailableProviders().contains(ort);
    }

    /**
     * Adds this provider to {@code options} (nothing for the CPU, which is always there).
     *
     * @throws InferenceException when this ONNX Runtime does not have the provider, naming those it has
     */
    void addTo(OrtSession.SessionOptions options) throws OrtException {
        if (this == CPU) {
            return;
        }
        if (!isAvailable()) {
            throw new InferenceException("execution provider " + lowerName() + " is not available in this ONNX"
                    + " Runtime (it has " + names(available()) + "); the onnxruntime jar on the class path is a build"
                    + " without it (CUDA and TensorRT need onnxruntime_gpu)");
        }
        switch (this) {
            case CUDA -> options.addCUDA(0);
            case TENSORRT -> options.addTensorrt(0);
            case ROCM -> options.addROCM(0);
            case DNNL -> options.addDnnl(true);
            case OPENVINO -> options.addOpenVINO("");
            case XNNPACK -> options.addXnnpack(Map.of());
            case COREML -> options.addCoreML();
            case ACL -> options.addACL(true);
            case DIRECTML -> options.addDirectML(0);
            default -> throw new IllegalStateException("no way to add " + this);
        }
    }

    /** The name as the command line takes it. */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static String names(List<ExecutionProvider> providers) {
        List<String> names = new ArrayList<>();
        providers.forEach(p -> names.add(p.lowerName()));
        return String.join(", ", names);
    }
}
