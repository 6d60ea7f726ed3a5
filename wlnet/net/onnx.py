"""ONNX files: ``Export["net.onnx", net]`` and ``Import["net.onnx"]`` (with the onnx package).

Export walks the net's executor program (``wlnet.net.execute``: every layer of every nested
container in order, with the tensors that connect them) and writes one ONNX operator (or a
few) per layer, the arrays as initializers in Real32.  The ONNX graph's inputs and outputs
carry the net's port names; the batch is the leading dimension, of symbolic size "batch".
Import reads such a graph back: one layer per operator, a NetChain when the operators form a
single path, else a NetGraph whose layers are named after the ONNX nodes.

Each layer type that ONNX holds has a writer here (``_WRITERS``, by the layer's type name)
and each operator a reader (``_READERS``): Linear (Gemm; MatMul [+ Add] on import),
Elementwise (one named function: Tanh, Ramp…), Softmax, Convolution, Pooling (Max, Mean,
Total), Flatten, Reshape, Transpose, Catenate, BatchNormalization (evaluation: the moving
statistics), Dropout (the identity); recurrent layers, sequence layers, EmbeddingLayer and
UnitVectorLayer, with varying lengths as symbolic dimensions, are in
``wlnet.net.onnx_sequences``.  A net with anything else (net operators, attention, …) is
``OnnxError`` naming what cannot be written; an ONNX file with other operators names those.
"""

from __future__ import annotations

from math import prod

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.onnx_base import OnnxError, array_value, ints, rule
from wlnet.net.onnx_sequences import READERS as SEQUENCE_READERS
from wlnet.net.onnx_sequences import SEQUENCE_TYPES, STATEFUL_TYPES, VIEW_WRITERS, prepare_reader
from wlnet.net.onnx_sequences import WRITERS as SEQUENCE_WRITERS
from wlnet.net.onnx_sequences import writable as sequence_writable
from wlnet.net.onnx_traced import can_trace, write_traced
from wlnet.net.spec import LayerNode
from wlnet.net.types import IndexIntegerT, LengthVar

__all__ = ["OnnxError", "onnx_bytes", "net_expr_from_onnx", "OPSET"]

OPSET = 17
IR_VERSION = 8          # opset 17's; what runtimes a few years old still load


def _onnx():
    try:
        import onnx
    except ImportError:
        raise OnnxError("it needs the onnx package: pip install 'wlnet[onnx]'") from None
    return onnx


# ---------------------------------------------------------------------------- export

# ElementwiseLayer functions ONNX has as operators (WL's name → ONNX operator)
ELEMENTWISE = {"Tanh": "Tanh", "LogisticSigmoid": "Sigmoid", "Ramp": "Relu", "ReLU": "Relu",
               "Sigmoid": "Sigmoid", "Exp": "Exp", "Log": "Log", "Sqrt": "Sqrt",
               "Abs": "Abs", "Sin": "Sin", "Cos": "Cos", "Erf": "Erf", "Softplus": "Softplus",
               "SoftPlus": "Softplus"}
_ELEMENTWISE_BACK = {"Tanh": "Tanh", "Sigmoid": "LogisticSigmoid", "Relu": "Ramp",
                     "Exp": "Exp", "Log": "Log", "Sqrt": "Sqrt", "Abs": "Abs", "Sin": "Sin",
                     "Cos": "Cos", "Erf": "Erf"}


class _Writer:
    """The ONNX graph being written: nodes, initializers, fresh tensor names."""

    def __init__(self, onnx):
        self.onnx = onnx
        self.nodes, self.initializers = [], []
        self.count = 0

    def fresh(self, hint: str) -> str:
        self.count += 1
        return f"{hint}#{self.count}"

    def const(self, hint: str, value) -> str:
        name = self.fresh(hint)
        self.initializers.append(self.onnx.numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, inputs, hint: str, **attrs) -> str:
        return self.op_multi(op_type, inputs, hint, 1, **attrs)[0]

    def op_multi(self, op_type: str, inputs, hint: str, count: int, **attrs) -> list:
        """An operator with ``count`` outputs; their tensor names."""
        outs = [self.fresh(hint) for _ in range(count)]
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), outs,
                                                     name=outs[0], **attrs))
        return outs


