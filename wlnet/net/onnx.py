"""ONNX files: ``Export["net.onnx", net]`` (here) and ``Import["net.onnx"]``
(``wlnet.net.onnx_import``), with the onnx package.

Export walks the net's executor program (``wlnet.net.execute``: every layer of every nested
container in order, with the tensors that connect them) and writes one ONNX operator (or a
few) per layer, the arrays as initializers in Real32.  The ONNX graph's inputs and outputs
carry the net's port names; the batch is the leading dimension, of symbolic size "batch".
Import reads such a graph back, and the graphs other tools write.

Each layer type that ONNX holds has a writer here (``_WRITERS``, by the layer's type name):
Linear (Gemm), Elementwise (one named function: Tanh, Ramp…), Softmax, Convolution,
Pooling (Max, Mean, Total), Flatten, Reshape, Transpose, Catenate, BatchNormalization
(evaluation: the moving statistics), Dropout (the identity); recurrent layers, sequence
layers, EmbeddingLayer and UnitVectorLayer, with varying lengths as symbolic dimensions,
are in ``wlnet.net.onnx_sequences``, AttentionLayer in ``wlnet.net.onnx_attention``.
NetFoldOperator is ONNX's Scan along the time axis, its net written as the Scan's body;
NetNestOperator's net is written once per iteration.  A layer with a torch lowering is
traced (``wlnet.net.onnx_traced``); anything else is an ``OnnxError`` naming what cannot be
written.
"""

from __future__ import annotations

from math import prod

import numpy as np

from wlnet.core.expr import String, Symbol
from wlnet.net.onnx_base import ONNX_FUNCTIONS, OnnxError
from wlnet.net.onnx_attention import ATTENTION_TYPES, write_attention
from wlnet.net.onnx_import import net_expr_from_onnx
from wlnet.net.onnx_sequences import SEQUENCE_TYPES, STATEFUL_TYPES, VIEW_WRITERS
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

# ElementwiseLayer functions ONNX has as operators (WL's name, or another name WL takes
# for it, -> ONNX operator)
ELEMENTWISE = {**{wl: op for op, wl in ONNX_FUNCTIONS.items()}, "ReLU": "Relu",
               "Sigmoid": "Sigmoid", "Softplus": "Softplus", "SoftPlus": "Softplus"}


class _Writer:
    """The ONNX graph being written: nodes, initializers, fresh tensor names."""

    def __init__(self, onnx, scope: str = "", opset: int = OPSET):
        self.onnx = onnx
        self.opset = opset
        self.nodes, self.initializers = [], []
        self.count = 0
        self.scope = scope                # a subgraph's names must not shadow the outer ones

    def fresh(self, hint: str) -> str:
        self.count += 1
        return f"{self.scope}{hint}#{self.count}"

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


def max_opset() -> int:
    """The newest operator set the installed onnx package knows."""
    return _onnx().defs.onnx_opset_version()


def onnx_bytes(net, opset: int = OPSET, description: str = "", graph_name: str | None = None,
               model_version: int = 0) -> bytes:
    """The net as a serialized ONNX model (OnnxError when it cannot be one), in operator
    set ``opset`` (from OPSET on: the writers' operators are those of OPSET, which later
    sets keep; the model is checked against the set's schemas), with Export's metadata
    (WL's "Description", "GraphName", "ModelVersion")."""
    onnx = _onnx()
    if not net.is_initialized():
        raise OnnxError("the net has uninitialized arrays; use NetInitialize first")
    w = _Writer(onnx, opset=opset)
    root = net.root
    outs = _write_net(w, root, net.arrays, {p: p for p in root.inputs()})
    outputs = []
    for port, tensor in outs.items():
        w.nodes.append(onnx.helper.make_node("Identity", [tensor], [port], name=port))
        outputs.append(_value_info(onnx, port, root.outputs()[port]))
    inputs = [_value_info(onnx, p, t) for p, t in root.inputs().items()]
    graph = onnx.helper.make_graph(w.nodes, graph_name or root.symbol, inputs, outputs,
                                   w.initializers)
    model = onnx.helper.make_model(graph, producer_name="wlnet", ir_version=_ir_version(opset),
                                   opset_imports=[onnx.helper.make_opsetid("", opset)],
                                   doc_string=description, model_version=model_version)
    try:
        onnx.checker.check_model(model, full_check=opset != OPSET)
    except Exception as err:                     # the checker's and shape inference's errors
        raise OnnxError(f"its operators are not all valid in operator set {opset} "
                        f"({type(err).__name__})") from None
    return model.SerializeToString()


def _ir_version(opset: int) -> int:
    """The oldest IR version that carries ``opset`` (what older runtimes still load)."""
    if opset == OPSET:
        return IR_VERSION
    from onnx.helper import VERSION_TABLE        # (release, IR, opset, …), oldest first
    return next(ir for _, ir, ops, *_ in VERSION_TABLE if ops >= opset)


