package io.framebus.encoder;

/**
 * The names the encoder writes on boxes: "person 0.87" is the name of class 0 and the box's score. The
 * detections payload carries class ids only; whoever knows the model supplies the names (the command
 * line passes COCO's for the detector and "motion" for motion boxes).
 */
@FunctionalInterface
public interface BoxLabels {
    /** No names: labels show the class id ("7 0.50"). */
    BoxLabels CLASS_IDS = classId -> null;

    /**
     * The name of a class. Called for every labelled box of every frame: return a constant, not a new
     * string.
     *
     * @param classId the class id of a detection
     * @return its name, or null to show the id's digits
     */
    String name(int classId);
}