def _dims(t, varying: bool = False) -> tuple:
    """A port type's dimensions as ints; with ``varying``, a varying length as ONNX's
    symbolic dimension (a name).  OnnxError for a dimension that is not known (or that
    varies, without ``varying``)."""
    dims = tuple(getattr(t, "dims", ()))
    if getattr(t, "tail", None) is not None:
        dims = (None,)
    out = []
    for d in dims:
        if isinstance(d, int):
            out.append(d)
        elif varying and isinstance(d, LengthVar):
            out.append(f"length{d.id}")
        else:
            raise OnnxError("ONNX export needs fixed dimensions, and a port has "
                            "dimensions that vary or are not known")
    return tuple(out)


def onnx_bytes(net) -> bytes:
    """The net as a serialized ONNX model (OnnxError when it cannot be one)."""
    onnx = _onnx()
    from wlnet.net.backends import backend
    from wlnet.net.execute import Executor
    if not net.is_initialized():
        raise OnnxError("the net has uninitialized arrays; use NetInitialize first")
    ex = Executor(net.root, "Real32", backend("numba"))
    traced = {id(s) for s in ex.steps if not _writable(s) and can_trace(s)}
    unsupported = sorted({_layer_name(net.root, s) for s in ex.steps
                          if not _writable(s) and id(s) not in traced})
    if unsupported:
        raise OnnxError(f"ONNX has no counterpart here for {', '.join(unsupported)}"
                        + ("" if _has_torch() else " (PyTorch, pip install 'wlnet[torch]', "
                           "would write more layers)"))
    w = _Writer(onnx)
    names = {("in", p): p for p in ex.input_formats}
    read = {k for s in ex.steps for k in (*s.inputs.values(), *s.fed_states.values())}
    read |= set(ex.output_keys.values())
    for step in ex.steps:
        arrays = {n: np.asarray(net.arrays[path].array, np.float32)
                  for n, path in step.array_paths.items() if path in net.arrays}
        inputs = [names[k] for k in step.inputs.values()]
        hint = "/".join(step.path[1::2]) or step.layer.symbol
        if not isinstance(step.layer, LayerNode):       # a net operator's own data moves
            port_tensors = {p: names[k] for p, k in step.inputs.items()}
            names[(step.path, "out", "Output")] = VIEW_WRITERS[type(step.op).__name__](
                w, step.op, port_tensors, hint)
            continue
        if id(step) in traced:
            outs = write_traced(w, step, inputs, arrays, hint)
            names.update({(step.path, "out", p): t for p, t in outs.items()})
            continue
        writer = _WRITERS[step.layer.spec.type_name]
        if getattr(writer, "takes_states", False):
            final = {s for s in step.state_names if (step.path, "state", s) in read}
            outs = writer(w, step.layer, inputs, arrays, hint, final=final,
                          states={s: names[k] for s, k in step.fed_states.items()})
            names.update({(step.path, "state" if p in step.state_names else "out", p): t
                          for p, t in outs.items()})
        else:
            names[(step.path, "out", "Output")] = writer(w, step.layer, inputs, arrays, hint)
    outputs = []
    for port, key in ex.output_keys.items():
        w.nodes.append(onnx.helper.make_node("Identity", [names[key]], [port], name=port))
        outputs.append(_value_info(onnx, port, net.root.outputs()[port]))
    inputs = [_value_info(onnx, p, t) for p, t in net.root.inputs().items()]
    graph = onnx.helper.make_graph(w.nodes, net.root.symbol, inputs, outputs, w.initializers)
    model = onnx.helper.make_model(graph, producer_name="wlnet", ir_version=IR_VERSION,
                                   opset_imports=[onnx.helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model)
    return model.SerializeToString()


def _has_torch() -> bool:
    import importlib.util
    return importlib.util.find_spec("torch") is not None


def _value_info(onnx, name, t):
    """A port as an ONNX tensor: float, or int64 for integer codes (1-based, as in WL)."""
    codes = isinstance(getattr(t, "elem", None), IndexIntegerT)
    return onnx.helper.make_tensor_value_info(
        name, onnx.TensorProto.INT64 if codes else onnx.TensorProto.FLOAT,
        ["batch", *_dims(t, varying=True)])


def _layer_name(root, step) -> str:
    """The head to name for a step: its layer's, or for a step of a net operator's own
    (moving data between the operator and its inner net) the operator's."""
    symbol = getattr(step.layer, "symbol", None)
    if isinstance(step.layer, LayerNode) and symbol:
        return symbol
    node, path = root, step.path
    while len(path) >= 2 and path[0] in ("Nodes", "Parameters"):
        sub = (node.nodes if hasattr(node, "nodes") else {}).get(path[1])
        if sub is None:
            break
        node, path = sub, path[2:]
    return getattr(node, "symbol", None) or type(step.layer).__name__


# layers whose ONNX operators take any shape: a varying length passes through them
_SHAPE_FREE = ("Elementwise", "Softmax", "Dropout")


def _writable(step) -> bool:
    layer = step.layer
    if not isinstance(layer, LayerNode):
        return type(step.op).__name__ in VIEW_WRITERS
    if layer.spec.type_name not in _WRITERS:
        return False
    type_name = layer.spec.type_name
    if (layer.states() and type_name not in STATEFUL_TYPES) or list(layer.outputs()) != ["Output"]:
        return False
    varying = type_name in SEQUENCE_TYPES or type_name in _SHAPE_FREE
    try:
        for t in (*layer.inputs().values(), *layer.outputs().values()):
            _dims(t, varying)
    except OnnxError:
        return False
    if layer.params.get("Interleaving"):
        return False
    if type_name == "Elementwise":
        return _function_name(layer) in ELEMENTWISE
    if type_name == "Padding":
        method = layer.params["Padding"]
        return not isinstance(method, str) or method in _PAD_MODES
    return type_name not in SEQUENCE_TYPES or sequence_writable(layer)


def _function_name(layer):
    e = layer.params["Function"].expr
    return e.name if type(e) is Symbol else e.value if type(e) is String else None


def _input_dims(layer, port="Input") -> tuple:
    return _dims(layer.inputs()[port])


def _output_dims(layer) -> tuple:
    return _dims(layer.outputs()["Output"])


def _reshaped(w, x, dims, hint):
    """x reshaped to (batch, *dims) (0 in ONNX's shape: the batch size as it is)."""
    return w.op("Reshape", [x, w.const(hint + "/shape", np.array((0, *dims), np.int64))], hint)


def _write_linear(w, layer, inputs, arrays, hint):
    x = inputs[0]
    if len(_input_dims(layer)) != 1:
        x = w.op("Flatten", [x], hint + "/flatten", axis=1)
    args = [x, w.const(hint + "/Weights", arrays["Weights"])]
    if "Biases" in arrays:
        args.append(w.const(hint + "/Biases", arrays["Biases"]))
    y = w.op("Gemm", args, hint, transB=1)
    out = _output_dims(layer)
    return y if len(out) == 1 else _reshaped(w, y, out, hint + "/reshape")


def _write_elementwise(w, layer, inputs, arrays, hint):
    return w.op(ELEMENTWISE[_function_name(layer)], inputs, hint)


def _write_softmax(w, layer, inputs, arrays, hint):
    level = layer.params["Level"]
    return w.op("Softmax", inputs, hint, axis=level if level < 0 else level)


def _spatial(layer):
    from wlnet.net.layers._spatial import geometry
    sizes = _input_dims(layer)[1:]
    kernel, stride, padding, dilation = geometry(layer.params, len(sizes), sizes)
    pads = [b for b, _ in padding] + [a for _, a in padding]
    return list(kernel), list(stride), pads, list(dilation)


def _write_convolution(w, layer, inputs, arrays, hint):
    kernel, stride, pads, dilation = _spatial(layer)
    args = [inputs[0], w.const(hint + "/Weights", arrays["Weights"])]
    if "Biases" in arrays:
        args.append(w.const(hint + "/Biases", arrays["Biases"]))
    return w.op("Conv", args, hint, kernel_shape=kernel, strides=stride, pads=pads,
                dilations=dilation, group=layer.params["ChannelGroups"])


def _write_pooling(w, layer, inputs, arrays, hint):
    kernel, stride, pads, _ = _spatial(layer)
    function = layer.params["Function"]
    if function == "Max":                    # ONNX's MaxPool never takes a padded position
        return w.op("MaxPool", inputs, hint, kernel_shape=kernel, strides=stride, pads=pads)
    y = w.op("AveragePool", inputs, hint, kernel_shape=kernel, strides=stride, pads=pads,
             count_include_pad=1)            # WL's Mean counts the padding as zeros
    if function == "Total":
        y = w.op("Mul", [y, w.const(hint + "/size", np.float32(prod(kernel)))], hint + "/total")
    return y


def _write_reshape(w, layer, inputs, arrays, hint):
    return _reshaped(w, inputs[0], _output_dims(layer), hint)


def _write_transpose(w, layer, inputs, arrays, hint):
    from wlnet.net.layers.transpose import _primitive_spec
    from wlnet.net.primitives import permute_plan
    axes = permute_plan(len(_input_dims(layer)), _primitive_spec(layer.params["Specification"]))
    return w.op("Transpose", inputs, hint, perm=[0, *(a + 1 for a in axes)])


def _write_catenate(w, layer, inputs, arrays, hint):
    level = layer.params["Level"]
    return w.op("Concat", inputs, hint, axis=level)


def _write_batch_normalization(w, layer, inputs, arrays, hint):
    args = [inputs[0]] + [w.const(f"{hint}/{n}", arrays[n])
                          for n in ("Scaling", "Biases", "MovingMean", "MovingVariance")]
    return w.op("BatchNormalization", args, hint, epsilon=float(layer.params["Epsilon"]))


def _write_identity(w, layer, inputs, arrays, hint):
    return w.op("Identity", inputs, hint)


# PaddingLayer's methods that ONNX's Pad has (a number: "constant")
_PAD_MODES = {"Fixed": "edge", "Reflected": "reflect"}


def _write_padding(w, layer, inputs, arrays, hint):
    widths = layer.params["PaddingSize"]
    rank = len(_input_dims(layer))
    widths = list(widths) + [(0, 0)] * (rank - len(widths))
    pads = np.array([0] + [b for b, _ in widths] + [0] + [a for _, a in widths], np.int64)
    method = layer.params["Padding"]
    if isinstance(method, str):
        return w.op("Pad", [inputs[0], w.const(hint + "/pads", pads)], hint,
                    mode=_PAD_MODES[method])
    value = w.const(hint + "/value", np.array(method, np.float32))
    return w.op("Pad", [inputs[0], w.const(hint + "/pads", pads), value], hint, mode="constant")


_WRITERS = {"Linear": _write_linear, "Elementwise": _write_elementwise,
            "Softmax": _write_softmax, "Convolution": _write_convolution,
            "Pooling": _write_pooling, "Flatten": _write_reshape, "Reshape": _write_reshape,
            "Transpose": _write_transpose, "Catenate": _write_catenate,
            "BatchNormalization": _write_batch_normalization, "Dropout": _write_identity,
            "Padding": _write_padding}


# ---------------------------------------------------------------------------- import

class _Reader:
    """An ONNX graph read as layers: ``layers`` (name → layer expression, in order) and
    ``sources`` (name → the tensors it reads); tensors the graph aliases (Identity,
    Dropout) are followed to the layer that makes them."""

    def __init__(self, onnx, model):
        self.onnx = onnx
        graph = model.graph
        self.consts = {t.name: onnx.numpy_helper.to_array(t) for t in graph.initializer}
        for node in graph.node:
            if node.op_type == "Constant":
                self.consts[node.output[0]] = onnx.numpy_helper.to_array(node.attribute[0].t)
        self.graph = graph
        self.alias: dict = {}                         # tensor → the tensor it stands for
        self.layers: dict = {}                        # layer name → expression
        self.sources: dict = {}                       # layer name → [tensor, …]
        self.made_by: dict = {}                       # tensor → layer name
        self.fold: dict = {}                          # MatMul output → (layer, weights)
        self.absorbed: dict = {}                      # node name → the tensor it stands for
        self.one_based: set = set()                   # tensors of 1-based codes made 0-based

    def tensor(self, name: str) -> str:
        while name in self.alias:
            name = self.alias[name]
        return name

    def attrs(self, node) -> dict:
        return {a.name: self.onnx.helper.get_attribute_value(a) for a in node.attribute}

    def add(self, node, layer, sources):
        name = node.name or node.output[0]
        name = name if name not in self.layers else f"{name}#{len(self.layers)}"
        self.layers[name] = layer
        self.sources[name] = [self.tensor(s) for s in sources]
        self.made_by[node.output[0]] = name

    def read(self):
        prepare_reader(self)              # operators that are parts of a layer (sequences)
        nodes = [n for n in self.graph.node
                 if n.op_type != "Constant" and (n.name or n.output[0]) not in self.absorbed]
        unsupported = sorted({n.op_type for n in nodes if n.op_type not in _READERS})
        if unsupported:
            raise OnnxError("wlnet has no layer for the ONNX operator"
                            f"{'s' if len(unsupported) > 1 else ''} {', '.join(unsupported)}")
        for node in self.graph.node:
            stands_for = self.absorbed.get(node.name or node.output[0])
            if stands_for is not None:
                self.alias[node.output[0]] = stands_for
            elif node.op_type != "Constant":
                _READERS[node.op_type](self, node, self.attrs(node))


def _read_alias(r, node, attrs):
    r.alias[node.output[0]] = node.input[0]


def _read_gemm(r, node, attrs):
    if attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0 or attrs.get("transA"):
        raise OnnxError("a Gemm with alpha, beta or transA is not a LinearLayer")
    w = r.consts.get(node.input[1])
    if w is None:
        raise OnnxError("a Gemm whose weights are not constants is not a LinearLayer")
    w = w if attrs.get("transB") else w.T
    opts = [rule("Weights", array_value(w))]
    if len(node.input) > 2 and node.input[2]:
        b = r.consts[node.input[2]]
        opts.append(rule("Biases", array_value(np.broadcast_to(b, (w.shape[0],)))))
    else:
        opts.append(rule("Biases", Symbol("None")))
    r.add(node, Expr(Symbol("LinearLayer"), Integer(w.shape[0]), *opts), [node.input[0]])


def _read_matmul(r, node, attrs):
    w = r.consts.get(node.input[1])
    if w is None or w.ndim != 2:
        raise OnnxError("a MatMul of two computed tensors has no layer in wlnet")
    layer = Expr(Symbol("LinearLayer"), Integer(w.shape[1]), rule("Weights", array_value(w.T)),
                 rule("Biases", Symbol("None")))
    r.add(node, layer, [node.input[0]])


def _read_add(r, node, attrs):
    """An Add of a constant to a MatMul's result: that LinearLayer's biases."""
    made = r.made_by.get(r.tensor(node.input[0]))
    b = r.consts.get(node.input[1])
    layer = r.layers.get(made)
    if b is None or layer is None or layer.head != Symbol("LinearLayer") \
            or layer.args[-1] != rule("Biases", Symbol("None")):
        raise OnnxError("an Add that is not the bias of a MatMul has no layer here")
    r.layers[made] = Expr(layer.head, *layer.args[:-1],
                          rule("Biases", array_value(np.broadcast_to(b, (b.shape[-1],)))))
    r.alias[node.output[0]] = node.input[0]


def _read_mul(r, node, attrs):
    """A Mul of an AveragePool's result by its kernel's size: a pooling of Function Total."""
    made = r.made_by.get(r.tensor(node.input[0]))
    c = r.consts.get(node.input[1])
    layer = r.layers.get(made)
    if c is None or c.size != 1 or layer is None or layer.head != Symbol("PoolingLayer") \
            or layer.args[-1] != rule("Function", Symbol("Mean")) \
            or float(c) != prod(int(k.value) for k in layer.args[0].args):
        raise OnnxError("a Mul that is not a total pooling has no layer here")
    r.layers[made] = Expr(layer.head, *layer.args[:-1], rule("Function", Symbol("Total")))
    r.alias[node.output[0]] = node.input[0]


def _read_elementwise(r, node, attrs):
    r.add(node, Expr(Symbol("ElementwiseLayer"), Symbol(_ELEMENTWISE_BACK[node.op_type])),
          [node.input[0]])


def _read_softmax(r, node, attrs):
    axis = attrs.get("axis", -1)
    r.add(node, Expr(Symbol("SoftmaxLayer"), *(() if axis == -1 else (Integer(axis),))),
          [node.input[0]])


def _pads(attrs, rank):
    pads = list(attrs.get("pads", [0] * 2 * rank))
    return Expr.from_args(S.List, (ints((pads[i], pads[i + rank])) for i in range(rank)))


def _read_conv(r, node, attrs):
    w = r.consts.get(node.input[1])
    if w is None or attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise OnnxError("a Conv needs constant weights and explicit pads")
    rank = w.ndim - 2
    opts = [rule("Stride", ints(attrs.get("strides", [1] * rank))),
            rule("PaddingSize", _pads(attrs, rank)),
            rule("Dilation", ints(attrs.get("dilations", [1] * rank))),
            rule("ChannelGroups", Integer(attrs.get("group", 1))),
            rule("Weights", array_value(w))]
    if len(node.input) > 2 and node.input[2]:
        opts.append(rule("Biases", array_value(r.consts[node.input[2]])))
    else:
        opts.append(rule("Biases", Symbol("None")))
    r.add(node, Expr(Symbol("ConvolutionLayer"), Integer(w.shape[0]), ints(w.shape[2:]), *opts),
          [node.input[0]])


def _read_pool(r, node, attrs):
    kernel = attrs["kernel_shape"]
    rank = len(kernel)
    function = "Max" if node.op_type == "MaxPool" else "Mean"
    if function == "Mean" and any(attrs.get("pads", ())) and not attrs.get("count_include_pad"):
        raise OnnxError("an AveragePool that leaves out its padding has no layer here")
    if attrs.get("ceil_mode") or any(d != 1 for d in attrs.get("dilations", ())):
        raise OnnxError("a pooling with ceil_mode or dilations has no layer here")
    r.add(node, Expr(Symbol("PoolingLayer"), ints(kernel),
                     ints(attrs.get("strides", [1] * rank)),
                     rule("PaddingSize", _pads(attrs, rank)),
                     rule("Function", Symbol(function))), [node.input[0]])


def _read_flatten(r, node, attrs):
    if attrs.get("axis", 1) != 1:
        raise OnnxError("a Flatten that keeps more than the batch axis has no layer here")
    r.add(node, Expr(Symbol("FlattenLayer")), [node.input[0]])


def _read_reshape(r, node, attrs):
    shape = r.consts.get(node.input[1])
    if shape is None or shape[0] not in (0, -1) or any(d <= 0 for d in shape[1:]):
        raise OnnxError("a Reshape needs a constant shape (the batch first, then sizes)")
    r.add(node, Expr(Symbol("ReshapeLayer"), ints(shape[1:])), [node.input[0]])


def _read_transpose(r, node, attrs):
    perm = list(attrs["perm"])
    if perm[0] != 0:
        raise OnnxError("a Transpose that moves the batch axis has no layer here")
    axes = [a - 1 for a in perm[1:]]
    levels = np.argsort(axes) + 1                   # input level k → output level levels[k]
    r.add(node, Expr(Symbol("TransposeLayer"), ints(levels)), [node.input[0]])


def _read_concat(r, node, attrs):
    axis = attrs["axis"]
    if axis == 0:
        raise OnnxError("a Concat along the batch axis has no layer here")
    r.add(node, Expr(Symbol("CatenateLayer"), Integer(axis)), list(node.input))


def _read_batch_normalization(r, node, attrs):
    names = ("Scaling", "Biases", "MovingMean", "MovingVariance")
    arrays = [r.consts.get(t) for t in node.input[1:5]]
    if any(a is None for a in arrays):
        raise OnnxError("a BatchNormalization needs constant statistics")
    r.add(node, Expr(Symbol("BatchNormalizationLayer"),
                     rule("Epsilon", Real(float(attrs.get("epsilon", 1e-5)))),
                     *(rule(n, array_value(a)) for n, a in zip(names, arrays))), [node.input[0]])


_WRITERS.update(SEQUENCE_WRITERS)

_READERS = {"Identity": _read_alias, "Dropout": _read_alias, "Gemm": _read_gemm,
            "MatMul": _read_matmul, "Add": _read_add, "Mul": _read_mul, "Softmax": _read_softmax,
            "Conv": _read_conv, "MaxPool": _read_pool, "AveragePool": _read_pool,
            "Flatten": _read_flatten, "Reshape": _read_reshape, "Transpose": _read_transpose,
            "Concat": _read_concat, "BatchNormalization": _read_batch_normalization,
            **{op: _read_elementwise for op in _ELEMENTWISE_BACK}, **SEQUENCE_READERS}


def net_expr_from_onnx(data: bytes):
    """An ONNX model (bytes) as a NetChain or NetGraph expression (OnnxError)."""
    onnx = _onnx()
    try:
        model = onnx.load_from_string(data)
    except Exception as err:                      # protobuf's DecodeError & co
        raise OnnxError(f"the file is not an ONNX model ({type(err).__name__})") from None
    r = _Reader(onnx, model)
    r.read()
    inputs = [(i.name, _input_shape(i, onnx)) for i in model.graph.input if i.name not in r.consts]
    outputs = [(o.name, r.tensor(o.name)) for o in model.graph.output]
    if not r.layers:
        raise OnnxError("the model has no operators wlnet reads as layers")
    return _chain(r, inputs, outputs) or _graph(r, inputs, outputs)


def _input_shape(value_info, onnx) -> Expr | None:
    """The port's shape as WL writes it (a symbolic first dimension is "Varying"); None for
    integer codes, whose layer (EmbeddingLayer, UnitVectorLayer) knows its input."""
    if value_info.type.tensor_type.elem_type == onnx.TensorProto.INT64:
        return None
    dims = value_info.type.tensor_type.shape.dim[1:]
    sizes = [Integer(d.dim_value) if d.HasField("dim_value") else None for d in dims]
    if sizes and sizes[0] is None:
        sizes[0] = String("Varying")
    if any(d is None for d in sizes):
        raise OnnxError(f"the input \"{value_info.name}\" has sizes that are not fixed")
    return Expr.from_args(S.List, sizes)


def _chain(r, inputs, outputs):
    """NetChain[{…}] when the layers form one path from the one input to the one output."""
    if len(inputs) != 1 or len(outputs) != 1:
        return None
    names = list(r.layers)
    previous = inputs[0][0]
    for name in names:
        if r.sources[name] != [previous]:
            return None
        previous = next(t for t, n in r.made_by.items() if n == name)
    if outputs[0][1] != previous:
        return None
    if inputs[0][0] != "Input" or outputs[0][0] != "Output":
        return None
    port_opts = [rule("Input", inputs[0][1])] if inputs[0][1] is not None else []
    return Expr(Symbol("NetChain"), Expr.from_args(S.List, r.layers.values()), *port_opts)


def _graph(r, inputs, outputs):
    made = {t: n for t, n in r.made_by.items()}
    ports = {name for name, _ in inputs}

    def source(t):
        if t in ports:
            return Expr(Symbol("NetPort"), String(t))
        if t in made:
            return String(made[t])
        raise OnnxError(f"the tensor \"{t}\" is neither an input nor made by a layer")

    edges = []
    for name, srcs in r.sources.items():
        if len(srcs) == 1:
            edges.append(Expr(S.Rule, source(srcs[0]), String(name)))
        else:
            edges.append(Expr(S.Rule, Expr.from_args(S.List, (source(s) for s in srcs)),
                              String(name)))
    for port, t in outputs:
        edges.append(Expr(S.Rule, source(t), Expr(Symbol("NetPort"), String(port))))
    layers = Expr.from_args(S.Association, (Expr(S.Rule, String(n), e) for n, e in r.layers.items()))
    port_opts = [rule(name, shape) for name, shape in inputs if shape is not None]
    return Expr(Symbol("NetGraph"), layers, Expr.from_args(S.List, edges), *port_opts)
