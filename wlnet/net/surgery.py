"""Net surgery: taking a net apart and putting it back together, on the net IR.

``extract`` is NetExtract (a layer, an array, a parameter, a port's type or coder, along a
path of layer positions/names), ``replace_part`` is NetReplacePart (an array, a port, a
parameter, a whole layer), ``net_part``/``net_length``/``net_normal`` are Part, Length and
Normal of a net, ``coder_property`` is NetExtract of a coder.  They take and give nets
(``wlnet.net.net.Net``) and WL expressions; a spec that names nothing gives None, a bad
replacement raises ``NetSpecError``.  The WL face (``wlnet.builtins.net``) checks the
arguments and turns failures into messages.
"""

from __future__ import annotations

import attrs

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.coders.base import assoc
from wlnet.net.construct import array_value
from wlnet.net.errors import NetSpecError
from wlnet.net.net import Net, freshen, infer
from wlnet.net.ports import port_spec
from wlnet.net.types import FrozenDict, TensorT, type_to_expr
from wlnet.net.coders.expr import coder_from_expr
from wlnet.net.wlform import (
    is_net_expr, layer_from_expr, layer_param_expr, net_from_expr, net_to_expr,
)

__all__ = ["sub_net", "layer_name", "extract", "coder_property", "replace_part", "net_part",
           "net_length", "net_normal"]


def _is_container(node) -> bool:
    return node.type in ("Chain", "Graph") or _is_operator(node)


def _is_operator(node) -> bool:
    return hasattr(node, "sub_prefix")


def _sub_prefix(root, name: str) -> tuple:
    """Where a container keeps its sub-net ``name``: ("Nodes", name) in a chain or graph,
    ("Parameters", name) in a net operator (as WL's paths say)."""
    return root.sub_prefix((), name) if _is_operator(root) else ("Nodes", name)


def sub_net(net: Net, name: str) -> Net:
    """The layer ``name`` of a container as a net of its own (its arrays' paths re-rooted)."""
    root = net.root
    node = root.nodes[name]
    prefix = _sub_prefix(root, name)
    arrays = {p[2:]: v for p, v in net.arrays.items() if p[:2] == prefix}
    return Net(node, FrozenDict(arrays))


def layer_name(net: Net, spec):
    """A layer position (1-based int, negative from the end, or a name) → node name."""
    if not _is_container(net.root):
        return None
    if _is_operator(net.root):            # "Net", "ForwardNet", "BackwardNet"
        return spec.value if type(spec) is String and spec.value in net.root.nodes else None
    names = list(net.root.nodes)
    if type(spec) is Integer:
        i = spec.value
        if 1 <= i <= len(names):
            return names[i - 1]
        if -len(names) <= i <= -1:
            return names[i]
        return None
    if type(spec) is String and spec.value in net.root.nodes:
        return spec.value
    return None


def extract(net: Net, spec):
    """NetExtract[net, spec] as an expression, or None when ``spec`` names nothing."""
    if type(spec) is Expr and spec.head is S.List:
        if not spec.args:
            return None
        cur = net
        for part in spec.args[:-1]:
            name = layer_name(cur, part)
            if name is None:
                return None
            cur = sub_net(cur, name)
        return extract(cur, spec.args[-1])
    if type(spec) is Symbol and spec.name == "All":
        return net_normal(net)
    name = layer_name(net, spec)
    if name is not None:
        return net_to_expr(sub_net(net, name))
    if type(spec) is not String:
        return None
    key = spec.value
    root = net.root
    coders = getattr(root, "coders", {})
    for ports in (net.inputs(), net.outputs(), net.states()):
        if key in ports:
            return coders[key].to_expr() if key in coders else type_to_expr(ports[key])
    if _is_container(root):
        return None
    if key == "Arrays":
        return assoc((name, net.arrays.get(("Arrays", name), Symbol("Automatic")))
                     for name in root.array_shapes())
    if key in root.array_shapes():
        return net.arrays.get(("Arrays", key), Symbol("Automatic"))
    if key in root.absent:
        return Symbol("None")
    if key in root.params and not key.startswith("$"):
        value = layer_param_expr(root, key)
        return Symbol("Automatic") if value == Symbol("NeuralNetworks`SizeT") else value
    return None


def coder_property(coder_expr, prop):
    """``NetExtract[coder, "param"]`` / ``coder[["param"]]``: "Alphabet", "Labels", "Count"…"""
    coder = coder_from_expr(coder_expr)
    if coder is None or type(prop) is not String:
        return None
    if prop.value == "Alphabet" and coder.name == "Characters":
        return Expr.from_args(S.List, (String(c) if isinstance(c, str) else c for c in coder.alphabet()))
    if prop.value == "Count" and isinstance(getattr(coder, "count", None), int):
        return Integer(coder.count)
    for key, value in coder.params_expr():
        if key == prop.value and not key.startswith("$"):
            return value
    return None


