"""The net operators: NetMapOperator, NetMapThreadOperator, NetBidirectionalOperator,
NetFoldOperator and NetNestOperator.

An operator is a container node (the protocol of ``wlnet.net.net``) whose sub-nets sit
where Wolfram puts them, under the operator's "Parameters": the inner net at
``("Parameters", "Net")`` (NetBidirectionalOperator: ``("Parameters", "ForwardNet")`` and
``("Parameters", "BackwardNet")``); so arrays have paths like ``("Parameters", "Net",
"Arrays", "Weights")``, as in WL's NetExtract, and the WL form is
``<|"Type" -> "MapOperator", "Arrays" -> <||>, "Parameters" -> <|"Net" -> <|…|>|>, …|>``.

How an operator runs — two ways, each where it fits:

* NetMapOperator, NetMapThreadOperator and NetBidirectionalOperator: their leaves are
  wired into the executor's flat program (``wlnet.net.execute``) like a chain's, with
  small *view* steps around them that only move data.  The map flattens its (B, T, …) input into one batch of the valid
  elements (N = Σ lengths, or B·T at a fixed length), runs the inner net once on it and
  scatters the results back (nothing is computed, and no gradient flows, past a length);
  the bidirectional operator reverses each sequence within its own length for the
  backward net (the sequence_reverse primitive), reverses that net's output back (when it
  is a sequence) and joins
  the two.  Running an inner executor instead would hide the inner layers from the flat
  program (gradients, statistic updates, interior states, the torch backend would each
  need a second path); views keep one program and one backward loop, and both backends
  work unchanged, because a view is plain numpy on ``Batch``es as every op boundary is.
* NetFoldOperator and NetNestOperator: one step whose op runs the inner net's own
  executor once per iteration (``FoldOp``, ``NestOp``), forward and then backward in
  reverse.  A fold's number of steps is the data's sequence length, which changes from
  batch to batch, so the loop cannot be unrolled into a program built once per net; a
  fold's fed-back inputs are its recurrent states (interior states of the net, NetPort
  state ports in a NetGraph), held past each example's own length.
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.net.coders.mapped import mapped
from wlnet.net.containers.chain import prefix_arrays
from wlnet.net.errors import NetSpecError
from wlnet.net.net import ContainerNode, Net, constrain_coders, freshen, infer, port_coder
from wlnet.net.shape import NetTypeError
from wlnet.net.spec import nest_path
from wlnet.net.types import (
    AtomT, FrozenDict, LengthVar, SizeVar, TensorT, fresh_length, fresh_rank, fresh_size,
)
from wlnet.net.batch import NetDataError
from wlnet.net.values import Batch

__all__ = ["MapNode", "MapThreadNode", "BidirectionalNode", "FoldNode", "NestOperatorNode",
           "build_map", "build_map_thread",
           "build_bidirectional", "build_fold", "build_nest", "OPERATOR_TYPES", "AGGREGATIONS"]

AGGREGATIONS = ("Catenate", "Total", "Mean", "None")   # None: two outputs, not joined
SEPARATE_OUTPUTS = ("ForwardOutput", "BackwardOutput")


class _OperatorNode(ContainerNode):
    """What the operators share: sub-nets under ("Parameters", name), a sequence length."""

    __slots__ = ()

    def sub_prefix(self, prefix: tuple, name: str) -> tuple:
        return prefix + ("Parameters", name)

    def states(self) -> dict:
        return {}

    def leaves(self, prefix=()):
        for name, node in self.nodes.items():
            yield from node.leaves(self.sub_prefix(prefix, name))

    def lifted_coder(self, port: str, is_input: bool):
        """The encoder (``is_input``) or decoder of the operator's ``port`` that comes from
        its net's own port: the net's coder, mapped over the levels the operator adds;
        None when there is none."""
        return None

    def _constrain_nodes(self, u, arrays, prefix):
        for name, node in self.nodes.items():
            node.constrain(u, arrays, self.sub_prefix(prefix, name))

    def resolve(self, u):
        node = ContainerNode.resolve(self, u)
        return attrs.evolve(node, **{f: _each(getattr(self, f), u.dim) for f in self._dim_fields})

    def map_vars(self, f):
        node = ContainerNode.map_vars(self, f)
        rename = lambda v: f(v) if isinstance(v, (SizeVar, LengthVar)) else v
        return attrs.evolve(node, **{field: _each(getattr(self, field), rename)
                                     for field in self._dim_fields})


def _each(value, f):
    """``f`` of a dimension field, or of each dimension of a tuple of them."""
    return tuple(f(v) for v in value) if type(value) is tuple else f(value)


def _only_port(ports: dict):
    return next(iter(ports.items()))


def _prepend(length, t: TensorT) -> TensorT:
    return TensorT((length,) + t.dims, t.elem, t.tail)


def _prepend_levels(levels: tuple, t: TensorT) -> TensorT:
    return TensorT(tuple(levels) + t.dims, t.elem, t.tail)


@attrs.frozen(slots=True, cache_hash=True)
class MapThreadNode(_OperatorNode):
    """NetMapThreadOperator[net, depth]: ``net`` on corresponding elements of all its inputs
    (every input mapped over its first ``depth`` levels, which all inputs share: the first a
    sequence of one common length), every output an array of those levels.  With
    ``mapped`` (NetMapThreadOperator[net, <|"in" -> n, …|>]) only the named inputs are
    mapped; the others are given once per example and replicated to every element.  The
    named inputs may have depths of their own (``shallow``): the operator maps over the
    deepest, and an input of depth d < depth shares the first d levels and is replicated
    over the others (<|"a" -> 1, "b" -> 2|>: a's i-th element goes with each of b[[i]]'s)."""
    nodes: FrozenDict                    # {"Net": inner node}
    length: object                       # LengthVar, or an int for a fixed length
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    inner: tuple = ()                    # the sizes of the mapped levels after the first
    mapped: tuple | None = None          # the mapped inputs (None: all)
    shallow: tuple = ()                  # ((input, depth), …): mapped inputs of a lesser depth
    type = "MapThreadOperator"
    symbol = "NetMapThreadOperator"
    _dim_fields = ("length", "inner")
    stateless = True                     # its net's states are not interior states

    @property
    def net(self):
        return self.nodes["Net"]

    @property
    def depth(self) -> int:
        return 1 + len(self.inner)

    def levels(self) -> tuple:
        return (self.length,) + tuple(self.inner)

    def is_mapped(self, port: str) -> bool:
        return self.mapped is None or port in self.mapped

    def port_depth(self, port: str) -> int:
        """The levels an input is mapped over (0: given once per example, replicated)."""
        if not self.is_mapped(port):
            return 0
        return dict(self.shallow).get(port, self.depth)

    def lifted_coder(self, port: str, is_input: bool):
        inner = (self.input_names() if is_input else self.output_names())[port]
        coder = port_coder(self.net, inner, is_input)
        depth = self.port_depth(port) if is_input else self.depth
        if coder is None or depth == 0:
            return coder                   # a replicated input: given once, as the net takes it
        return mapped(coder, self.levels()[:depth])

    def input_names(self) -> dict:
        """The operator's input ports -> the net's."""
        return {p: p for p in self.net.inputs()}

    def output_names(self) -> dict:
        return {p: p for p in self.net.outputs()}

    def inputs(self) -> dict:
        ins, levels = self.net.inputs(), self.levels()
        return {outer: _prepend_levels(levels[:self.port_depth(outer)], ins[inner])
                for outer, inner in self.input_names().items()}

    def outputs(self) -> dict:
        outs = self.net.outputs()
        return {outer: _prepend_levels(self.levels(), outs[inner])
                for outer, inner in self.output_names().items()}

    def constrain(self, u, arrays, prefix) -> None:
        self._constrain_nodes(u, arrays, prefix)
        constrain_coders(self, u, prefix)


@attrs.frozen(slots=True, cache_hash=True)
class MapNode(MapThreadNode):
    """NetMapOperator[net]: ``net`` (one input, one output) on every element of a sequence;
    the operator's ports are "Input" and "Output" whatever the net calls its own."""
    type = "MapOperator"
    symbol = "NetMapOperator"

    def input_names(self) -> dict:
        return {"Input": next(iter(self.net.inputs()))}

    def output_names(self) -> dict:
        return {"Output": next(iter(self.net.outputs()))}


