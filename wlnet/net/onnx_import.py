"""``Import["net.onnx"]``: an ONNX model (wlnet's own, or torch.onnx.export's and other
tools') read as a NetChain or NetGraph of wlnet's layers (wlnet.net.onnx writes them).

How a graph is read:

1. **Shapes and constants.**  onnxruntime, running the model twice on small inputs whose
   symbolic sizes differ, gives every tensor's dimensions (without onnxruntime, ONNX's own
   shape inference); the first is the batch.  Every operator whose inputs are all known
   is computed here once (onnx's reference evaluator) and becomes a constant: weight
   transposes, the ``Shape -> Gather -> Concat`` arithmetic that exporters write for a
   ``Reshape`` or for a recurrent operator's zero initial state.  A value that depends on a
   symbolic size (the batch, a length) is computed at two probe sizes, so that what depends
   on them is told apart from what does not.
2. **One layer per operator** (a few operators are two layers, a few pairs one layer;
   elementwise operators that together are a function of one tensor, as GELU and SiLU are
   written by exporters, one ElementwiseLayer of the composed function):
   Gemm, MatMul [+ Add] -> LinearLayer (NetMapOperator[LinearLayer] over the levels before
   the last); a MatMul of two tensors -> DotLayer (NetMapThreadOperator[DotLayer] over the
   levels before the matrices); Conv, ConvTranspose, MaxPool / AveragePool / GlobalAveragePool /
   GlobalMaxPool, BatchNormalization, LayerNormalization, Pad, Resize; ReduceMean /
   ReduceSum / ReduceMax / ReduceMin / ReduceProd -> AggregationLayer; activations as
   ElementwiseLayer (named functions, or pure functions built from WL's); Softmax,
   LogSoftmax (a SoftmaxLayer and a Log); Flatten / Reshape / Squeeze / Unsqueeze ->
   FlattenLayer or ReshapeLayer; Transpose, Concat, Gather (EmbeddingLayer, PartLayer,
   SequenceLastLayer), Slice (PartLayer, sequence layers); Add / Sub / Mul / Div of two
   tensors -> ThreadingLayer, of a constant -> ElementwiseLayer (a number),
   ConstantPlusLayer / ConstantTimesLayer (an array); Identity, Dropout, Cast: nothing.
3. **Recurrent operators** (LSTM, GRU, RNN) run time-major: a Transpose that swaps the batch
   and time axes makes a *time-major view* of a tensor, which only another such Transpose
   or a recurrent operator may read; the operator's output, squeezed, is a time-major view
   of the layer's output.  The gates are converted to WL's arrays exactly (ONNX's i, o, f, c
   and z, r, h; the two bias vectors add up; a GRU must have linear_before_reset = 1, and
   one with a recurrent bias on its candidate, which WL's GatedRecurrentLayer has not, as
   torch's have, is its cell written out as a NetFoldOperator).  A zero
   initial state is no input; a (batch, n) tensor unsqueezed to (1, batch, n) is fed to the
   layer's "State" ("CellState") port, as wlnet writes a graph edge into a state, and so is
   a model input of dimensions (1, batch, n) (torch's h0, c0: a port of n numbers); a final
   state read after the operator is its output's last step (SequenceLastLayer), a final
   cell state the layer's "CellState" output; a bidirectional operator, its two directions catenated, is
   NetBidirectionalOperator.  A Scan is NetFoldOperator, its body read as a NetGraph.
4. **The net**: a NetChain when the layers form one path from the one input to the one
   output, else a NetGraph with the ONNX graph's input and output names as ports and the
   ONNX nodes' names as layer names.

Integer inputs (int64) are codes: an embedding's Gather reads ONNX's 0-based indices, and
its EmbeddingLayer WL's 1-based codes (code k is ONNX's index k - 1); wlnet's own files
write the shift (a Sub of 1), which is read back as part of the layer.

An operator with no reader is a PlaceholderLayer["op", <|attributes|>] with the node's
ports (as WL imports unsupported operations); a node a reader cannot take is an
``OnnxError`` naming the operator and its node (the Import::fmterr message).
"""

from __future__ import annotations

from math import ceil, floor, prod

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.onnx_base import ONNX_FUNCTIONS as _FUNCTIONS
from wlnet.net.onnx_base import OnnxError, array_value, ints, rule
from wlnet.net.onnx_sequences import READERS as SEQUENCE_READERS
from wlnet.net.onnx_sequences import prepare_reader, recurrent_layer

__all__ = ["net_expr_from_onnx", "load_model", "model_metadata", "METADATA_ELEMENTS"]

# operators never computed ahead (their values are not fixed by their inputs)
_NOT_FOLDED = frozenset({"RandomNormal", "RandomUniform", "RandomNormalLike",
                         "RandomUniformLike", "Multinomial", "Bernoulli"})
_PROBES = (1009, 2003)            # the symbolic sizes while computing constants, per run


def _onnx():
    try:
        import onnx
    except ImportError:
        raise OnnxError("it needs the onnx package: pip install 'wlnet[onnx]'") from None
    return onnx


def load_model(data: bytes, folder: str | None = None):
    """The ONNX ModelProto in ``data`` (OnnxError when it is not one), with the arrays that
    it keeps in files of their own (external data, beside the model in ``folder``)."""
    onnx = _onnx()
    try:
        model = onnx.load_from_string(data)
    except Exception as err:                      # protobuf's DecodeError & co
        raise OnnxError(f"the file is not an ONNX model ({type(err).__name__})") from None
    if folder is not None and any(t.data_location == onnx.TensorProto.EXTERNAL
                                  for t in model.graph.initializer):
        try:
            onnx.external_data_helper.load_external_data_for_model(model, folder)
        except Exception as err:                  # a missing or short array file
            raise OnnxError(f"its arrays in separate files could not be read "
                            f"({type(err).__name__})") from None
    return model


# ---------------------------------------------------------------------------- metadata

def _opset(model) -> int:
    return next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)


METADATA_ELEMENTS = {
    "Description": lambda m: String(m.doc_string),
    "IRVersion": lambda m: Integer(m.ir_version),
    "ModelDomain": lambda m: String(m.domain),
    "ModelVersion": lambda m: Integer(m.model_version),
    "OperatorSetVersion": lambda m: Integer(_opset(m)),
    "ProducerName": lambda m: String(m.producer_name),
    "ProducerVersion": lambda m: String(m.producer_version),
}


def model_metadata(data: bytes, element: str):
    """A metadata element of the model (``METADATA_ELEMENTS``)."""
    return METADATA_ELEMENTS[element](load_model(data))


# ---------------------------------------------------------------------------- reading

