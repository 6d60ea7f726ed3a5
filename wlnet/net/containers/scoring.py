"""AttentionLayer[net, opts]: attention whose scores come from a net of the user's, which
takes a key vector at its "Input" port and a query vector at its "Query" port and gives a
number at its "Output" (additive attention: ``NetGraph[{LinearLayer[n], LinearLayer[n],
ThreadingLayer[Tanh[#1 + #2] &], LinearLayer[{}]}, …]``, a FunctionLayer…).

The layer is a container node (the protocol of ``wlnet.net.net``), as WL has it: the
scoring net sits at ``("Parameters", "ScoringNet")``, so its arrays have paths such as
``("Parameters", "ScoringNet", "Nodes", "1", "Arrays", "Weights")`` (NetExtract
``{"ScoringNet", 1, "Weights"}``), are initialised and trained with the layer's.  The
layer's other parameters are the AttentionLayer declaration's (``layers/attention.py``),
whose port types, inference rules and arithmetic it shares; "Dot" and "Bilinear" stay the
plain layer with its fused arithmetic.

Running: like NetMapOperator (``operators.py``), the scoring net's leaves are wired into
the executor's flat program between view steps: ``Pairs`` makes one batch of every (key,
query) pair of every example and head, the scoring net runs once on it, and ``Attend``
turns the scores into weights (softmax over each query's keys, masks and varying lengths
as the layer does) and sums the values.  Gradients reach the scoring net's arrays through
the program's own backward pass.
"""

from __future__ import annotations


import attrs
import numpy as np

from wlnet.net.containers.chain import prefix_arrays
from wlnet.net.containers.operators import ViewOp, _OperatorNode
from wlnet.net.errors import NetSpecError
from wlnet.net.layers.attention import (
    INPUT_QUERY, SYMBOL, WEIGHTS, Attention, _check_keys_and_values, _scale, _Shapes, attend,
    attend_backward, weights_output,
)
from wlnet.net.net import ContainerNode, Net, constrain_coders, freshen, infer
from wlnet.net.registry import spec_for_type
from wlnet.net.shape import NetTypeError
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.spec import _map_value
from wlnet.net.types import FrozenDict, RealT, TensorT, describe_type, fresh_size
from wlnet.net.values import Batch

__all__ = ["ScoringNetNode", "build_scored_attention", "wire_scored_attention", "NET"]

NET = "Net"                              # the "ScoringNet" parameter of such a layer


def _spec() -> Attention:
    return spec_for_type("Attention")


@attrs.frozen(slots=True, cache_hash=True)
class ScoringNetNode(_OperatorNode):
    nodes: FrozenDict                    # {"ScoringNet": the scoring net's node}
    params: FrozenDict                   # the AttentionLayer parameters ("ScoringNet": "Net")
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    type = "Attention"
    symbol = SYMBOL
    _dim_fields = ()
    stateless = True                     # the scoring net runs on a batch of pairs

    @property
    def net(self):
        return self.nodes["ScoringNet"]

    def inputs(self) -> dict:
        return _spec().inputs(self.params)

    def outputs(self) -> dict:
        return _spec().outputs(self.params)

    def constrain(self, u, arrays, prefix) -> None:
        self._constrain_nodes(u, arrays, prefix)
        ins, outs = self.net.inputs(), self.net.outputs()
        if set(ins) != {"Input", "Query"} or len(outs) != 1:
            raise NetSpecError("attnetports", _names(ins), _names(outs), symbol=SYMBOL)
        p = self.params
        wanted = (("Input", ins["Input"], TensorT((p["KeySize"],), RealT), "a key vector"),
                  ("Query", ins["Query"], TensorT((p["QuerySize"],), RealT), "a query vector"))
        for port, have, want, what in wanted:
            try:
                u.unify(want, have)
            except NetTypeError:
                raise NetSpecError("attnetport", port, describe_type(u.resolve(have)), what,
                                   symbol=SYMBOL)
        out = next(iter(outs.values()))
        try:
            u.unify(out, TensorT((), RealT))
        except NetTypeError:
            raise NetSpecError("attnetout", describe_type(u.resolve(out)), symbol=SYMBOL)
        constrain_coders(self, u, prefix)

    def wire(self, wiring, prefix, sources, state_feeds) -> dict:
        return wire_scored_attention(wiring, self, prefix, sources, state_feeds)

    def post(self, u) -> None:
        ContainerNode.post(self, u)
        _spec().post(self.params, u)

    def defaults(self, u) -> None:
        ContainerNode.defaults(self, u)
        _spec().defaults(self.params, u)

    def resolve(self, u):
        node = ContainerNode.resolve(self, u)
        return attrs.evolve(node, params=FrozenDict({k: u.resolve(v) for k, v in self.params.items()}))

    def map_vars(self, f):
        node = ContainerNode.map_vars(self, f)
        return attrs.evolve(node, params=FrozenDict({k: _map_value(v, f)
                                                     for k, v in self.params.items()}))