@attrs.frozen(slots=True, cache_hash=True)
class BidirectionalNode(_OperatorNode):
    """NetBidirectionalOperator[{fwd, bwd}, agg]: both nets on the sequence, the backward
    one on it reversed; their output sequences joined step by step (the backward one
    reversed back), or, when the nets give one array each (SequenceLastLayer at the end),
    those arrays joined as they are."""
    nodes: FrozenDict                    # {"ForwardNet": …, "BackwardNet": …}
    aggregation: str                     # one of AGGREGATIONS
    length: object
    joined: object                       # the joined size (Catenate) while a part is unknown
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    type = "BidirectionalOperator"
    symbol = "NetBidirectionalOperator"
    _dim_fields = ("length", "joined")

    def inputs(self) -> dict:
        return dict(self.nodes["ForwardNet"].inputs())

    def direction_states(self) -> dict:
        """"Forward" + name / "Backward" + name -> (direction's net, the state's name) for
        every recurrent state of a direction whose net is one layer or a NetFoldOperator (WL
        names the states of the operator so: NetPort[op, "ForwardState"], "BackwardCellState")."""
        from wlnet.net.spec import LayerNode
        out = {}
        for direction in ("Forward", "Backward"):
            net = self.nodes[direction + "Net"]
            if isinstance(net, LayerNode) or getattr(net, "owns_states", False):
                out.update({direction + s: (direction + "Net", s) for s in net.states()})
        return out

    def states(self) -> dict:
        return {name: self.nodes[net].states()[s]
                for name, (net, s) in self.direction_states().items()}

    def lifted_coder(self, port: str, is_input: bool):
        # both nets take the whole sequence: the forward net's encoder is the operator's
        return port_coder(self.nodes["ForwardNet"], port, True) if is_input else None

    def _outs(self):
        return (_only_port(self.nodes["ForwardNet"].outputs())[1],
                _only_port(self.nodes["BackwardNet"].outputs())[1])

    def outputs(self) -> dict:
        f, b = self._outs()
        if self.aggregation == "None":
            return dict(zip(SEPARATE_OUTPUTS, (f, b)))
        if self.aggregation != "Catenate":
            return {"Output": f}
        last = self.joined
        if f.dims and b.dims and isinstance(f.dims[-1], int) and isinstance(b.dims[-1], int):
            last = f.dims[-1] + b.dims[-1]
        return {"Output": TensorT(f.dims[:-1] + (last,), f.elem)}

    def constrain(self, u, arrays, prefix) -> None:
        self._constrain_nodes(u, arrays, prefix)
        fwd, bwd = self.nodes["ForwardNet"], self.nodes["BackwardNet"]
        f_in, b_in = _only_port(fwd.inputs())[1], _only_port(bwd.inputs())[1]
        f_out, b_out = self._outs()
        seq_in = TensorT((self.length,), AtomT, fresh_rank())
        _unify(u, self, seq_in, f_in, "a sequence", "the input of the forward net")
        _unify(u, self, f_in, b_in, "the input of the forward net", "the input of the backward net")
        # the outputs need not be sequences (a net ending in SequenceLastLayer): whether
        # they are is decided once their ranks are known (post)
        if self.aggregation in ("Total", "Mean"):
            _unify(u, self, f_out, b_out, "the output of the forward net", "the output of the backward net")
        elif self.aggregation == "Catenate":
            self._catenated(u)
        constrain_coders(self, u, prefix)

    def _catenated(self, u) -> None:
        """Catenate joins the outputs along their last dimension: everything before it is
        shared (checked once both ranks are known)."""
        f_out, b_out = self._outs()
        fd, ft = u.shape(f_out.dims, f_out.tail)
        bd, bt = u.shape(b_out.dims, b_out.tail)
        for d, t, which in ((fd, ft, "forward"), (bd, bt, "backward")):
            if not d and t is None:                       # a single number: nothing to join
                raise NetTypeError("rank", u.resolve(f_out if which == "forward" else b_out),
                                   TensorT((fresh_size(),)), where={
                    "operator": (self.symbol, f"the output of the {which} net",
                                 "what Catenate joins")})
        if ft is not None or bt is not None:
            return
        try:
            if len(fd) != len(bd):
                raise NetTypeError("rank", u.resolve(f_out), u.resolve(b_out))
            for x, y in zip(fd[:-1], bd[:-1]):
                u.unify_dim(x, y, u.resolve(f_out), u.resolve(b_out))
        except NetTypeError as err:
            err.where["operator"] = (self.symbol, "the output of the forward net",
                                     "the output of the backward net")
            raise

    def post(self, u) -> None:
        ContainerNode.post(self, u)
        if self.aggregation == "Catenate":
            self._catenated(u)
            f, b = (u.resolve(t) for t in self._outs())
            if f.dims and b.dims and all(isinstance(d[-1], int) for d in (f.dims, b.dims)):
                u.unify_dim(self.joined, f.dims[-1] + b.dims[-1])

    def sequential_output(self) -> bool:
        """Whether the (resolved) nets give sequences, which the backward net's is reversed
        back to join step by step: an output of rank 2 or more whose first dimension is the
        input's length, or, for a fixed length, of at least the input's rank; a net that
        ends in SequenceLastLayer gives one array, joined as it is."""
        f_out = self._outs()[0]
        f_in = _only_port(self.nodes["ForwardNet"].inputs())[1]
        if f_out.tail is not None or f_in.tail is not None:
            return True
        if len(f_out.dims) < 2:
            return False
        return f_out.dims[0] == self.length or len(f_out.dims) >= len(f_in.dims)