class Reader:
    """An ONNX graph read as layers: ``layers`` (name -> layer expression, in order) and
    ``sources`` (name -> the tensors it reads); ``made_by``: tensor -> the layer making it;
    ``alias``: tensors that stand for another (Identity, Dropout, folded biases…)."""

    def __init__(self, onnx, model):
        self.onnx = onnx
        self.opset = _opset(model)
        try:
            model = onnx.shape_inference.infer_shapes(model, data_prop=True)
        except Exception:                         # an inconsistent model: no shapes, then
            pass
        self.graph = graph = model.graph
        self.shapes = {v.name: _value_dims(v)
                       for v in (*graph.input, *graph.value_info, *graph.output)}
        self.consts = {t.name: onnx.numpy_helper.to_array(t) for t in graph.initializer}
        self.probed: dict = {}                    # tensor -> its value at each probe size
        self.symbols = list(dict.fromkeys(
            d for v in graph.input if v.name not in self.consts
            for d in self.shapes.get(v.name) or () if isinstance(d, str)))
        self.shapes.update(_runtime_shapes(model, self.symbols, self.shapes))
        self.alias: dict = {}
        self.layers: dict = {}
        self.sources: dict = {}
        self.made_by: dict = {}
        self.absorbed: dict = {}                  # node name -> the tensor it stands for
        self.one_based: set = set()               # tensors of 1-based codes made 0-based
        self.time_major: dict = {}                # tensor -> the tensor it is a time-major view of
        self.recurrent_y: dict = {}               # a recurrent operator's Y -> its layer's output
        self.recurrent_final: dict = {}           # its Y_h, Y_c -> its layer's output
        self.initial_state: dict = {}             # (1, B, n) fed to one -> the (B, n) tensor
        self.recurrent_cell: dict = {}            # an LSTM's Y_c -> its layer's name
        self.state_inputs: set = set()            # model inputs (1, B, n) that are initial states
        self.bidirectional_y: dict = {}           # (T, 2, B, n) -> (its layer's output, whether
                                                  # the two directions come after the batch)
        self.linear: dict = {}                    # MatMul's layer -> (weights, depth, shape)
        self.ports: dict = {}                     # layer name -> its input ports, when edges name them
        self.output_ports: dict = {}              # tensor -> the output port of its layer making it
        self.consumers: dict = {}
        for node in graph.node:
            for name in node.input:
                self.consumers.setdefault(name, []).append(node)

    # tensors ------------------------------------------------------------------

    def tensor(self, name: str) -> str:
        while name in self.alias:
            name = self.alias[name]
        return name

    def const(self, name: str):
        return self.consts.get(name) if name else None

    def dims(self, name: str):
        """The tensor's dimensions (the batch first): ints and symbol names, None unknown."""
        return self.shapes.get(name)

    def fixed_dims(self, name: str, what: str) -> tuple:
        """The tensor's dimensions after the batch, all known integers (else OnnxError)."""
        dims = self.dims(name)
        if dims is None or not all(isinstance(d, int) for d in dims[1:]):
            raise OnnxError(f"{what} needs its input's sizes, which are not known or not fixed")
        return tuple(dims[1:])

    def is_zeros(self, name: str) -> bool:
        """A constant (at every probe size) of zeros: an initial state that is none."""
        values = self.probed.get(name) or ((self.consts[name],) if name in self.consts else ())
        return bool(values) and all(not np.any(v) for v in values)

    def attrs(self, node) -> dict:
        return {a.name: self.onnx.helper.get_attribute_value(a) for a in node.attribute}

    def add(self, node, layer, sources, output=None) -> str:
        """Record ``layer`` reading ``sources`` and making ``output`` (the node's first
        output); its name: the node's (made unique)."""
        output = output or node.output[0]
        name = node.name or node.output[0]
        name = name if name not in self.layers else f"{name}#{len(self.layers)}"
        self.layers[name] = layer
        self.sources[name] = [self.tensor(s) for s in sources]
        self.made_by[output] = name
        return name

    def add_two(self, node, first, second, source) -> None:
        """An operator read as two layers one after the other."""
        middle = f"{node.output[0]}#1"
        self.add(node, first, [source], output=middle)
        self.add(node, second, [middle])

    def only_reader(self, tensor: str) -> bool:
        return len(self.consumers.get(tensor, ())) == 1 and \
            tensor not in {o.name for o in self.graph.output}

    # constants ------------------------------------------------------------------

    def fold_constants(self) -> None:
        """Compute every operator whose inputs are known (``self.consts``, or values at the
        probe sizes in ``self.probed``)."""
        for node in self.graph.node:
            if node.op_type in _NOT_FOLDED:
                continue
            if node.op_type == "Shape":
                self._fold_shape(node)
                continue
            inputs = [t for t in node.input if t]
            if not all(t in self.consts or t in self.probed for t in inputs):
                continue
            runs = 2 if any(t in self.probed for t in inputs) else 1
            try:
                results = [self._evaluate(node, run) for run in range(runs)]
            except Exception:                     # left to the reader, which names it
                continue
            for i, out in enumerate(node.output):
                values = [r[i] for r in results]
                if runs == 1 or all(np.array_equal(values[0], v) for v in values[1:]):
                    self.consts[out] = values[0]
                else:
                    self.probed[out] = values

    def _evaluate(self, node, run: int) -> list:
        from onnx.reference import ReferenceEvaluator
        feeds = {t: (self.probed[t][run] if t in self.probed else self.consts[t])
                 for t in node.input if t}
        return ReferenceEvaluator(node).run(None, feeds)

    def _fold_shape(self, node) -> None:
        dims = self.dims(node.input[0])
        if dims is None or not all(isinstance(d, int) or d in self.symbols for d in dims):
            return
        attrs = self.attrs(node)
        part = slice(attrs.get("start", 0), attrs.get("end", None))
        values = [np.array([d if isinstance(d, int) else probe + self.symbols.index(d)
                            for d in dims][part], np.int64) for probe in _PROBES]
        if all(isinstance(d, int) for d in dims[part]):
            self.consts[node.output[0]] = values[0]
        else:
            self.probed[node.output[0]] = values

    # reading ------------------------------------------------------------------

    def read(self) -> None:
        prepare_reader(self)              # wlnet's own 1-based codes (a Sub of 1 before a Gather)
        self.fold_constants()
        self._state_inputs()
        to_read = [i for i, n in enumerate(self.graph.node)
                   if not all(o in self.consts or o in self.probed for o in n.output if o)
                   and (n.name or n.output[0]) not in self.absorbed]
        # an operator without a layer is a PlaceholderLayer (the PlaceholderLayer page: what
        # importing a net with unsupported operations gives); one that reads no tensor is not
        unsupported = sorted({f'{n.op_type} (node "{n.name or n.output[0]}")'
                              for n in (self.graph.node[i] for i in to_read)
                              if n.op_type not in READERS and not self._tensor_inputs(n)})
        if unsupported:
            raise OnnxError("wlnet has no layer for the ONNX operator"
                            f"{'s' if len(unsupported) > 1 else ''} {', '.join(unsupported)}")
        to_read = set(to_read)
        fused, inside = self._fuse_elementwise(to_read)
        for i, node in enumerate(self.graph.node):
            stands_for = self.absorbed.get(node.name or node.output[0])
            if stands_for is not None:
                self.alias[node.output[0]] = stands_for
            elif i in fused:
                layer, source = fused[i]
                if self.tensor(source) in self.time_major:
                    raise OnnxError(f'the {node.op_type} node "{node.name or node.output[0]}" '
                                    "reads a time-major tensor")
                self.add(node, layer, [source])
            elif i in to_read and i not in inside:
                self._read_node(node)

    def _state_inputs(self) -> None:
        """Model inputs of dimensions (1, batch, n) read only as recurrent operators'
        initial states (torch's ``lstm(x, (h0, c0))``): ports of n numbers a layer's
        "State"/"CellState" port takes (their first dimension is the one direction)."""
        for v in self.graph.input:
            dims = self.dims(v.name)
            readers = self.consumers.get(v.name, ())
            if v.name in self.consts or not dims or len(dims) != 3 or dims[0] != 1 \
                    or not isinstance(dims[1], str) or not readers:
                continue
            if all(n.op_type in ("GRU", "LSTM", "RNN") and v.name not in n.input[:5]
                   for n in readers):
                self.initial_state[v.name] = v.name
                self.state_inputs.add(v.name)

    def _fuse_elementwise(self, to_read) -> tuple:
        """Elementwise operators that are together a function of one tensor (GELU and SiLU
        as exporters write them: x * 0.5 * (1 + Erf[x / Sqrt[2]])), as one ElementwiseLayer
        of the composed function: ({node index: (layer, the tensor it reads)}, the indices
        of the operators inside, which make no layer of their own).  A single operator is
        left to its reader."""
        formula: dict = {}            # tensor -> (the tensor it is a function of, body, count)
        members = {}
        for i, node in enumerate(self.graph.node):
            found = self._formula(node, formula) if i in to_read else None
            if found is not None:
                formula[node.output[0]] = found
                members[i] = node
        outputs = {o.name for o in self.graph.output}
        fused, inside = {}, set()
        for i, node in members.items():
            out = node.output[0]
            source, body, count = formula[out]
            if out not in outputs and all(c.output[0] in formula
                                          for c in self.consumers.get(out, ())):
                inside.add(i)
            elif count > 1:
                fused[i] = (_elementwise(_function(body)), source)
        return fused, inside

    def _formula(self, node, formula: dict):
        """(tensor, body, count): the node's output as a function (body, of Slot[1]) of one
        tensor, made of ``count`` operators; None if it is not one."""
        op = node.op_type
        binary = op in _THREADED
        if not (binary or op in _FUNCTIONS or op in _COMPOSED) or len(node.output) != 1:
            return None
        parts = []
        for t in node.input[:2 if binary else 1]:
            c = self.const(t)
            if c is not None:
                if c.size != 1:
                    return None
                parts.append((None, _num(c.reshape(())), 0))
            else:
                parts.append(formula.get(t) or (t, _slot(), 0))
        sources = {p[0] for p in parts if p[0] is not None}
        if len(sources) != 1:
            return None
        count = 1 + sum(p[2] for p in parts)
        if binary:
            return sources.pop(), _binary_body(op, parts[0][1], parts[1][1]), count
        try:
            body = _unary_body(self, node, self.attrs(node), parts[0][1])
        except OnnxError:                        # read (and named) by its own reader
            return None
        return None if body is None else (sources.pop(), body, count)

    def _tensor_inputs(self, node) -> list:
        """The node's inputs that are tensors of the net (not constants)."""
        return [t for t in node.input if t and self.const(t) is None]

    def _read_node(self, node) -> None:
        label = f'the {node.op_type} node "{node.name or node.output[0]}"'
        if node.op_type not in READERS:
            _read_placeholder(self, node)
            return
        views = [t for t in node.input if self.tensor(t) in self.time_major]
        if views and node.op_type not in ("Transpose", "LSTM", "GRU", "RNN"):
            raise OnnxError(f"{label} reads a time-major tensor (sequences are batch-major "
                            "in wlnet; only a recurrent operator reads them time-major)")
        try:
            READERS[node.op_type](self, node, self.attrs(node))
        except OnnxError as err:
            raise OnnxError(f"{label}: {err}") from None
        except Exception as err:                  # a malformed node: its inputs, attributes
            raise OnnxError(f"{label} could not be read ({type(err).__name__})") from None


