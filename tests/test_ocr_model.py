"""extract/ocr_model.py: the OCR models' graphs rewritten into fewer ops compute the same thing.

Small graphs built here hold each pattern PaddlePaddle's export writes (and near misses that
must be left alone); onnxruntime runs the graph before and after on random input. Then the
shipped models: the rewritten recogniser reads crops of a project-made scan the same."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from jixiao.extract import ocr_model

RNG = np.random.default_rng(7)
FIX_SCAN = Path(__file__).resolve().parent / "fixtures" / "scan" / "scan_fixture.pdf"


class _Builder:
    def __init__(self):
        self.nodes, self.inits, self.k = [], [], 0

    def name(self, stem):
        self.k += 1
        return f"{stem}{self.k}"

    def const(self, value, as_node=True):
        name = self.name("c")
        array = np.asarray(value, dtype=np.float32)
        if as_node:   # Paddle's export writes scalars as Constant nodes
            self.nodes.append(helper.make_node("Constant", [], [name], value=numpy_helper.from_array(array)))
        else:
            self.inits.append(numpy_helper.from_array(array, name))
        return name

    def op(self, kind, *inputs, **attrs):
        out = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, list(inputs), [out], **attrs))
        return out

    def conv(self, x, c_in, c_out, k, pad, group=1, bias=True):
        w = self.const(RNG.normal(size=(c_out, c_in // group, k, k)) * 0.3, as_node=False)
        inputs = [x, w] + ([self.const(RNG.normal(size=c_out) * 0.1, as_node=False)] if bias else [])
        return self.op("Conv", *inputs, kernel_shape=[k, k], pads=[pad] * 4, group=group)

    def hardswish(self, x):
        a = self.op("Add", x, self.const(3.0))
        c = self.op("Clip", a, self.const(0.0), self.const(6.0))
        m = self.op("Mul", x, c)
        return self.op("Div", m, self.const(6.0))

    def affine(self, x, s, b):
        return self.op("Add", self.op("Mul", self.const(s), x), self.const(b))

    def model(self, x_shape, out):
        graph = helper.make_graph(self.nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
                                  [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["n", "c", "h", "w"])], self.inits)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])


def _run(model, x):
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]


def _ops(model) -> list[str]:
    return [n.op_type for n in model.graph.node if n.op_type != "Constant"]


def _lcnet_block(b: _Builder, x, channels):
    """PP-LCNetV3 as exported: conv, affine, hardswish, affine, into the next conv."""
    h = b.conv(x, channels, channels, 3, 1, group=channels)           # depthwise, padded
    h = b.hardswish(b.affine(h, 1.7, 0.4))
    h = b.affine(h, 0.3, -0.2)
    h = b.conv(h, channels, 2 * channels, 1, 0)                        # pointwise: b folds in
    h = b.hardswish(b.affine(h, 2.1, 1.0))
    h = b.affine(h, 0.4, -0.3)
    return b.conv(h, 2 * channels, 2 * channels, 3, 1, group=2 * channels)   # padded: Add stays


def test_the_exported_block_computes_the_same_with_fewer_ops():
    b = _Builder()
    model = b.model([1, 4, 9, 13], _lcnet_block(b, "x", 4))
    x = RNG.normal(size=(1, 4, 9, 13)).astype(np.float32) * 3
    before = _run(model, x)
    counts = ocr_model.streamline(model)
    onnx.checker.check_model(model)
    assert counts == {"hardswish": 2, "affine_after_conv": 2, "affine_before_conv": 2}
    assert sorted(_ops(model)) == ["Add", "Conv", "Conv", "Conv", "HardSigmoid", "HardSigmoid", "Mul", "Mul"]
    np.testing.assert_allclose(_run(model, x), before, rtol=1e-4, atol=1e-4)


def test_near_misses_are_left_alone():
    b = _Builder()
    h = b.conv("x", 3, 3, 1, 0)
    branch = b.op("Mul", b.const(2.0), h)             # the conv's output also feeds a Sigmoid:
    side = b.op("Sigmoid", h)                          # its affine cannot move into the weights
    h = b.op("Add", b.op("Add", branch, b.const(0.5)), side)
    a = b.op("Add", h, b.const(2.0))                   # clip(x + 2, 0, 6): not HardSwish
    h = b.op("Div", b.op("Mul", h, b.op("Clip", a, b.const(0.0), b.const(6.0))), b.const(6.0))
    model = b.model([1, 3, 5, 5], h)
    x = RNG.normal(size=(1, 3, 5, 5)).astype(np.float32)
    before, ops = _run(model, x), _ops(model)
    assert ocr_model.streamline(model) == {"hardswish": 0, "affine_after_conv": 0, "affine_before_conv": 0}
    assert _ops(model) == ops
    np.testing.assert_allclose(_run(model, x), before, rtol=1e-6)


def test_the_rewritten_copy_is_cached_and_an_unwritable_cache_falls_back(tmp_path, monkeypatch):
    b = _Builder()
    model = b.model([1, 2, 4, 4], b.conv(b.affine("x", 0.5, 0.1), 2, 2, 1, 0))
    source = tmp_path / "tiny.onnx"
    onnx.save(model, source)
    monkeypatch.setenv("JIXIAO_CACHE", str(tmp_path / "cache"))
    made = ocr_model.streamlined_path(str(source))
    assert made != str(source) and Path(made).parent == tmp_path / "cache"
    assert _ops(onnx.load(made)) == ["Conv"]
    stamp = os.stat(made).st_mtime_ns
    assert ocr_model.streamlined_path(str(source)) == made and os.stat(made).st_mtime_ns == stamp

    (tmp_path / "not_a_folder").write_text("")
    monkeypatch.setenv("JIXIAO_CACHE", str(tmp_path / "not_a_folder"))
    assert ocr_model.streamlined_path(str(source)) == str(source)


def test_the_shipped_recogniser_reads_a_scan_the_same():
    import pypdfium2 as pdfium
    from rapidocr_onnxruntime.utils import read_yaml

    from jixiao.extract import ocr_engine, scan
    package = os.path.dirname(ocr_engine.importlib.util.find_spec("rapidocr_onnxruntime").origin)
    shipped = os.path.join(package, read_yaml(os.path.join(package, "config.yaml"))["Rec"]["model_path"])
    rewritten = ocr_engine.streamlined_models()["rec_model_path"]
    assert rewritten != shipped, "the shipped recogniser was not rewritten"
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    sessions = [ort.InferenceSession(p, options, providers=["CPUExecutionProvider"]) for p in (shipped, rewritten)]

    page = pdfium.PdfDocument(str(FIX_SCAN))[0]
    img = scan.render_gray(page, 200)
    rec = ocr_engine.engine().text_rec
    charset = rec.postprocess_op.character
    crops = [c for q in ocr_engine.detect(img, 110 / 200)[:40]
             if (c := ocr_engine.crop_box(img, q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max())) is not None]
    assert len(crops) >= 10
    for crop in crops:
        bgr = np.repeat(crop[:, :, None], 3, axis=2)
        x = rec.resize_norm_img(bgr, max(2.0, crop.shape[1] / crop.shape[0]))[np.newaxis].astype(np.float32)
        a, b = (s.run(None, {s.get_inputs()[0].name: x})[0][0] for s in sessions)
        assert np.abs(a - b).max() < 1e-3
        assert ocr_engine.decode(a, charset).text == ocr_engine.decode(b, charset).text
