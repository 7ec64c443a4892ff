"""The shipped Python post-processing step (python/examples/postprocess.py) in place of `framebus postprocess`:

- MNIST through Java capture, preprocess and infer processes, whose output channel both the script (--decoder
  topk) and Java's `postprocess --decoder topk` read; both detections channels are read by this test, and the
  script's by Java's `framebus sub` too: the same labels, scores and metadata for every origin;
- `framebus demo --chain --python` with the script decoding YOLOX, against the single-process detector
  (`--compare`) on the same frames.
"""

import json
import os
import re
import sys
import threading

import numpy as np

import framebus
from conftest import REPO, await_channel

EXAMPLE = os.path.join(REPO, "python", "examples", "postprocess.py")
MNIST = os.path.join(REPO, "assets", "models", "mnist-8-opt.onnx")
FRAMES = 30


def summary(process):
    lines = [line for line in process.ok().splitlines() if line.startswith("SUMMARY ")]
    assert lines, process.describe()
    return json.loads(lines[-1][len("SUMMARY "):])


class Collector(threading.Thread):
    """Reads every payload of a detections channel (LOSSLESS) into {origin: (metadata, header, boxes)}."""

    def __init__(self, name):
        super().__init__(daemon=True)
        self.reader = framebus.attach(name, framebus.LOSSLESS, timeout=30, label="test_python_postprocess")
        self.found, self.error = {}, None
        self.start()

    def run(self):
        try:
            for frame in self.reader:
                with frame:
                    d = frame.detections()
                    meta = (int(frame.kind), frame.origin, frame.pts, frame.capture_nanos)
                    header = (d.frame_sequence, d.width, d.height, d.producer)
                    self.found[frame.origin] = (meta, header, np.array(d.boxes))
        except BaseException as e:  # noqa: B902 - reported by the test thread
            self.error = e
        finally:
            self.reader.close()

    def result(self):
        self.join(60)
        assert not self.is_alive() and self.error is None, "collector: %r" % self.error
        return self.found


def same_scores(a, b):
    """Scores within one float32 ulp: the softmax's exp is glibc's here and Java's Math.exp there."""
    return np.all(np.abs(a - b) <= np.spacing(np.maximum(np.abs(a), np.abs(b)).astype(np.float32)))


