"""A mixed chain: Java capture -> a Python stage that reads each frame in place and publishes boxes on its own
channel -> Java readers of that channel: the encoder, which decodes the boxes and draws them, and framebus sub,
which counts every payload."""

import json
import os


def summary(process):
    lines = [line for line in process.ok().splitlines() if line.startswith("SUMMARY ")]
    assert lines, process.describe()
    return json.loads(lines[-1][len("SUMMARY "):])


def test_java_capture_to_python_stage_to_java_readers(processes, channel, tmp_path):
    camera, boxes = channel("cam"), channel("boxes")
    frames = 60
    stage = processes.python("stage", camera, boxes, "--readers", 2)
    stage.await_event("created")
    every = processes.java("sub", "--channel", boxes, "--mode", "lossless", "--json", "--timeout-ms", 60000)
    out = tmp_path / "chain.mp4"
    encode = processes.java("encode", "--frames", camera, "--detections", boxes, "--out", out, "--progress")
    capture = processes.java("capture", "--input", "testpattern", "--channel", camera, "--frames", frames,
                             "--size", "320x240", "--wait-readers", 2, "--progress")
    captured = summary(capture)
    assert captured["frames"] == frames
    encoded = summary(encode)
    assert encoded["frames"] == frames
    assert encoded["detection_payloads"] >= 1 and encoded["boxes_drawn"] >= 1, encoded  # Java decoded Python's boxes
    assert os.path.getsize(out) > 0
    assert stage.await_event("done")["frames"] == frames
    payloads = json.loads(every.ok())
    assert payloads["received"] == frames and payloads["lost"] == 0 and payloads["ok"], payloads
    assert (payloads["first_sequence"], payloads["last_sequence"]) == (1, frames)