@attrs.frozen(slots=True, cache_hash=True)
class FoldNode(_OperatorNode):
    """NetFoldOperator[net, {"out" -> "in", …}, constants, outputs]: ``net`` stepped along
    the sequences of its other inputs, each "out" fed back into "in" at the next step.  The
    fed-back inputs are the operator's recurrent states (zeros at first, final values
    readable); the ``constants`` inputs take one value, the same at every step; every output
    of ``net`` (or those of ``returned``) becomes a sequence."""
    nodes: FrozenDict                    # {"Net": step net}
    feedback: tuple                      # ((output, input), …)
    length: object
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    constants: tuple = ()                # inputs that are not mapped over
    returned: tuple | None = None        # the outputs given as sequences (None: all)
    type = "FoldOperator"
    symbol = "NetFoldOperator"
    _dim_fields = ("length",)
    owns_states = True

    @property
    def net(self):
        return self.nodes["Net"]

    def fed_inputs(self) -> tuple:
        return tuple(i for _, i in self.feedback)

    def inputs(self) -> dict:
        fed = self.fed_inputs()
        return {p: t if p in self.constants else _prepend(self.length, t)
                for p, t in self.net.inputs().items() if p not in fed}

    def mapped_inputs(self) -> list:
        return [p for p in self.inputs() if p not in self.constants]

    def lifted_coder(self, port: str, is_input: bool):
        coder = port_coder(self.net, port, is_input)
        if coder is None or (is_input and port in self.constants):
            return coder
        return mapped(coder, (self.length,))

    def outputs(self) -> dict:
        return {p: _prepend(self.length, t) for p, t in self.net.outputs().items()
                if self.returned is None or p in self.returned}

    def states(self) -> dict:
        ins = self.net.inputs()
        return {i: ins[i] for i in self.fed_inputs()}

    def constrain(self, u, arrays, prefix) -> None:
        self._constrain_nodes(u, arrays, prefix)
        ins, outs = self.net.inputs(), self.net.outputs()
        for out, inp in self.feedback:
            _unify(u, self, outs[out], ins[inp], f'the output "{out}" of the net',
                   f'the input "{inp}" it feeds back into')
        constrain_coders(self, u, prefix)