def _program(root):
    """The executor's program of ``root`` (the steps that ``_write_net`` writes)."""
    from wlnet.net.backends import backend
    from wlnet.net.execute import Executor
    try:
        return Executor(root, "Real32", backend("numba"))
    except NotImplementedError as err:           # a layer that computes nothing (PlaceholderLayer)
        layer = str(err).removeprefix("no executor for ")
        raise OnnxError(f"{layer} has no computation to write; replace it (NetReplacePart) "
                        "first") from None


def _write_net(w, root, net_arrays, inputs: dict) -> dict:
    """Write the program of the net ``root`` (its arrays: ``net_arrays``, by path) into
    ``w``, its input ports read from the tensors ``inputs`` (port -> tensor); the tensors
    of its output ports.  OnnxError naming the layers ONNX has no counterpart for."""
    ex = _program(root)
    traced = {id(s) for s in ex.steps if not _writable(s) and can_trace(s)}
    unsupported = sorted({_layer_name(root, s) for s in ex.steps
                          if not _writable(s) and id(s) not in traced})
    if unsupported:
        raise OnnxError(f"ONNX has no counterpart here for {', '.join(unsupported)}"
                        + ("" if _has_torch() else " (PyTorch, pip install 'wlnet[torch]', "
                           "would write more layers)"))
    names = {("in", p): inputs[p] for p in ex.input_formats}
    read = {k for s in ex.steps for k in (*s.inputs.values(), *s.fed_states.values())}
    read |= set(ex.output_keys.values())
    for step in ex.steps:
        arrays = {n: np.asarray(net_arrays[path].array, np.float32)
                  for n, path in step.array_paths.items() if path in net_arrays}
        inputs = [names[k] for k in step.inputs.values()]
        # a root operator's own steps ($Reverse, $Join) are named by their path
        hint = "/".join(step.path[1::2]) or getattr(step.layer, "symbol", None) \
            or "/".join(step.path)
        final = {s for s in step.state_names if (step.path, "state", s) in read}
        states = {s: names[k] for s, k in step.fed_states.items()}
        if type(step.op).__name__ == "FoldOp":
            outs = _write_fold(w, step, dict(zip(step.inputs, inputs)), net_arrays, hint,
                               states, final)
        elif type(step.op).__name__ == "NestOp":
            outs = {"Output": _write_nest(w, step, inputs[0], net_arrays)}
        elif not isinstance(step.layer, LayerNode):       # a net operator's own data moves
            port_tensors = {p: names[k] for p, k in step.inputs.items()}
            outs = {"Output": VIEW_WRITERS[type(step.op).__name__](w, step.op, port_tensors,
                                                                   hint)}
        elif id(step) in traced:
            outs = write_traced(w, step, inputs, arrays, hint)
        elif getattr(_WRITERS[step.layer.spec.type_name], "takes_states", False):
            outs = _WRITERS[step.layer.spec.type_name](w, step.layer, inputs, arrays, hint,
                                                       final=final, states=states)
        else:
            outs = {"Output": _WRITERS[step.layer.spec.type_name](w, step.layer, inputs,
                                                                  arrays, hint)}
        names.update({(step.path, "state" if p in step.state_names else "out", p): t
                      for p, t in outs.items()})
    return {port: names[key] for port, key in ex.output_keys.items()}


def _write_fold(w, step, inputs: dict, net_arrays, hint, states: dict, final) -> dict:
    """NetFoldOperator as ONNX's Scan along the time axis (axis 1: batch first), its net
    the Scan's body: the fed-back inputs are Scan's state variables (zeros, or the states
    a graph edge feeds), the mapped inputs its scanned inputs, the constants read from the
    enclosing graph; the final states (those in ``final``) and the outputs, sequences."""
    onnx, node = w.onnx, step.layer
    body = _Writer(onnx, scope=f"{hint}/", opset=w.opset)
    net = node.net
    inner_arrays = _inner_arrays(step, net_arrays)
    fed, mapped = node.fed_inputs(), node.mapped_inputs()
    body_inputs = {p: f"{hint}/{p}" for p in (*fed, *mapped)}
    body_inputs.update({p: inputs[p] for p in node.constants})      # from the outer scope
    outs = _write_net(body, net, inner_arrays, body_inputs)
    returned = list(node.outputs())
    results = {f"{hint}/next {inp}": outs[out] for out, inp in node.feedback}
    results.update({f"{hint}/out {p}": outs[p] for p in returned})
    for name, tensor in results.items():
        body.nodes.append(onnx.helper.make_node("Identity", [tensor], [name], name=name))
    in_types, out_types = net.inputs(), net.outputs()
    graph = onnx.helper.make_graph(
        body.nodes, f"{hint}/body", [_value_info(onnx, body_inputs[p], in_types[p])
                                     for p in (*fed, *mapped)],
        [_value_info(onnx, f"{hint}/next {inp}", in_types[inp]) for _, inp in node.feedback]
        + [_value_info(onnx, f"{hint}/out {p}", out_types[p]) for p in returned],
        body.initializers)
    first = inputs[mapped[0]]
    initial = [states.get(s) or _zeros_like_batch(w, first, _dims(in_types[s]), f"{hint}/{s} 0")
               for s in fed]
    results = w.op_multi("Scan", [*initial, *(inputs[p] for p in mapped)], hint,
                         len(fed) + len(returned), body=graph, num_scan_inputs=len(mapped),
                         scan_input_axes=[1] * len(mapped),
                         scan_output_axes=[1] * len(returned))
    outs = {s: t for s, t in zip(fed, results) if s in final}
    outs.update(zip(returned, results[len(fed):]))
    return outs


