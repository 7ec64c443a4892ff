package io.framebus.inference;

/** How a frame is fitted into the model's input size. */
public enum ResizeMode {
    /**
     * Keep the aspect ratio (scale r = min(W/w, H/h)), put the picture in the top-left corner and pad
     * the right and bottom: YOLOX's {@code preproc}. Boxes map back by dividing by r.
     */
    LETTERBOX_TOP_LEFT,
    /** Keep the aspect ratio and centre the picture, padding both sides (YOLOv5/v8 style). */
    LETTERBOX_CENTER,
    /** Scale each axis independently to fill the input, distorting the aspect ratio. */
    STRETCH
}