@attrs.frozen(slots=True, cache_hash=True)
class NestOperatorNode(_OperatorNode):
    """NetNestOperator[net, n]: ``net`` applied n times, its output feeding its input."""
    nodes: FrozenDict                    # {"Net": net}
    iterations: int
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    type = "NestOperator"
    symbol = "NetNestOperator"
    _dim_fields = ()
    stateless = True                     # each application starts its net's states at zero

    @property
    def net(self):
        return self.nodes["Net"]

    def inputs(self) -> dict:
        return {"Input": _only_port(self.net.inputs())[1]}

    def outputs(self) -> dict:
        return {"Output": _only_port(self.net.outputs())[1]}

    def constrain(self, u, arrays, prefix) -> None:
        self._constrain_nodes(u, arrays, prefix)
        _unify(u, self, self.outputs()["Output"], self.inputs()["Input"], "the output of the net",
               "its input")
        constrain_coders(self, u, prefix)


def _unify(u, node, src, dst, src_text: str, dst_text: str) -> None:
    """Unify two types an operator joins; a failure names both for the message."""
    try:
        u.unify(src, dst)
    except NetTypeError as err:
        err.where["operator"] = (node.symbol, src_text, dst_text)
        raise




OPERATOR_TYPES = {"MapOperator": MapNode, "MapThreadOperator": MapThreadNode,
                  "BidirectionalOperator": BidirectionalNode,
                  "FoldOperator": FoldNode, "NestOperator": NestOperatorNode}


# ---------------------------------------------------------------------------- building

def port_counts(net: Net) -> str:
    """"2 inputs and 1 output": how many ports a net has, for the messages of operators that
    take a net of one input and one output."""
    def counted(n: int, noun: str) -> str:
        return f"{n} {noun}" + ("" if n == 1 else "s")
    return f"{counted(len(net.inputs()), 'input')} and {counted(len(net.outputs()), 'output')}"


def check_single_ports(net: Net, head: str) -> None:
    if len(net.inputs()) != 1 or len(net.outputs()) != 1:
        raise NetSpecError("opsingleport", head, net.symbol, port_counts(net), symbol=head)


def build_map(inner: Net, hints=(), coders: dict | None = None) -> Net:
    check_single_ports(inner, "NetMapOperator")
    root = MapNode(FrozenDict({"Net": freshen(inner.root)}), fresh_length(), FrozenDict(coders or {}))
    arrays = prefix_arrays(inner.arrays, ("Parameters", "Net"))
    return infer(Net(root, FrozenDict(arrays)), hints)


def build_map_thread(inner: Net, hints=(), coders: dict | None = None, depth: int = 1,
                     mapped: tuple | None = None, shallow: tuple = ()) -> Net:
    """NetMapThreadOperator[net] (depth 1), [net, n] (depth n), [net, <|"in" -> n, …|>]
    (``mapped``: the inputs mapped, at depth n or at the lesser depth ``shallow`` gives
    them; the others replicated)."""
    head = "NetMapThreadOperator"
    ins = inner.inputs()
    if mapped and not ins:
        inner = _ports_opened_for(inner, mapped)
        ins = inner.inputs()
        if not ins:
            raise NetSpecError("opnoports", head, symbol=head)
    for port in mapped or ():
        if port not in ins:
            raise NetSpecError("invinport", port, ", ".join(f'"{p}"' for p in ins), symbol=head)
    if mapped is not None and not mapped:
        raise NetSpecError("opnomap", symbol=head)
    root = MapThreadNode(FrozenDict({"Net": freshen(inner.root)}), fresh_length(),
                         FrozenDict(coders or {}), tuple(fresh_size() for _ in range(depth - 1)),
                         None if mapped is None else tuple(mapped), tuple(shallow))
    arrays = prefix_arrays(inner.arrays, ("Parameters", "Net"))
    return infer(Net(root, FrozenDict(arrays)), hints)


def _ports_opened_for(inner: Net, names) -> Net:
    """A port-list layer whose ports are not given yet (ThreadingLayer[Times]) with the
    ports "Input1", …, "Inputn" that a depth association names
    (NetMapThreadOperator[ThreadingLayer[Times], <|"Input1" -> 1, "Input2" -> 1|>])."""
    from wlnet.net.construct import open_input_ports, takes_port_list
    n = len(names)
    if takes_port_list(inner.root) and set(names) == {f"Input{i}" for i in range(1, n + 1)}:
        return open_input_ports(inner, n)
    return inner