def test_the_python_topk_script_publishes_what_java_postprocess_publishes(processes, channel, tmp_path):
    frames, tensors, outputs = channel("frames"), channel("tensors"), channel("out")
    java_labels, py_labels = channel("jlabels"), channel("pylabels")
    java_jsonl, py_jsonl = tmp_path / "java.jsonl", tmp_path / "python.jsonl"
    java_post = processes.java("postprocess", "--decoder", "topk", "--k", 3, "--softmax", "--tensors", outputs,
                               "--detections", java_labels, "--jsonl", java_jsonl, "--progress")
    script = processes.python("--decoder", "topk", "--k", 3, "--softmax", "--tensors", outputs, "--detections",
                              py_labels, "--jsonl", py_jsonl, "--wait-readers", 2, "--progress", script=EXAMPLE)
    await_channel(java_labels)
    await_channel(py_labels)
    java_seen, py_seen = Collector(java_labels), Collector(py_labels)
    sub = processes.java("sub", "--channel", py_labels, "--mode", "lossless", "--json", "--timeout-ms", 120000)
    infer = processes.java("infer", "--model", MNIST, "--tensors", tensors, "--output", outputs, "--lossless",
                           "--wait-readers", 2, "--progress")
    pre = processes.java("preprocess", "--frames", frames, "--tensors", tensors, "--size", "28x28", "--order", "gray",
                         "--resize", "stretch", "--scale", "0.0039215686", "--lossless", "--wait-readers", 1,
                         "--progress")
    capture = processes.java("capture", "--input", "testpattern", "--size", "160x120", "--channel", frames, "--frames",
                             FRAMES, "--wait-readers", 1, "--progress")
    for p in (capture, pre, infer):
        assert summary(p)["frames"] == FRAMES, p.describe()
    assert summary(java_post)["frames"] == FRAMES
    ran = summary(script)
    assert ran["frames"] == FRAMES and ran["no_slot"] == 0 and sum(ran["detections"].values()) == 3 * FRAMES, ran
    payloads = json.loads(sub.ok())
    assert payloads["received"] == FRAMES and payloads["lost"] == 0 and payloads["ok"], payloads  # Java reads them

    java, python = java_seen.result(), py_seen.result()
    assert sorted(java) == sorted(python) == list(range(1, FRAMES + 1)), (sorted(java), sorted(python))
    classes = set()
    for origin in java:
        (j_meta, j_header, j_boxes), (p_meta, p_header, p_boxes) = java[origin], python[origin]
        assert p_meta == j_meta and p_meta[0] == framebus.FrameKind.DETECTIONS, (origin, j_meta, p_meta)
        assert p_header == j_header == (origin, 160, 120, 3), (origin, j_header, p_header)
        assert len(p_boxes) == len(j_boxes) == 3, (origin, j_boxes, p_boxes)
        assert list(p_boxes["class_id"]) == list(j_boxes["class_id"]), (origin, j_boxes, p_boxes)
        assert same_scores(p_boxes["score"], j_boxes["score"]), (origin, j_boxes, p_boxes)
        for corner, value in (("x1", 0), ("y1", 0), ("x2", 160), ("y2", 120)):
            assert np.all(p_boxes[corner] == value) and np.all(j_boxes[corner] == value), (origin, p_boxes)
        classes.add(int(j_boxes["class_id"][0]))
    assert len(classes) > 1, "the test pattern's frames are not all read as one digit: %s" % classes

    java_lines = [json.loads(line) for line in java_jsonl.read_text().splitlines()]
    py_lines = [json.loads(line) for line in py_jsonl.read_text().splitlines()]
    assert len(py_lines) == len(java_lines) == FRAMES
    for j, p in zip(java_lines, py_lines):
        assert (p["frame"], p["pts_us"]) == (j["frame"], j["pts_us"])
        assert [(d["class"], d["class_id"], d["box"]) for d in p["detections"]] == \
            [(d["class"], d["class_id"], d["box"]) for d in j["detections"]], (j, p)
        assert all(abs(a["score"] - b["score"]) <= 0.0011 for a, b in zip(p["detections"], j["detections"])), (j, p)


def test_demo_chain_runs_the_python_script_in_place_of_postprocess_and_finds_the_detectors_boxes(processes,
                                                                                                  tmp_path):
    out = tmp_path / "out"
    demo = processes.java("demo", "--chain", "--python", EXAMPLE, "--python-exe", sys.executable, "--compare",
                          "--frames", 12, "--skip", 100, "--out", out, "--progress", "none")
    report = demo.ok(timeout=600)
    for stage in ("capture", "preprocess", "infer", "postprocess", "encode"):
        assert re.search(r"(?m)^ +%s +12 " % stage, report), "every stage saw all 12 frames:\n" + report
    assert re.search(r"(?m)^ +postprocess .*NumPy views", report), "the Python script ran the step:\n" + report
    assert "YOLOX ran on 12 of 12 captured frames" in report and "infer -> postprocess" in report, report
    assert report.count("none left behind") == 2, report

    def boxes(path):
        return {line["frame"]: line["detections"] for line in map(json.loads, path.read_text().splitlines())}

    chain, single = boxes(out / "detections.jsonl"), boxes(out / "single" / "detections.jsonl")
    assert sorted(chain) == list(range(1, 13)), "the script analysed every frame: %s" % sorted(chain)
    assert single and any(d["class"] == "person" for found in chain.values() for d in found), chain
    for frame, expected in single.items():
        found = chain[frame]
        assert [d["class_id"] for d in found] == [d["class_id"] for d in expected], (frame, found, expected)
        for f, e in zip(found, expected):  # the logs round to 3 and 1 decimals: allow a flip of the last digit
            assert abs(f["score"] - e["score"]) <= 0.0011 and \
                all(abs(a - b) <= 0.11 for a, b in zip(f["box"], e["box"])), (frame, found, expected)