def _set_port(port: str, value, is_input: bool, coders: dict, hints: list) -> None:
    """Replace what ``port`` is given: a shape or type becomes a hint for inference, a coder
    spec the port's coder; the old coder goes either way."""
    hint = port_spec(value, is_input, port)
    coders.pop(port, None)
    if isinstance(hint, TensorT):
        hints.append((port, hint, is_input))
    elif hint is not None:
        coders[port] = hint


def replace_in_layer(net: Net, key: str, value) -> Net:
    """A layer with its array, port or option ``key`` replaced by ``value``."""
    node = net.root
    spec = node.spec
    arrays = dict(net.arrays)
    params = dict(node.params)
    coders = dict(node.coders)
    absent = set(node.absent)
    hints = []
    specs = node.array_specs()
    ins, outs = node.inputs(), node.outputs()
    if key in specs:
        v = array_value(key, value, specs[key].nullable, spec.symbol)
        arrays.pop(("Arrays", key), None)
        absent.discard(key)
        if v is None:
            absent.add(key)
        elif v != "auto":
            arrays[("Arrays", key)] = v
    elif key in ins or key in outs:
        _set_port(key, value, key in ins, coders, hints)
    elif key in spec.options:
        spec.parse_option(key, value, params)
    else:
        raise NetSpecError("invrepl", Expr(S.Rule, String(key), value),
                           f"{spec.symbol} has no array, port or option \"{key}\".",
                           symbol="NetReplacePart")
    new = attrs.evolve(node, params=FrozenDict(params), coders=FrozenDict(coders),
                        absent=frozenset(absent))
    return infer(Net(new, FrozenDict(arrays)), hints)


def with_sub_net(net: Net, name: str, sub: Net) -> Net:
    """A container with its layer ``name`` replaced by the net ``sub``."""
    root = net.root
    nodes = dict(root.nodes)
    nodes[name] = freshen(sub.root)
    prefix = _sub_prefix(root, name)
    arrays = {p: v for p, v in net.arrays.items() if p[:2] != prefix}
    arrays.update({prefix + p: v for p, v in sub.arrays.items()})
    return infer(Net(attrs.evolve(root, nodes=FrozenDict(nodes)), FrozenDict(arrays)))


def replace_part(net: Net, spec, value) -> Net:
    """NetReplacePart[net, spec -> value]: the new net; NetSpecError when ``spec`` names
    nothing replaceable."""
    parts = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    if not parts:
        raise NetSpecError("nopart", spec, symbol="NetReplacePart")
    if len(parts) > 1 or (_is_container(net.root) and layer_name(net, parts[0])):
        name = layer_name(net, parts[0])
        if name is None:
            raise NetSpecError("nopart", spec, symbol="NetReplacePart")
        if len(parts) == 1:
            return with_sub_net(net, name, layer_from_expr(value))
        rest = Expr.from_args(S.List, parts[1:]) if len(parts) > 2 else parts[1]
        return with_sub_net(net, name, replace_part(sub_net(net, name), rest, value))
    key = parts[0]
    if type(key) is not String:
        raise NetSpecError("nopart", spec, symbol="NetReplacePart")
    if _is_container(net.root):
        ins, outs = net.inputs(), net.outputs()
        if key.value not in ins and key.value not in outs:
            raise NetSpecError("nopart", spec, symbol="NetReplacePart")
        coders, hints = dict(net.root.coders), []
        _set_port(key.value, value, key.value in ins, coders, hints)
        return infer(Net(attrs.evolve(net.root, coders=FrozenDict(coders)), net.arrays), hints)
    return replace_in_layer(net, key.value, value)


def net_part(net_expr, *specs):
    """``net[[spec…]]`` for NetChain/NetGraph: the sub-layer (as NetExtract), or None."""
    net = net_from_expr(net_expr)
    if net is None:
        return None
    for i, spec in enumerate(specs):
        name = layer_name(net, spec)
        if name is None:
            return None
        net = sub_net(net, name)
    return net_to_expr(net)


def net_length(net_expr):
    """``Length[chain]``: the number of layers (None for anything else)."""
    net = net_from_expr(net_expr) if is_net_expr(net_expr) else None
    if net is None or net.root.type not in ("Chain", "Graph"):
        return None
    return Integer(len(net.root.nodes))


def net_normal(net_or_expr):
    """``Normal[chain]``: the list (or association) of its layers; ``Normal[layer]``: an
    association of its arrays and parameters (None for anything else)."""
    net = net_or_expr if isinstance(net_or_expr, Net) else net_from_expr(net_or_expr)
    if net is None:
        return None
    root = net.root
    if _is_operator(root):
        return assoc((n, net_to_expr(sub_net(net, n))) for n in root.nodes)
    if root.type in ("Chain", "Graph"):
        names = list(root.nodes)
        subs = [(n, net_to_expr(sub_net(net, n))) for n in names]
        if all(n == str(i) for i, n in enumerate(names, 1)):
            return Expr.from_args(S.List, (v for _, v in subs))
        return assoc(subs)
    pairs = [(name, net.arrays.get(("Arrays", name), Symbol("Automatic")))
             for name in root.array_shapes()]
    pairs += [(k, layer_param_expr(root, k)) for k in root.params if not k.startswith("$")]
    return assoc(pairs)
