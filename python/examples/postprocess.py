#!/usr/bin/env python3
"""A post-processing step of a framebus ML chain in Python: takes the place of ``framebus postprocess``.

It attaches a LOSSLESS reader to the output channel of ``framebus infer``, reads each output tensor in place
(a read-only NumPy view of the held slot: no copy), decodes it and publishes a detections payload (the one
``framebus detect`` and ``framebus postprocess`` write, ``framebus.detections``) into a channel it creates, with
the origin, pts and capture time of its input, so that the Java encoder (and any other reader) takes it as its
own. docs/chain.md is the contract; this script follows it::

    python postprocess.py --decoder topk --k 3 --softmax --tensors out --detections labels
    python postprocess.py --decoder yolox --size 416x416 --resize letterbox --tensors out --detections dets

Decoders (the Java decoders' rules, in NumPy): ``topk`` for classifiers (one output of class scores, one batch;
the k best, each boxed by the whole frame, producer 3) and ``yolox`` (one output ``[1, N, 5 + classes]``; score =
objectness x best class, greedy NMS per class, boxes mapped back to the frame; producer 1). With ``--jsonl FILE``
it writes the JSON lines ``postprocess`` writes. ``--progress`` prints ``SUMMARY {json}`` at the end, and
``--timings FILE`` and ``--control-stdin`` are the hooks ``framebus demo --chain --python`` uses. Runs until the
output channel is closed. Needs ``import framebus`` (``pip install ./python``) and NumPy.
"""

import argparse
import json
import math
import sys
import threading
import time

import numpy as np

import framebus
from framebus import detections

TOPK_PRODUCER = 3
COCO_PRODUCER = detections.COCO_DETECTOR
COCO = ("person bicycle car motorcycle airplane bus train truck boat traffic_light fire_hydrant stop_sign"
        " parking_meter bench bird cat dog horse sheep cow elephant bear zebra giraffe backpack umbrella handbag tie"
        " suitcase frisbee skis snowboard sports_ball kite baseball_bat baseball_glove skateboard surfboard"
        " tennis_racket bottle wine_glass cup fork knife spoon bowl banana apple sandwich orange broccoli carrot"
        " hot_dog pizza donut cake chair couch potted_plant bed dining_table toilet tv laptop mouse remote keyboard"
        " cell_phone microwave oven toaster sink refrigerator book clock vase scissors teddy_bear hair_drier"
        " toothbrush").split(" ")
COCO = [name.replace("_", " ") for name in COCO]


