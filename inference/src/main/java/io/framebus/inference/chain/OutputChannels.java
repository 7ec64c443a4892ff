package io.framebus.inference.chain;

import io.framebus.ChannelConfig;
import io.framebus.ChannelNames;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.FramebusException;
import io.framebus.inference.OutputSlotBindings;
import io.framebus.inference.TensorSession;
import io.framebus.inference.TensorSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Where an {@link InferStage} publishes the model's outputs: <b>one channel per output</b>, in the model's
 * output order. Each slot holds one output of one run, labelled with the output's name and carrying its
 * dtype, its shape and the origin of the video frame ({@link io.framebus.pipeline.ChainMetadata}); the
 * outputs of one run are published one after the other, first output first, all with the same origin.
 *
 * <p>Why one channel per output and not one slot per output in one channel: ONNX Runtime writes every
 * output of a run at once, so every output's slot must be claimed (and pinned) before the run, and a writer
 * has one open claim at a time. One writer per output lets each output land in its own slot with no copy.
 *
 * <p>Channels are created when the output shapes are first known: at the start for a model whose outputs
 * are static, at the first input for one whose output shapes follow the input's. A slot holds the output's
 * size at that moment, or {@link #minSlotBytes(long)} if more: a later input that makes an output larger
 * than its slot is an error naming both sizes.
 */
public final class OutputChannels implements AutoCloseable {
    private final List<String> names;
    private int slots = 4;
    private long minSlotBytes;
    private UnaryOperator<ChannelConfig> configure = UnaryOperator.identity();
    private int waitReaders;
    private Duration waitTimeout = Duration.ofMinutes(2);
    private ChannelWriter[] writers;
    private OutputSlotBindings[] pins;

    private OutputChannels(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("give at least one output channel name");
        }
        names.forEach(ChannelNames::validate);
        this.names = List.copyOf(names);
    }

    /**
     * Channels with these names: one per model output, in the model's order, or a single name for every
     * output ({@code NAME} for a model with one output, {@code NAME.0}, {@code NAME.1}... for more).
     */
    public static OutputChannels named(List<String> names) {
        return new OutputChannels(names);
    }

    /** Slots of each channel (4 by default). */
    public OutputChannels slots(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("an output channel needs at least 2 slots, got " + count);
        }
        this.slots = count;
        return this;
    }

    /** Room in each slot at least (default: the output's size when the channel is created). */
    public OutputChannels minSlotBytes(long bytes) {
        this.minSlotBytes = bytes;
        return this;
    }

    /** Applied to each channel's config before it is created: a directory, a backing, access rights. */
    public OutputChannels configure(UnaryOperator<ChannelConfig> change) {
        this.configure = Objects.requireNonNull(change, "change");
        return this;
    }

    /** Waits, once the channels exist, until {@code readers} readers have attached to each (0 by default). */
    public OutputChannels waitForReaders(int readers, Duration timeout) {
        this.waitReaders = readers;
        this.waitTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** The channel name of each of {@code outputs} outputs. */
    public List<String> channelNames(int outputs) {
        if (names.size() == outputs) {
            return names;
        }
        if (names.size() != 1) {
            throw new IllegalArgumentException("the model has " + outputs + " outputs; give one output channel name"
                    + " or " + outputs + ", got " + names);
        }
        List<String> list = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            list.add(ChannelNames.validate(names.getFirst() + "." + i));
        }
        return list;
    }

    /** Whether the channels exist. */
    public boolean created() {
        return writers != null;
    }

    /** The writer of output {@code index}'s channel (after creation). */
    public ChannelWriter writer(int index) {
        return writers[index];
    }

    OutputSlotBindings pins(int index) {
        return pins[index];
    }

    /** Creates one channel per output of {@code session} for outputs of {@code shapes}, then waits for readers. */
    void create(TensorSession session, long[][] shapes, BooleanSupplier stopped) {
        List<TensorSpec> outputs = session.outputs();
        List<String> channels = channelNames(outputs.size());
        writers = new ChannelWriter[outputs.size()];
        pins = new OutputSlotBindings[outputs.size()];
        for (int i = 0; i < writers.length; i++) {
            long bytes = Math.max(minSlotBytes, bytes(outputs.get(i), shapes[i]));
            writers[i] = FrameChannel.create(configure.apply(ChannelConfig.of(channels.get(i), Math.max(64, bytes))
                    .withSlots(slots)));
            writers[i].note("output '" + outputs.get(i).name() + "' of " + session.model().getFileName()
                    + ", pinned: ONNX Runtime writes into the slot");
            pins[i] = new OutputSlotBindings(session, outputs.get(i).name(), slots);
        }
        long deadline = System.nanoTime() + waitTimeout.toNanos();
        for (ChannelWriter w : writers) {
            while (w.readerCount() < waitReaders && !stopped.getAsBoolean()) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new FramebusException("only " + w.readerCount() + " of " + waitReaders
                            + " readers attached to output channel '" + w.name() + "' within " + waitTimeout);
                }
                w.awaitReaders(waitReaders, Duration.ofMillis(50));
            }
        }
    }

    static long bytes(TensorSpec spec, long[] shape) {
        long n = spec.dtype().size();
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Closes the bindings, then the channels (their readers see the end of the stream). */
    @Override
    public void close() {
        if (pins != null) {
            for (OutputSlotBindings p : pins) {
                if (p != null) {
                    p.close();
                }
            }
        }
        if (writers != null) {
            for (ChannelWriter w : writers) {
                if (w != null) {
                    w.close();
                }
            }
        }
    }
}
