"""The PP-OCR models rapidocr ships, their exported graphs simplified exactly.

PaddlePaddle's ONNX export spells PP-LCNetV3's activations out in whole-tensor elementary
ops: HardSwish as Add(3) / Clip(0, 6) / Mul / Div(6), and each "learnable affine block" as
a scalar Mul and Add on both sides of it. On one core onnxruntime spends about a third of the
recogniser's time in those passes (its profiler: Mul 14%, Add 10%, Clip 6%, Div 5%). We
rewrite them into what they compute:

- x * clip(x + 3, 0, 6) / 6  ->  x * HardSigmoid(x; alpha 1/6, beta 1/2);
- Conv -> Mul(s) -> Add(b)   ->  the conv with weights s*W and bias s*B + b;
- Mul(s) -> Add(b) -> Conv   ->  the conv with weights s*W, and bias B + b*sum(W) when the
  conv has no padding (a pointwise conv); a padded conv keeps an Add(b/s) in front, since
  its zero padding must stay zero.

Each is exact algebra; only float rounding differs (tests/test_ocr_model.py checks the
readings are the same). The result is written once to a cache folder, named by the source
model's hash and REWRITE_VERSION; without the onnx package or a writable cache folder the
shipped model is used as it is.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile

import numpy as np

log = logging.getLogger(__name__)

REWRITE_VERSION = 1


def cache_dir() -> str:
    """JIXIAO_CACHE, else the user's cache folder (XDG_CACHE_HOME or ~/.cache)/jixiao."""
    explicit = os.environ.get("JIXIAO_CACHE")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "jixiao")


def streamlined_path(model_path: str) -> str:
    """The simplified copy of `model_path` (made now if missing), or `model_path` itself when
    it cannot be made."""
    try:
        with open(model_path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()[:16]
    except OSError:
        return model_path
    stem = os.path.splitext(os.path.basename(model_path))[0]
    target = os.path.join(cache_dir(), f"{stem}.streamlined-v{REWRITE_VERSION}-{digest}.onnx")
    if os.path.isfile(target):
        return target
    try:
        import onnx
        model = onnx.load(model_path)
        counts = streamline(model)
        onnx.checker.check_model(model)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(model.SerializeToString())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)   # atomic: workers making it at once each write whole files
    except Exception as exc:  # noqa: BLE001 - the shipped model still works
        log.warning("OCR model %s used as shipped (%s: %s)", stem, type(exc).__name__, exc)
        return model_path
    log.info("OCR model %s simplified: %s", stem, counts)
    return target


# ---------------------------------------------------------------- the rewrite (onnx graphs)

def streamline(model) -> dict[str, int]:
    """Rewrite `model` (an onnx ModelProto) in place; how many of each rewrite were made."""
    graph = model.graph
    counts = {"hardswish": _hardswish(graph), "affine_after_conv": _affine_after_conv(graph),
              "affine_before_conv": _affine_before_conv(graph)}
    _drop_unused_constants(graph)
    return counts


class _Graph:
    """Lookups over an onnx GraphProto: constants by name, producer and consumers of a value."""

    def __init__(self, graph):
        from onnx import numpy_helper
        self.graph = graph
        self.values: dict[str, np.ndarray] = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
        for n in graph.node:
            if n.op_type == "Constant":
                for a in n.attribute:
                    if a.name == "value":
                        self.values[n.output[0]] = numpy_helper.to_array(a.t)
        self.producer = {o: n for n in graph.node for o in n.output}
        self.consumers: dict[str, list] = {}
        for n in graph.node:
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)
        self.outputs = {o.name for o in graph.output}

    def scalar(self, name: str) -> float | None:
        v = self.values.get(name)
        if v is None or v.size != 1:
            return None
        return float(v.reshape(-1)[0])

    def only_consumer(self, name: str):
        users = self.consumers.get(name, [])
        if len(users) != 1 or name in self.outputs:
            return None
        return users[0]

    def split(self, node) -> tuple[str, float] | None:
        """(variable input, scalar constant) of a binary Mul/Add, in either order."""
        if len(node.input) != 2:
            return None
        a, b = node.input
        if self.scalar(b) is not None and a not in self.values:
            return a, self.scalar(b)
        if self.scalar(a) is not None and b not in self.values:
            return b, self.scalar(a)
        return None

    def add_constant(self, name: str, array: np.ndarray) -> str:
        from onnx import numpy_helper
        unique = name
        k = 0
        while unique in self.values or unique in self.producer:
            k += 1
            unique = f"{name}_{k}"
        self.graph.initializer.append(numpy_helper.from_array(array.astype(np.float32), unique))
        self.values[unique] = array
        return unique


def _replace_nodes(graph, drop: set[int], replace: dict[int, list]) -> None:
    nodes = []
    for n in graph.node:
        if id(n) in replace:
            nodes.extend(replace[id(n)])
        elif id(n) not in drop:
            nodes.append(n)
    del graph.node[:]
    graph.node.extend(nodes)


def _near(value: float | None, want: float) -> bool:
    return value is not None and abs(value - want) < 1e-6