def build_bidirectional(fwd: Net, bwd: Net, aggregation: str = "Catenate", hints=(),
                        coders: dict | None = None) -> Net:
    for net in (fwd, bwd):
        check_single_ports(net, "NetBidirectionalOperator")
    if aggregation not in AGGREGATIONS:
        raise NetSpecError("opaggr", aggregation, symbol="NetBidirectionalOperator")
    root = BidirectionalNode(FrozenDict({"ForwardNet": freshen(fwd.root),
                                         "BackwardNet": freshen(bwd.root)}),
                             aggregation, fresh_length(), fresh_size(), FrozenDict(coders or {}))
    arrays = {**prefix_arrays(fwd.arrays, ("Parameters", "ForwardNet")),
              **prefix_arrays(bwd.arrays, ("Parameters", "BackwardNet"))}
    return infer(Net(root, FrozenDict(arrays)), hints)


def build_fold(inner: Net, feedback=(("Output", "State"),), hints=(),
               coders: dict | None = None, constants=(), returned=None) -> Net:
    head = "NetFoldOperator"
    ins, outs = inner.inputs(), inner.outputs()
    for out, inp in feedback:
        if out not in outs or inp not in ins:
            raise NetSpecError("opfeedback", out, inp, inner.symbol, ", ".join(outs), ", ".join(ins),
                               symbol=head)
    fed = {i for _, i in feedback}
    for name in constants:
        if name not in ins or name in fed:
            raise NetSpecError("opconst", name, inner.symbol, ", ".join(ins), symbol=head)
    for name in returned or ():
        if name not in outs:
            raise NetSpecError("opreturn", name, inner.symbol, ", ".join(outs), symbol=head)
    if len(ins) == len(fed | set(constants)):
        raise NetSpecError("opnoseq", inner.symbol, symbol=head)
    root = FoldNode(FrozenDict({"Net": freshen(inner.root)}), tuple(feedback), fresh_length(),
                    FrozenDict(coders or {}), tuple(constants),
                    None if returned is None else tuple(returned))
    arrays = prefix_arrays(inner.arrays, ("Parameters", "Net"))
    return infer(Net(root, FrozenDict(arrays)), hints)


def build_nest(inner: Net, iterations: int, hints=(), coders: dict | None = None) -> Net:
    check_single_ports(inner, "NetNestOperator")
    root = NestOperatorNode(FrozenDict({"Net": freshen(inner.root)}), iterations,
                            FrozenDict(coders or {}))
    arrays = prefix_arrays(inner.arrays, ("Parameters", "Net"))
    return infer(Net(root, FrozenDict(arrays)), hints)


# ---------------------------------------------------------------------------- running: views

class ViewLayer:
    """What the executor's program records as the "layer" of a view step: an output port
    and no states (it asks only these)."""

    def __init__(self, kind: str):
        self.kind = kind

    def outputs(self) -> dict:
        return {"Output": None}

    def states(self) -> dict:
        return {}

    def array_shapes(self) -> dict:
        return {}


class ViewOp:
    """A step that only moves data; subclasses give ``run`` and ``grad``."""

    layer = None

    def forward(self, inputs, arrays, states, ctx):
        out, cache = self.run(inputs, ctx.dtype)
        return {"Output": out}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        d = d_outputs.get("Output")
        if d is None:
            return {}, {}, {}
        return self.grad(cache, np.asarray(d)), {}, {}

    def array_updates(self, cache) -> dict:
        return {}


def _valid_mask(b: Batch):
    """(B, T) booleans: the steps within each example's length (None: all)."""
    if b.lengths is None:
        return None
    t = b.data.shape[1]
    return np.arange(t)[None, :] < np.asarray(b.lengths)[:, None]


class MapIn(ViewOp):
    """(B, T, d2…dn, …) → one batch of the valid elements (N·d2⋯dn, …) (``levels`` = n
    mapped levels); with "Like" (NetMapThreadOperator's other inputs) the elements at the
    first input's lengths, which must be the same."""

    def __init__(self, port: str = "Input", levels: int = 1):
        self.port = port
        self.levels = levels

    def run(self, inputs, dtype):
        x = inputs["Input"]
        like = inputs.get("Like", x)
        if not _same_lengths(x, like):
            raise NetDataError(self.port, None, "a sequence as long as the other inputs",
                               got_text="a sequence of another length")
        data = np.asarray(x.data)
        mask = _valid_mask(like)
        rest = data.shape[1 + self.levels:]
        flat = data.reshape((-1,) + rest) if mask is None else data[mask].reshape((-1,) + rest)
        return Batch(flat, None), (data.shape, mask)

    def grad(self, cache, d):
        shape, mask = cache
        if mask is None:
            return {"Input": d.reshape(shape)}
        g = np.zeros(shape, d.dtype)
        g[mask] = d.reshape((-1,) + shape[2:])
        return {"Input": g}


