"""The boundary between the net IR and WL expressions (the one module that converts).

``net_to_expr(net)`` gives Wolfram's InputForm shape::

    GatedRecurrentLayer[<|"Type" -> "GatedRecurrent", "Arrays" -> <|…|>,
        "Parameters" -> <|…|>, "Inputs" -> <|…|>, "Outputs" -> <|…|>, "States" -> <|…|>|>,
        <|"Version" -> "14.1.1", "Unstable" -> False|>]

with uninitialised arrays as types, and ``net_from_expr`` reads it back (constructing a
net from its association form is the identity).  ``layer_from_expr`` also accepts the
shorthands allowed inside containers: ``n`` (LinearLayer[n]), ``Ramp`` & co
(ElementwiseLayer), ``{…}`` (a nested NetChain).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.numeric_array import NumericArray
from wlnet.net.coders.base import Coder, assoc
from wlnet.net.errors import NetSpecError
from wlnet.net.net import Net, infer
from wlnet.net.registry import spec_for_symbol, spec_for_type
from wlnet.net.spec import LayerNode
from wlnet.net.types import (
    FrozenDict, LengthVar, SizeList, SizeVar, TensorT, dim_from_expr, dim_to_expr, sizelist_from_expr, sizelist_to_expr, type_to_expr, NN,
)

__all__ = ["net_to_expr", "net_from_expr", "coder_from_expr", "is_net_expr", "short_text",
           "layer_from_expr", "METADATA", "node_assoc", "path_expr", "CONTAINER_HEADS"]

VERSION = "14.1.1"
METADATA = assoc([("Version", String(VERSION)), ("Unstable", Symbol("False"))])
CONTAINER_HEADS = ("NetChain", "NetGraph")


def _assoc_get(e, key: str):
    for r in e.args:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and r.args[0] == String(key):
            return r.args[1]
    return None


def _assoc_items(e) -> list:
    if not (type(e) is Expr and e.head is S.Association):
        raise ValueError("not an association")
    out = []
    for r in e.args:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2):
            raise ValueError("not an association")
        out.append((r.args[0], r.args[1]))
    return out


def path_expr(path: tuple) -> Expr:
    return Expr.from_args(NN("NetPath"), (String(p) for p in path))


# ---------------------------------------------------------------------------- to WL

def _param_expr(value):
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return Integer(value)
    if isinstance(value, (SizeVar, LengthVar)):
        return dim_to_expr(value)
    if isinstance(value, SizeList):
        return sizelist_to_expr(value.dims, value.tail)
    return value


def _ports_assoc(types: dict, coders: dict) -> Expr:
    return assoc((name, coders[name].to_expr() if name in coders else type_to_expr(t))
                 for name, t in types.items())


def node_assoc(node, arrays: dict, prefix: tuple = ()) -> Expr:
    if isinstance(node, LayerNode):
        return _layer_assoc(node, arrays, prefix)
    from wlnet.net.containers.chain import interior_states
    nodes = assoc((name, node_assoc(sub, arrays, prefix + ("Nodes", name)))
                  for name, sub in node.nodes.items())
    edge_pairs = node.edges() if node.type == "Chain" else node.edges
    edges = Expr.from_args(S.List, (Expr(S.Rule, path_expr(d), path_expr(s)) for d, s in edge_pairs))
    ins = _ports_assoc(node.inputs(), node.coders)
    outs = _ports_assoc(node.outputs(), node.coders)
    fed = node.fed_states() if node.type == "Graph" else frozenset()
    states = interior_states(node, (), fed)
    pairs = [("Type", String(node.type))]
    if node.type == "Chain":
        pairs += [("Nodes", nodes), ("Edges", edges), ("Inputs", ins), ("Outputs", outs)]
    else:
        pairs += [("Inputs", ins), ("Outputs", outs), ("Nodes", nodes), ("Edges", edges)]
    if states:
        pairs.append(("InteriorStates", assoc(
            (_state_key(key), path_expr(path)) for key, path in states)))
    return assoc(pairs)


def _state_key(key: tuple) -> Expr:
    """``("1", "State")`` → ``{1, "State"}`` (positions of list-form containers are integers)."""
    layers = [Integer(int(k)) if k.isdigit() else String(k) for k in key[:-1]]
    return Expr.from_args(S.List, layers + [String(key[-1])])


def _layer_assoc(node: LayerNode, arrays: dict, prefix: tuple) -> Expr:
    spec = node.spec
    arr_pairs = []
    shapes = node.array_shapes()
    for a in spec.arrays:
        if a.name in node.absent:
            arr_pairs.append((a.name, Symbol("None")))
            continue
        value = arrays.get(prefix + ("Arrays", a.name))
        if value is None:
            value = type_to_expr(TensorT(shapes[a.name]))
        arr_pairs.append((a.name, value))
    params = assoc((p.name, _param_expr(node.params[p.name])) for p in spec.params if not p.hidden)
    pairs = [("Type", String(node.type)), ("Arrays", assoc(arr_pairs)), ("Parameters", params),
             ("Inputs", _ports_assoc(node.inputs(), node.coders)),
             ("Outputs", _ports_assoc(node.outputs(), node.coders))]
    states = node.states()
    if states:
        pairs.append(("States", assoc((k, type_to_expr(t)) for k, t in states.items())))
    if node.lrm is not None:                  # only when given: NetTrain reads it
        pairs.append(("LearningRateMultipliers", node.lrm))
    return assoc(pairs)


def net_to_expr(net: Net) -> Expr:
    return Expr(Symbol(net.root.symbol), node_assoc(net.root, net.arrays, ()), METADATA)


# ---------------------------------------------------------------------------- from WL

def is_net_expr(e) -> bool:
    if not (type(e) is Expr and type(e.head) is Symbol and len(e.args) == 2):
        return False
    a = e.args[0]
    return (type(a) is Expr and a.head is S.Association and e.args[1].head is S.Association
            and type(_assoc_get(a, "Type")) is String)


def net_from_expr(e) -> Net | None:
    """A net expression → Net (None when ``e`` is not one).  Raises NetSpecError when it
    has a net's shape but does not describe a valid net."""
    if not is_net_expr(e):
        return None
    try:
        node, arrays = _node_from_assoc(e.args[0], ())
    except (ValueError, KeyError, AttributeError, TypeError):
        raise NetSpecError("invlayer", e)
    if getattr(node, "symbol", None) != e.head.name:
        raise NetSpecError("invlayer", e)
    return infer(Net(node, FrozenDict(arrays)))


