package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameHandler;
import io.framebus.inference.BoxMapping;
import io.framebus.inference.DetectionPublisher;
import io.framebus.inference.PreprocessSpec;
import io.framebus.pipeline.ChainMetadata;
import io.framebus.pipeline.Detections;
import io.framebus.pipeline.StageListener;

import java.time.Duration;
import java.util.List;

/**
 * One {@link PostprocessStage#run}. The stage loop runs on the last output's channel, whose frame is
 * published last; for each of its frames, the other outputs of the same origin are taken from their
 * channels (already published, so at once), an older leftover is dropped, and a newer one is kept for its
 * own turn.
 */
final class PostprocessRun implements FrameHandler, AutoCloseable {
    private static final Duration GATHER = Duration.ofSeconds(1);

    private final TensorDecoder decoder;
    private final PreprocessSpec geometry;
    private final List<ChannelReader> readers;
    private final DetectionPublisher publisher;
    private final StageListener listener;
    private final Frame[] group;
    private final Frame[] pending;
    private long lastTag = -1;
    private Placement placement;
    private long decoded;
    private long incomplete;
    private long decodeNanos;

    PostprocessRun(TensorDecoder decoder, PreprocessSpec geometry, List<ChannelReader> readers,
                   DetectionPublisher publisher, StageListener listener) {
        this.decoder = decoder;
        this.geometry = geometry;
        this.readers = readers;
        this.publisher = publisher;
        this.listener = listener;
        this.group = new Frame[readers.size()];
        this.pending = new Frame[readers.size()];
    }

    @Override
    public void onFrame(Frame last) {
        long root = ChainMetadata.root(last);
        int n = group.length;
        group[n - 1] = last;
        try {
            for (int i = 0; i < n - 1; i++) {
                group[i] = gather(i, root);
                if (group[i] == null) {
                    incomplete++;
                    return;
                }
            }
            long t0 = System.nanoTime();
            Placement p = placement(last.tag());
            List<Detections.Detection> boxes = decoder.decode(group, p);
            long t1 = System.nanoTime();
            publisher.publish(root, p.frameWidth(), p.frameHeight(), last.pts(), last.captureNanos(),
                    t1 - last.takeNanos(), boxes);
            decodeNanos += t1 - t0;
            decoded++;
            listener.frameDoneAfterHop(root, last.captureNanos(), last.publishNanos(), last.takeNanos(),
                    System.nanoTime(), 0);
        } finally {
            for (int i = 0; i < n - 1; i++) {
                if (group[i] != null) {
                    group[i].close();
                    group[i] = null;
                }
            }
            group[n - 1] = null;
        }
    }

    /** Output {@code i} of origin {@code root}, or null when that channel has none (a newer one stays pending). */
    private Frame gather(int i, long root) {
        Frame f = pending[i];
        pending[i] = null;
        while (true) {
            if (f == null) {
                f = readers.get(i).tryTake(GATHER);
                if (f == null) {
                    return null;
                }
            }
            long r = ChainMetadata.root(f);
            if (r == root) {
                return f;
            }
            if (r > root) {
                pending[i] = f;
                return null;
            }
            f.close(); // an output of an older run whose other outputs this stage never saw
            f = null;
        }
    }

    private Placement placement(long tag) {
        if (placement != null && tag == lastTag) {
            return placement;
        }
        int w = ChainMetadata.sourceWidth(tag);
        int h = ChainMetadata.sourceHeight(tag);
        if (geometry != null) {
            int iw = geometry.width();
            int ih = geometry.height();
            placement = w > 0 ? new Placement(w, h, iw, ih, geometry.fit(w, h).mapping())
                    : new Placement(iw, ih, iw, ih, new BoxMapping(1, 1, 0, 0, iw, ih));
        } else {
            placement = new Placement(w, h, 0, 0, new BoxMapping(1, 1, 0, 0, w, h));
        }
        lastTag = tag;
        return placement;
    }

    PostprocessStage.Summary summary(DetectionPublisher published) {
        return new PostprocessStage.Summary(decoded, incomplete, published.noSlot(),
                decoded == 0 ? 0 : decodeNanos / 1e6 / decoded, published.perClass());
    }

    @Override
    public void close() {
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] != null) {
                pending[i].close();
                pending[i] = null;
            }
        }
    }
}