def _inner_arrays(step, net_arrays) -> dict:
    """A net operator's inner net's arrays, by their paths in that net."""
    return {path: net_arrays[outer] for path, outer in step.array_paths.items()
            if outer in net_arrays}


def _write_nest(w, step, x, net_arrays) -> str:
    """NetNestOperator[net, n]: the net written n times, each output the next input (the
    number of iterations is fixed)."""
    net = step.layer.net
    port_in, port_out = next(iter(net.inputs())), next(iter(net.outputs()))
    for _ in range(step.layer.iterations):
        x = _write_net(w, net, _inner_arrays(step, net_arrays), {port_in: x})[port_out]
    return x


def _zeros_like_batch(w, like, dims, hint) -> str:
    """Zeros of shape (batch, *dims), the batch that of the tensor ``like``."""
    batch = w.op("Slice", [w.op("Shape", [like], hint + "/shape"),
                           w.const(hint + "/from", np.array([0], np.int64)),
                           w.const(hint + "/to", np.array([1], np.int64))], hint + "/batch")
    shape = w.op("Concat", [batch, w.const(hint + "/dims", np.array(dims, np.int64))],
                 hint + "/full shape", axis=0)
    return w.op("ConstantOfShape", [shape], hint,
                value=w.onnx.helper.make_tensor("zero", w.onnx.TensorProto.FLOAT, [1], [0.0]))


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
    if not isinstance(layer, LayerNode):          # its net's layers are checked as it is written
        return type(step.op).__name__ in (*VIEW_WRITERS, "FoldOp", "NestOp")
    if layer.spec.type_name not in _WRITERS:
        return False
    type_name = layer.spec.type_name
    if (layer.states() and type_name not in STATEFUL_TYPES) or list(layer.outputs()) != ["Output"]:
        return False
    varying = type_name in SEQUENCE_TYPES or type_name in _SHAPE_FREE \
        or type_name in ATTENTION_TYPES
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
    if level == 0:                    # stacking: each input gets a new axis after the batch's
        axes = w.const(f"{hint}/axes", np.array([1], np.int64))
        inputs = [w.op("Unsqueeze", [x, axes], f"{hint}/slice") for x in inputs]
        level = 1
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


def _write_resize(w, layer, inputs, arrays, hint):
    """ResizeLayer as the CPU op computes it: each resized spatial axis moved last and
    multiplied by its resampling matrix (fixed sizes, so the matrices are constants; ONNX's
    own Resize rounds its "nearest" positions otherwise)."""
    from wlnet.net.layers.resize import axis_matrix, output_sizes, scheme_of
    p = layer.params
    dims = _input_dims(layer)
    interleaved = p["Interleaving"]
    spatial = dims[:-1] if interleaved else dims[1:]
    first = 1 if interleaved else 2             # the ONNX axis of the first spatial level
    rank = len(dims) + 1
    x = inputs[0]
    for k, (n, m) in enumerate(zip(spatial, output_sizes(p["Specification"], spatial))):
        if n == m:
            continue
        axis = first + k
        perm = [a for a in range(rank) if a != axis] + [axis]
        back = [perm.index(a) for a in range(rank)]
        matrix = axis_matrix(n, m, p["Resampling"], scheme_of(p)).T.astype(np.float32)
        moved = w.op("Transpose", [x], f"{hint}/axis{k}", perm=perm)
        product = w.op("MatMul", [moved, w.const(f"{hint}/matrix{k}", matrix)], f"{hint}/axis{k}")
        x = w.op("Transpose", [product], f"{hint}/axis{k}", perm=back)
    return x if x is not inputs[0] else w.op("Identity", [x], hint)


_WRITERS = {"Linear": _write_linear, "Elementwise": _write_elementwise,
            "Softmax": _write_softmax, "Convolution": _write_convolution,
            "Pooling": _write_pooling, "Flatten": _write_reshape, "Reshape": _write_reshape,
            "Transpose": _write_transpose, "Catenate": _write_catenate,
            "BatchNormalization": _write_batch_normalization, "Dropout": _write_identity,
            "Padding": _write_padding, "Resize": _write_resize}


_WRITERS.update(SEQUENCE_WRITERS)
_WRITERS["Attention"] = write_attention