def _node_from_assoc(a, prefix: tuple):
    type_name = _assoc_get(a, "Type").value
    if type_name == "Chain":
        return _chain_from_assoc(a, prefix)
    if type_name == "Graph":
        return _graph_from_assoc(a, prefix)
    spec = spec_for_type(type_name)
    params = spec.default_params()
    stored = dict((k.value, v) for k, v in _assoc_items(_assoc_get(a, "Parameters")))
    kinds = {p.name: p.kind for p in spec.params}
    for name, value in stored.items():
        kind = kinds[name]
        if kind in ("size", "length"):
            params[name] = dim_from_expr(value)
        elif kind == "sizelist":
            params[name] = sizelist_from_expr(value)
        else:
            params[name] = value
    arrays, absent = {}, set()
    for k, v in _assoc_items(_assoc_get(a, "Arrays")):
        if isinstance(v, NumericArray):
            arrays[prefix + ("Arrays", k.value)] = v
        elif type(v) is Symbol and v.name == "None":
            absent.add(k.value)
    node = LayerNode(type_name, FrozenDict(params), FrozenDict(_port_coders(a)), frozenset(absent),
                     _assoc_get(a, "LearningRateMultipliers"))
    return node, arrays


def _sub_nodes(a, prefix):
    nodes, arrays = {}, {}
    for k, v in _assoc_items(_assoc_get(a, "Nodes")):
        node, arr = _node_from_assoc(v, prefix + ("Nodes", k.value))
        nodes[k.value] = node
        arrays.update(arr)
    return nodes, arrays