def _names(ports: dict) -> str:
    return ", ".join(f'"{p}"' for p in ports) or "none"


def build_scored_attention(scoring: Net, layer: Net) -> Net:
    """The attention layer ``layer`` (built from the options, its scoring to be replaced)
    with ``scoring`` as its scoring net (WL's "Bilinear" or "Dot" net: the plain layer)."""
    standard = standard_scoring(scoring)
    if standard is not None:
        return plain_scoring_layer(layer, *standard)
    node = layer.root
    params = dict(node.params)
    params["ScoringNet"] = NET
    root = ScoringNetNode(FrozenDict({"ScoringNet": freshen(scoring.root)}), FrozenDict(params),
                          node.coders)
    arrays = prefix_arrays(scoring.arrays, ("Parameters", "ScoringNet"))
    return infer(Net(root, FrozenDict(arrays)))


# ---------------------------------------------------------------------------- running

def _layout(p, key: Batch, query: Batch):
    """(shapes, keys (B, H, N, k), queries (B, H, M, q)) of a batch."""
    sh = _Shapes(p, key, query)
    b, n, m, h = sh.batch, sh.n, sh.m, sh.heads
    K = np.asarray(key.data).reshape(b, n, h, -1).transpose(0, 2, 1, 3)
    Q = np.asarray(query.data).reshape(b, m, h, -1).transpose(0, 2, 1, 3)
    return sh, K, Q


class Pairs(ViewOp):
    """Every (key, query) pair of each example and head as one batch, in the order
    (B, H, M, N): "Keys" gives the key of each pair, "Queries" its query."""

    def __init__(self, params, which: str):
        self.params = params
        self.which = which

    def run(self, inputs, dtype):
        key, query = inputs["Key"], inputs["Query"]
        sh, K, Q = _layout(self.params, key, query)
        b, h, n, m = sh.batch, sh.heads, sh.n, sh.m
        if self.which == "Keys":
            full = np.broadcast_to(K[:, :, None], (b, h, m, n, K.shape[-1]))
        else:
            full = np.broadcast_to(Q[:, :, :, None], (b, h, m, n, Q.shape[-1]))
        flat = np.ascontiguousarray(full).reshape(-1, full.shape[-1])
        return Batch(np.asarray(flat, dtype), None), (sh, np.shape(key.data), np.shape(query.data))

    def grad(self, cache, d):
        sh, kshape, qshape = cache
        d = d.reshape(sh.batch, sh.heads, sh.m, sh.n, -1)
        if self.which == "Keys":                    # summed over the queries
            g = d.sum(axis=2).transpose(0, 2, 1, 3).reshape(kshape)
            return {"Key": g}
        return {"Query": d.sum(axis=3).transpose(0, 2, 1, 3).reshape(qshape)}