def _hardswish(graph) -> int:
    from onnx import helper
    g = _Graph(graph)
    drop: set[int] = set()
    replace: dict[int, list] = {}
    for clip in list(graph.node):
        if clip.op_type != "Clip" or len(clip.input) < 3:
            continue
        if not (_near(g.scalar(clip.input[1]), 0.0) and _near(g.scalar(clip.input[2]), 6.0)):
            continue
        add = g.producer.get(clip.input[0])
        if add is None or add.op_type != "Add" or g.only_consumer(add.output[0]) is not clip:
            continue
        parts = g.split(add)
        if parts is None or not _near(parts[1], 3.0):
            continue
        x = parts[0]
        mul = g.only_consumer(clip.output[0])
        if mul is None or mul.op_type != "Mul" or sorted(mul.input) != sorted([x, clip.output[0]]):
            continue
        div = g.only_consumer(mul.output[0])
        if div is None or div.op_type != "Div" or div.input[0] != mul.output[0] \
                or not _near(g.scalar(div.input[1]), 6.0):
            continue
        gate = div.output[0] + "_hardsigmoid"
        replace[id(div)] = [helper.make_node("HardSigmoid", [x], [gate], alpha=1.0 / 6.0, beta=0.5),
                            helper.make_node("Mul", [x, gate], [div.output[0]])]
        drop.update({id(add), id(clip), id(mul)})
    _replace_nodes(graph, drop, replace)
    return len(replace)


def _conv_weights(g: _Graph, conv) -> tuple[np.ndarray, np.ndarray | None] | None:
    weight = g.values.get(conv.input[1]) if len(conv.input) > 1 else None
    if weight is None or weight.ndim != 4:
        return None
    bias = g.values.get(conv.input[2]) if len(conv.input) > 2 and conv.input[2] else None
    if len(conv.input) > 2 and conv.input[2] and bias is None:
        return None
    return weight.astype(np.float64), (None if bias is None else bias.astype(np.float64))


def _set_conv(g: _Graph, conv, weight: np.ndarray, bias: np.ndarray) -> None:
    w = g.add_constant(conv.input[1] + "_folded", weight)
    b = g.add_constant((conv.input[2] if len(conv.input) > 2 and conv.input[2] else conv.name) + "_bias_folded", bias)
    del conv.input[1:]
    conv.input.extend([w, b])


def _affine_after_conv(graph) -> int:
    """Conv -> Mul(s) -> Add(b): fold s and b into the conv (always exact)."""
    g = _Graph(graph)
    drop: set[int] = set()
    done = 0
    for conv in list(graph.node):
        if conv.op_type != "Conv":
            continue
        mul = g.only_consumer(conv.output[0])
        if mul is None or mul.op_type != "Mul" or g.split(mul) is None or g.split(mul)[0] != conv.output[0]:
            continue
        add = g.only_consumer(mul.output[0])
        if add is None or add.op_type != "Add" or g.split(add) is None or g.split(add)[0] != mul.output[0]:
            continue
        wb = _conv_weights(g, conv)
        if wb is None:
            continue
        weight, bias = wb
        s, b = g.split(mul)[1], g.split(add)[1]
        if bias is None:
            bias = np.zeros(weight.shape[0])
        _set_conv(g, conv, weight * s, bias * s + b)
        conv.output[0] = add.output[0]
        drop.update({id(mul), id(add)})
        done += 1
    _replace_nodes(graph, drop, {})
    return done


def _unpadded(conv) -> bool:
    from onnx import helper
    attrs = {a.name: helper.get_attribute_value(a) for a in conv.attribute}
    auto = attrs.get("auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else auto
    if auto not in ("NOTSET", "VALID"):
        return False
    return auto == "VALID" or not any(attrs.get("pads", []))


def _affine_before_conv(graph) -> int:
    """Mul(s) -> Add(b) -> Conv(s): s into every consuming conv's weights; b into the bias of
    an unpadded conv, else an Add(b/s) stays in front of that conv."""
    from onnx import helper
    g = _Graph(graph)
    drop: set[int] = set()
    replace: dict[int, list] = {}
    done = 0
    for mul in list(graph.node):
        if mul.op_type != "Mul" or g.split(mul) is None:
            continue
        x, s = g.split(mul)
        add = g.only_consumer(mul.output[0])
        if add is None or add.op_type != "Add" or g.split(add) is None or g.split(add)[0] != mul.output[0]:
            continue
        b = g.split(add)[1]
        convs = g.consumers.get(add.output[0], [])
        if s == 0 or not convs or add.output[0] in g.outputs or any(
                c.op_type != "Conv" or c.input[0] != add.output[0] or _conv_weights(g, c) is None
                for c in convs):
            continue
        shifted = None
        for conv in convs:
            weight, bias = _conv_weights(g, conv)
            if bias is None:
                bias = np.zeros(weight.shape[0])
            if _unpadded(conv):
                _set_conv(g, conv, weight * s, bias + b * weight.sum(axis=(1, 2, 3)))
                conv.input[0] = x
            else:
                if shifted is None:
                    shifted = add.output[0] + "_shifted"
                    offset = g.add_constant(add.output[0] + "_offset", np.array([b / s]))
                    replace[id(add)] = [helper.make_node("Add", [x, offset], [shifted])]
                _set_conv(g, conv, weight * s, bias)
                conv.input[0] = shifted
        drop.add(id(mul))
        if shifted is None:
            drop.add(id(add))
        done += 1
    _replace_nodes(graph, drop, replace)
    return done


def _drop_unused_constants(graph) -> None:
    used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
    keep = [n for n in graph.node if n.op_type != "Constant" or n.output[0] in used]
    del graph.node[:]
    graph.node.extend(keep)
    inits = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(inits)
