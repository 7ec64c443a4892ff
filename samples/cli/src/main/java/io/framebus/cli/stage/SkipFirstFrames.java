package io.framebus.cli.stage;

import io.framebus.capture.SourceInfo;
import io.framebus.capture.VideoSource;

import java.lang.foreign.MemorySegment;

/**
 * A source that starts at frame {@code skip} of another: the first {@code skip} frames are decoded and
 * dropped (never written anywhere), and presentation times count from the first frame kept, so the
 * result looks like a video that begins there. After a rewind (looping) the whole source plays.
 */
public final class SkipFirstFrames implements VideoSource {
    private final VideoSource source;
    private final SourceInfo info;
    private long toSkip;
    private long firstPts = -1;

    public SkipFirstFrames(VideoSource source, long skip) {
        if (skip < 0) {
            throw new IllegalArgumentException("frames to skip must be >= 0, got " + skip);
        }
        this.source = source;
        this.toSkip = skip;
        SourceInfo s = source.info();
        long count = s.frameCount() < 0 ? -1 : Math.max(0, s.frameCount() - skip);
        this.info = new SourceInfo(s.width(), s.height(), s.fpsNum(), s.fpsDen(), count, s.codec(),
                s.description() + (skip > 0 ? ", from frame " + skip : ""));
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public boolean advance() {
        for (; toSkip > 0; toSkip--) {
            if (!source.advance()) {
                return false;
            }
        }
        boolean more = source.advance();
        if (more && firstPts < 0) {
            firstPts = source.ptsMicros();
        }
        return more;
    }

    @Override
    public long ptsMicros() {
        return source.ptsMicros() - Math.max(0, firstPts);
    }

    @Override
    public void writeTo(MemorySegment target, int stride) {
        source.writeTo(target, stride);
    }

    @Override
    public boolean rewind() {
        return source.rewind();
    }

    @Override
    public boolean isLive() {
        return source.isLive();
    }

    @Override
    public String note() {
        return source.note();
    }

    @Override
    public void abort() {
        source.abort();
    }

    @Override
    public void close() {
        source.close();
    }
}