class Attend(ViewOp):
    """The scores of every pair → the weighted sums of the values (``attend``), and the
    layer's hidden "AttentionWeights" (NetPort[{…, "AttentionWeights"}] names the layer,
    evaluation finds them at this step: ``ATTEND``)."""

    hidden_outputs = (WEIGHTS,)

    def __init__(self, params):
        self.params = params

    def forward(self, inputs, arrays, states, ctx):
        p = self.params
        key, value, query = inputs["Key"], inputs["Value"], inputs["Query"]
        _check_keys_and_values(key, value)
        sh = _Shapes(p, key, query)
        b, n, m, h = sh.batch, sh.n, sh.m, sh.heads
        c = _scale(p, np.shape(key.data)[-1])
        S_ = np.asarray(inputs["Scores"].data, ctx.dtype).reshape(b, h, m, n) * c
        V = np.asarray(value.data, ctx.dtype).reshape(b, n, h, -1)
        O, saved = attend(p, S_, sh, key, query, V, ctx)
        out = O.reshape(sh.query_shape[:-1] + (V.shape[-1],)).astype(ctx.dtype)
        outputs = {"Output": Batch(out, query.lengths)}
        cache = None
        if ctx.keep:        # (evaluation asks for interior outputs with keep)
            cache = (saved, c, (b, m, h, V.shape[-1]), np.shape(value.data))
            outputs[WEIGHTS] = weights_output(p, sh, saved[0], key.lengths, query.lengths)
        return outputs, {}, cache

    def backward(self, cache, d_outputs, d_states):
        d = d_outputs.get("Output")
        if d is None:
            return {}, {}, {}
        saved, c, shape, vshape = cache
        dS, dV = attend_backward(saved, np.asarray(d).reshape(shape))
        return {"Scores": (dS * c).reshape(-1), "Value": dV.reshape(vshape)}, {}, {}


def wire_scored_attention(wiring, node, prefix: tuple, sources: dict, state_feeds: dict) -> dict:
    """Append the steps of an AttentionLayer with a scoring net (see the module's text)."""
    p = node.params
    if p["$InputPorts"] == INPUT_QUERY:                 # one "Input": the keys and values
        sources = {**sources, "Key": sources["Input"], "Value": sources["Input"]}
        sources.pop("Input")
    pair_in = {"Key": sources["Key"], "Query": sources["Query"]}
    keys = wiring.view(prefix + ("$Keys",), Pairs(p, "Keys"), pair_in)
    queries = wiring.view(prefix + ("$Queries",), Pairs(p, "Queries"), pair_in)
    wiring.stateless += 1
    try:
        outs = wiring.wire(node.net, node.sub_prefix(prefix, "ScoringNet"),
                           {"Input": keys, "Query": queries}, state_feeds)
    finally:
        wiring.stateless -= 1
    scores = next(iter(outs.values()))
    out = wiring.view(prefix + ("$Attend",), Attend(p), {**sources, "Scores": scores})
    return {"Output": out}


# ---------------------------------------------------------------------------- "Bilinear", "Dot"

# WL's AttentionLayer normalises the named scorings to nets (its "ScoringNet" parameter is
# always a net): "Bilinear" is NetGraph[<|"Linear" -> LinearLayer[q, "Biases" -> None],
# "Dot" -> DotLayer[]|>, {NetPort["Input"] -> "Linear", {NetPort["Query"], "Linear"} ->
# "Dot"}], s = q.(L.k) with a q×k matrix L, and "Dot" is NetGraph[{DotLayer[]},
# {{NetPort["Query"], NetPort["Input"]} -> 1}].  wlnet runs the two as the plain layer's
# fused arithmetic with a k×q "Weights" W = Transpose[L] (s = k.W.q) and shows them as
# those nets (NetExtract, Information, InputForm); a net of either form given to
# AttentionLayer, or read back from InputForm, becomes the plain layer again.

LINEAR, DOT = "Linear", "Dot"


def scoring_net_of(layer: Net) -> Net:
    """The NetGraph WL shows as the "ScoringNet" of the plain AttentionLayer ``layer``
    ("Bilinear" or "Dot"), with its sizes and, once initialised, its matrix."""
    p = layer.root.params
    weights = layer.arrays.get(layer.root.array_path((), "Weights"))
    return standard_scoring_net(p["ScoringNet"], p["KeySize"], p["QuerySize"], weights)