def _optional_input(r, node, i: int, what: str):
    """The node's i-th input, a constant; None when it is not given (OnnxError when it is
    given but computed)."""
    if len(node.input) <= i or not node.input[i]:
        return None
    value = r.const(node.input[i])
    if value is None:
        raise OnnxError(f"its {what} must be a constant")
    return value


def _runtime_shapes(model, symbols: list, shapes: dict) -> dict:
    """Every tensor's dimensions, as onnxruntime finds them running the model twice with
    small inputs whose symbolic sizes differ: a size that stays is fixed, one that follows
    a symbol is that symbol, anything else unknown (None).  ONNX's own inference loses
    track of the batch through some operators (Resize, Pad…); this does not.  Empty when
    onnxruntime is missing or cannot run the model."""
    try:
        import onnxruntime
    except ImportError:
        return {}
    graph = model.graph
    inputs = [v for v in graph.input if v.name not in {t.name for t in graph.initializer}]
    names = list(dict.fromkeys(o for node in graph.node for o in node.output if o))
    probe = type(model)()
    probe.CopyFrom(model)
    del probe.graph.output[:]
    probe.graph.output.extend(_bare_value_info(n) for n in names)
    found = []
    quiet = onnxruntime.SessionOptions()
    quiet.log_severity_level = 4
    try:
        session = onnxruntime.InferenceSession(probe.SerializeToString(), quiet,
                                               providers=["CPUExecutionProvider"])
        for run in range(2):
            feeds = {v.name: _probe_input(v, symbols, run, shapes) for v in inputs}
            found.append([np.shape(a) for a in session.run(names, feeds)])
    except Exception:                             # onnxruntime cannot run it: ONNX's inference
        return {}
    result = {}
    for name, first, second in zip(names, *found):
        if len(first) != len(second):
            continue
        result[name] = [a if a == b else _symbol_of(a, b, symbols) for a, b in zip(first, second)]
    return result


def _probe_size(symbol_index: int, run: int) -> int:
    """The size of the i-th symbol in a run of ``_runtime_shapes``: small (the model really
    runs), and no two symbols' pairs of sizes alike.  (Folding constants in
    ``Reader.fold_constants`` uses large sizes instead, ``_PROBES``, so that a literal size
    in a shape is not taken for the batch.)"""
    return 2 + 2 * symbol_index + run


def _symbol_of(a, b, symbols):
    return next((s for i, s in enumerate(symbols)
                 if (a, b) == (_probe_size(i, 0), _probe_size(i, 1))), None)


def _bare_value_info(name):
    from onnx import ValueInfoProto
    return ValueInfoProto(name=name)


def _probe_input(value_info, symbols, run, shapes):
    dims = [d if isinstance(d, int) else _probe_size(symbols.index(d), run) if d in symbols else 1
            for d in shapes.get(value_info.name) or ()]
    elem = value_info.type.tensor_type.elem_type
    if elem in (6, 7):                            # int32, int64: codes (0 is a valid index)
        return np.zeros(dims, np.int64 if elem == 7 else np.int32)
    if elem == 9:
        return np.zeros(dims, bool)
    return np.random.default_rng(run).normal(size=dims).astype(np.float64 if elem == 11
                                                                else np.float32)


def _value_dims(value_info):
    t = value_info.type.tensor_type
    if not t.HasField("shape"):
        return None
    return [d.dim_value if d.HasField("dim_value") else (d.dim_param or None)
            for d in t.shape.dim]


# ---------------------------------------------------------------------------- expressions

def _slot():
    return Expr(S.Slot, Integer(1))


def _call(head: str, *args):
    return Expr(Symbol(head), *args)


def _num(c) -> Expr:
    return Real(float(c))


def _function(body) -> Expr:
    return Expr(S.Function, body)


def _elementwise(f) -> Expr:
    return Expr(Symbol("ElementwiseLayer"), f)


def _named(name: str) -> Expr:
    return _elementwise(String(name))


def _negative(x):
    return _call("Times", Integer(-1), x)


def _elu_part(x, alpha):
    """alpha (Exp[Min[x, 0]] - 1), written with Ramp: alpha (Exp[-Ramp[-x]] - 1)."""
    return _call("Times", _num(alpha), _call("Plus", _call("Exp", _negative(
        _call("Ramp", _negative(x)))), Integer(-1)))


def _level(axis: int, rank: int) -> int:
    """An ONNX axis (the batch at 0) as a WL level (from 1 after the batch)."""
    axis = axis + rank if axis < 0 else axis
    if axis <= 0:
        raise OnnxError("it works along the batch axis, which no layer does")
    return axis


def _rank(r, t) -> int:
    dims = r.dims(t)
    if dims is None:
        raise OnnxError("it needs its input's rank, which is not known")
    return len(dims)


# ---------------------------------------------------------------------------- readers

def _read_alias(r, node, attrs):
    r.alias[node.output[0]] = node.input[0]


def _read_cast(r, node, attrs):
    if attrs.get("to") not in (1, 10, 11):        # float, float16, double
        raise OnnxError("only a Cast to real numbers is nothing in a net")
    _read_alias(r, node, attrs)


def _mapped(layer, operator: str, depth: int, port_shapes: list) -> Expr:
    """``layer`` inside ``depth`` NetMapOperators (NetMapThreadOperators), the outer one
    given its ports' shapes where they are fixed (so that its sizes are known at once, as
    a NetGraph's layers after it need)."""
    for _ in range(depth):
        layer = Expr(Symbol(operator), layer)
    if depth and all(s is not None for _, s in port_shapes):
        layer = Expr(layer.head, *layer.args, *(rule(p, ints(s)) for p, s in port_shapes))
    return layer


def _fixed_shape(r, tensor):
    """The tensor's sizes after the batch, if they are all fixed (else None)."""
    dims = r.dims(tensor)
    return None if dims is None or not all(isinstance(d, int) for d in dims[1:]) else dims[1:]


def _linear_expr(weights, biases, depth, input_shape=None) -> Expr:
    layer = Expr(Symbol("LinearLayer"), Integer(weights.shape[0]),
                 rule("Weights", array_value(weights)),
                 rule("Biases", Symbol("None") if biases is None else array_value(biases)))
    return _mapped(layer, "NetMapOperator", depth, [("Input", input_shape)])


def _read_gemm(r, node, attrs):
    if attrs.get("transA"):
        raise OnnxError("a Gemm with transA has no layer here")
    w = r.const(node.input[1])
    if w is None:
        raise OnnxError("a Gemm whose weights are not constants has no layer here")
    w = (w if attrs.get("transB") else w.T) * attrs.get("alpha", 1.0)
    biases = None
    if len(node.input) > 2 and node.input[2]:
        c = r.const(node.input[2])
        if c is None or c.size not in (1, w.shape[0]) or c.ndim > 2 or (c.ndim == 2 and c.shape[0] != 1):
            raise OnnxError("a Gemm's C must be a constant vector of its output's size")
        biases = np.broadcast_to(c.reshape(-1), (w.shape[0],)) * attrs.get("beta", 1.0)
    r.add(node, _linear_expr(w, biases, 0), [node.input[0]])


def _read_matmul(r, node, attrs):
    a, b = node.input[0], node.input[1]
    w = r.const(b)
    if w is None and r.const(a) is None:
        _read_product(r, node, a, b)
        return
    if w is None or w.ndim != 2:
        raise OnnxError("a MatMul of a constant by a tensor, or by a constant of other than "
                        "two axes, has no layer here")
    depth = _rank(r, node.input[0]) - 2            # levels mapped over before the last
    shape = _fixed_shape(r, node.input[0])
    name = r.add(node, _linear_expr(w.T, None, depth, shape), [node.input[0]])
    r.linear[name] = (w.T, depth, shape)


def _read_product(r, node, a, b):
    """A MatMul of two tensors, matrices of each example (attention's scores and sums):
    DotLayer[], threaded over any levels before the matrices by NetMapThreadOperator."""
    rank = _rank(r, a)
    if rank < 3 or _rank(r, b) != rank:
        raise OnnxError("a MatMul of two tensors other than matrices of each example (after "
                        "the same levels) has no layer here")
    layer = _mapped(Expr(Symbol("DotLayer"), Expr(S.Rule, Symbol("InputPorts"), Integer(2))),
                    "NetMapThreadOperator", rank - 3,
                    [("Input1", _fixed_shape(r, a)), ("Input2", _fixed_shape(r, b))])
    name = r.add(node, layer, [a, b])
    r.ports[name] = ("Input1", "Input2")          # (an operator's ports are named in edges)


_THREADED = {"Add": "Plus", "Sub": "Subtract", "Mul": "Times", "Div": "Divide"}


