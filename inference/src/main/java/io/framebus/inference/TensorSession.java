package io.framebus.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs any ONNX model over tensors that live in caller-owned memory, such as framebus slots.
 *
 * <pre>{@code
 * try (TensorSession session = TensorSession.open(Path.of("model.onnx"));
 *      InputBinding in = session.bind(claim.segment())) {     // an OnnxTensor over the slot, no copy
 *     preprocessor.apply(frame, in.memory());                 // write the input into the slot
 *     session.run(in);                                        // ORT reads the slot, writes pinned outputs
 *     MemorySegment logits = session.outputMemory(0);               // valid until the next run
 * }
 * }</pre>
 *
 * <p>Input and output names, element types and shapes come from the model's metadata
 * ({@link #inputs()}, {@link #outputs()}). Outputs whose shape is fully static are <em>pinned</em>:
 * allocated once (64-byte aligned, off-heap) and handed to every run, so ONNX Runtime writes the
 * results straight into them. Outputs with a dynamic shape are copied out of ONNX Runtime's own
 * tensor after each run.
 *
 * <p>A session is used by one thread at a time. Close every {@link InputBinding} before the memory it
 * views is unmapped; closing the session closes the pinned outputs and frees their memory.
 */
public final class TensorSession implements AutoCloseable {
    private final Path model;
    private final SessionConfig config;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final SessionOutputs results;
    /** The pinned slot outputs of {@link #runInto(InputBinding, OutputBinding...)}, by name; reused. */
    private final Map<String, OnnxTensor> slotOutputs = new HashMap<>();
    private final boolean[] outputSeen;
    private boolean ran;
    private boolean closed;

    private TensorSession(Path model, SessionConfig config, OrtEnvironment env, OrtSession session)
            throws OrtException {
        this.model = model;
        this.config = config;
        this.env = env;
        this.session = session;
        this.inputs = ModelSpecs.of(session.getInputInfo());
        this.outputs = ModelSpecs.of(session.getOutputInfo());
        this.results = new SessionOutputs(env, outputs, config.pinOutputs());
        this.outputSeen = new boolean[outputs.size()];
    }

    /** Opens {@code model} with {@link SessionConfig#defaults()}: one intra-op thread, no spinning. */
    public static TensorSession open(Path model) {
        return open(model, SessionConfig.defaults());
    }

    /**
     * Opens {@code model} (an {@code .onnx} file) on the configured execution provider.
     *
     * @throws InferenceException when the file is missing, ONNX Runtime cannot load it, or the provider is not
     *                            available
     */
    public static TensorSession open(Path model, SessionConfig config) {
        if (!Files.isRegularFile(model)) {
            throw new InferenceException("ONNX model " + model.toAbsolutePath() + " does not exist or is not a file");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtTempDirectory.removeAtExit();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(config.interOpThreads());
            options.setOptimizationLevel(config.optimization());
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", config.allowSpinning() ? "1" : "0");
            options.addConfigEntry("session.inter_op.allow_spinning", config.allowSpinning() ? "1" : "0");
            config.provider().addTo(options);
            session = env.createSession(model.toString(), options);
            return new TensorSession(model, config, env, session);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new InferenceException("ONNX Runtime could not load " + model + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing
            }
        }
    }

    /** The model file. */
    public Path model() {
        return model;
    }

    /** The settings the session was opened with. */
    public SessionConfig config() {
        return config;
    }

    /** The model's inputs, in declaration order. */
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /** The model's outputs, in declaration order. */
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** Input {@code index}'s name, type and shape. */
    public TensorSpec inputSpec(int index) {
        return inputs.get(index);
    }

    /** The input called {@code name}. */
    public TensorSpec inputSpec(String name) {
        for (TensorSpec s : inputs) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("model " + model.getFileName() + " has no input '" + name + "'; inputs: "
                + inputs);
    }

    /** Output {@code index}'s name, type and shape. */
    public TensorSpec outputSpec(int index) {
        return outputs.get(index);
    }

    /** The output called {@code name}. */
    public TensorSpec outputSpec(String name) {
        return outputs.get(outputIndex(name));
    }

    /** Index of output {@code name}. */
    public int outputIndex(String name) {
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("model " + model.getFileName() + " has no output '" + name + "'; outputs: "
                + outputs);
    }

    /** Binds the model's only input over {@code memory}, with the metadata's shape (dynamic dimensions = 1). */
    public InputBinding bind(MemorySegment memory) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("model " + model.getFileName() + " has " + inputs.size()
                    + " inputs; bind each by name: " + inputs);
        }
        return bind(inputs.getFirst().name(), memory);
    }

    /** Binds input {@code name} over {@code memory}, with the metadata's shape (dynamic dimensions = 1). */
    public InputBinding bind(String name, MemorySegment memory) {
        return bind(name, memory, inputSpec(name).concreteShape());
    }

    /**
     * Creates an {@link OnnxTensor} of input {@code name} with {@code shape} that views the first
     * bytes of {@code memory} in place. The memory may be read-only (a held {@link io.framebus.Frame}'s
     * segment): ONNX Runtime only reads inputs.
     *
     * @throws IllegalArgumentException when the shape contradicts the metadata or the memory is too small
     * @throws InferenceException       when ONNX Runtime would copy the memory instead of viewing it
     */
    public InputBinding bind(String name, MemorySegment memory, long... shape) {
        ensureOpen();
        TensorSpec spec = inputSpec(name);
        MemorySegment view = TensorBinder.view("input", model, spec, memory, shape);
        return new InputBinding(spec, shape, view, TensorBinder.tensor(env, "input", spec, shape, view));
    }

    /**
     * Pins output {@code name} with {@code shape} to the first bytes of {@code memory} (a claimed slot):
     * {@link #runInto(InputBinding, OutputBinding...)} makes ONNX Runtime write it there.
     *
     * @throws IllegalArgumentException when the shape contradicts the metadata, or the memory is too small or
     *                                  read-only
     * @throws InferenceException       when ONNX Runtime would copy the memory instead of writing into it
     */
    public OutputBinding bindOutput(String name, MemorySegment memory, long... shape) {
        ensureOpen();
        TensorSpec spec = outputSpec(name);
        MemorySegment view = TensorBinder.view("output", model, spec, memory, shape);
        return new OutputBinding(spec, shape, view, TensorBinder.tensor(env, "output", spec, shape, view));
    }

    /** Runs the model on one bound input (a single-input model). Outputs are then in {@link #outputMemory(int)}. */
    public void run(InputBinding input) {
        ensureOpen();
        input.ortTensor();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("model " + model.getFileName() + " needs " + inputs.size() + " inputs");
        }
        runWith(input.asInputs());
    }

    /** Runs the model on one binding per input. Outputs are then in {@link #outputMemory(int)}. */
    public void run(InputBinding... bound) {
        ensureOpen();
        if (bound.length == 1) {
            run(bound[0]);
            return;
        }
        Map<String, OnnxTensor> map = new HashMap<>();
        for (InputBinding b : bound) {
            map.put(b.name(), b.ortTensor());
        }
        if (!map.keySet().equals(inputNames())) {
            throw new IllegalArgumentException("bound inputs " + map.keySet() + " differ from the model's "
                    + inputNames());
        }
        runWith(map);
    }

    /**
     * Runs the model on one bound input (a single-input model) with every output pinned to caller memory,
     * one binding per model output in any order: ONNX Runtime writes each result straight into its binding's
     * memory. {@link #outputMemory(int)} is not updated by this kind of run.
     *
     * @throws IllegalArgumentException when the bindings are not exactly the model's outputs
     */
    public void runInto(InputBinding input, OutputBinding... bound) {
        ensureOpen();
        input.ortTensor();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("model " + model.getFileName() + " needs " + inputs.size() + " inputs");
        }
        if (bound.length != outputs.size()) {
            throw new IllegalArgumentException("model " + model.getFileName() + " has " + outputs.size()
                    + " outputs " + outputs + "; got " + bound.length + " output bindings");
        }
        java.util.Arrays.fill(outputSeen, false);
        for (OutputBinding b : bound) {
            int index = outputIndex(b.name());
            if (outputSeen[index]) {
                throw new IllegalArgumentException("output '" + b.name() + "' is bound twice");
            }
            outputSeen[index] = true;
            slotOutputs.put(b.name(), b.ortTensor()); // replaces the last run's tensor: no allocation
        }
        ran = false; // the session's own outputs are not written by this run
        try (OrtSession.Result _ = session.run(input.asInputs(), Set.of(), slotOutputs)) {
            // the results are in the bound memory
        } catch (OrtException e) {
            throw new InferenceException("running " + model.getFileName() + " into the bound outputs failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs the model once with outputs ONNX Runtime allocates, only to learn their shapes for this input (a
     * model whose output shapes its metadata leaves open). The results are discarded.
     *
     * @return the shape of each output, in declaration order
     */
    public long[][] outputShapesFor(InputBinding input) {
        ensureOpen();
        long[][] shapes = new long[outputs.size()][];
        try (OrtSession.Result result = session.run(input.asInputs())) {
            for (int i = 0; i < shapes.length; i++) {
                OnnxValue value = result.get(i);
                if (!(value instanceof OnnxTensor tensor)) {
                    throw new InferenceException("output '" + outputs.get(i).name() + "' of " + model.getFileName()
                            + " is a " + value.getType() + ", not a tensor");
                }
                shapes[i] = tensor.getInfo().getShape();
            }
        } catch (OrtException e) {
            throw new InferenceException("running " + model.getFileName() + " failed: " + e.getMessage(), e);
        }
        return shapes;
    }

    private Set<String> inputNames() {
        Set<String> names = new LinkedHashSet<>();
        for (TensorSpec s : inputs) {
            names.add(s.name());
        }
        return names;
    }

    private void runWith(Map<String, OnnxTensor> feed) {
        ran = false;
        try (OrtSession.Result result = session.run(feed, results.unpinnedNames(), results.pinned())) {
            if (!results.unpinnedNames().isEmpty()) {
                results.copyDynamic(result);
            }
            ran = true;
        } catch (OrtException e) {
            throw new InferenceException("running " + model.getFileName() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Output {@code index} of the last run, read-only, in native byte order. For a pinned output this
     * is the memory ONNX Runtime wrote into; it is overwritten by the next run.
     */
    public MemorySegment outputMemory(int index) {
        ensureOpen();
        MemorySegment view = results.view(index);
        if (view == null || !ran) {
            throw new IllegalStateException("output '" + outputs.get(index).name() + "' has no value: no run has"
                    + " succeeded yet, or the last one failed");
        }
        return view;
    }

    /** The shape of output {@code index} (for a dynamic output: as of the last run). */
    public long[] outputShape(int index) {
        return results.shape(index);
    }

    /** True when output {@code index} is preallocated and written in place by every run. */
    public boolean isPinned(int index) {
        return results.pinnedTensor(index) != null;
    }

    /** The pinned output tensor ONNX Runtime writes into, or null for a dynamic output. */
    public OnnxTensor pinnedOutput(int index) {
        return results.pinnedTensor(index);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("session for " + model.getFileName() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "TensorSession[" + model.getFileName() + ", inputs " + inputs + ", outputs " + outputs + ", "
                + config.intraOpThreads() + " intra-op thread(s)]";
    }

    /** Closes the ONNX Runtime session and the pinned outputs, then frees their memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        results.closeTensors();
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException("closing the session of " + model.getFileName() + " failed", e);
        } finally {
            results.freeMemory();
        }
    }
}