def standard_scoring_net(kind: str, k, q, weights=None) -> Net:
    """WL's scoring net ``kind`` ("Bilinear" or "Dot") for keys of size k and queries of
    size q (ints, or size variables when not known yet); ``weights``: the plain layer's k×q
    "Weights" (the "Linear" layer's are their transpose) or None."""
    from wlnet.net.construct import construct_layer
    from wlnet.net.containers.graph import build_graph
    from wlnet.net.registry import spec_for_symbol
    dot = construct_layer(spec_for_symbol("DotLayer"), ())
    query, key = ("graph", "Query"), ("graph", "Input")
    if kind == "Dot":
        layers = [("1", dot)]
        conns = [(query, ("layer", "1"), None), (key, ("layer", "1"), None)]
    else:
        args = [Integer(q)] if isinstance(q, int) else []
        args.append(Expr(S.Rule, String("Biases"), Symbol("None")))
        if weights is not None:
            args.append(Expr(S.Rule, String("Weights"), transposed(weights)))
        linear = construct_layer(spec_for_symbol("LinearLayer"), tuple(args))
        layers = [(LINEAR, linear), (DOT, dot)]
        conns = [(key, ("layer", LINEAR), None), (query, ("layer", DOT), None),
                 (("layer", LINEAR), ("layer", DOT), None)]
    vector = lambda size: TensorT((size if isinstance(size, int) else fresh_size(),), RealT)
    return infer(build_graph(layers, conns), [("Input", vector(k), True), ("Query", vector(q), True)])


def scoring_net_text(kind) -> str:
    """The summary's line for a "Bilinear"/"Dot" scoring: the layers of WL's net."""
    layers = "DotLayer" if kind == String("Dot") else "LinearLayer, DotLayer"
    return f"NetGraph[{{{layers}}}]"


def transposed(array):
    """The transpose of a matrix's NumericArray (same element type)."""
    from wlnet.core.numeric_array import NumericArray
    return NumericArray(np.asarray(array.array).T, array.type_name)


def standard_scoring(scoring: Net):
    """("Bilinear", L or None) or ("Dot", None) when ``scoring`` is one of WL's two named
    scoring nets (any layer names, the dot's inputs in either order); None otherwise."""
    root = scoring.root
    if root.type != "Graph" or set(root.input_names) != {"Input", "Query"} \
            or len(root.output_names) != 1:
        return None
    edges = dict(root.edges)                          # destination -> source
    kinds = {name: node.type for name, node in root.nodes.items()}
    dots = [n for n, t in kinds.items() if t == "Dot"]
    if len(dots) != 1 or edges.get(("Outputs", root.output_names[0])) \
            != ("Nodes", dots[0], "Outputs", "Output"):
        return None
    dot = dots[0]
    fed = sorted(src for dst, src in root.edges if dst[:2] == ("Nodes", dot))
    if len(fed) != 2 or root.nodes[dot].params.get("Transpositions") is not None:
        return None
    if len(kinds) == 1 and fed == [("Inputs", "Input"), ("Inputs", "Query")]:
        return ("Dot", None)
    linears = [n for n, t in kinds.items() if t == "Linear"]
    if len(kinds) != 2 or len(linears) != 1:
        return None
    lin = linears[0]
    node = root.nodes[lin]
    if ("Inputs", "Query") not in fed or ("Nodes", lin, "Outputs", "Output") not in fed \
            or edges.get(("Nodes", lin, "Inputs", "Input")) != ("Inputs", "Input") \
            or "Biases" not in node.absent or node.shared or node.lrm is not None:
        return None                 # (a multiplier of its own would be lost in the plain layer)
    return ("Bilinear", scoring.arrays.get(node.array_path(("Nodes", lin), "Weights")))


def plain_scoring_layer(layer: Net, kind: str, linear) -> Net:
    """The plain AttentionLayer ``layer`` with the scoring ``kind`` and, for "Bilinear"
    with a known matrix L (the "Linear" layer's q×k weights), "Weights" = Transpose[L]."""
    node = layer.root
    params = dict(node.params)
    params["ScoringNet"] = kind
    arrays = {path: v for path, v in layer.arrays.items() if path[-1] != "Weights"}
    if linear is not None:
        arrays[node.array_path((), "Weights")] = transposed(linear)
    return infer(Net(attrs.evolve(node, params=FrozenDict(params)), FrozenDict(arrays)))