def _read_binary(r, node, attrs):
    """Add, Sub, Mul, Div: of two tensors, or of a tensor and a constant."""
    x, y = node.input[0], node.input[1]
    cx, cy = r.const(x), r.const(y)
    op = node.op_type
    if cx is None and cy is None:
        if _rank(r, x) != _rank(r, y):
            raise OnnxError("its two tensors have different ranks")
        r.add(node, Expr(Symbol("ThreadingLayer"), Symbol(_THREADED[op])), [x, y])
        return
    if cx is not None and cy is not None:
        raise OnnxError("it has no tensor input")
    tensor, c, constant_first = (y, cx, True) if cx is not None else (x, cy, False)
    if _fold_into_layer(r, node, tensor, c):
        return
    if c.size == 1:
        number = _num(c.reshape(()))
        r.add(node, _elementwise(_function(_binary_body(op, number, _slot()) if constant_first
                                           else _binary_body(op, _slot(), number))), [tensor])
        return
    full = _broadcast_constant(r, tensor, c)
    if op == "Add" or (op == "Sub" and not constant_first):
        r.add(node, Expr(Symbol("ConstantPlusLayer"), rule("Biases", array_value(
            full if op == "Add" else -full))), [tensor])
    elif op == "Mul" or (op == "Div" and not constant_first):
        r.add(node, Expr(Symbol("ConstantTimesLayer"), rule("Scaling", array_value(
            full if op == "Mul" else 1 / full))), [tensor])
    elif op == "Sub":                                  # c - x
        r.add_two(node, _elementwise(_function(_negative(_slot()))),
                  Expr(Symbol("ConstantPlusLayer"), rule("Biases", array_value(full))), tensor)
    else:
        raise OnnxError("a Div of an array by a tensor has no layer here")


def _binary_body(op: str, a, b) -> Expr:
    """a op b for Add, Sub, Mul, Div, as WL writes them (Plus, Times, Power)."""
    if op == "Add":
        return _call("Plus", a, b)
    if op == "Mul":
        return _call("Times", a, b)
    if op == "Sub":
        return _call("Plus", a, _negative(b))
    return _call("Times", a, _call("Power", b, Integer(-1)))


def _broadcast_constant(r, tensor, c):
    """A constant operand as an array of the tensor's own dimensions (after the batch)."""
    dims = r.fixed_dims(tensor, "an operation with an array")
    rank = len(dims) + 1
    if c.ndim == rank:
        if c.shape[0] != 1:
            raise OnnxError("its constant varies along the batch axis")
        c = c[0]
    try:
        return np.broadcast_to(c, dims).astype(np.float32)
    except ValueError:
        raise OnnxError("its constant does not broadcast to its tensor") from None


def _fold_into_layer(r, node, tensor, c) -> bool:
    """An Add of a vector after a MatMul (its biases), a Mul of a Mean pooling's result by
    its size (a Total pooling: wlnet's own files): the layer before, changed."""
    t = r.tensor(tensor)
    made = r.made_by.get(t)
    if made is None or not r.only_reader(tensor):
        return False
    layer = r.layers[made]
    if node.op_type == "Add" and made in r.linear:
        weights, depth, shape = r.linear[made]
        n = weights.shape[0]
        if c.shape[-1:] not in ((n,), (1,)) or c.size not in (1, n):
            return False
        r.layers[made] = _linear_expr(weights, np.broadcast_to(c.reshape(-1), (n,)), depth,
                                      shape)
        del r.linear[made]
    elif node.op_type == "Mul" and layer.head == Symbol("PoolingLayer") \
            and layer.args[-1] == rule("Function", Symbol("Mean")) and c.size == 1 \
            and float(c.reshape(())) == prod(int(k.value) for k in layer.args[0].args):
        r.layers[made] = Expr(layer.head, *layer.args[:-1], rule("Function", Symbol("Total")))
    else:
        return False
    r.alias[node.output[0]] = tensor
    return True


# named activations of ElementwiseLayer (ONNX name -> WL's name)
_ACTIVATIONS = {"Softplus": "SoftPlus", "Softsign": "SoftSign", "HardSwish": "HardSwish",
                "Mish": "Mish", "Gelu": "GELU"}
_SELU = (1.6732632423543772, 1.0507009873554805)
# … and those written as pure functions (``_unary_body``)
_COMPOSED = ("Neg", "Reciprocal", "LeakyRelu", "Elu", "Selu", "HardSigmoid", "Clip", "Pow")


def _unary_body(r, node, attrs, x):
    """The operator applied to the expression x (an ElementwiseLayer function's body); None
    for one that only a named activation is (SoftPlus, GELU…)."""
    op = node.op_type
    if op in _FUNCTIONS:
        return _call(_FUNCTIONS[op], x)
    if op == "Neg":
        return _negative(x)
    if op == "Reciprocal":
        return _call("Power", x, Integer(-1))
    if op == "LeakyRelu":                         # Ramp[x] - alpha Ramp[-x]
        return _call("Plus", _call("Ramp", x), _call(
            "Times", _num(-attrs.get("alpha", 0.01)), _call("Ramp", _negative(x))))
    if op == "Elu":
        return _call("Plus", _call("Ramp", x), _elu_part(x, attrs.get("alpha", 1.0)))
    if op == "Selu":
        alpha, gamma = attrs.get("alpha", _SELU[0]), attrs.get("gamma", _SELU[1])
        return _call("Times", _num(gamma), _call("Plus", _call("Ramp", x), _elu_part(x, alpha)))
    if op == "HardSigmoid":
        alpha, beta = attrs.get("alpha", 0.2), attrs.get("beta", 0.5)
        return _call("Clip", _call("Plus", _call("Times", _num(alpha), x), _num(beta)),
                     ints((0, 1)))
    if op == "Clip":
        bounds = (attrs.get("min"), attrs.get("max")) if r.opset < 11 else \
            tuple(_optional_input(r, node, i, "bound") for i in (1, 2))
        if bounds[0] is not None:
            x = _call("Max", x, _num(bounds[0]))
        return x if bounds[1] is None else _call("Min", x, _num(bounds[1]))
    if op == "Pow":
        p = r.const(node.input[1])
        if p is None or p.size != 1:
            raise OnnxError("a Pow needs a constant number as its exponent")
        p = float(p.reshape(()))
        return _call("Power", x, Integer(int(p)) if p.is_integer() else _num(p))
    return None


def _read_function(r, node, attrs):
    op = node.op_type
    if op == "Gelu" and attrs.get("approximate", "none") not in ("none", b"none"):
        raise OnnxError("a Gelu with the tanh approximation has no layer here")
    if op in _FUNCTIONS:
        layer = _elementwise(Symbol(_FUNCTIONS[op]))
    elif op in _ACTIVATIONS:
        layer = _named(_ACTIVATIONS[op])
    elif op == "Elu" and attrs.get("alpha", 1.0) == 1.0:
        layer = _named("ELU")
    elif op == "Selu" and np.allclose((attrs.get("alpha", _SELU[0]),
                                       attrs.get("gamma", _SELU[1])), _SELU, rtol=1e-6):
        layer = _named("SELU")
    else:
        layer = _elementwise(_function(_unary_body(r, node, attrs, _slot())))
    r.add(node, layer, [node.input[0]])


def _softmax_layer(r, node, attrs):
    rank = _rank(r, node.input[0])
    axis = attrs.get("axis", -1 if r.opset >= 13 else 1)
    if r.opset < 13 and axis % rank != rank - 1:
        raise OnnxError("a Softmax of opset < 13 over several axes has no layer here")
    level = _level(axis, rank)
    return Expr(Symbol("SoftmaxLayer"), *(() if level == rank - 1 else (Integer(level),)))


def _read_softmax(r, node, attrs):
    r.add(node, _softmax_layer(r, node, attrs), [node.input[0]])


def _read_log_softmax(r, node, attrs):
    r.add_two(node, _softmax_layer(r, node, attrs), _elementwise(Symbol("Log")), node.input[0])


# spatial ------------------------------------------------------------------------

