"""Zero-copy, read-only views of held frames: numpy shaped from the metadata, DLPack for numpy and PyTorch, planes
of planar pictures, detections as a structured array; and a hold that lasts while any view is alive."""

import struct

import numpy as np
import pytest

import framebus
from conftest import need
from framebus import _layout as L
from framebus import detections, pattern


@pytest.fixture
def pair(channel):
    name = channel("views")
    with framebus.create(name, 1 << 20, slots=2, hold_limit=1, backing=framebus.Backing.PLAIN) as w, \
            framebus.attach(name, framebus.LATEST) as r:
        yield w, r


def address(array):
    return array.__array_interface__["data"][0]


def slot_address(reader, slot):
    return address(np.frombuffer(reader._data_mm, np.uint8)) + reader._slot_offsets[slot]


@pytest.mark.parametrize("fmt,channels", [(framebus.PixelFormat.BGR24, 3), (framebus.PixelFormat.RGBA, 4),
                                          (framebus.PixelFormat.GRAY8, 1)])
def test_video_is_height_by_width_by_channels_with_the_real_stride(pair, fmt, channels):
    w, r = pair
    width, height, stride = 33, 20, 33 * channels + 7
    c = w.claim(1)
    rows = c.array[:stride * height].reshape(height, stride)
    rows[:] = (np.arange(height)[:, None] * 3 + np.arange(stride)[None, :]) % 251
    c.video(width, height, stride, fmt).publish()
    with r.try_take() as f:
        a = f.array
        assert a.shape == (height, width, channels) and a.strides == (stride, channels, 1) and a.dtype == np.uint8
        assert np.array_equal(a.reshape(height, -1), rows[:, :width * channels])
        assert address(a) == slot_address(r, f.slot)  # the slot itself: no copy
        assert not a.flags.writeable
        with pytest.raises(ValueError):
            a[0, 0, 0] = 1
        with pytest.raises(ValueError):
            a.flags.writeable = True