class MapReplicate(ViewOp):
    """An input of NetMapThreadOperator that is not mapped: each example's value once per
    element of the mapped inputs ("Like", ``levels`` mapped levels), in MapIn's order."""

    def __init__(self, levels: int):
        self.levels = levels

    def run(self, inputs, dtype):
        x, like = np.asarray(inputs["Input"].data), inputs["Like"]
        shape = np.shape(like.data)
        mask = _valid_mask(like)
        owners = (np.repeat(np.arange(shape[0]), shape[1]) if mask is None
                  else np.nonzero(mask)[0])
        per = int(np.prod(shape[2:1 + self.levels], dtype=np.int64))
        return Batch(np.repeat(x[owners], per, axis=0), None), (owners, per, x.shape)

    def grad(self, cache, d):
        owners, per, shape = cache
        g = np.zeros(shape, d.dtype)
        np.add.at(g, owners, d.reshape((-1, per) + d.shape[1:]).sum(axis=1))
        return {"Input": g}


class MapInShallow(ViewOp):
    """An input of NetMapThreadOperator mapped over fewer levels (``depth``) than the
    operator (``levels``): its elements at the first ``depth`` levels, each replicated over
    the remaining levels of the deepest input ("Like"), in MapIn's order."""

    def __init__(self, port: str, depth: int, levels: int):
        self.port, self.depth, self.levels = port, depth, levels

    def run(self, inputs, dtype):
        x, like = inputs["Input"], inputs["Like"]
        if not _same_lengths(x, like):
            raise NetDataError(self.port, None, "a sequence as long as the other inputs",
                               got_text="a sequence of another length")
        data = np.asarray(x.data)
        mask = _valid_mask(like)
        shared = data.shape[2:1 + self.depth]            # the levels it shares, after the first
        rest = data.shape[1 + self.depth:]
        spread = np.shape(like.data)[1 + self.depth:1 + self.levels]
        sel = data.reshape((-1,) + data.shape[2:]) if mask is None else data[mask]
        n = sel.shape[0]
        wide = np.broadcast_to(sel.reshape((n,) + shared + (1,) * len(spread) + rest),
                               (n,) + shared + spread + rest)
        return Batch(np.ascontiguousarray(wide).reshape((-1,) + rest), None), \
            (data.shape, mask, (n,) + shared + spread + rest, len(shared))

    def grad(self, cache, d):
        shape, mask, wide, n_shared = cache
        d = d.reshape(wide)
        n_spread = len(wide) - len(shape) + 1
        d = d.sum(axis=tuple(range(1 + n_shared, 1 + n_shared + n_spread)))
        if mask is None:
            return {"Input": d.reshape(shape)}
        g = np.zeros(shape, d.dtype)
        g[mask] = d
        return {"Input": g}


def _same_lengths(a: Batch, b: Batch) -> bool:
    if a is b:
        return True
    if np.shape(a.data)[:2] != np.shape(b.data)[:2]:
        return False
    if a.lengths is None or b.lengths is None:
        return a.lengths is None and b.lengths is None
    return np.array_equal(a.lengths, b.lengths)


class MapOut(ViewOp):
    """(N·d2⋯dn, …) back to (B, T, d2…dn, …) with the outer input's lengths and mapped
    levels ("Like", ``levels`` of them)."""

    def __init__(self, levels: int = 1):
        self.levels = levels

    def run(self, inputs, dtype):
        y, like = inputs["Input"], inputs["Like"]
        data = np.asarray(y.data)
        shape = np.shape(like.data)[:1 + self.levels]
        mask = _valid_mask(like)
        if mask is None:
            return Batch(data.reshape(shape + data.shape[1:]), None), (None, data.shape)
        out = np.zeros(shape + data.shape[1:], data.dtype)
        out[mask] = data.reshape((-1,) + shape[2:] + data.shape[1:])
        return Batch(out, like.lengths), (mask, data.shape)

    def grad(self, cache, d):
        mask, shape = cache
        if mask is None:
            return {"Input": d.reshape(shape)}
        return {"Input": d[mask].reshape(shape)}


class Reverse(ViewOp):
    """Each sequence reversed within its own length (the sequence_reverse primitive); the
    lengths are those of "Like", the operator's input."""

    def run(self, inputs, dtype):
        from wlnet.net.primitives import PRIMITIVES
        x = Batch(inputs["Input"].data, inputs["Like"].lengths)
        row = PRIMITIVES["sequence_reverse"]
        y, cache = row.forward(_DtypeCtx(np.asarray(x.data).dtype), None, x)
        return y, cache

    def grad(self, cache, d):
        from wlnet.net.primitives import PRIMITIVES
        row = PRIMITIVES["sequence_reverse"]
        (g,) = row.vjp(_DtypeCtx(d.dtype), None, cache, d)
        return {"Input": g}


class _DtypeCtx:
    def __init__(self, dtype):
        self.dtype = dtype


