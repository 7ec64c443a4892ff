package io.framebus.inference;

import ai.onnxruntime.OrtSession;

import java.util.Objects;

/**
 * How a {@link TensorSession} runs its model.
 *
 * <p>The defaults suit a small host shared with decode and encode processes: one intra-op thread
 * and no busy-spinning between operators. On 2 contended cores ONNX Runtime's default spinning
 * with 2 threads made YOLOX-nano 4x slower (40-47 ms instead of 11 ms per frame), because the
 * spinning workers steal the core from the threads they wait for.
 *
 * @param intraOpThreads threads inside one operator (1 by default)
 * @param interOpThreads threads across independent operators (1 by default)
 * @param allowSpinning  whether idle intra-op workers busy-wait ({@code session.intra_op.allow_spinning}); off
 *                       by default
 * @param optimization   graph optimisation level (all by default)
 * @param pinOutputs     whether outputs of static shape are preallocated once and written in place every run
 * @param provider       where ONNX Runtime runs the model (the CPU by default)
 */
public record SessionConfig(int intraOpThreads, int interOpThreads, boolean allowSpinning,
                            OrtSession.SessionOptions.OptLevel optimization, boolean pinOutputs,
                            ExecutionProvider provider) {
    /** Validates thread counts. */
    public SessionConfig {
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("thread counts must be at least 1, got intra-op " + intraOpThreads
                    + ", inter-op " + interOpThreads);
        }
        Objects.requireNonNull(optimization, "optimization");
        Objects.requireNonNull(provider, "provider");
    }

    /** One intra-op thread, spinning off, all optimisations, pinned outputs, the CPU. */
    public static SessionConfig defaults() {
        return new SessionConfig(1, 1, false, OrtSession.SessionOptions.OptLevel.ALL_OPT, true,
                ExecutionProvider.CPU);
    }

    /** This config with {@code threads} intra-op threads. */
    public SessionConfig withIntraOpThreads(int threads) {
        return new SessionConfig(threads, interOpThreads, allowSpinning, optimization, pinOutputs, provider);
    }

    /** This config with {@code threads} inter-op threads. */
    public SessionConfig withInterOpThreads(int threads) {
        return new SessionConfig(intraOpThreads, threads, allowSpinning, optimization, pinOutputs, provider);
    }

    /** This config with intra- and inter-op spinning on or off. */
    public SessionConfig withSpinning(boolean spin) {
        return new SessionConfig(intraOpThreads, interOpThreads, spin, optimization, pinOutputs, provider);
    }

    /** This config with graph optimisation {@code level}. */
    public SessionConfig withOptimization(OrtSession.SessionOptions.OptLevel level) {
        return new SessionConfig(intraOpThreads, interOpThreads, allowSpinning, level, pinOutputs, provider);
    }

    /** This config with static outputs pinned or not. */
    public SessionConfig withPinnedOutputs(boolean pin) {
        return new SessionConfig(intraOpThreads, interOpThreads, allowSpinning, optimization, pin, provider);
    }

    /** This config running on {@code p}. */
    public SessionConfig withProvider(ExecutionProvider p) {
        return new SessionConfig(intraOpThreads, interOpThreads, allowSpinning, optimization, pinOutputs, p);
    }
}