class Placement:
    """Where the model input sits in the video frame (docs/chain.md, "What a frame of the chain carries"):
    the frame's size from the tag, and the mapping of input pixels back to frame pixels."""

    def __init__(self, tag, size, resize):
        w, h = (tag >> 32) & 0xFFFFFFFF, tag & 0xFFFFFFFF
        w, h = (w, h) if 0 < w < 1 << 31 and 0 < h < 1 << 31 else (0, 0)  # 0: the size is unknown
        one = np.float32(1)
        self.scale, self.offset = (one, one), (np.float32(0), np.float32(0))
        if size is None:
            self.frame = (w, h)
            return
        iw, ih = size
        if w == 0:  # boxes stay in input pixels
            self.frame = (iw, ih)
            return
        self.frame = (w, h)
        if resize == "stretch":
            nw, nh, ox, oy = iw, ih, 0, 0
        else:
            r = min(iw / w, ih / h)
            nw = max(1, min(iw, int(w * r + 1e-6)))
            nh = max(1, min(ih, int(h * r + 1e-6)))
            ox, oy = ((iw - nw) // 2, (ih - nh) // 2) if resize == "letterbox-center" else (0, 0)
        self.scale = (np.float32(nw) / np.float32(w), np.float32(nh) / np.float32(h))
        self.offset = (np.float32(ox), np.float32(oy))

    def to_frame(self, x, y):
        """Frame pixels of input pixels (float32 arrays), clamped to the frame."""
        fx = np.clip((x - self.offset[0]) / self.scale[0], 0, np.float32(self.frame[0]))
        fy = np.clip((y - self.offset[1]) / self.scale[1], 0, np.float32(self.frame[1]))
        return fx.astype(np.float32), fy.astype(np.float32)


def float32_tensor(frame, what, wants):
    if frame.kind != framebus.FrameKind.TENSOR or frame.dtype != framebus.DType.FLOAT32:
        raise SystemExit("%s: frame %d of the output channel is %s, the %s decoder reads %s"
                         % (what, frame.sequence, frame, what, wants))
    return frame.array


def topk(frame, placement, a):
    """The k best classes, best first (ties: the lower class id), NaN skipped; softmax over the non-NaN scores."""
    wants = "class scores FLOAT32[1, C] (one batch)"
    scores = float32_tensor(frame, "top-k", wants)
    if scores.ndim < 1 or (scores.ndim > 1 and scores.shape[0] != 1) or scores.size < 1:
        raise SystemExit("top-k: output %s %s is not %s" % (frame.label, list(scores.shape), wants))
    scores = scores.reshape(-1)
    valid = np.flatnonzero(~np.isnan(scores))
    best = valid[np.argsort(-scores[valid], kind="stable")][:a.k]
    values = [float(scores[c]) for c in best]
    if a.softmax and values:
        top = values[0]
        total = 0.0
        for v in scores[valid]:
            total += math.exp(float(v) - top)  # in class order, as the Java decoder sums
        values = [float(np.float32(math.exp(v - top) / total)) for v in values]
    w, h = placement.frame
    return [(int(c), v, 0, 0, w, h) for c, v in zip(best, values)]


class Yolox:
    """The YOLOX grid decoder: cells of strides 8, 16, 32, row-major; a row is tx, ty, tw, th, objectness, class
    scores; box centre ((tx + gx) s, (ty + gy) s), size (e^tw s, e^th s) in input pixels."""

    def __init__(self, width, height, score, iou, most):
        if width % 32 or height % 32:
            raise SystemExit("YOLOX inputs are multiples of 32, got --size %dx%d" % (width, height))
        grids = []
        for s in (8, 16, 32):
            gy, gx = np.mgrid[0:height // s, 0:width // s]
            grids.append(np.stack([gx.ravel(), gy.ravel(), np.full(gx.size, s)], axis=1))
        grid = np.concatenate(grids).astype(np.float32)
        self.gx, self.gy, self.stride = grid[:, 0], grid[:, 1], grid[:, 2]
        self.score, self.iou, self.most = np.float32(score), np.float32(iou), most

    def __call__(self, frame, placement, a):
        cells = self.gx.size
        wants = "a YOLOX grid FLOAT32[1, %d, 5 + classes]" % cells
        out = float32_tensor(frame, "YOLOX", wants)
        if out.ndim < 2 or out.shape[-1] < 6 or out.shape[-2] != cells or out.size != cells * out.shape[-1]:
            raise SystemExit("YOLOX: output %s %s is not %s (give --size as the model input's)"
                             % (frame.label, list(out.shape), wants))
        rows = out.reshape(cells, -1)
        keep = np.flatnonzero(rows[:, 4] >= self.score)  # score = obj * cls <= obj (also skips NaN)
        cls = np.argmax(rows[keep, 5:], axis=1)
        score = rows[keep, 4] * rows[keep, 5 + cls]
        hit = score >= self.score
        keep, cls, score = keep[hit], cls[hit], score[hit]
        s = self.stride[keep]
        cx = (rows[keep, 0] + self.gx[keep]) * s
        cy = (rows[keep, 1] + self.gy[keep]) * s
        w = np.exp(rows[keep, 2].astype(np.float64)).astype(np.float32) * s
        h = np.exp(rows[keep, 3].astype(np.float64)).astype(np.float32) * s
        two = np.float32(2)
        boxes = np.stack([cx - w / two, cy - h / two, cx + w / two, cy + h / two], axis=1)
        return self._select(score, cls, boxes, placement)

    def _select(self, score, cls, boxes, placement):
        """Greedy NMS per class, best score first (ties: the later cell first, as the Java decoder sorts)."""
        order = np.lexsort((np.arange(score.size), score))[::-1]
        suppressed = np.zeros(score.size, bool)
        area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
        kept = []
        for r, i in enumerate(order):
            if len(kept) >= self.most:
                break
            if suppressed[i]:
                continue
            kept.append(i)
            rest = order[r + 1:]
            b = boxes[i]
            ix = np.minimum(b[2], boxes[rest, 2]) - np.maximum(b[0], boxes[rest, 0])
            iy = np.minimum(b[3], boxes[rest, 3]) - np.maximum(b[1], boxes[rest, 1])
            inter = ix * iy
            union = area[i] + area[rest] - inter
            with np.errstate(divide="ignore", invalid="ignore"):
                iou = np.where((ix > 0) & (iy > 0) & (union > 0), inter / union, np.float32(0))
            suppressed[rest[(cls[rest] == cls[i]) & (iou > self.iou)]] = True
        x1, y1 = placement.to_frame(boxes[kept, 0], boxes[kept, 1])
        x2, y2 = placement.to_frame(boxes[kept, 2], boxes[kept, 3])
        return [(int(cls[i]), float(score[i]), float(x1[n]), float(y1[n]), float(x2[n]), float(y2[n]))
                for n, i in enumerate(kept)]


def java_round(v, scale):
    return math.floor(v * scale + 0.5) / scale  # Java's Math.round, as the Java log rounds


def json_line(sequence, pts, analysis_nanos, boxes, names):
    return json.dumps({"frame": sequence, "pts_us": pts, "analysis_ms": java_round(analysis_nanos / 1e6, 1000),
                       "detections": [{"class": names(c), "class_id": c, "score": java_round(s, 1000),
                                       "box": [java_round(float(v), 10) for v in box]}
                                      for c, s, *box in boxes]}, separators=(",", ":"))


def percentile(values, p):
    return int(np.percentile(np.array(values, np.int64), p, method="inverted_cdf")) if values else 0


def stop_on_stdin(stop):
    """--control-stdin: a 'stop' line, or the end of stdin (the demo is gone), ends the run."""
    for line in sys.stdin:
        if line.strip() == "stop":
            break
    stop.set()


def arguments(argv):
    p = argparse.ArgumentParser(description="Decode the outputs of `framebus infer` (in place) and publish"
                                            " detections or labels, as `framebus postprocess` does.")
    p.add_argument("--decoder", choices=("topk", "yolox"), default="yolox")
    p.add_argument("--tensors", required=True, help="the output channel of `framebus infer`")
    p.add_argument("--detections", required=True, help="the detections channel to create")
    p.add_argument("--jsonl", help="also write one JSON line per frame to this file (replaced)")
    p.add_argument("--size", help="yolox: the model input's WxH, as given to `framebus preprocess`")
    p.add_argument("--resize", choices=("letterbox", "letterbox-center", "stretch"), default="letterbox")
    p.add_argument("--k", type=int, default=5, help="topk: labels per frame")
    p.add_argument("--softmax", action="store_true", help="topk: the scores are logits; publish probabilities")
    p.add_argument("--score", type=float, default=0.3, help="yolox: lowest score of a box")
    p.add_argument("--iou", type=float, default=0.45, help="yolox: NMS IoU")
    p.add_argument("--max-detections", type=int, default=100, help="most boxes per frame, the room in a slot")
    p.add_argument("--dir", help="channel directory")
    p.add_argument("--group", help="a group whose members' channels to trust")
    p.add_argument("--attach-timeout-ms", type=int, default=30000)
    p.add_argument("--stall-budget-ms", type=int, default=0)
    p.add_argument("--claim-timeout-ms", type=int, default=1000,
                   help="how long to wait for a free detections slot before dropping a frame's boxes")
    p.add_argument("--wait-readers", type=int, default=0, help="wait for this many readers of the detections"
                                                                " channel before reading the outputs")
    p.add_argument("--progress", action="store_true", help="print SUMMARY {json} at the end")
    p.add_argument("--timings", help="write 'sequence capture take done' nanoseconds per frame to this file")
    p.add_argument("--control-stdin", action="store_true", help="stop on a 'stop' line or the end of stdin")
    a = p.parse_args(argv)
    if a.k < 1 or a.max_detections < 1:
        p.error("--k and --max-detections must be at least 1")
    a.size = tuple(int(v) for v in a.size.lower().split("x")) if a.size else None
    if a.decoder == "yolox" and a.size is None:
        p.error("--size WxH is required for the yolox decoder: the model input's size")
    a.k = min(a.k, a.max_detections)
    return a


class Stats:
    """What the run measured: per-frame times (--timings), hops from each output's publish, the end-to-end time
    from capture, decode times and labels per class; :meth:`summary` is the SUMMARY line's record."""

    def __init__(self, names):
        self.names = names
        self.times, self.hops, self.e2e, self.per_class = [], [], [], {}
        self.decode_nanos = self.no_slot = 0
        self.cpu_at_first = 0.0

    def started(self):
        if not self.times:
            self.cpu_at_first = time.process_time()

    def frame(self, frame, root, decode_nanos, boxes):
        done = time.monotonic_ns()
        self.times.append((root, frame.capture_nanos, frame.take_nanos, done))
        self.hops.append((frame.take_nanos - frame.publish_nanos) // 1000)
        if frame.capture_nanos:
            self.e2e.append((done - frame.capture_nanos) // 1000)
        self.decode_nanos += decode_nanos
        for c, *_ in boxes:
            self.per_class[self.names(c)] = self.per_class.get(self.names(c), 0) + 1

    def write_timings(self, path):
        with open(path, "w") as f:
            f.writelines("%d %d %d %d\n" % t for t in self.times)

    def summary(self, decoder, stopped):
        n = len(self.times)
        seconds = (self.times[-1][3] - self.times[0][2]) / 1e9 if n else 0  # first take to last frame done
        cpu = time.process_time() - self.cpu_at_first if n else 0
        return {"stage": "postprocess.py", "frames": n, "fps": round(n / seconds, 2) if seconds else 0,
                "cpu_cores": round(cpu / seconds, 3) if seconds else 0,
                "hop_p50_us": percentile(self.hops, 50), "hop_p99_us": percentile(self.hops, 99),
                "e2e_p50_us": percentile(self.e2e, 50), "e2e_p99_us": percentile(self.e2e, 99),
                "zero_copy": "outputs decoded in place in held slots (NumPy views)", "decoder": decoder,
                "mean_decode_ms": round(self.decode_nanos / 1e6 / n, 3) if n else 0, "no_slot": self.no_slot,
                "detections": self.per_class, "stopped": stopped}


def run(a, reader, out, decode, producer, stats, stop, jsonl):
    """Decodes every frame of ``reader`` into a payload of ``out`` until the channel closes or ``stop`` is set."""
    placement, last_tag = None, None
    while not stop.is_set():
        try:
            frame = reader.take(timeout=0.25)
        except framebus.ChannelClosedError:
            return
        if frame is None:
            continue
        with frame:
            stats.started()
            root = frame.origin or frame.sequence  # the video frame at the root of the chain
            if placement is None or frame.tag != last_tag:
                placement, last_tag = Placement(frame.tag, a.size, a.resize), frame.tag
            t0 = time.monotonic_ns()
            boxes = decode(frame, placement, a)
            t1 = time.monotonic_ns()
            analysis = t1 - frame.take_nanos
            claim = out.claim(timeout=a.claim_timeout_ms / 1000)
            if claim is None:
                stats.no_slot += 1
            else:
                width, height = placement.frame
                detections.publish(claim, root, width, height, producer, analysis, boxes).origin(root) \
                    .pts(frame.pts).capture_nanos(frame.capture_nanos).publish()
            if jsonl:
                jsonl.write(json_line(root, frame.pts, analysis, boxes, stats.names) + "\n")
                jsonl.flush()
            stats.frame(frame, root, t1 - t0, boxes)


def main(argv=None):
    a = arguments(argv)
    if a.decoder == "topk":
        decode, producer, names = topk, TOPK_PRODUCER, str
    else:
        decode, producer = Yolox(a.size[0], a.size[1], a.score, a.iou, a.max_detections), COCO_PRODUCER
        names = lambda c: COCO[c] if 0 <= c < len(COCO) else "class%d" % c  # noqa: E731
    stop = threading.Event()
    if a.control_stdin:
        threading.Thread(target=stop_on_stdin, args=(stop,), daemon=True).start()
    stats = Stats(names)
    slot = detections.HEADER.itemsize + detections.ENTRY.itemsize * a.max_detections
    jsonl = open(a.jsonl, "w") if a.jsonl else None
    try:
        with framebus.create(a.detections, slot, slots=8, directory=a.dir, group=a.group) as out:
            out.note("postprocess.py --decoder %s of %s" % (a.decoder, a.tensors))
            if a.wait_readers and not out.await_readers(a.wait_readers, a.attach_timeout_ms / 1000):
                raise SystemExit("%d reader(s) of %s did not attach within %d ms" % (a.wait_readers, a.detections,
                                                                                     a.attach_timeout_ms))
            with framebus.attach(a.tensors, framebus.LOSSLESS, directory=a.dir, group=a.group,
                                 label="postprocess.py", timeout=a.attach_timeout_ms / 1000,
                                 stall_budget=a.stall_budget_ms / 1000) as reader:
                run(a, reader, out, decode, producer, stats, stop, jsonl)
    finally:
        if jsonl:
            jsonl.close()
    if a.timings:
        stats.write_timings(a.timings)
    if a.progress:
        print("SUMMARY " + json.dumps(stats.summary(a.decoder, stop.is_set())), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