class Join(ViewOp):
    """The two directions' outputs step by step: Catenate, Total or Mean."""

    def __init__(self, aggregation: str):
        self.aggregation = aggregation

    def run(self, inputs, dtype):
        f, b = inputs["Forward"], inputs["Backward"]
        fd, bd = np.asarray(f.data), np.asarray(b.data)
        if self.aggregation == "Catenate":
            out = np.concatenate([fd, bd], axis=-1)
        elif self.aggregation == "Total":
            out = fd + bd
        else:
            out = (fd + bd) / 2
        return Batch(out, f.lengths), fd.shape[-1]

    def grad(self, split, d):
        if self.aggregation == "Catenate":
            return {"Forward": d[..., :split], "Backward": d[..., split:]}
        if self.aggregation == "Mean":
            d = d / 2
        return {"Forward": d, "Backward": d}


# ---------------------------------------------------------------------------- running: wiring

def wire_operator(wiring, node, prefix: tuple, sources: dict, state_feeds: dict) -> dict:
    """Append the steps of an operator node to the executor's program (``wiring``: the
    executor's ``_Wiring``); return its output keys."""
    if node.type in ("FoldOperator", "NestOperator"):
        return _wire_loop(wiring, node, prefix, sources, state_feeds)
    if hasattr(node, "wire"):                 # a node that wires itself (containers/scoring.py)
        return node.wire(wiring, prefix, sources, state_feeds)
    if node.type in ("MapOperator", "MapThreadOperator"):
        return _wire_map(wiring, node, prefix, sources, state_feeds)
    return _wire_bidirectional(wiring, node, prefix, sources["Input"], state_feeds)


def _wire_inner(wiring, node, prefix, name, src, state_feeds):
    inner = node.nodes[name]
    outs = wiring.wire(inner, node.sub_prefix(prefix, name), {next(iter(inner.inputs())): src},
                       state_feeds)
    return next(iter(outs.values()))


def _wire_map(wiring, node, prefix, sources, state_feeds):
    """NetMapOperator and NetMapThreadOperator: every input flattened to its valid elements
    (at the first input's lengths), the net run once on them, every output scattered back."""
    ports = node.input_names()
    if not ports:                          # ThreadingLayer[Plus] before its ports are known
        raise NetSpecError("opnoports", node.symbol, symbol=node.symbol)
    levels = getattr(node, "depth", 1)
    depth_of = getattr(node, "port_depth", lambda p: levels)
    first = sources[next(p for p in ports if depth_of(p) == levels)]

    def flattening(outer):
        depth = depth_of(outer)
        if depth == levels:
            return MapIn(outer, levels)
        return MapReplicate(levels) if depth == 0 else MapInShallow(outer, depth, levels)

    flat = {inner: wiring.view(prefix + ("$MapIn", outer), flattening(outer),
                               {"Input": sources[outer], "Like": first})
            for outer, inner in ports.items()}
    wiring.stateless += 1
    try:
        outs = wiring.wire(node.net, node.sub_prefix(prefix, "Net"), flat, state_feeds)
    finally:
        wiring.stateless -= 1
    return {outer: wiring.view(prefix + ("$MapOut", outer), MapOut(levels),
                               {"Input": outs[inner], "Like": first})
            for outer, inner in node.output_names().items()}


def _wire_bidirectional(wiring, node, prefix, src, state_feeds) -> dict:
    # the operator's state ports are its layers' states: fed into them, read from them
    state_feeds = dict(state_feeds)
    for name, (net, s) in node.direction_states().items():
        inner = node.sub_prefix(prefix, net)
        if (prefix, name) in state_feeds:
            state_feeds[(inner, s)] = state_feeds[(prefix, name)]
        wiring.state_alias[(prefix, "state", name)] = (inner, "state", s)
    fwd = _wire_inner(wiring, node, prefix, "ForwardNet", src, state_feeds)
    rev = wiring.view(prefix + ("$Reverse",), Reverse(), {"Input": src, "Like": src})
    bwd = _wire_inner(wiring, node, prefix, "BackwardNet", rev, state_feeds)
    back = bwd
    if node.sequential_output():             # reversed back within its own lengths
        back = wiring.view(prefix + ("$Unreverse",), Reverse(), {"Input": bwd, "Like": bwd})
    if node.aggregation == "None":
        return dict(zip(SEPARATE_OUTPUTS, (fwd, back)))
    return {"Output": wiring.view(prefix + ("$Join",), Join(node.aggregation),
                                  {"Forward": fwd, "Backward": back})}


def _wire_loop(wiring, node, prefix, sources, state_feeds):
    """NetFoldOperator and NetNestOperator run as one step whose op runs the inner net's
    own program once per step of the loop: the number of steps is the data's (a sequence
    length varies from batch to batch), so the loop cannot be unrolled into the program."""
    sub = node.sub_prefix(prefix, "Net")
    inner = wiring.inner_executor(node.net)
    arrays = {path: nest_path(sub, path) for path in Net(node.net).array_paths()}
    op = (FoldOp if node.type == "FoldOperator" else NestOp)(node, inner)
    return wiring.step(node, prefix, sources, state_feeds, op, arrays)


