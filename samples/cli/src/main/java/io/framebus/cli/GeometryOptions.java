package io.framebus.cli;

import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.ResizeMode;
import picocli.CommandLine.Option;

/**
 * {@code --size} and {@code --resize}: the model input's size and how a frame is fitted into it. The
 * preprocessing uses them to make the tensor; a post-processing stage needs the same two to map its boxes
 * back to the frame.
 */
public final class GeometryOptions {
    @Option(names = "--size", paramLabel = "WxH", converter = FrameSize.Converter.class,
            description = "Width x height of the model input, e.g. 416x416.")
    FrameSize size;

    @Option(names = "--resize", defaultValue = "letterbox", paramLabel = "MODE",
            description = "letterbox (keep the aspect ratio, picture at the top left, pad right and bottom: YOLOX),"
                    + " letterbox-center, or stretch (default: ${DEFAULT-VALUE}).")
    String resize;

    /** The size and resize mode as a spec (other fields at their defaults), {@code --size} or else the given one. */
    PreprocessSpec spec(int width, int height) {
        ResizeMode mode = switch (PreprocessOptions.key(resize)) {
            case "letterbox", "letterbox-top-left" -> ResizeMode.LETTERBOX_TOP_LEFT;
            case "letterbox-center", "letterbox-centre" -> ResizeMode.LETTERBOX_CENTER;
            case "stretch" -> ResizeMode.STRETCH;
            default -> throw new IllegalArgumentException("--resize must be letterbox, letterbox-center or stretch,"
                    + " got " + resize);
        };
        int w = size != null ? size.width() : width;
        int h = size != null ? size.height() : height;
        return PreprocessSpec.of(w, h).withResize(mode);
    }

    /** Whether {@code --size} was given. */
    boolean hasSize() {
        return size != null;
    }
}