def _port_coders(a) -> dict:
    """The coders stored in place of port types under "Inputs"/"Outputs"."""
    coders = {}
    for key in ("Inputs", "Outputs"):
        ports = _assoc_get(a, key)
        for k, v in _assoc_items(ports) if ports is not None else ():
            c = coder_from_expr(v)
            if c is not None:
                coders[k.value] = c
    return coders


def _chain_from_assoc(a, prefix):
    from wlnet.net.containers.chain import ChainNode
    nodes, arrays = _sub_nodes(a, prefix)
    return ChainNode(FrozenDict(nodes), FrozenDict(_port_coders(a))), arrays


def _path_from_expr(e) -> tuple:
    if not (type(e) is Expr and e.head is NN("NetPath")):
        raise ValueError("not a NetPath")
    return tuple(x.value for x in e.args)


def _graph_from_assoc(a, prefix):
    from wlnet.net.containers.graph import GraphNode
    nodes, arrays = _sub_nodes(a, prefix)
    edges = tuple((_path_from_expr(r.args[0]), _path_from_expr(r.args[1]))
                  for r in _assoc_get(a, "Edges").args)
    ins = tuple(k.value for k, _ in _assoc_items(_assoc_get(a, "Inputs")))
    outs = tuple(k.value for k, _ in _assoc_items(_assoc_get(a, "Outputs")))
    return GraphNode(FrozenDict(nodes), edges, ins, outs, FrozenDict(_port_coders(a))), arrays


def coder_from_expr(e) -> Coder | None:
    """``NetEncoder[name, <|…|>, type]`` / ``NetDecoder[…]`` → coder, else None."""
    if not (type(e) is Expr and type(e.head) is Symbol and e.head.name in ("NetEncoder", "NetDecoder")
            and len(e.args) == 3 and type(e.args[0]) is String):
        return None
    from wlnet.net.coders.decoders import decoder_from_form
    from wlnet.net.coders.encoders import encoder_from_form
    try:
        params = {k.value: v for k, v in _assoc_items(e.args[1])}
        make = encoder_from_form if e.head.name == "NetEncoder" else decoder_from_form
        return make(e.args[0].value, params, e.args[2])
    except (ValueError, KeyError, AttributeError, TypeError):
        return None


# ---------------------------------------------------------------------------- shorthands

def layer_from_expr(e) -> Net:
    """A layer inside a container: a net, ``n``, ``{n1, …}``… Raises NetSpecError."""
    net = net_from_expr(e)
    if net is not None:
        return net
    from wlnet.net.construct import construct_layer
    if type(e) is Integer and e.value > 0:
        return construct_layer(spec_for_symbol("LinearLayer"), (e,))
    if type(e) is Symbol or (type(e) is Expr and e.head is S.Function):
        from wlnet.net.layers.elementwise import valid_function
        if valid_function(e):
            return construct_layer(spec_for_symbol("ElementwiseLayer"), (e,))
    if type(e) is Expr and e.head is S.List and e.args:
        from wlnet.net.containers.chain import build_chain
        return build_chain([(str(i), layer_from_expr(x)) for i, x in enumerate(e.args, 1)])
    raise NetSpecError("invlayer", e)


def short_text(e, limit: int = 60) -> str:
    """An expression as InputForm text for messages (shortened)."""
    try:
        from wlnet.syntax.printer import input_form
        text = input_form(e)
    except Exception:                                   # printer not available
        text = _fallback_text(e)
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _fallback_text(e) -> str:
    t = type(e)
    if t is String:
        return '"' + e.value + '"'
    if t is Integer or t is Real:
        return repr(e.value)
    if t is Symbol:
        return e.name
    if isinstance(e, NumericArray):
        return f"NumericArray[<{e.type_name}>]"
    if t is Expr:
        if e.head is S.List:
            return "{" + ", ".join(_fallback_text(a) for a in e.args) + "}"
        if e.head is S.Rule:
            return _fallback_text(e.args[0]) + " -> " + _fallback_text(e.args[1])
        return _fallback_text(e.head) + "[" + ", ".join(_fallback_text(a) for a in e.args) + "]"
    return str(e)