class _LoopOp:
    def __init__(self, node, inner):
        self.node = node
        self.inner = inner                # the inner net's Executor

    def _run(self, arrays, batches, ctx):
        return self.inner.forward(arrays, batches, train=ctx.train, rng=ctx.rng, keep=ctx.keep)

    def _add_arrays(self, total: dict, grads: dict) -> None:
        for path, g in grads.items():
            total[path] = total[path] + g if path in total else g

    def array_updates(self, cache) -> dict:
        return {}


class NestOp(_LoopOp):
    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        port_in = next(iter(self.node.net.inputs()))
        results = []
        for _ in range(self.node.iterations):
            res = self._run(arrays, {port_in: x}, ctx)
            results.append(res)
            x = next(iter(res.outputs.values()))
        return {"Output": x}, {}, results if ctx.keep else None

    def backward(self, results, d_outputs, d_states):
        d = d_outputs.get("Output")
        port_in = next(iter(self.node.net.inputs()))
        port_out = next(iter(self.node.net.outputs()))
        d_arrays: dict = {}
        for res in reversed(results):
            if d is None:
                break
            g = self.inner.backward(res, {port_out: d})
            self._add_arrays(d_arrays, g.arrays)
            d = g.inputs.get(port_in)
        return ({"Input": d} if d is not None else {}), d_arrays, {}


class FoldOp(_LoopOp):
    """s[t] = net[x[t], s[t-1]] along each sequence, holding each example's state past its
    own length (so its final state is the one at its length, and nothing there has a
    gradient)."""

    def forward(self, inputs, arrays, states, ctx):
        node = self.node
        mapped = node.mapped_inputs()
        first = inputs[mapped[0]]
        data = {p: np.asarray(inputs[p].data) for p in mapped}
        constant = {p: Batch(np.asarray(inputs[p].data), None) for p in node.constants}
        lengths = first.lengths
        batch, steps = data[mapped[0]].shape[:2]
        state = {}
        for name, t in node.states().items():
            given = states.get(name)
            state[name] = (np.asarray(given, ctx.dtype) if given is not None
                           else np.zeros((batch,) + tuple(t.dims), ctx.dtype))
        outs = {p: [] for p in node.outputs()}
        results, masks = [], []
        for t in range(steps):
            batches = {p: Batch(np.ascontiguousarray(data[p][:, t]), None) for p in mapped}
            batches.update(constant)
            batches.update({name: Batch(v, None) for name, v in state.items()})
            res = self._run(arrays, batches, ctx)
            mask = None if lengths is None else (t < np.asarray(lengths))
            for p in outs:
                y = np.asarray(res.outputs[p].data)
                outs[p].append(y if mask is None else y * _expand(mask, y))
            for out, inp in node.feedback:
                new = np.asarray(res.outputs[out].data)
                state[inp] = new if mask is None else np.where(_expand(mask, new), new, state[inp])
            results.append(res)
            masks.append(mask)
        outputs = {p: Batch(np.stack(v, 1) if v else np.zeros((batch, 0)), lengths)
                   for p, v in outs.items()}
        cache = (results, masks, data, lengths, constant)
        return outputs, dict(state), (cache if ctx.keep else None)

    def backward(self, cache, d_outputs, d_states):
        results, masks, data, lengths, constant = cache
        node = self.node
        d_state = {name: d_states.get(name) for name in node.states()}
        d_x = {p: np.zeros_like(v, dtype=self.inner.dtype) for p, v in data.items()
               if v.dtype.kind == "f"}
        # a constant's gradient sums those of its uses (past a length: none, see below)
        d_const = {p: np.zeros_like(b.data, dtype=self.inner.dtype) for p, b in constant.items()
                   if b.data.dtype.kind == "f"}
        d_arrays: dict = {}
        for t in range(len(results) - 1, -1, -1):
            mask = masks[t]
            d_out = {}
            for p in node.outputs():
                d = d_outputs.get(p)
                if d is not None:
                    d = np.asarray(d)[:, t]
                    d_out[p] = d if mask is None else d * _expand(mask, d)
            held = {}
            for out, inp in node.feedback:
                d = d_state[inp]
                if d is None:
                    continue
                d = np.asarray(d)
                if mask is not None:                 # past its length the state was held
                    held[inp] = d * ~_expand(mask, d)
                    d = d * _expand(mask, d)
                d_out[out] = d_out[out] + d if out in d_out else d
            if not d_out:
                continue
            g = self.inner.backward(results[t], d_out)
            self._add_arrays(d_arrays, g.arrays)
            for p in d_x:
                if p in g.inputs:
                    d_x[p][:, t] = g.inputs[p]
            for p in d_const:
                if p in g.inputs:
                    d_const[p] += g.inputs[p]
            for out, inp in node.feedback:
                d = g.inputs.get(inp)
                if inp in held:
                    d = held[inp] if d is None else d + held[inp]
                d_state[inp] = d
        d_init = {name: d for name, d in d_state.items() if d is not None}
        return {**d_x, **d_const}, d_arrays, d_init


def _expand(mask, like):
    """A (B,) mask shaped to broadcast against ``like`` (B, …)."""
    return mask.reshape(mask.shape + (1,) * (np.ndim(like) - 1))
