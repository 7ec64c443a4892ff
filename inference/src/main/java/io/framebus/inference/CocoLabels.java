package io.framebus.inference;

import java.util.List;

/** The 80 COCO class names in the order COCO-trained detectors (YOLOX, YOLOv5/8) number them. */
public final class CocoLabels {
    private static final String[] NAMES = {"person", "bicycle", "car", "motorcycle", "airplane", "bus", "train",
            "truck", "boat", "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat",
            "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag",
            "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove",
            "skateboard", "surfboard", "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl",
            "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair",
            "couch", "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
            "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
            "teddy bear", "hair drier", "toothbrush"};

    /** Class id of {@code person}. */
    public static final int PERSON = 0;

    private CocoLabels() {
    }

    /** Number of classes (80). */
    public static int count() {
        return NAMES.length;
    }

    /** The name of class {@code id}, or {@code "class<id>"} outside 0..79. */
    public static String name(int id) {
        return id >= 0 && id < NAMES.length ? NAMES[id] : "class" + id;
    }

    /** The id of class {@code name}, or -1. */
    public static int id(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** All names, in id order. */
    public static List<String> all() {
        return List.of(NAMES);
    }
}