@pytest.mark.parametrize("fmt", [framebus.PixelFormat.I420, framebus.PixelFormat.NV12])
def test_planes_of_planar_pictures(pair, fmt):
    w, r = pair
    width, height, stride = 31, 17, 36
    c = w.claim(1)
    size = fmt.frame_bytes(stride, height)
    c.array[:size] = np.arange(size) % 249
    c.video(width, height, stride, fmt).publish()
    with r.try_take() as f:
        planes = f.planes()
        y = planes[0]
        assert y.shape == (height, width) and y.strides == (stride, 1) and y[1, 0] == stride % 249
        chroma_rows, chroma_stride = (height + 1) // 2, (stride + 1) // 2
        if fmt == framebus.PixelFormat.I420:
            u, v = planes[1:]
            assert u.shape == v.shape == (chroma_rows, (width + 1) // 2) and u.strides == (chroma_stride, 1)
            assert v[0, 0] == (stride * height + chroma_stride * chroma_rows) % 249
        else:
            (uv,) = planes[1:]
            assert uv.shape == (chroma_rows, 2 * ((width + 1) // 2)) and uv.strides == (2 * chroma_stride, 1)
        assert f.array.shape == (f.length,)


@pytest.mark.parametrize("dtype", [framebus.DType.FLOAT32, framebus.DType.FLOAT16, framebus.DType.FLOAT64,
                                   framebus.DType.INT8, framebus.DType.UINT8, framebus.DType.INT16,
                                   framebus.DType.INT32, framebus.DType.INT64, framebus.DType.BOOL,
                                   framebus.DType.BFLOAT16])
def test_tensors_have_their_dtype_and_shape(pair, dtype):
    w, r = pair
    shape = (2, 3, 5)
    values = (np.arange(30) % 2).astype(dtype.numpy).reshape(shape)
    c = w.claim(1)
    c.array[:values.nbytes] = values.view(np.uint8).reshape(-1)
    c.tensor(dtype, shape).label("out0").origin(41).publish()
    with r.try_take() as f:
        assert f.kind == framebus.FrameKind.TENSOR and f.dtype == dtype and f.shape == shape
        assert f.array.dtype == dtype.numpy and np.array_equal(f.array, values)
        assert (f.label, f.origin) == ("out0", 41)


def test_dlpack_to_numpy_and_torch_without_a_copy(pair):
    w, r = pair
    values = np.arange(12, dtype=np.float32).reshape(3, 4)
    c = w.claim(1)
    c.array[:values.nbytes] = values.view(np.uint8).reshape(-1)
    c.tensor(np.float32, values.shape).publish()
    with r.try_take() as f:
        n = np.from_dlpack(f)
        assert np.shares_memory(n, f.array) and not n.flags.writeable and np.array_equal(n, values)
        try:
            import torch
        except ImportError:
            torch = None
        need(torch is not None, "PyTorch (python/requirements-torch.txt)")
        t = torch.from_dlpack(f)
        assert t.data_ptr() == address(f.array) == slot_address(r, f.slot)
        assert t.dtype == torch.float32 and tuple(t.shape) == (3, 4) and float(t.sum()) == 66.0


def test_the_hold_lasts_while_a_view_is_alive(pair):
    w, r = pair
    c = w.claim(1)
    pattern.fill(c.array, 4096, c.sequence)
    c.set_length(4096).publish()
    frame = r.try_take()
    view = frame.array[:]  # a view of a view: it keeps the frame's base array alive
    frame.release()
    with pytest.raises(framebus.FrameReleasedError):
        frame.array
    assert r.held == 1
    for _ in range(20):  # two slots: the writer reuses the other one every time, never the one the view shows
        c = w.claim(1)
        assert c.slot != frame.slot
        pattern.fill(c.array, 4096, c.sequence)
        c.set_length(4096).publish()
    assert pattern.verify(view, 4096, 1) == -1
    del view
    assert r.held == 0
    held = r.try_take()
    with pytest.raises(framebus.HoldLimitExceededError, match="hold limit"):
        r.try_take()
    held.release()


def test_a_view_that_outlives_its_reader_stays_mapped(channel):
    name = channel("outlive")
    with framebus.create(name, 4096, backing=framebus.Backing.PLAIN) as w:
        c = w.claim(1)
        pattern.fill(c.array, 4096, c.sequence)
        c.set_length(4096).publish()
        r = framebus.attach(name)
        view = r.try_take().array
        r.close()
        assert r.held == 0
        assert int(view.sum()) >= 0  # memory-safe; its bytes may be rewritten from now on


def test_detections_decode_to_a_structured_array(pair):
    w, r = pair
    boxes = [(0, 0.9, 10, 20, 110, 220), (5, 0.5, 1.5, 2.5, 3.5, 4.5)]
    detections.publish(w.claim(1), 77, 768, 432, 1, 12345, boxes).publish()
    with r.try_take() as f:
        assert f.kind == framebus.FrameKind.DETECTIONS
        d = f.detections()
        assert (d.frame_sequence, d.width, d.height, d.producer, d.analysis_nanos) == (77, 768, 432, 1, 12345)
        assert d.boxes.dtype == detections.ENTRY and len(d) == 2
        assert d.boxes["class_id"].tolist() == [0, 5]
        assert np.allclose(d.boxes["x2"], [110, 3.5]) and not d.boxes.flags.writeable


def test_the_upstream_sequence_travels_and_a_negative_one_is_refused(pair):
    """A relay's claim sets the sequence its source gave the frame; a reader refuses a descriptor whose upstream
    sequence is negative (Java's FrameMetadata does the same), and a new claim starts from 0 again."""
    w, r = pair
    c = w.claim(1)
    with pytest.raises(ValueError, match="upstream sequence must be >= 0"):
        c.upstream_sequence(-1)
    c.upstream_sequence(42).tag(7).publish()
    with r.try_take() as f:
        assert (f.upstream_sequence, f.tag, f.sequence) == (42, 7, 1)
    w.claim(1).publish()
    with r.try_take() as f:
        assert f.upstream_sequence == 0, "a frame made here"
    c = w.claim(1)
    c.publish()
    struct.pack_into("<q", w._mm, w._g.slot_descriptor(c.slot) + L.SD_UPSTREAM, -5)  # a hostile writer
    with pytest.raises(framebus.ChannelFormatError, match="upstream sequence -5"):
        r.try_take()