def _pads(r, node, attrs, kernel, strides, dilations):
    """((before, after), …) per spatial axis, from "pads" or "auto_pad"."""
    rank = len(kernel)
    auto = attrs.get("auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else auto
    if auto in ("NOTSET", ""):
        pads = list(attrs.get("pads", [0] * 2 * rank))
        return [(pads[i], pads[i + rank]) for i in range(rank)]
    if auto == "VALID":
        return [(0, 0)] * rank
    sizes = r.fixed_dims(node.input[0], "a SAME padding")[1:]
    out = []
    for s, k, st, d in zip(sizes, kernel, strides, dilations):
        total = max((ceil(s / st) - 1) * st + (k - 1) * d + 1 - s, 0)
        small, big = total // 2, total - total // 2
        out.append((small, big) if auto == "SAME_UPPER" else (big, small))
    return out


def _padding_expr(pads) -> Expr:
    return Expr.from_args(S.List, (ints(p) for p in pads))


def _read_conv(r, node, attrs):
    w = r.const(node.input[1])
    if w is None:
        raise OnnxError("a Conv needs constant weights")
    transposed = node.op_type == "ConvTranspose"
    rank = w.ndim - 2
    kernel = list(attrs.get("kernel_shape", w.shape[2:]))
    strides = list(attrs.get("strides", [1] * rank))
    dilations = list(attrs.get("dilations", [1] * rank))
    if transposed and (any(attrs.get("output_padding", ())) or attrs.get("output_shape")):
        raise OnnxError("a ConvTranspose with output_padding or output_shape has no layer here")
    if transposed and attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise OnnxError("a ConvTranspose with auto_pad has no layer here")
    group = attrs.get("group", 1)
    opts = [rule("Stride", ints(strides)),
            rule("PaddingSize", _padding_expr(_pads(r, node, attrs, kernel, strides, dilations))),
            rule("Dilation", ints(dilations)), rule("ChannelGroups", Integer(group)),
            rule("Weights", array_value(w))]
    b = _optional_input(r, node, 2, "biases")
    opts.append(rule("Biases", Symbol("None") if b is None else array_value(b)))
    channels = w.shape[1] * group if transposed else w.shape[0]
    symbol = "DeconvolutionLayer" if transposed else "ConvolutionLayer"
    r.add(node, Expr(Symbol(symbol), Integer(channels), ints(kernel), *opts), [node.input[0]])


def _read_pool(r, node, attrs):
    kernel = list(attrs["kernel_shape"])
    rank = len(kernel)
    strides = list(attrs.get("strides", [1] * rank))
    if any(d != 1 for d in attrs.get("dilations", ())):
        raise OnnxError("a pooling with dilations has no layer here")
    pads = _pads(r, node, attrs, kernel, strides, [1] * rank)
    function = "Max" if node.op_type == "MaxPool" else "Mean"
    if function == "Mean" and any(map(any, pads)) and not attrs.get("count_include_pad"):
        raise OnnxError("an AveragePool that leaves its padding out of the mean has no layer here")
    if attrs.get("ceil_mode"):                    # fine where it gives floor's sizes
        sizes = r.fixed_dims(node.input[0], "a pooling with ceil_mode")[1:]
        spans = [(s + b + a - k) / st for s, (b, a), k, st in zip(sizes, pads, kernel, strides)]
        if any(ceil(v) != floor(v) for v in spans):
            raise OnnxError("a pooling whose ceil_mode changes its output size has no layer here")
    r.add(node, Expr(Symbol("PoolingLayer"), ints(kernel), ints(strides),
                     rule("PaddingSize", _padding_expr(pads)),
                     rule("Function", Symbol(function))), [node.input[0]])


def _read_global_pool(r, node, attrs):
    sizes = r.fixed_dims(node.input[0], "a global pooling")[1:]
    function = "Max" if node.op_type == "GlobalMaxPool" else "Mean"
    r.add(node, Expr(Symbol("PoolingLayer"), ints(sizes), ints(sizes),
                     rule("Function", Symbol(function))), [node.input[0]])


def _read_batch_normalization(r, node, attrs):
    names = ("Scaling", "Biases", "MovingMean", "MovingVariance")
    arrays = [r.const(t) for t in node.input[1:5]]
    if any(a is None for a in arrays) or attrs.get("training_mode") \
            or any(node.output[1:]):
        raise OnnxError("a BatchNormalization needs constant statistics (evaluation mode)")
    r.add(node, Expr(Symbol("BatchNormalizationLayer"),
                     rule("Epsilon", Real(float(attrs.get("epsilon", 1e-5)))),
                     *(rule(n, array_value(a)) for n, a in zip(names, arrays))), [node.input[0]])


def _read_layer_normalization(r, node, attrs):
    rank = _rank(r, node.input[0])
    level = _level(attrs.get("axis", -1), rank)
    scale, bias = (_optional_input(r, node, i, "scale and bias") for i in (1, 2))
    if scale is None or any(node.output[1:]):
        raise OnnxError("a LayerNormalization needs a constant scale (and no other outputs)")
    dims = (r.dims(node.input[0]) or [None])[level:]
    if not all(isinstance(d, int) for d in dims):
        raise OnnxError("a LayerNormalization needs the sizes it normalizes over, which are "
                        "not known or not fixed")
    arrays = [rule("Scaling", array_value(np.broadcast_to(scale, dims))),
              rule("Biases", Symbol("None") if bias is None
                   else array_value(np.broadcast_to(bias, dims)))]
    levels = () if level == rank - 1 else (Expr(S.Span, Integer(level), S.All),)
    r.add(node, Expr(Symbol("LayerNormalizationLayer"), *levels,
                     rule("Epsilon", Real(float(attrs.get("epsilon", 1e-5)))), *arrays),
          [node.input[0]])


_PAD_MODES = {"constant": None, "edge": "Fixed", "reflect": "Reflected", "wrap": "Periodic"}


def _read_pad(r, node, attrs):
    rank = _rank(r, node.input[0])
    pads = attrs.get("pads") if r.opset < 11 else _optional_input(r, node, 1, "pads")
    if pads is None:
        raise OnnxError("a Pad needs constant pads")
    pads = [int(p) for p in pads]
    axes = _optional_input(r, node, 3, "axes")
    axes = list(range(rank)) if axes is None else [int(a) % rank for a in axes]
    widths = [(0, 0)] * rank
    for i, a in enumerate(axes):
        widths[a] = (pads[i], pads[i + len(axes)])
    if widths[0] != (0, 0) or any(p < 0 for w in widths for p in w):
        raise OnnxError("a Pad of the batch axis, or a negative one (a crop), has no layer here")
    mode = attrs.get("mode", "constant")
    mode = mode.decode() if isinstance(mode, bytes) else mode
    if mode not in _PAD_MODES:
        raise OnnxError(f"a Pad of mode {mode} has no layer here")
    if mode == "constant":
        value = _optional_input(r, node, 2, "value")
        method = Real(float(attrs.get("value", 0.0) if value is None else value.reshape(())))
    else:
        method = String(_PAD_MODES[mode])
    widths = widths[1:]
    while len(widths) > 1 and widths[-1] == (0, 0):
        widths.pop()
    r.add(node, Expr(Symbol("PaddingLayer"), _padding_expr(widths), rule("Padding", method)),
          [node.input[0]])


def _read_resize(r, node, attrs):
    def text(name, default):
        v = attrs.get(name, default)
        return v.decode() if isinstance(v, bytes) else v
    before = r.fixed_dims(node.input[0], "a Resize")
    after = r.dims(node.output[0])
    if after is None or not all(isinstance(d, int) for d in after[1:]):
        raise OnnxError("a Resize needs its output's sizes, which are not known")
    after = after[1:]
    if after[0] != before[0]:
        raise OnnxError("a Resize of the channels has no layer here")
    mode, coordinates = text("mode", "nearest"), text("coordinate_transformation_mode",
                                                       "half_pixel")
    if mode == "nearest":
        integer = all(a % b == 0 for a, b in zip(after[1:], before[1:]))
        if coordinates != "asymmetric" or text("nearest_mode", "round_prefer_floor") != "floor" \
                or not integer:
            raise OnnxError("a nearest Resize other than by whole factors (asymmetric, floor) "
                            "has no layer here")
        opts = [Expr(S.Rule, Symbol("Resampling"), String("Nearest"))]
    elif mode == "linear" and coordinates in ("align_corners", "half_pixel",
                                               "pytorch_half_pixel"):
        scheme = "Point" if coordinates == "align_corners" else "Bin"
        opts = [Expr(S.Rule, Symbol("Resampling"), String("Linear")), rule("Scheme", String(scheme))]
    else:
        raise OnnxError(f"a Resize of mode {mode} with {coordinates} coordinates has no layer here")
    r.add(node, Expr(Symbol("ResizeLayer"), ints(after[1:]), *opts), [node.input[0]])


_REDUCTIONS = {"ReduceMean": "Mean", "ReduceSum": "Total", "ReduceMax": "Max",
               "ReduceMin": "Min", "ReduceProd": "Times"}


def _read_reduce(r, node, attrs):
    """ReduceMean, ReduceSum… over levels after the batch: AggregationLayer (and, keeping
    the reduced levels as 1s, a ReshapeLayer)."""
    rank = _rank(r, node.input[0])
    axes_as_input = r.opset >= 18 or (node.op_type == "ReduceSum" and r.opset >= 13)
    axes = _optional_input(r, node, 1, "axes") if axes_as_input else attrs.get("axes")
    if axes is None or not len(axes):
        raise OnnxError("a reduction of every axis (the batch too) has no layer here")
    levels = sorted({_level(int(a), rank) for a in np.atleast_1d(axes)})
    layer = Expr(Symbol("AggregationLayer"), Symbol(_REDUCTIONS[node.op_type]), ints(levels))
    if not attrs.get("keepdims", 1):
        r.add(node, layer, [node.input[0]])
        return
    after = r.dims(node.output[0])
    if after is None or not all(isinstance(d, int) for d in after[1:]):
        raise OnnxError("a reduction that keeps its axes needs its output's sizes")
    r.add_two(node, layer, Expr(Symbol("ReshapeLayer"), ints(after[1:])), node.input[0])


# shapes ------------------------------------------------------------------------

def _read_reshape(r, node, attrs):
    """Flatten, Reshape, Squeeze, Unsqueeze: FlattenLayer or ReshapeLayer (the batch stays)."""
    x = node.input[0]
    if r.tensor(x) in r.recurrent_y or r.tensor(x) in r.recurrent_final \
            or r.tensor(x) in r.recurrent_cell:
        _read_recurrent_squeeze(r, node)
        return
    both_ways = r.bidirectional_y.get(r.tensor(x))
    if both_ways:                                 # (T, B, 2, n) -> (T, B, 2 n): catenated
        after = r.dims(node.output[0])
        if not both_ways[1] or node.op_type != "Reshape" or after is None or len(after) != 3:
            raise OnnxError("only the catenation of its two directions reads a "
                            "bidirectional operator's output")
        r.time_major[node.output[0]] = both_ways[0]
        return
    if node.op_type == "Flatten" and attrs.get("axis", 1) == 1:
        r.add(node, Expr(Symbol("FlattenLayer")), [x])
        return
    if _is_initial_state(r, node, attrs):
        r.initial_state[node.output[0]] = r.tensor(x)
        return
    before, after = r.dims(x), r.dims(node.output[0])
    if after is None and node.op_type == "Reshape":          # the target, computed here
        after = _reshape_target(r, node, before)
    if before is None or after is None or not after or after[0] != before[0] \
            or not all(isinstance(d, int) for d in after[1:]):
        raise OnnxError("only a reshape that keeps the batch first and gives fixed sizes "
                        "has a layer here")
    if after == before:
        r.alias[node.output[0]] = x
        return
    r.add(node, Expr(Symbol("ReshapeLayer"), ints(after[1:])), [x])


def _reshape_target(r, node, before):
    """A Reshape's output dims from its shape tensor (the batch: a 0, or its probe size)."""
    values = r.probed.get(node.input[1]) or ([r.consts[node.input[1]]]
                                             if node.input[1] in r.consts else None)
    if values is None or before is None or not all(isinstance(d, int) for d in before[1:]):
        return None
    shape = [int(v) for v in values[0]]
    batch = before[0]
    probed_batch = _PROBES[0] + r.symbols.index(batch) if batch in r.symbols else batch
    rest = [d if d != 0 else before[i] for i, d in enumerate(shape[1:], start=1)]
    batch_kept = shape[0] in (0, probed_batch) or (
        shape[0] == -1 and -1 not in rest and prod(rest) == prod(before[1:]))
    if not batch_kept:                            # the batch: copied, its size, or what is left
        return None
    if -1 in rest:
        known = prod(d for d in rest if d != -1)
        rest[rest.index(-1)] = prod(before[1:]) // known
    return [before[0], *rest]


def _read_transpose(r, node, attrs):
    x = r.tensor(node.input[0])
    rank = _rank(r, node.input[0])
    perm = list(attrs.get("perm", range(rank - 1, -1, -1)))
    swaps_batch_and_time = rank >= 3 and perm[:2] == [1, 0] and perm[2:] == list(range(2, rank))
    both_ways = r.bidirectional_y.get(x)
    if both_ways and not both_ways[1] and perm == [0, 2, 1, 3]:     # (T, B, 2, n)
        r.bidirectional_y[node.output[0]] = (both_ways[0], True)
        return
    if swaps_batch_and_time:
        if x in r.time_major:
            r.alias[node.output[0]] = r.time_major[x]
        else:
            r.time_major[node.output[0]] = x
        return
    if x in r.time_major:
        raise OnnxError("it permutes a time-major tensor")
    if perm[0] != 0:
        raise OnnxError("a Transpose that moves the batch axis has no layer here")
    levels = np.argsort([a - 1 for a in perm[1:]]) + 1     # input level k -> output level
    r.add(node, Expr(Symbol("TransposeLayer"), ints(levels)), [node.input[0]])


def _read_concat(r, node, attrs):
    level = _level(attrs["axis"], _rank(r, node.input[0]))
    if any(r.const(t) is not None for t in node.input):
        raise OnnxError("a Concat with a constant has no layer here")
    r.add(node, Expr(Symbol("CatenateLayer"), Integer(level)), list(node.input))


def _read_gather(r, node, attrs):
    table, index = r.const(node.input[0]), r.const(node.input[1])
    axis = attrs.get("axis", 0)
    final = r.recurrent_final.get(r.tensor(node.input[0]))
    if final is not None and axis == 0 and index is not None and index.shape == () \
            and int(index) in (0, -1):            # h[-1]: the one direction's final state
        r.add(node, Expr(Symbol("SequenceLastLayer")), [final])
        return
    cell = r.recurrent_cell.get(r.tensor(node.input[0]))
    if cell is not None and axis == 0 and index is not None and index.shape == () \
            and int(index) in (0, -1):            # c[-1]: the final cell state
        _cell_state(r, node.output[0], cell)
        return
    if table is not None and index is None and axis == 0 and table.ndim == 2:
        r.add(node, Expr(Symbol("EmbeddingLayer"), Integer(table.shape[1]),
                         Integer(table.shape[0]), rule("Weights", array_value(table))),
              [node.input[1]])
        return
    if table is not None or index is None or index.ndim > 1:
        raise OnnxError("a Gather that is neither an embedding (constant rows by computed "
                        "codes) nor parts at constant positions has no layer here")
    dims = r.dims(node.input[0])
    level = _level(axis, _rank(r, node.input[0]))
    varying = dims is None or not isinstance(dims[level], int)
    if index.ndim == 0 and int(index) == -1 and level == 1 and varying:
        r.add(node, Expr(Symbol("SequenceLastLayer")), [node.input[0]])
        return
    if varying and np.any(index < 0):
        raise OnnxError("a Gather from the end of a varying level has no layer here")
    size = None if varying else dims[level]
    wl = [int(i) + 1 if i >= 0 else (int(i) if size is None else int(i) + size + 1)
          for i in np.atleast_1d(index)]
    spec = Integer(wl[0]) if index.ndim == 0 else ints(wl)
    r.add(node, Expr(Symbol("PartLayer"), _part_spec(level, spec)), [node.input[0]])


def _part_spec(level, spec) -> Expr:
    return Expr.from_args(S.List, [*(S.All for _ in range(level - 1)), spec])


def _read_slice(r, node, attrs):
    if r.opset < 10:
        starts, ends, axes = (np.array(attrs[n]) if n in attrs else None
                              for n in ("starts", "ends", "axes"))
        steps = None
    else:
        starts, ends, axes, steps = (_optional_input(r, node, i, "starts, ends, axes and steps")
                                     for i in (1, 2, 3, 4))
    if starts is None or ends is None:
        raise OnnxError("a Slice needs constant starts and ends")
    rank = _rank(r, node.input[0])
    axes = np.arange(len(starts)) if axes is None else axes
    steps = np.ones(len(starts), int) if steps is None else steps
    dims = r.dims(node.input[0])
    specs = {}
    for start, end, axis, step in zip(starts, ends, axes, steps):
        level = _level(int(axis), rank)
        size = dims[level] if dims is not None else None
        if not isinstance(size, int):
            SEQUENCE_READERS["Slice"](r, node, attrs)     # Most, Rest, Reverse of a sequence
            return
        indices = range(size)[slice(int(start), int(end), int(step))]
        if not indices:
            raise OnnxError("it takes nothing")
        specs[level] = Expr(S.Span, Integer(indices[0] + 1), Integer(indices[-1] + 1),
                            *(() if step == 1 else (Integer(int(step)),)))
    spec = Expr.from_args(S.List, [specs.get(level, S.All) for level in range(1, max(specs) + 1)])
    r.add(node, Expr(Symbol("PartLayer"), spec), [node.input[0]])


# recurrent operators -------------------------------------------------------------

_RECURRENT_OPS = ("GRU", "LSTM", "RNN")


def _is_initial_state(r, node, attrs) -> bool:
    """An Unsqueeze of a (batch, n) tensor to (1, batch, n) read only as recurrent
    operators' initial states (ONNX's initial_h / initial_c, inputs 5 and 6): a state fed
    to the layer's "State" or "CellState" port (wlnet writes a graph edge into a
    recurrent layer's state so)."""
    if node.op_type != "Unsqueeze":
        return False
    axes = r.const(node.input[1]) if len(node.input) > 1 else np.array(attrs.get("axes", ()))
    if axes is None or [int(a) for a in np.atleast_1d(axes)] != [0] or len(r.dims(node.input[0]) or ()) != 2:
        return False
    readers = r.consumers.get(node.output[0], ())
    return bool(readers) and all(
        n.op_type in _RECURRENT_OPS and node.output[0] not in n.input[:5] for n in readers)


def _fed_states(r, node) -> list:
    """(port, tensor) of the operator's initial states that are not zeros: "State" (and an
    LSTM's "CellState"), each the batch-first tensor an Unsqueeze made (time-major) of."""
    names = ("State", "CellState") if node.op_type == "LSTM" else ("State",)
    fed = []
    for port, t in zip(names, node.input[5:7]):
        if not t or r.is_zeros(t):
            continue
        if r.tensor(t) not in r.initial_state:
            raise OnnxError("an initial state other than zeros or a (batch, size) tensor "
                            "has no layer here")
        fed.append((port, r.initial_state[r.tensor(t)]))
    return fed


def _read_recurrent(r, node, attrs):
    x = r.tensor(node.input[0])
    if x not in r.time_major:
        raise OnnxError(f"the {node.op_type} reads a tensor that is not a time-major sequence")
    if node.op_type == "LSTM" and len(node.input) > 7 and node.input[7] \
            and not r.is_zeros(node.input[7]):
        raise OnnxError("an LSTM with peepholes has no layer here")
    if len(node.input) > 4 and node.input[4]:
        raise OnnxError("sequence lengths given to the operator have no layer here")
    fed = _fed_states(r, node)
    direction = attrs.get("direction", b"forward")
    direction = direction.decode() if isinstance(direction, bytes) else direction
    output = f"{node.output[0]}#sequence"
    if fed and direction != "forward":
        raise OnnxError(f"a {direction} {node.op_type} with initial states has no layer here")
    if direction == "forward":
        name = r.add(node, recurrent_layer(r, node, attrs),
                     [r.time_major[x], *(t for _, t in fed)], output=output)
        if fed:                          # the states are the layer's ports, named in edges
            r.ports[name] = ("Input", *(p for p, _ in fed))
        r.recurrent_y[node.output[0]] = output
        if len(node.output) > 1 and node.output[1]:          # Y_h: the output's last step
            r.recurrent_final[node.output[1]] = output
        if len(node.output) > 2 and node.output[2]:          # Y_c: the layer's cell state
            r.recurrent_cell[node.output[2]] = name
    elif direction == "bidirectional" and not any(r.consumers.get(o) for o in node.output[1:]):
        pair = Expr.from_args(S.List, (recurrent_layer(r, node, attrs, d) for d in (0, 1)))
        r.add(node, Expr(Symbol("NetBidirectionalOperator"), pair), [r.time_major[x]],
              output=output)
        r.bidirectional_y[node.output[0]] = (output, False)
    else:
        raise OnnxError(f"a {node.op_type} of direction {direction} (or one whose final "
                        "states are read, both ways) has no layer here")


def _read_scan(r, node, attrs):
    """A Scan (wlnet writes NetFoldOperator as one) as NetFoldOperator: its body read as a
    NetGraph whose ports keep the body's names, each state output fed back into its state
    input, the scanned inputs (batch first, scanned along the time axis; or time-major
    views, along axis 0) its sequences, the constants the body reads from the enclosing
    graph its constant inputs.  The initial states must be zeros and the final states
    unread."""
    body = attrs["body"]
    scans = attrs["num_scan_inputs"]
    states, sequences = list(node.input[:len(node.input) - scans]), list(node.input[-scans:])
    if any(attrs.get(k) and any(attrs[k]) for k in ("scan_input_directions",
                                                    "scan_output_directions")):
        raise OnnxError("a Scan backwards has no layer here")
    if any(not r.is_zeros(t) for t in states) \
            or any(r.consumers.get(t) or t in {o.name for o in r.graph.output}
                   for t in node.output[:len(states)]):
        raise OnnxError("a Scan whose initial states are not zeros, or whose final states "
                        "are read, has no layer here")
    in_axes = list(attrs.get("scan_input_axes", [0] * scans))
    out_axes = list(attrs.get("scan_output_axes", [0] * (len(node.output) - len(states))))
    sources = []
    for t, axis in zip(sequences, in_axes):
        if axis == 1 and r.tensor(t) not in r.time_major:
            sources.append(t)
        elif axis == 0 and r.tensor(t) in r.time_major:
            sources.append(r.time_major[r.tensor(t)])
        else:
            raise OnnxError("a Scan must go along the time axis of a batch-major sequence "
                            "(or axis 0 of a time-major one)")
    outer = _outer_names(body)
    computed = [t for t in outer if r.const(t) is None]
    net = _body_net(r, body, {t: r.consts[t] for t in outer if t not in computed}, computed)
    names = [v.name for v in body.input]
    state_ins, sequence_ins = names[:len(states)], names[len(states):]
    state_outs = [v.name for v in body.output[:len(states)]]
    returned = [v.name for v in body.output[len(states):]]
    feedback = Expr.from_args(S.List, (Expr(S.Rule, String(o), String(i))
                                       for o, i in zip(state_outs, state_ins)))
    fold = Expr(Symbol("NetFoldOperator"), net, feedback,
                Expr.from_args(S.List, (String(t) for t in computed)),
                Expr.from_args(S.List, (String(t) for t in returned)))
    name = r.add(node, fold, [*sources, *computed], output=node.output[len(states)])
    r.ports[name] = (*sequence_ins, *computed)
    for tensor, port, axis in zip(node.output[len(states):], returned, out_axes):
        if axis not in (0, 1):
            raise OnnxError("a Scan must give its sequences along the time axis")
        made = tensor if axis == 1 else f"{tensor}#batch major"
        r.made_by[made] = name
        r.output_ports[made] = port
        if axis == 0:
            r.time_major[tensor] = made


def _outer_names(body) -> list:
    """The tensors a subgraph reads from the enclosing graph, in order."""
    inner = {v.name for v in body.input} | {t.name for t in body.initializer}
    inner |= {o for n in body.node for o in n.output}
    return list(dict.fromkeys(t for n in body.node for t in n.input if t and t not in inner))


def _body_net(r, body, constants: dict, computed: list) -> Expr:
    """A Scan's body as a NetGraph (its ports the body's names): the enclosing graph's
    constants it reads become its own, the tensors computed there inputs of their own."""
    onnx = r.onnx
    graph = onnx.GraphProto()
    graph.CopyFrom(body)
    graph.initializer.extend(onnx.numpy_helper.from_array(v, t) for t, v in constants.items())
    graph.input.extend(onnx.helper.make_tensor_value_info(
        t, onnx.TensorProto.FLOAT, r.dims(t)) for t in computed)
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", r.opset)])
    inner = Reader(onnx, model)
    inner.read()
    inputs = [(i.name, _input_shape(inner, i)) for i in inner.graph.input
              if i.name not in inner.consts]
    return _graph(inner, inputs, [(o.name, inner.tensor(o.name)) for o in inner.graph.output])


def _read_recurrent_squeeze(r, node):
    """The Squeeze of a recurrent operator's one direction (time-major), or of its final
    state's (the last step of its output)."""
    x = r.tensor(node.input[0])
    axes = r.const(node.input[1]) if len(node.input) > 1 else \
        np.array(r.attrs(node).get("axes", ()))
    if node.op_type != "Squeeze" or axes is None:
        raise OnnxError("only a Squeeze of its direction reads a recurrent operator's output")
    axes = [int(a) for a in np.atleast_1d(axes)]
    if x in r.recurrent_y and axes in ([1], [-3]):
        r.time_major[node.output[0]] = r.recurrent_y[x]
    elif x in r.recurrent_final and axes in ([0], [-3]):
        r.add(node, Expr(Symbol("SequenceLastLayer")), [r.recurrent_final[x]])
    elif x in r.recurrent_cell and axes in ([0], [-3]):
        _cell_state(r, node.output[0], r.recurrent_cell[x])
    else:
        raise OnnxError("only a Squeeze of its direction reads a recurrent operator's output")


def _cell_state(r, tensor: str, layer: str) -> None:
    """``tensor`` (batch first) is the LSTM layer's final cell state: its "CellState"
    output port (not the last step of its output, as the final state Y_h is)."""
    r.made_by[tensor] = layer
    r.output_ports[tensor] = "CellState"


def _read_shape(r, node, attrs):
    """A Shape that ``Reader.fold_constants`` could not compute ahead."""
    raise OnnxError("it reads sizes that are neither fixed nor the model's symbolic sizes "
                    "(the batch mixed with another level, as in a reshape to batch × heads, "
                    "has no layer here)")


def _read_placeholder(r, node) -> None:
    """An operator wlnet has no layer for, as PlaceholderLayer["op", <|attributes|>]: its
    tensor inputs and outputs are its ports (of the sizes the model gives them), its
    constant inputs its "Arrays".  The net can be shown, taken apart and the placeholder
    replaced (NetReplacePart), but not run, as in WL."""
    inputs = r._tensor_inputs(node)
    outputs = [o for o in node.output if o]
    in_names = ("Input",) if len(inputs) == 1 else tuple(f"Input{i}" for i in range(1, len(inputs) + 1))
    out_names = ("Output",) if len(outputs) == 1 else tuple(f"Output{i}" for i in range(1, len(outputs) + 1))
    constants = [(t, r.const(t)) for t in node.input if t and r.const(t) is not None]
    arrays = Expr.from_args(S.Association, (Expr(S.Rule, String(t), _numeric_array(c))
                                            for t, c in constants)) if constants else Symbol("None")
    attributes = Expr.from_args(S.Association, (
        Expr(S.Rule, String(k), _attribute_expr(v)) for k, v in r.attrs(node).items()))
    # one port: the "Input"/"Output" shape options (the port count stays that of a plain
    # layer, so that a net starting with it takes its data as any net does)
    ins = [rule("Input", _placeholder_shape(r, inputs[0]))] if len(inputs) == 1 else \
        [Expr(S.Rule, Symbol("InputPorts"), _ports_expr(r, in_names, inputs))]
    outs = [rule("Output", _placeholder_shape(r, outputs[0]))] if len(outputs) == 1 else \
        [Expr(S.Rule, Symbol("OutputPorts"), _ports_expr(r, out_names, outputs))]
    layer = Expr(Symbol("PlaceholderLayer"), String(node.op_type), attributes,
                 rule("Arrays", arrays), *ins, *outs)
    name = r.add(node, layer, inputs)
    if len(inputs) > 1:
        r.ports[name] = in_names
    for port, tensor in zip(out_names, outputs):
        r.made_by[tensor] = name
        if len(outputs) > 1:
            r.output_ports[tensor] = port


def _ports_expr(r, names, tensors) -> Expr:
    return Expr.from_args(S.Association, (Expr(S.Rule, String(n), _placeholder_shape(r, t))
                                          for n, t in zip(names, tensors)))


def _placeholder_shape(r, tensor) -> Expr:
    """A port's shape from the tensor's dimensions after the batch: a symbolic first one
    "Varying", other unknown ones Automatic; Automatic when nothing is known."""
    dims = r.dims(r.tensor(tensor))
    if dims is None:
        return Symbol("Automatic")
    sizes = [Integer(d) if isinstance(d, int) else
             String("Varying") if i == 0 and isinstance(d, str) else Symbol("Automatic")
             for i, d in enumerate(dims[1:])]
    return Expr.from_args(S.List, sizes) if sizes else String("Real")


def _numeric_array(c):
    from wlnet.core.numeric_array import NumericArray
    c = np.asarray(c)
    return NumericArray.from_numpy(c if c.dtype.kind in "iuf" else c.astype(np.float32))


def _attribute_expr(v):
    """An ONNX attribute's value as a WL expression (numbers, strings, lists; a tensor a
    NumericArray; anything else, such as a subgraph, its kind as a string)."""
    if isinstance(v, bytes):
        return String(v.decode("utf-8", "replace"))
    if isinstance(v, bool):
        return Symbol("True" if v else "False")
    if isinstance(v, (int, np.integer)):
        return Integer(int(v))
    if isinstance(v, (float, np.floating)):
        return Real(float(v))
    if isinstance(v, str):
        return String(v)
    if isinstance(v, (list, tuple)):
        return Expr.from_args(S.List, (_attribute_expr(x) for x in v))
    try:
        from onnx import TensorProto, numpy_helper
        if isinstance(v, TensorProto):
            return _numeric_array(numpy_helper.to_array(v))
    except ImportError:
        pass
    return String(type(v).__name__)


READERS = {
    "Shape": _read_shape, "Identity": _read_alias, "Dropout": _read_alias, "Cast": _read_cast,
    "Gemm": _read_gemm, "MatMul": _read_matmul,
    "Add": _read_binary, "Sub": _read_binary, "Mul": _read_binary, "Div": _read_binary,
    **{op: _read_function for op in (*_FUNCTIONS, *_ACTIVATIONS, *_COMPOSED)},
    "Softmax": _read_softmax, "LogSoftmax": _read_log_softmax,
    "Conv": _read_conv, "ConvTranspose": _read_conv, "MaxPool": _read_pool,
    "AveragePool": _read_pool, "GlobalAveragePool": _read_global_pool,
    "GlobalMaxPool": _read_global_pool, "BatchNormalization": _read_batch_normalization,
    "LayerNormalization": _read_layer_normalization, "Pad": _read_pad, "Resize": _read_resize,
    "Flatten": _read_reshape, "Reshape": _read_reshape, "Squeeze": _read_reshape,
    "Unsqueeze": _read_reshape, "Transpose": _read_transpose, "Concat": _read_concat,
    "Gather": _read_gather, "Slice": _read_slice, **{op: _read_reduce for op in _REDUCTIONS},
    "LSTM": _read_recurrent, "GRU": _read_recurrent, "RNN": _read_recurrent, "Scan": _read_scan,
    "OneHot": SEQUENCE_READERS["OneHot"],
}


# ---------------------------------------------------------------------------- the net

def net_expr_from_onnx(data: bytes, folder: str | None = None):
    """An ONNX model (bytes; its external arrays in ``folder``) as a NetChain or NetGraph
    expression (OnnxError)."""
    model = load_model(data, folder)
    try:
        r = Reader(_onnx(), model)
        r.read()
    except OnnxError:
        raise
    except Exception as err:      # a file of any tool: what it holds that no reader expects
        raise OnnxError(f"its graph could not be read ({type(err).__name__})") from None
    inputs = [(i.name, _input_shape(r, i)) for i in r.graph.input if i.name not in r.consts]
    outputs = [(o.name, r.tensor(o.name)) for o in r.graph.output]
    if not r.layers:
        raise OnnxError("the model has no operators wlnet reads as layers")
    for name, t in outputs:
        if t in r.time_major:
            raise OnnxError(f"the output \"{name}\" is a time-major sequence")
    return _chain(r, inputs, outputs) or _graph(r, inputs, outputs)


def _input_shape(r, value_info) -> Expr | None:
    """The port's shape as WL writes it (a symbolic first dimension is "Varying"); None for
    integer codes, whose layer (EmbeddingLayer, UnitVectorLayer) knows its input."""
    if value_info.type.tensor_type.elem_type in (r.onnx.TensorProto.INT64,
                                                 r.onnx.TensorProto.INT32):
        return None
    dims = (r.dims(value_info.name) or [None])[1:]
    if value_info.name in r.state_inputs:      # (1, batch, n): one state of n numbers
        dims = dims[1:]
    sizes = [Integer(d) if isinstance(d, int) else None for d in dims]
    if sizes and sizes[0] is None:
        sizes[0] = String("Varying")
    if any(d is None for d in sizes):
        raise OnnxError(f"the input \"{value_info.name}\" has sizes that are not fixed")
    return Expr.from_args(S.List, sizes) if sizes else String("Real")


def _chain(r, inputs, outputs):
    """NetChain[{…}] when the layers form one path from the one input to the one output."""
    if len(inputs) != 1 or len(outputs) != 1 or r.ports:     # (named ports: a graph's edges)
        return None
    made = {n: t for t, n in r.made_by.items()}
    previous = inputs[0][0]
    for name in r.layers:
        if r.sources[name] != [previous]:
            return None
        previous = made[name]
    if outputs[0][1] != previous:
        return None
    port_opts = [rule("Input", inputs[0][1])] if inputs[0][1] is not None else []
    return Expr(Symbol("NetChain"), Expr.from_args(S.List, r.layers.values()), *port_opts)


def _graph(r, inputs, outputs):
    ports = {name for name, _ in inputs}

    def source(t):
        if t in ports:
            return Expr(Symbol("NetPort"), String(t))
        if t in r.output_ports:
            return Expr(Symbol("NetPort"), String(r.made_by[t]), String(r.output_ports[t]))
        if t in r.made_by:
            return String(r.made_by[t])
        raise OnnxError(f"the tensor \"{t}\" is neither an input nor made by a layer")

    edges = []
    for name, srcs in r.sources.items():
        if name in r.ports:
            edges += [Expr(S.Rule, source(t), Expr(Symbol("NetPort"), String(name), String(p)))
                      for t, p in zip(srcs, r.ports[name])]
        elif len(srcs) == 1:
            edges.append(Expr(S.Rule, source(srcs[0]), String(name)))
        else:
            edges.append(Expr(S.Rule, Expr.from_args(S.List, (source(s) for s in srcs)),
                              String(name)))
    for port, t in outputs:
        edges.append(Expr(S.Rule, source(t), Expr(Symbol("NetPort"), String(port))))
    layers = Expr.from_args(S.Association, (Expr(S.Rule, String(n), e) for n, e in r.layers.items()))
    port_opts = [rule(name, shape) for name, shape in inputs if shape is not None]
    return Expr(Symbol("NetGraph"), layers, Expr.from_args(S.List, edges), *port_opts)
