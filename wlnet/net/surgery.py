"""Net surgery: taking a net apart and putting it back together, on the net IR.

``extract`` is NetExtract (a layer, an array, a parameter, a port's type or coder, along a
path of layer positions/names), ``replace_part`` is NetReplacePart (an array, a port, a
parameter, a whole layer), ``net_part``/``net_length``/``net_normal`` are Part, Length and
Normal of a net, ``coder_property`` is NetExtract of a coder.  They take and give nets
(``wlnet.net.net.Net``) and WL expressions; a spec that names nothing gives None, a bad
replacement raises ``NetSpecError``.  The WL face (``wlnet.builtins.net``) checks the
arguments and turns failures into messages.

The layer-list operations (NetTake, NetDrop, NetJoin, NetAppend, NetPrepend, NetInsert,
NetDelete, NetFlatten, NetRename, NetReplace) rebuild a container from (name, Net) pieces
with ``build_chain``/``build_graph``: each piece carries its arrays, so initialised arrays
follow their layer to its new path, and every shape is inferred again.  A graph is rebuilt
from its own edges turned back into connections (``_ref``).
"""

from __future__ import annotations

import attrs

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.coders.base import assoc
from wlnet.net.construct import array_value, set_array_option
from wlnet.net.errors import NetSpecError
from wlnet.net.net import (
    Net, freshen, infer, is_container, is_operator, layer_name, port_coder, sub_net, sub_prefix,
)
from wlnet.net.ports import fitted_coder, port_form, port_spec
from wlnet.net.shape import NetTypeError
from wlnet.net.shared import is_net_array, net_array_expr, shared_arrays
from wlnet.net.spec import dims_text, nest_path, shared_path
from wlnet.net.spec import LayerNode
from wlnet.net.types import FrozenDict, SizeList, SizeVar, TensorT, describe_type, fresh_size, is_known
from wlnet.net.coders.expr import coder_from_expr
from wlnet.net.wlform import (
    is_net_expr, layer_from_expr, layer_param_expr, net_from_expr, net_to_expr,
)

__all__ = ["extract", "valid_parts", "coder_property", "replace_part", "net_part",
           "net_length", "net_normal"]


def extract(net: Net, spec):
    """NetExtract[net, spec] as an expression, or None when ``spec`` names nothing."""
    if type(spec) is Expr and spec.head is Symbol("NetPort") and spec.args:   # NetPort[{1, "Output"}]
        parts = spec.args[0].args if len(spec.args) == 1 and type(spec.args[0]) is Expr \
            and spec.args[0].head is S.List else spec.args
        spec = Expr.from_args(S.List, parts) if len(parts) > 1 else parts[0]
    if type(spec) is Expr and spec.head is S.List:
        if not spec.args:
            return None
        if all(type(x) is Expr and x.head is S.List for x in spec.args):   # {{1}, {3, "Weights"}}
            found = [extract(net, x) for x in spec.args]
            return None if any(x is None for x in found) else Expr.from_args(S.List, found)
        cur = net
        for i, part in enumerate(spec.args[:-1]):
            if i == len(spec.args) - 2 and _coder_port(cur, part) is not None:
                # {"port", "param"}: a parameter of the port's coder
                port, is_input = _coder_port(cur, part)
                return coder_property(port_coder(cur.root, port, is_input).to_expr(), spec.args[-1])
            if type(part) is Symbol and part.name == "All":
                return _extract_each(cur, spec.args[i + 1:])
            if _has_named_scoring(cur) and part == String("ScoringNet"):
                cur = _scoring_net(cur)
                continue
            name = layer_name(cur, part)
            if name is None:
                return None
            cur = sub_net(cur, name)
        return extract(cur, spec.args[-1])
    if type(spec) is Symbol and spec.name == "All":
        return net_normal(net)
    if is_net_array(spec):
        return _extract_shared(net, spec)
    if type(spec) is Symbol and spec.name == "LearningRateMultipliers" and not is_container(net.root):
        return net.root.lrm if net.root.lrm is not None else Symbol("Automatic")
    if spec == String("Function") and getattr(net.root, "function", None) is not None:
        return net.root.function           # a FunctionLayer of nets: the function it was given
    name = layer_name(net, spec)
    if name is not None:
        return net_to_expr(sub_net(net, name))
    if type(spec) is not String:
        return None
    root = net.root
    key = _own_name(root, spec.value)
    coders = getattr(root, "coders", {})
    for ports in (net.inputs(), net.outputs(), net.states()):
        if key in ports:      # the port as a user specifies it ({"Varying", 3}, a coder…)
            return coders[key].to_expr() if key in coders else port_form(ports[key])
    if is_container(root):
        found = _container_param(root, key)
        return found if found is not None else _operator_setting(net, key)
    if key == "Arrays" and key not in root.params:    # (PlaceholderLayer's option comes first)
        return assoc((name, net.arrays.get(root.array_path((), name), Symbol("Automatic")))
                     for name in root.array_shapes())
    if key in root.array_shapes():
        return net.arrays.get(root.array_path((), key), Symbol("Automatic"))
    if key in root.absent:
        return Symbol("None")
    if key == "ScoringNet" and _has_named_scoring(net):
        return net_to_expr(_scoring_net(net))
    if key in root.params and not key.startswith("$"):
        value = root.spec.extracted_param(root.params, key, layer_param_expr(root, key))
        return Symbol("Automatic") if value == Symbol("NeuralNetworks`SizeT") else value
    return None


def _has_named_scoring(net: Net) -> bool:
    """An AttentionLayer whose scoring is "Bilinear" or "Dot" (not a net of its own)."""
    return not is_container(net.root) and net.root.type == "Attention"


def _scoring_net(net: Net) -> Net:
    """The scoring net WL shows for such a layer (a NetGraph, net/containers/scoring.py)."""
    from wlnet.net.containers.scoring import scoring_net_of
    return scoring_net_of(net)


def _container_param(root, key: str):
    """A parameter of a container that has a layer's (AttentionLayer with a scoring net:
    "Mask", "ScoreRescaling"…); None for the others."""
    params = getattr(root, "params", None)
    if params is None or key not in params or key.startswith("$"):
        return None
    from wlnet.net.registry import spec_for_type
    from wlnet.net.wlform import param_to_expr
    param = next((p for p in spec_for_type(root.type).params if p.name == key), None)
    return None if param is None or key == "ScoringNet" else param_to_expr(param, params[key])


def _operator_settings(net: Net) -> dict:
    """The settings of an operator that are no nets (NetGANOperator's "Loss"), as the
    net's expression keeps them among its "Parameters": name -> value."""
    from wlnet.net.wltext import assoc_get, assoc_items
    expr = net_to_expr(net)
    params = assoc_get(expr.args[0], "Parameters") if type(expr) is Expr and expr.args \
        and type(expr.args[0]) is Expr and expr.args[0].head is S.Association else None
    if type(params) is not Expr:
        return {}
    return {k.value: v for k, v in assoc_items(params) if type(k) is String
            and not k.value.startswith("$")
            and not (type(v) is Expr and v.head is S.Association)}    # (nets are layers)


def _operator_setting(net: Net, key: str):
    """An operator's setting ``key`` (see ``_operator_settings``); None when it has none."""
    return _operator_settings(net).get(key)


def _extract_each(net: Net, rest: tuple):
    """NetExtract[net, {All, spec…}]: {spec…} of every layer of the container ``net`` (a
    list for positional layers, else an association by name), Missing["NotPresent"] for a
    layer without it; None if ``net`` is not a container."""
    if not is_container(net.root):
        return None
    names = list(net.root.nodes)
    rest_spec = rest[0] if len(rest) == 1 else Expr.from_args(S.List, rest)
    found = []
    for name in names:
        got = extract(sub_net(net, name), rest_spec)
        found.append((name, Expr(S.Missing, String("NotPresent")) if got is None else got))
    if all(n == str(i) for i, n in enumerate(names, 1)):
        return Expr.from_args(S.List, (v for _, v in found))
    return assoc(found)


def _extract_shared(net: Net, spec):
    """NetExtract[net, NetArray["name"]]: the shared array's values (Automatic before
    NetInitialize); NetArray[All]: an association of every shared array, by its NetArray
    (programs read a key's name as Normal[key]["Name"])."""
    shared = shared_arrays(net)
    arg = spec.args[0] if len(spec.args) == 1 else None
    if type(arg) is Symbol and arg.name == "All":
        return assoc((net_array_expr(name), value if value is not None else Symbol("Automatic"))
                     for name, (_, value) in shared.items())
    if type(arg) is String and arg.value in shared:
        value = shared[arg.value][1]
        return value if value is not None else Symbol("Automatic")
    return None


def shared_names_text(net: Net) -> str:
    names = list(shared_arrays(net))
    return ", ".join(f'NetArray["{n}"]' for n in names) if names else "none"


def valid_parts(net: Net, spec) -> str:
    """What a NetExtract spec could have named where it went wrong: the layers of the
    container it stopped in, or the ports, arrays and parameters of the layer."""
    parts = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    for part in parts[:-1]:
        name = layer_name(net, part)
        if name is None:
            break
        net = sub_net(net, name)
    root = net.root
    quoted = lambda names: [f'"{n}"' for n in names]
    ports = quoted([*net.inputs(), *net.outputs(), *net.states()])
    if is_container(root):            # chains, graphs, operators: their nets and ports
        operator = root.type not in ("Chain", "Graph")
        nets = ("the nets " + ", ".join(quoted(root.nodes)) if operator
                else "the layers " + _valid_layers(net))
        settings = quoted(_operator_settings(net)) if operator else []
        return ", ".join([nets] + (["the ports " + ", ".join(ports)] if ports else []) +
                         (["the settings " + ", ".join(settings)] if settings else []))
    params = [k for k in root.params if not k.startswith("$")]
    groups = [("the ports", ports), ("the arrays", quoted(root.array_shapes())),
              ("the parameters", quoted(params))]
    return "; ".join(f"{label} {', '.join(names)}" for label, names in groups if names)


def coder_property(coder_expr, prop):
    """``NetExtract[coder, "param"]`` / ``coder[["param"]]``: "Alphabet", "Labels", "Count"…"""
    coder = coder_from_expr(coder_expr)
    if coder is None:
        return None
    if type(prop) is Symbol and prop.name == "All":          # every parameter (= Normal[coder])
        return assoc((k, v) for k, v in coder.params_expr() if not k.startswith("$"))
    if type(prop) is Expr and prop.head is S.List and len(prop.args) == 1:
        return coder_property(coder_expr, prop.args[0])
    if type(prop) is Expr and prop.head is S.List and prop.args and all(
            type(p) is Expr and p.head is S.List for p in prop.args):   # {{"p1"}, {"p2"}}
        found = [coder_property(coder_expr, p) for p in prop.args]
        return None if any(f is None for f in found) else Expr.from_args(S.List, found)
    if type(prop) is not String:
        return None
    if prop.value == "Alphabet" and coder.name == "Characters":
        return Expr.from_args(S.List, (String(c) if isinstance(c, str) else c for c in coder.alphabet()))
    if prop.value == "Count" and isinstance(getattr(coder, "count", None), int):
        return Integer(coder.count)
    if prop.value == "Type":                                # the NetExtract page: "Image"
        return String(coder.name)
    if prop.value == ("Output" if coder.kind == "Encoder" else "Input"):
        return port_form(coder.type)                        # the array side, as a port shows it
    for key, value in [*coder.params_expr(), *coder.unshown_params()]:
        if key == prop.value and not key.startswith("$"):
            return value
    return None


def _is_none(e) -> bool:
    return type(e) is Symbol and e.name == "None"


def _at_port(node, port: str, is_input: bool, change):
    """``node`` with ``change`` applied to it and, inside a container, to every node behind
    its port ``port`` (a chain's first or last layer, the layers a graph port feeds or is
    fed by), down to the layers."""
    node = change(node, port)
    if node.type == "Chain":
        name = node.names[0] if is_input else node.names[-1]
        inner = _at_port(node.nodes[name], port, is_input, change)
        return attrs.evolve(node, nodes=FrozenDict({**node.nodes, name: inner}))
    if node.type == "Graph":
        nodes = dict(node.nodes)
        for dst, src in node.edges:
            inner = dst if is_input and src == ("Inputs", port) else \
                src if not is_input and dst == ("Outputs", port) else None
            if inner is not None and inner[0] == "Nodes" and len(inner) == 4:
                nodes[inner[1]] = _at_port(nodes[inner[1]], inner[3], is_input, change)
        return attrs.evolve(node, nodes=FrozenDict(nodes))
    return node


def _drop_coder(node, port: str):
    if port not in getattr(node, "coders", {}):
        return node
    return attrs.evolve(node, coders=FrozenDict({p: c for p, c in node.coders.items() if p != port}))


def without_coder(node, port: str, is_input: bool):
    """``node`` with no coder on its port ``port``: its own, and in a container the one on
    the inner port behind it (``"Output" -> None`` removes a chain's decoder wherever it
    was attached)."""
    return _at_port(node, port, is_input, _drop_coder)


def _set_port(port: str, value, port_type, is_input: bool, coders: dict, hints: list) -> None:
    """Replace what ``port`` (of type ``port_type``) is given: a shape or type becomes a hint
    for inference, a coder spec the port's coder; the old coder goes either way (``None``:
    nothing more)."""
    coders.pop(port, None)
    if _is_none(value):
        return
    hint = port_spec(value, is_input, port)
    if isinstance(hint, TensorT):
        hints.append((port, hint, is_input))
    elif hint is not None:
        coders[port] = fitted_coder(hint, port_type, is_input)


def _own_name(root, key: str) -> str:
    """The name a layer reads ``key`` under (BatchNormalizationLayer's version-11 array
    names "Gamma" and "Beta" are "Scaling" and "Biases"), so that NetExtract and
    NetReplacePart take what the constructor takes."""
    spec = getattr(root, "spec", None)
    return spec.option_rules([(key, None)])[0][0] if spec is not None else key


def replace_in_layer(net: Net, key: str, value, hints: list | None = None) -> Net:
    """A layer with its array, port or option ``key`` replaced by ``value`` (``hints``: as
    replace_part's)."""
    node = net.root
    spec = node.spec
    key = _own_name(node, key)
    arrays = dict(net.arrays)
    params = dict(node.params)
    coders = dict(node.coders)
    absent = set(node.absent)
    new_hints = []
    specs = node.array_specs()
    ins, outs = node.inputs(), node.outputs()
    shared = dict(node.shared)
    if key in specs:
        set_array_option(spec.symbol, specs[key], value, arrays, absent, shared)
    elif key in ins or key in outs:
        _set_port(key, value, ins[key] if key in ins else outs[key], key in ins, coders,
                  new_hints)
        if _is_none(value):
            node = without_coder(node, key, key in ins)
    elif key in spec.options:
        spec.parse_option(key, value, params)
    elif key in _parameter_names(spec):
        # a parameter the layer was constructed with (OutputDimensions, Function…): the
        # sizes inferred from the old one are forgotten, and arrays that no longer fit go
        params[key] = _parameter_value(spec, key, value)
        new = attrs.evolve(node, params=FrozenDict(_inferred_forgotten(spec, params)))
        if hints is not None:
            return Net(new, FrozenDict(arrays))
        inputs = [h for h in port_hints(net) if h[2]]        # the input stays what it was
        try:
            return infer(Net(new, FrozenDict(arrays)), inputs)
        except (NetSpecError, NetTypeError):
            return infer(Net(new, FrozenDict()), inputs)
    else:
        listed = lambda names: ", ".join(f'"{n}"' for n in names) or "none"
        raise NetSpecError("invrepl", Expr(S.Rule, String(key), value),
                           f"{spec.symbol} has no array, port or option \"{key}\" (its arrays "
                           f"are {listed(specs)}, its ports {listed([*ins, *outs])}"
                           + (f", its options {listed(spec.options)}" if spec.options else "")
                           + ").", symbol="NetReplacePart")
    new = attrs.evolve(node, params=FrozenDict(params), coders=FrozenDict(coders),
                       absent=frozenset(absent), shared=FrozenDict(shared))
    return _inferred(Net(new, FrozenDict(arrays)), new_hints, hints)


def _parameter_names(spec) -> tuple:
    """The parameters of a layer that its constructor sets (not the inferred "$…" ones)."""
    return tuple(p.name for p in spec.params if not p.hidden and not p.name.startswith("$"))


def _inferred_forgotten(spec, params: dict) -> dict:
    """``params`` with the layer's inferred ("$…") sizes unknown again."""
    kinds = {p.name: p for p in spec.params}
    out = {}
    for name, v in params.items():
        if name.startswith("$") and name in kinds:
            v = kinds[name].fresh() if isinstance(v, int) and kinds[name].kind in ("size", "length") \
                else _forget(v)
        out[name] = v
    return out


def _parameter_value(spec, key: str, value):
    """The value NetReplacePart gives a layer parameter, read as the stored form is (a
    number for a list of dimensions is the one dimension)."""
    from wlnet.net.wlform import param_from_expr
    param = next(p for p in spec.params if p.name == key)
    candidates = [value]
    if param.kind == "sizelist" and type(value) is Integer:
        candidates.append(Expr(S.List, value))
    for candidate in candidates:
        try:
            return param_from_expr(param, candidate)
        except (ValueError, TypeError, AttributeError, IndexError):
            continue
    raise NetSpecError("invrepl", Expr(S.Rule, String(key), value),
                       f"it is not a valid value for the parameter \"{key}\" of {spec.symbol}.",
                       symbol="NetReplacePart")


def _infer_resizing(net: Net, hints) -> Net:
    """The net inferred with new port shapes or coders; when the sizes the net had inferred
    before contradict them, inferred again from what fixes sizes for good (its arrays and
    the layers' own settings): a fully convolutional net takes an image of another size, as
    NetReplacePart[net, "Input" -> NetEncoder[{"Image", {w, h}}]] does in WL, while a size
    its weights fix stays.  A size given as Automatic ("Input" -> {3, Automatic,
    Automatic}) is left to inference from the start: the old one is not kept."""
    if not any(_frees_a_size(t) for _, t, _ in hints):
        try:
            return infer(net, hints)
        except (NetSpecError, NetTypeError) as err:
            first = err
    else:
        first = None
    try:
        return infer(Net(_sizes_forgotten(net.root), net.arrays), hints)
    except (NetSpecError, NetTypeError):
        if first is None:
            return infer(net, hints)
        raise first from None


def _frees_a_size(t) -> bool:
    """Whether a port type given leaves a size to inference (Automatic, or a rank open)."""
    return isinstance(t, TensorT) and (t.tail is not None or
                                       any(isinstance(d, SizeVar) for d in t.dims))


def _sizes_forgotten(node):
    """``node`` with the sizes its layers inferred (their "$…" parameters) unknown again;
    what the user gave (kernel sizes, channel counts…) and the arrays still fix theirs."""
    coders = FrozenDict({p: _decoder_sizes_forgotten(c) for p, c in node.coders.items()})
    if isinstance(node, LayerNode):
        params = {k: _forget(v) if k.startswith("$") else v for k, v in node.params.items()}
        return attrs.evolve(node, params=FrozenDict(params), coders=coders)
    nodes = getattr(node, "nodes", None)
    if isinstance(nodes, FrozenDict) and node.type in ("Chain", "Graph"):
        return attrs.evolve(node, coders=coders, nodes=FrozenDict(
            {k: _sizes_forgotten(v) for k, v in nodes.items()}))
    return node


def _decoder_sizes_forgotten(coder):
    """An image decoder takes its size from the net (NetDecoder["Image"] has none of its
    own), and the default one its channel count too: what it learnt is forgotten with the
    layers'."""
    if getattr(coder, "kind", None) != "Decoder" or not isinstance(getattr(coder, "sizes", None), tuple):
        return coder                            # (the "Image" and "Image3D" decoders' sizes)
    free = coder.free_channels
    return attrs.evolve(coder, sizes=tuple(fresh_size() if isinstance(d, int) else d
                                           for d in coder.sizes),
                        free_channels=fresh_size() if isinstance(free, int) else free)


def _forget(value):
    if isinstance(value, SizeList):
        return SizeList(tuple(fresh_size() if isinstance(d, int) else d for d in value.dims),
                        value.tail)
    if isinstance(value, tuple):                  # one size list per port ("$InputShapes")
        return tuple(_forget(v) for v in value)
    return value


def with_sub_net(net: Net, name: str, sub: Net, infer_now: bool = True) -> Net:
    """A container with its layer ``name`` replaced by the net ``sub`` (inferred unless
    ``infer_now`` is False)."""
    root = net.root
    nodes = dict(root.nodes)
    nodes[name] = freshen(sub.root)
    prefix = sub_prefix(root, name)
    arrays = {p: v for p, v in net.arrays.items() if p[:2] != prefix}
    arrays.update({nest_path(prefix, p): v for p, v in sub.arrays.items()})
    new = Net(attrs.evolve(root, nodes=FrozenDict(nodes)), FrozenDict(arrays))
    return infer(new) if infer_now else new


def replace_part(net: Net, spec, value, hints: list | None = None) -> Net:
    """NetReplacePart[net, spec -> value]: the new net; NetSpecError when ``spec`` names
    nothing replaceable.  ``hints``: a list to add the new port types to, the net then
    left uninferred (``replace_parts`` infers once, after every replacement)."""
    if is_net_array(spec):
        return _replace_shared(net, spec, value)
    parts = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    if not parts:
        raise NetSpecError("nopart", spec, symbol="NetReplacePart")
    if len(parts) == 2 and _coder_port(net, parts[0]) is not None:
        # {"port", "param"} -> value: a parameter of the port's coder
        port, is_input = _coder_port(net, parts[0])
        coder = replace_coder_param(port_coder(net.root, port, is_input).to_expr(), parts[1], value)
        return replace_part(net, parts[0], coder, hints)
    if len(parts) > 1 or (is_container(net.root) and layer_name(net, parts[0])):
        name = layer_name(net, parts[0])
        if name is None and net.root.type in ("Chain", "Graph"):
            raise NetSpecError("nolayer", parts[0], _valid_layers(net), symbol="NetReplacePart")
        if name is None:
            raise NetSpecError("nopart", spec, symbol="NetReplacePart")
        if len(parts) == 1:
            new = with_sub_net(net, name, layer_from_expr(value), False)
        else:
            rest = Expr.from_args(S.List, parts[1:]) if len(parts) > 2 else parts[1]
            new = with_sub_net(net, name, replace_part(sub_net(net, name), rest, value), False)
        return new if hints is not None else _with_old_ports(new, net)
    key = parts[0]
    if type(key) is Symbol and key.name == "LearningRateMultipliers":
        return _with_multipliers(net, value)
    if type(key) is not String:
        raise NetSpecError("nopart", spec, symbol="NetReplacePart")
    if is_container(net.root):
        ins, outs = net.inputs(), net.outputs()
        if key.value not in ins and key.value not in outs:
            raise NetSpecError("nopart", spec, symbol="NetReplacePart")
        # the old coder goes wherever it was attached (the chain, or its first layer)
        root = without_coder(net.root, key.value, key.value in ins)
        coders, new_hints = dict(root.coders), []
        port = key.value
        _set_port(port, value, ins[port] if port in ins else outs[port], port in ins, coders,
                  new_hints)
        root = attrs.evolve(root, coders=FrozenDict(coders))
        return _inferred(Net(root, net.arrays), new_hints, hints)
    return replace_in_layer(net, key.value, value, hints)


def _inferred(net: Net, new_hints: list, hints: list | None) -> Net:
    """``net`` inferred with its new port types, or (``hints`` given) left for the caller to
    infer, the types added to ``hints``."""
    if hints is None:
        return _infer_resizing(net, new_hints)
    hints.extend(new_hints)
    return net


def replace_parts(net: Net, rules) -> Net:
    """NetReplacePart[net, {spec1 -> v1, spec2 -> v2, …}]: the replacements made together.
    One after the other when each step gives a consistent net; else all of them first and
    the net inferred once, with the sizes its layers had inferred forgotten (the net's
    other ports keep theirs): {"linear" -> LinearLayer[2], "Output" -> NetDecoder[{"Class",
    {x, y}}]} changes a classifier's classes, which neither replacement does alone."""
    try:
        out = net
        for spec, value in rules:
            out = replace_part(out, spec, value)
        return out
    except (NetSpecError, NetTypeError) as first:
        if len(rules) < 2 or (isinstance(first, NetSpecError) and first.tag in (
                "nopart", "nolayer", "invrepl", "noshared", "arrdims")):
            raise
        hints, cur = [], net
        for spec, value in rules:
            cur = replace_part(cur, spec, value, hints)
        replaced = {h[0] for h in hints} | {r.value for r, _ in rules if type(r) is String}
        try:
            return _reinferred(cur, hints, [h for h in port_hints(net) if h[0] not in replaced])
        except (NetSpecError, NetTypeError):
            raise first from None


def port_hints(net: Net) -> list:
    """(port, type, is_input) of the net's ports whose types are known arrays."""
    return [(p, t, is_input) for is_input, ports in ((True, net.inputs()), (False, net.outputs()))
            for p, t in ports.items() if isinstance(t, TensorT)]


def _with_old_ports(new: Net, old: Net) -> Net:
    """``new`` (``old`` with a layer or sub-net replaced) inferred keeping the port types
    ``old`` had where the new layer allows them (a chain's "Input" -> 4, an operator's
    "Input" -> {"Varying", 3}): all of them, else its inputs' (a new output size), else its
    outputs'; else as ``_reinferred`` finds them."""
    kept = port_hints(old)
    for hints in (kept, [h for h in kept if h[2]], [h for h in kept if not h[2]]):
        try:
            return infer(new, hints)
        except (NetSpecError, NetTypeError):
            continue
    return _reinferred(new, [], kept)


def _reinferred(net: Net, hints: list, kept: list) -> Net:
    """``net`` (changed by replacements) inferred with the new port types ``hints``; when
    the sizes its layers had inferred before contradict them, inferred again with those
    forgotten and ``kept`` (the old net's other port types) given instead: a layer's new
    output size reaches the layers after it, as far as their arrays allow."""
    try:
        return infer(net, hints)
    except (NetSpecError, NetTypeError) as first:
        try:
            return infer(Net(_all_sizes_forgotten(net.root), net.arrays), kept + hints)
        except (NetSpecError, NetTypeError):
            raise first from None


def _all_sizes_forgotten(node):
    """``node`` with every size its layers inferred unknown again (the arrays and what was
    given still fix theirs)."""
    coders = FrozenDict({p: _decoder_sizes_forgotten(c) for p, c in node.coders.items()})
    if isinstance(node, LayerNode):
        return attrs.evolve(node, params=FrozenDict(_inferred_forgotten(node.spec, dict(node.params))),
                            coders=coders)
    nodes = getattr(node, "nodes", None)
    if isinstance(nodes, FrozenDict) and node.type in ("Chain", "Graph"):
        return attrs.evolve(node, coders=coders, nodes=FrozenDict(
            {k: _all_sizes_forgotten(v) for k, v in nodes.items()}))
    return node


def _coder_port(net: Net, part):
    """(port, is_input) when ``part`` names a port of ``net`` that has a coder (and no
    layer of that name), else None."""
    if type(part) is not String or (is_container(net.root) and layer_name(net, part)):
        return None
    for is_input, ports in ((True, net.inputs()), (False, net.outputs())):
        if part.value in ports and port_coder(net.root, part.value, is_input) is not None:
            return part.value, is_input
    return None


def replace_coder_param(coder_expr, key, value) -> Expr:
    """NetReplacePart[coder, "param" -> value]: the coder with that parameter replaced
    (read back as a coder, so that what follows from it, such as a class count, follows
    again); NetSpecError when the coder has no such parameter or the value makes none."""
    coder = coder_from_expr(coder_expr)
    known = [k for k, _ in coder.params_expr() if not k.startswith("$")] if coder else []
    rule = Expr(S.Rule, key, value)
    if type(key) is not String or key.value not in known:
        raise NetSpecError("invrepl", rule, f"the {coder.kind.lower() if coder else 'coder'} "
                           "has no such parameter (its parameters are "
                           + ", ".join(f'"{k}"' for k in known) + ").", symbol="NetReplacePart")
    params = [(k, value if k == key.value else v) for k, v in coder.params_expr()]
    try:
        new = coder_from_expr(Expr(coder_expr.head, String(coder.name), assoc(params),
                                   coder_expr.args[2]))
    except (IndexError, ValueError, TypeError, KeyError, AttributeError):
        new = None                             # a value of the wrong form for the reader
    if new is None:
        raise NetSpecError("invrepl", rule, f"it does not make a valid {coder.kind.lower()}.",
                           symbol="NetReplacePart")
    return new.to_expr()


def _with_multipliers(net: Net, value) -> Net:
    """NetReplacePart[net, LearningRateMultipliers -> value] (or {layer…,
    LearningRateMultipliers} -> value): a layer's own option replaced; a container's
    option written into its layers as NetChain[…, LearningRateMultipliers -> value] does."""
    from wlnet.net.construct import check_lrm
    from wlnet.net.train.multipliers import MultiplierError, push_down
    check_lrm(value, "NetReplacePart")
    if is_container(net.root):
        try:
            return push_down(net, value)
        except MultiplierError as err:
            raise NetSpecError("invlrm", err.value, err.reason.rstrip("."), symbol="NetReplacePart")
    lrm = None if type(value) is Symbol and value.name == "Automatic" else value
    return Net(attrs.evolve(net.root, lrm=lrm), net.arrays)


def _replace_shared(net: Net, spec, value) -> Net:
    """NetReplacePart[net, NetArray["name"] -> values]: new values for a shared array
    (every layer using it sees them); the dimensions must stay the same."""
    shared = shared_arrays(net)
    name = spec.args[0].value if len(spec.args) == 1 and type(spec.args[0]) is String else None
    if name not in shared:
        raise NetSpecError("noshared", spec, shared_names_text(net), symbol="NetReplacePart")
    dims = shared[name][0]
    arrays = dict(net.arrays)
    v = array_value(name, value, False, "NetArray")
    arrays.pop(shared_path(name), None)
    if v != "auto":
        if len(v.shape) != len(dims) or any(isinstance(d, int) and d != n for d, n in zip(dims, v.shape)):
            raise NetSpecError("arrdims", name, "NetArray", dims_text(dims), dims_text(v.shape),
                               symbol="NetReplacePart")
        arrays[shared_path(name)] = v
    return infer(Net(net.root, FrozenDict(arrays)))


def net_part(net_expr, *specs):
    """``net[[spec…]]`` for NetChain/NetGraph: the sub-layer (as NetExtract), or None."""
    net = net_from_expr(net_expr)
    if net is None:
        return None
    picked = _picked_positions(net, specs[0])
    if picked and net.root.type == "Graph":
        # graph[[{2, 1}]], graph[[1 ;; 2]]: its layers there, as a list (a graph's layers
        # make no chain; NetTake takes a sub-graph)
        names = list(net.root.nodes)
        subs = [net_to_expr(sub_net(net, names[i])) for i in picked]
        if len(specs) == 1:
            return Expr.from_args(S.List, subs)
        # the rest of the spec taken from each, as Part takes it from a list's elements
        return Expr.from_args(S.List, (Expr(S.Part, sub, *specs[1:]) for sub in subs))
    if picked:                            # chain[[2 ;; 3]], chain[[{1, 3}]]: a chain of them
        sub = _chain_of_positions(net, picked)
        return net_part(net_to_expr(sub), *specs[1:]) if len(specs) > 1 else net_to_expr(sub)
    for i, spec in enumerate(specs):
        name = layer_name(net, spec)
        if name is None:
            # the rest names an array, a parameter or a port: net[["lin", "Weights"]] is
            # NetExtract[net, {"lin", "Weights"}]
            return extract(net, Expr.from_args(S.List, specs[i:]))
        net = sub_net(net, name)
    return net_to_expr(net)


def _picked_positions(net: Net, spec) -> list | None:
    """The layer positions (from 0) a span or a list of positions picks from a chain or a
    graph, as Part picks list elements; None for any other spec, net, or positions it lacks
    (Part then says so as for a list)."""
    if net.root.type not in ("Chain", "Graph"):
        return None
    count = len(net.root.nodes)

    def position(e, default):
        if type(e) is Symbol and e.name == "All":
            return default
        if type(e) is Integer and 1 <= abs(e.value) <= count:
            return e.value - 1 if e.value > 0 else count + e.value
        return None

    if type(spec) is Expr and spec.head is S.Span and len(spec.args) in (2, 3):
        step = spec.args[2] if len(spec.args) == 3 else Integer(1)
        if not (type(step) is Integer and step.value != 0):
            return None
        forward = step.value > 0
        first = position(spec.args[0], 0 if forward else count - 1)
        last = position(spec.args[1], count - 1 if forward else 0)
        if first is None or last is None:
            return None
        return list(range(first, last + (1 if forward else -1), step.value))
    if type(spec) is Expr and spec.head is S.List and spec.args \
            and all(type(a) is Integer for a in spec.args):
        picked = [position(a, None) for a in spec.args]
        return None if None in picked else picked
    return None


def _chain_of_positions(net: Net, positions: list) -> Net:
    """The chain of a chain's layers at ``positions`` (in that order), with the chain's
    encoder when its first layer comes first and its decoder when its last comes last."""
    layers = layers_of(net)
    coders = {}
    if positions[0] == 0:
        coders.update(_port_coders(net, net.inputs(), True))
    if positions[-1] == len(layers) - 1:
        coders.update(_port_coders(net, net.outputs(), False))
    picked = [layers[i] for i in positions]
    if len({n for n, _ in picked}) < len(picked):       # a layer picked twice: positions
        picked = [(str(i), sub) for i, (_, sub) in enumerate(picked, 1)]
    return _chain(_renumbered(picked), coders=coders)


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
    if is_operator(root):
        return assoc((n, net_to_expr(sub_net(net, n))) for n in root.nodes)
    if root.type in ("Chain", "Graph"):
        names = list(root.nodes)
        subs = [(n, net_to_expr(sub_net(net, n))) for n in names]
        if all(n == str(i) for i, n in enumerate(names, 1)):
            return Expr.from_args(S.List, (v for _, v in subs))
        return assoc(subs)
    pairs = [(name, net.arrays.get(root.array_path((), name), Symbol("Automatic")))
             for name in root.array_shapes()]
    pairs += [(k, extract(net, String(k)) if k == "ScoringNet" else layer_param_expr(root, k))
              for k in root.params if not k.startswith("$")]
    return assoc(pairs)


# ---------------------------------------------------------------------------- layer lists
#
# NetTake, NetDrop, NetJoin, NetAppend, NetPrepend, NetInsert, NetDelete, NetFlatten and
# NetRename rebuild a container from (name, Net) pairs: each Net carries its own arrays
# (re-rooted by ``sub_net``), and building the container re-keys them under their new
# names and re-infers every shape, so initialised arrays survive every edit.  None of them
# touches the net it is given.

def is_positional(names) -> bool:
    """Whether layer names are the positions "1", "2", … (a chain made from a list)."""
    return all(n == str(i) for i, n in enumerate(names, 1))


def layers_of(net: Net) -> list:
    """(name, Net) for each layer of a container."""
    return [(n, sub_net(net, n)) for n in net.root.nodes]


def _renumbered(layers: list) -> list:
    """Positions as names again when every name was one (after taking or dropping)."""
    if all(n.isdigit() for n, _ in layers):
        return [(str(i), net) for i, (_, net) in enumerate(layers, 1)]
    return layers


def _valid_layers(net: Net) -> str:
    names = list(net.root.nodes)
    return f"positions 1 to {len(names)} (or -{len(names)} to -1)" + (
        "" if is_positional(names) else ", or the names " + ", ".join(f'"{n}"' for n in names))


def layer_index(net: Net, spec, symbol: str) -> int:
    """The 0-based position of the layer ``spec`` names; NetSpecError naming the valid ones."""
    name = layer_name(net, spec)
    if name is None:
        raise NetSpecError("nolayer", spec, _valid_layers(net), symbol=symbol)
    return list(net.root.nodes).index(name)


def _require_container(net: Net, symbol: str, kinds=("Chain", "Graph")) -> None:
    if net.root.type not in kinds:
        what = " or ".join("a Net" + k for k in kinds)
        raise NetSpecError("notcontainer", symbol, net.symbol, what, symbol=symbol)


def _chain(layers: list, hints=(), coders=None) -> Net:
    from wlnet.net.containers.chain import build_chain
    if not layers:
        raise NetSpecError("netempty", "NetChain")
    return build_chain(layers, hints, coders)


def _port_coders(net: Net, ports, is_input: bool) -> dict:
    """The coders ``net`` itself has on ``ports`` (kept when the port stays a port)."""
    coders = getattr(net.root, "coders", {})
    return {p: coders[p] for p in ports if p in coders}


def take_span(net: Net, start, end, symbol: str = "NetTake") -> tuple[int, int]:
    """``{start, end}`` layer specs → a 0-based half-open span (start after end is empty).
    A chain's own ports stand for its ends, as they do for a graph's NetTake:
    NetPort["Input"] as the start is the first layer, NetPort["Output"] as the end the last."""
    count = len(net.root.nodes)
    first = 0 if _chain_port(net, start, net.inputs()) else layer_index(net, start, symbol)
    last = count if _chain_port(net, end, net.outputs()) else layer_index(net, end, symbol) + 1
    return first, last


def _chain_port(net: Net, spec, ports) -> bool:
    """Whether ``spec`` is NetPort["p"] of one of ``ports`` of the chain."""
    return type(spec) is Expr and type(spec.head) is Symbol and spec.head.name == "NetPort" \
        and len(spec.args) == 1 and type(spec.args[0]) is String and spec.args[0].value in ports


def net_take(net: Net, start, end) -> Net:
    """NetTake: the layers from ``start`` to ``end`` of a chain, or of a graph the layers
    that ``end`` depends on and that depend on ``start``."""
    _require_container(net, "NetTake")
    if net.root.type == "Graph":
        return _graph_take(net, start, end)
    i, j = take_span(net, start, end)
    layers = layers_of(net)[i:j]
    if not layers:
        raise NetSpecError("emptyspan", Expr.from_args(S.List, (start, end)), "NetTake",
                           symbol="NetTake")
    coders = {}
    if i == 0:
        coders.update(_port_coders(net, net.inputs(), True))
    if j == len(net.root.nodes):
        coders.update(_port_coders(net, net.outputs(), False))
    return _chain(_renumbered(layers), coders=coders)


def net_drop(net: Net, spec) -> Net:
    """NetDrop[chain, n] (the first n), [chain, -n] (the last n), [chain, {m, n}] (m
    through n)."""
    _require_container(net, "NetDrop", ("Chain",))
    names = list(net.root.nodes)
    count = len(names)
    if type(spec) is Integer:
        n = spec.value
        if abs(n) > count:
            raise NetSpecError("nolayer", spec, f"a count from -{count} to {count}", symbol="NetDrop")
        drop = set(range(n)) if n >= 0 else set(range(count + n, count))
    elif type(spec) is Expr and spec.head is S.List and len(spec.args) == 2:
        i, j = take_span(net, spec.args[0], spec.args[1], "NetDrop")
        drop = set(range(i, j))
    else:
        raise NetSpecError("nolayer", spec, "n, -n or {m, n}", symbol="NetDrop")
    return _without(net, drop, "NetDrop")


def _without(net: Net, drop: set, symbol: str) -> Net:
    """The chain without the layers at the 0-based positions ``drop``."""
    layers = [x for i, x in enumerate(layers_of(net)) if i not in drop]
    if not layers:
        raise NetSpecError("netempty", "NetChain", symbol=symbol)
    count = len(net.root.nodes)
    coders = {}
    if 0 not in drop:
        coders.update(_port_coders(net, net.inputs(), True))
    if count - 1 not in drop:
        coders.update(_port_coders(net, net.outputs(), False))
    return _chain(_renumbered(layers), coders=coders)


def net_delete(net: Net, specs: list) -> Net:
    """NetDelete[net, spec | {spec, …}]: the chain without those layers; of a graph, the
    graph without them, a deleted layer of one input and one output bridged (what fed it
    feeds what it fed); NetDelete[graph, NetPort["port"]]: the graph without that output
    or state-input port."""
    _require_container(net, "NetDelete")
    root = net.root
    ports = [s for s in specs if _is_netport(s)]
    layers = [s for s in specs if not _is_netport(s)]
    if root.type == "Chain":
        if ports:
            raise NetSpecError("delport", ports[0], "a NetChain has no ports of its own to delete",
                               symbol="NetDelete")
        return _without(net, {layer_index(net, s, "NetDelete") for s in layers}, "NetDelete")
    names = {list(root.nodes)[layer_index(net, s, "NetDelete")] for s in layers}
    keep = [n for n in root.nodes if n not in names]
    if not keep:
        raise NetSpecError("netempty", "NetGraph", symbol="NetDelete")
    edges, muted = _bridged(root, names), []
    for spec in ports:
        edges, gone = _without_port(root, edges, spec)
        muted += gone
    return _subgraph(net, keep, keep_outputs=True, edges=edges, muted=muted)


def _bridged(root, names: set) -> list:
    """The graph's edges with each layer of ``names`` that has one input and one output
    bridged: the source of its input feeds what its output fed."""
    edges = list(root.edges)
    for name in root.nodes:
        node = root.nodes[name]
        if name not in names or len(node.inputs()) != 1 or len(node.outputs()) != 1:
            continue
        into = ("Nodes", name, "Inputs", next(iter(node.inputs())))
        out_of = ("Nodes", name, "Outputs", next(iter(node.outputs())))
        feeding = [src for dst, src in edges if dst == into]
        if not feeding or feeding[0][0] == "Inputs" and any(
                dst[0] == "Outputs" for dst, src in edges if src == out_of):
            continue                          # nothing to bridge, or input straight to output
        t_in, t_out = node.inputs()[into[3]], node.outputs()[out_of[3]]
        if feeding[0][0] == "Inputs" and t_in != t_out:
            # at the periphery, a layer that changes its input's shape: what it fed is
            # left open (a port of the graph of its own) rather than fed the graph input,
            # which other layers may take at the old shape
            continue
        feeds_layers = any(dst[0] == "Nodes" for dst, src in edges if src == out_of)
        if feeds_layers and _reshapes(t_in, t_out):
            # inside the graph only a layer that keeps its input's shape can be bridged
            raise NetSpecError("delshape", name, describe_type(t_in), describe_type(t_out),
                               symbol="NetDelete")
        edges = [(dst, feeding[0] if src == out_of else src) for dst, src in edges]
    return edges


def _reshapes(t_in, t_out) -> bool:
    """Whether a layer's known input and output shapes differ."""
    dims = [getattr(t, "dims", None) for t in (t_in, t_out)]
    return all(d is not None and all(is_known(x) for x in d) for d in dims) and dims[0] != dims[1]


def _without_port(root, edges: list, spec) -> tuple[list, list]:
    """``edges`` without those of the graph port ``spec`` (an output, or an input that
    feeds only states) and the sources to mute (so that they do not open again)."""
    port = _port_name(spec)
    state_inputs = [p for p in root.input_names
                    if all(dst[2] == "States" for dst, src in root.edges if src == ("Inputs", p))]
    if port in root.output_names:
        gone = [src for dst, src in edges if dst == ("Outputs", port) and src[0] == "Nodes"]
        return [(d, s) for d, s in edges if d != ("Outputs", port)], gone
    if port in state_inputs:
        return [(d, s) for d, s in edges if s != ("Inputs", port)], []
    valid = ", ".join(f'NetPort["{p}"]' for p in (*root.output_names, *state_inputs))
    raise NetSpecError("delport", spec, f"the ports that can be deleted are {valid}",
                       symbol="NetDelete")


def _unique_name(name: str, taken) -> str:
    """``name``, or ``name`` with the first free number appended ("lin" → "lin2")."""
    if name not in taken:
        return name
    k = 2
    while f"{name}{k}" in taken:
        k += 1
    return f"{name}{k}"


def _named_new_layer(item) -> tuple:
    """A layer to add: ``layer`` or ``"name" -> layer`` → (name or None, Net)."""
    if type(item) is Expr and item.head in (S.Rule, S.RuleDelayed) and len(item.args) == 2:
        key = item.args[0]
        if type(key) is not String:
            raise NetSpecError("netarg", key, "layer name", "layer names are strings")
        return key.value, layer_from_expr(item.args[1])
    return None, layer_from_expr(item)


def _merge(pieces: list) -> list:
    """(name or None, Net) pieces in order → (name, Net) layers: unnamed pieces get their
    position, names that repeat get a number appended."""
    out, taken = [], set()
    for i, (name, piece) in enumerate(pieces, 1):
        name = _unique_name(name if name is not None else str(i), taken)
        taken.add(name)
        out.append((name, piece))
    return out


def _as_pieces(net: Net) -> list:
    """A net's layers as pieces to merge into a chain: a chain's own layers (positional
    names dropped), or the net as one piece."""
    if net.root.type == "Chain":
        positional = is_positional(net.root.nodes)
        return [(None if positional else n, sub) for n, sub in layers_of(net)]
    return [(None, net)]


def net_join(nets: list, hints=(), coders=None) -> Net:
    """NetJoin[net1, net2, …]: one chain of their layers (a graph or a layer is one layer of
    it); encoders and decoders stay only at the ends."""
    if any(net.root.type == "Graph" for net in nets):
        return _join_graph([(None, net) for net in nets], hints, coders)
    named = [net.root.type == "Chain" and not is_positional(net.root.nodes) for net in nets]
    if any(named) and not all(named):
        # WL joins numbered chains renumbered and named chains by their names, not a mix
        # (whose numbered layers would be named by position: "3", "4")
        raise NetSpecError("mixedjoin", symbol="NetJoin")
    pieces = [p for net in nets for p in _as_pieces(net)]
    kept = dict(_port_coders(nets[0], nets[0].inputs(), True))
    kept.update(_port_coders(nets[-1], nets[-1].outputs(), False))
    kept.update(coders or {})
    return _chain(_merge(pieces), hints, _without_hinted(kept, hints))


def _without_hinted(coders: dict, hints) -> dict:
    """A port given a new type loses its coder (the new specification replaces it)."""
    hinted = {p for p, _, _ in hints}
    return {p: c for p, c in coders.items() if p not in hinted}


def net_append(net: Net, items: list, hints=(), coders=None, prepend: bool = False) -> Net:
    """NetAppend/NetPrepend[net, layer | "name" -> layer | {…}]: a chain with the layers
    added at its end (its decoder removed) or its start (its encoder removed)."""
    symbol = "NetPrepend" if prepend else "NetAppend"
    ports = net.inputs() if prepend else net.outputs()
    if len(ports) != 1:
        raise NetSpecError("portnum", symbol, "input" if prepend else "output",
                           ", ".join(f'"{p}"' for p in ports) or "none", symbol=symbol)
    new = [_named_new_layer(x) for x in items]
    if net.root.type == "Graph":
        pieces = new + [(None, net)] if prepend else [(None, net)] + new
        return _join_graph(pieces, hints, coders)
    old = _as_pieces(net)
    pieces = new + old if prepend else old + new
    kept = _port_coders(net, net.outputs() if prepend else net.inputs(), not prepend)
    kept.update(coders or {})
    taken = {n for n, _ in old if n is not None}
    for name, _ in new:
        if name is not None and name in taken:
            raise NetSpecError("dupname", name, symbol, symbol=symbol)
    return _chain(_merge(pieces), hints, _without_hinted(kept, hints))


def net_insert(net: Net, item, pos) -> Net:
    """NetInsert[chain, layer, i] / [chain, "name" -> layer, pos]: the layer put at ``pos``
    as Insert puts an element (i from 1 to n + 1, negative from the end: -1 appends), or
    before the layer a name names.  A chain of numbered layers takes an unnamed layer, a
    chain of named layers a named one (as WL asks)."""
    _require_container(net, "NetInsert", ("Chain",))
    name, piece = _named_new_layer(item)
    names = list(net.root.nodes)
    positional = is_positional(names)
    if positional and name is not None:
        raise NetSpecError("invnetins2", symbol="NetInsert")
    if not positional and name is None:
        raise NetSpecError("invnetins1", symbol="NetInsert")
    if name is not None and name in names:
        raise NetSpecError("dupname", name, "NetInsert", symbol="NetInsert")
    index = _insert_index(net, pos)
    layers = layers_of(net)
    pieces = [(None if positional else n, sub) for n, sub in layers]
    pieces.insert(index, (name, piece))
    coders = _port_coders(net, net.inputs(), True) if index > 0 else {}
    if index < len(names):
        coders.update(_port_coders(net, net.outputs(), False))
    return _chain(_merge(pieces), coders=coders)


def _insert_index(net: Net, pos) -> int:
    """The 0-based index a new layer takes for NetInsert's ``pos``: Insert's positions
    (1 … n + 1, -1 … -(n + 1)), or a named chain's layer name (before that layer)."""
    n = len(net.root.nodes)
    if type(pos) is Integer and 1 <= abs(pos.value) <= n + 1:
        return pos.value - 1 if pos.value > 0 else n + 1 + pos.value
    if type(pos) is String and not is_positional(net.root.nodes):
        return layer_index(net, pos, "NetInsert")
    raise NetSpecError("invnetins4", pos, n + 1, symbol="NetInsert")


def net_flatten(net: Net, depth=None) -> Net:
    """NetFlatten[net] / [net, n]: nested chains and graphs spliced in, their layers named
    "outer/inner"; a chain that holds a graph becomes a graph, a graph that is then a
    plain sequence of layers a chain.  The encoders and decoders of the spliced nets' ports
    that were the net's own ports stay on those ports (NetFlatten[NetChain[{NetTake[model,
    layer], …}]] keeps the model's Image encoder)."""
    return _with_port_coders_of(net, _net_flatten(net, depth))


def _with_port_coders_of(net: Net, flat: Net) -> Net:
    """``flat`` with the coders that ``net``'s ports had through a container now gone."""
    if flat is net or not is_container(flat.root):
        return flat
    coders = dict(flat.root.coders)
    for ports, is_input in ((flat.inputs(), True), (flat.outputs(), False)):
        for port in ports:
            coder = port_coder(net.root, port, is_input)
            if coder is not None and port_coder(flat.root, port, is_input) is None:
                coders[port] = coder
    if len(coders) == len(flat.root.coders):
        return flat
    return Net(attrs.evolve(flat.root, coders=FrozenDict(coders)), flat.arrays)


def _net_flatten(net: Net, depth=None) -> Net:
    root = net.root
    if depth == 0:
        return net
    if is_operator(root):
        return _flatten_operator(net, depth)
    if root.type not in ("Chain", "Graph"):
        return net
    if root.type == "Graph":
        return _as_chain_if_linear(_flatten_graph(net, depth))
    inner_depth = None if depth is None else depth - 1
    pieces = []
    for name, sub in layers_of(net):
        if sub.root.type in ("Chain", "Graph"):
            inner = net_flatten(sub, inner_depth)
            inner = net_rename(inner, [(String(n), String(f"{name}/{n}")) for n in inner.root.nodes])
            pieces.append((None, inner))
        else:
            pieces.append((name, net_flatten(sub, depth)))
    if any(p.root.type == "Graph" for _, p in pieces):
        return _join_graph(pieces, coders=dict(root.coders))
    layers = []
    for name, p in pieces:
        layers += layers_of(p) if name is None else [(name, p)]
    return _chain(layers, coders=dict(root.coders))


def _flatten_operator(net: Net, depth) -> Net:
    """NetFlatten inside a net operator (the NetFlatten page: "including within operators
    such as NetMapOperator and NetFoldOperator"): its nets flattened, one level down; the
    operator itself stays (it is no container to splice)."""
    inner_depth = None if depth is None else depth - 1
    out = net
    for name in net.root.nodes:
        sub = sub_net(net, name)
        flat = net_flatten(sub, inner_depth)
        if flat is not sub:
            out = with_sub_net(out, name, flat)
    return out


def _as_chain_if_linear(net: Net) -> Net:
    """A graph whose layers simply feed one another, one input and one output named as its
    first layer's input and its last layer's output, as the equivalent chain."""
    root = net.root
    order = root.order()
    first, last = root.nodes[order[0]], root.nodes[order[-1]]
    links = [(("Nodes", b, "Inputs", next(iter(root.nodes[b].inputs()), None)),
              ("Nodes", a, "Outputs", next(iter(root.nodes[a].outputs()), None)))
             for a, b in zip(order, order[1:])]
    ins, outs = list(root.input_names), list(root.output_names)
    if not (ins == list(first.inputs()) and outs == list(last.outputs()) and len(ins) == len(outs) == 1
            and all(len(n.inputs()) == 1 and len(n.outputs()) == 1 for n in list(root.nodes.values())[1:-1])):
        return net
    expected = set(links) | {(("Nodes", order[0], "Inputs", ins[0]), ("Inputs", ins[0])),
                             (("Outputs", outs[0]), ("Nodes", order[-1], "Outputs", outs[0]))}
    if set(root.edges) != expected:
        return net
    return _chain([(n, sub_net(net, n)) for n in order], coders=dict(root.coders))


def net_rename(net: Net, renames: list) -> Net:
    """NetRename[net, "old" -> "new" | NetPort["old"] -> NetPort["new"] | {…}]: layers or
    ports of the graph renamed (a chain whose ports are renamed becomes a graph)."""
    _require_container(net, "NetRename")
    layer_renames = [(o, n) for o, n in renames if not _is_netport(o)]
    port_renames = [(o, n) for o, n in renames if _is_netport(o)]
    out = _rename_layers(net, layer_renames) if layer_renames else net
    if port_renames:
        out = _rename_ports(out, port_renames)
    return out


def net_rename_levels(net: Net, rules_for, levels: set, explicit: list | None = None) -> Net:
    """NetRename[net, rules, levelspec]: the renamings done in every chain or graph nested
    at a level in ``levels`` (1: the net's own layers and ports, 2: those of its nested
    chains and graphs, …).  ``rules_for(sub)`` gives the rules for one container (a
    function's renamings depend on its layers); a rule naming nothing at any of those
    levels is an error (``explicit``: the rules as given, when not a function).
    Connections into a renamed nested layer (``NetPort[{"inner", "layer"}, "Output"]``)
    follow it."""
    used: set = set()
    out, _ = _rename_nested(net, rules_for, levels, 1, used)
    for old, new in explicit or ():
        if (old, new) not in used:
            if _is_netport(old):
                raise NetSpecError("noparthere", old, "the ports of the chains and graphs at "
                                   "the levels given", symbol="NetRename")
            raise NetSpecError("nolayer", old, "the layers of the chains and graphs at the levels given",
                               symbol="NetRename")
    return out


def _rename_nested(net: Net, rules_for, levels: set, depth: int, used: set):
    """(renamed net, {old path prefix: new name}) — the prefixes ("Nodes", a, "Nodes", b)
    of renamed layers and ("Nodes", a, "Inputs", port) of renamed ports, in the old names,
    for the containers above to follow."""
    root, moved = net.root, {}
    if depth < max(levels):
        nodes, arrays = dict(root.nodes), dict(net.arrays)
        for name in root.nodes:
            sub = sub_net(net, name)
            if sub.root.type not in ("Chain", "Graph"):
                continue
            new_sub, sub_moved = _rename_nested(sub, rules_for, levels, depth + 1, used)
            if not sub_moved:
                continue
            prefix = ("Nodes", name)
            nodes[name] = new_sub.root
            arrays = {p: v for p, v in arrays.items() if p[:2] != prefix}
            arrays.update({nest_path(prefix, p): v for p, v in new_sub.arrays.items()})
            moved.update({prefix + k: v for k, v in sub_moved.items()})
        if moved:
            root = attrs.evolve(root, nodes=FrozenDict(nodes))
            if root.type == "Graph":
                root = attrs.evolve(root, edges=tuple((_moved_path(d, moved), _moved_path(s, moved))
                                                      for d, s in root.edges))
            net = infer(Net(root, FrozenDict(arrays)))
    if depth in levels:
        ports = [*net.inputs(), *net.outputs()]
        here = [(o, n) for o, n in rules_for(net)
                if (_port_name(o) in ports if _is_netport(o) else layer_name(net, o) is not None)]
        if here:
            used.update(here)
            moved.update({("Nodes", layer_name(net, o)): n.value for o, n in here
                          if not _is_netport(o) and type(n) is String})
            ins = set(net.inputs())
            moved.update({("Inputs" if _port_name(o) in ins else "Outputs", _port_name(o)): _port_name(n)
                          for o, n in here if _is_netport(o) and _port_name(n) is not None})
            net = net_rename(net, here)
    return net, moved


def _moved_path(path: tuple, moved: dict) -> tuple:
    """An edge path with the nested layers and ports renamed (``moved``: old prefix -> new
    name, every prefix starting inside a nested net)."""
    out = list(path)
    for i in range(0, len(path) - 1, 2):
        if path[:i + 2] in moved:
            out[i + 1] = moved[path[:i + 2]]
    return tuple(out)


def _is_netport(e) -> bool:
    return type(e) is Expr and e.head is Symbol("NetPort")


def _port_name(e):
    """``NetPort["name"]`` → "name" (None for anything else)."""
    if _is_netport(e) and len(e.args) == 1 and type(e.args[0]) is String:
        return e.args[0].value
    return None


def _rename_layers(net: Net, renames: list) -> Net:
    root = net.root
    mapping = {}
    for old, new in renames:
        if type(old) not in (String, Integer) or type(new) is not String:
            raise NetSpecError("netarg", Expr(S.Rule, old, new), "renaming",
                               'give "old" -> "new" with strings', symbol="NetRename")
        name = layer_name(net, old)
        if name is None:
            raise NetSpecError("nolayer", old, _valid_layers(net), symbol="NetRename")
        mapping[name] = new.value
    names = [mapping.get(n, n) for n in root.nodes]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise NetSpecError("dupname", dup, "NetRename", symbol="NetRename")
    if root.type == "Chain":
        layers = [(mapping.get(n, n), sub) for n, sub in layers_of(net)]
        return _chain(layers, coders=dict(root.coders))
    rename = lambda path: (path[:1] + (mapping.get(path[1], path[1]),) + path[2:]
                           if path[0] == "Nodes" else path)
    nodes = FrozenDict({mapping.get(n, n): node for n, node in root.nodes.items()})
    edges = tuple((rename(d), rename(s)) for d, s in root.edges)
    arrays = {rename(p): v for p, v in net.arrays.items()}
    return infer(Net(attrs.evolve(root, nodes=nodes, edges=edges), FrozenDict(arrays)))


def _rename_ports(net: Net, renames: list) -> Net:
    if net.root.type == "Chain":
        net = _join_graph([(None, net)])          # NetGraph[chain]: ports of its own
    root = net.root
    mapping = {}
    ports = [*root.input_names, *root.output_names]
    for old, new in renames:
        o, n = _port_name(old), _port_name(new)
        if o is None or n is None:
            raise NetSpecError("netarg", Expr(S.Rule, old, new), "renaming",
                               'give NetPort["old"] -> NetPort["new"]', symbol="NetRename")
        if o not in ports:
            raise NetSpecError("invnetport", o, ", ".join(f'"{p}"' for p in ports), symbol="NetRename")
        mapping[o] = n
    ins = tuple(mapping.get(p, p) for p in root.input_names)
    outs = tuple(mapping.get(p, p) for p in root.output_names)
    if len(set(ins)) != len(ins) or len(set(outs)) != len(outs):
        raise NetSpecError("dupport", "NetRename", symbol="NetRename")
    rename = lambda path: (path[0], mapping.get(path[1], path[1])) if path[0] in ("Inputs", "Outputs") else path
    edges = tuple((rename(d), rename(s)) for d, s in root.edges)
    coders = FrozenDict({mapping.get(p, p): c for p, c in root.coders.items()})
    new = attrs.evolve(root, edges=edges, input_names=ins, output_names=outs, coders=coders)
    return infer(Net(new, net.arrays))


def net_replace(net: Net, replace_layer) -> tuple[Net, int]:
    """NetReplace[net, rules]: every layer (at any depth, a container before its layers)
    for which ``replace_layer(expr)`` gives a new expression replaced by it: a layer or net
    (a chain put in a chain is spliced into it), or ``Nothing`` (the layer is dropped).
    Gives the new net and the number of replacements."""
    new_net, count = _replace_in(net, replace_layer)
    if new_net is _DROP:
        raise NetSpecError("netempty", net.symbol, symbol="NetReplace")
    return new_net, count


_DROP = object()


def _replace_in(net: Net, replace_layer):
    new_expr = replace_layer(net_to_expr(net))
    if new_expr is not None:
        if type(new_expr) is Symbol and new_expr.name == "Nothing":
            return _DROP, 1
        return layer_from_expr(new_expr), 1
    if net.root.type not in ("Chain", "Graph"):
        return net, 0
    total, pieces, dropped = 0, [], []
    for name, sub in layers_of(net):
        new_sub, count = _replace_in(sub, replace_layer)
        total += count
        if new_sub is _DROP:
            dropped.append(name)
        else:
            pieces.append((name, sub, new_sub))
    if not total:
        return net, 0
    if not pieces:
        return _DROP, total
    if net.root.type == "Graph":
        out = net
        for name, sub, new_sub in pieces:
            if new_sub is not sub:
                out = with_sub_net(out, name, new_sub)
        return (_subgraph(out, [n for n, _, _ in pieces], keep_outputs=True) if dropped else out), total
    positional = is_positional(net.root.nodes)
    layers = []
    for name, sub, new_sub in pieces:
        if new_sub.root.type == "Chain" and sub.root.type != "Chain":   # spliced into the chain
            layers += [(None if positional or is_positional(new_sub.root.nodes) else n, s)
                       for n, s in layers_of(new_sub)]
        else:
            layers.append((None if positional else name, new_sub))
    first_replaced = not (dropped and dropped[0] == layers_of(net)[0][0]) \
        and pieces[0][2] is not pieces[0][1]
    return _rebuilt_chain(net, _merge(layers), first_replaced), total


def _rebuilt_chain(net: Net, layers: list, first_replaced: bool) -> Net:
    """A chain of ``layers`` taking the place of ``net`` after NetReplace: its coders, and
    when its first layer was replaced, the input type the chain had (its "Input" -> 4
    stays), unless the new first layer cannot take it."""
    coders = dict(net.root.coders)
    if first_replaced:
        port, t = next(iter(net.inputs().items()))
        try:
            return _chain(layers, [(port, t, True)], coders)
        except (NetSpecError, NetTypeError):
            pass                          # a new first layer of another input: its own
    return _chain(layers, coders=coders)


# ---------------------------------------------------------------------------- graphs

def _ref(path: tuple):
    """A port path of a graph's edge → build_graph's vertex reference."""
    if path[0] in ("Inputs", "Outputs"):
        return ("graph", path[1])
    if path[2] == "Nodes":                      # an output inside a nested net
        return ("nested", path[1], tuple(String(n) for n in path[3:-2:2]), path[-1])
    return ("port", path[1], path[3])


def _subgraph(net: Net, keep: list, keep_outputs: bool, outputs=None, edges=None,
              muted=(), open_states: bool = False) -> Net:
    """The graph of the layers ``keep`` with the connections among them (``edges``, the
    graph's own by default); graph inputs stay where they fed kept layers; graph outputs
    fed by kept layers stay when ``keep_outputs``; ports left open become the graph's
    ports, except the outputs ``muted``.  With ``open_states``, a kept layer's state fed
    by a layer left out is fed by a graph input of its name instead (a state left open
    would start from zeros, not from what fed it)."""
    from wlnet.net.containers.graph import build_graph
    root = net.root
    kept = set(keep)
    conns = [(_ref(src), None, None) for src in muted if src[1] in kept]
    inputs, state_conns = set(root.input_names), []     # the states after the data ports
    # the graph's own ports that survive (only they keep their coders: a port left open
    # by a kept layer may take the name of one of them, "Output", with another shape)
    own_ports = set()
    for dst, src in (root.edges if edges is None else edges):
        if open_states and src[0] == "Nodes" and src[1] not in kept \
                and dst[0] == "Nodes" and dst[1] in kept and dst[2] == "States":
            name = _unique_name(dst[-1], inputs)
            inputs.add(name)
            state_conns.append((("graph", name), _ref(dst), None))
            continue
        if src[0] == "Nodes" and src[1] not in kept:
            continue
        if dst[0] == "Nodes" and dst[1] not in kept:
            continue
        if dst[0] == "Outputs" and not keep_outputs and (outputs is None or dst[1] not in outputs):
            continue
        own_ports.update(path[1] for path in (src, dst) if path[0] in ("Inputs", "Outputs"))
        if dst[0] == "Outputs" and src[0] == "Nodes" and dst[1] == src[-1]:
            continue            # an output named after its port: open again, numbered if need be
        conns.append((_ref(src), _ref(dst), None))
    conns += state_conns
    layers = [(n, sub_net(net, n)) for n in root.nodes if n in kept]
    out = build_graph(layers, conns)
    coders = {p: c for p, c in root.coders.items()
              if p in own_ports and (p in out.inputs() or p in out.outputs())}
    if coders:
        out = infer(Net(attrs.evolve(out.root, coders=FrozenDict({**out.root.coders, **coders})),
                        out.arrays))
    return out


def _graph_layer_set(net: Net, spec, symbol: str) -> set | None:
    """A NetTake bound on a graph → layer names (None for All: every layer)."""
    if type(spec) is Symbol and spec.name == "All":
        return None
    if type(spec) is Expr and spec.head is S.List:
        out = set()
        for s in spec.args:
            out |= _graph_layer_set(net, s, symbol) or set(net.root.nodes)
        return out
    if type(spec) is Expr and spec.head is Symbol("NetPort"):
        parts = spec.args
        if len(parts) == 1 and type(parts[0]) is Expr and parts[0].head is S.List:
            parts = parts[0].args
        if len(parts) == 1 and type(parts[0]) is String:       # a port of the graph
            port = parts[0].value
            for dst, src in net.root.edges:
                if dst == ("Outputs", port) and src[0] == "Nodes":
                    return {src[1]}
            # an input port: every layer it feeds (a graph input often feeds several)
            fed = {dst[1] for dst, src in net.root.edges
                   if src == ("Inputs", port) and dst[0] == "Nodes"}
            if fed:
                return fed
            raise NetSpecError("nolayer", spec, "ports " + ", ".join(
                f'"{p}"' for p in (*net.inputs(), *net.outputs())), symbol=symbol)
        if len(parts) == 2:
            return {list(net.root.nodes)[layer_index(net, parts[0], symbol)]}
    return {list(net.root.nodes)[layer_index(net, spec, symbol)]}


def _closure(root, start: set, forward: bool) -> set:
    """``start`` and every layer downstream (``forward``) or upstream of it."""
    links = {}
    for dst, src in root.edges:
        if dst[0] == "Nodes" and src[0] == "Nodes":
            a, b = (src[1], dst[1]) if forward else (dst[1], src[1])
            links.setdefault(a, set()).add(b)
    seen, todo = set(start), list(start)
    while todo:
        for nxt in links.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _graph_take(net: Net, start, end) -> Net:
    root = net.root
    ends = _graph_layer_set(net, end, "NetTake")
    starts = _graph_layer_set(net, start, "NetTake")
    keep = set(root.nodes) if ends is None else _closure(root, ends, forward=False)
    if starts is not None:
        keep &= _closure(root, starts, forward=True)
    names = [n for n in root.nodes if n in keep]
    if not names:
        raise NetSpecError("emptyspan", Expr.from_args(S.List, (start, end)), "NetTake",
                           symbol="NetTake")
    outputs = None
    if type(end) is Expr and end.head is Symbol("NetPort") and len(end.args) == 1 \
            and type(end.args[0]) is String:
        outputs = {end.args[0].value}
    elif ends is not None:
        # the graph's outputs that the end layers feed keep their names and decoders
        outputs = {dst[1] for dst, src in root.edges
                   if dst[0] == "Outputs" and src[0] == "Nodes" and src[1] in ends}
    return _subgraph(net, names, keep_outputs=ends is None, outputs=outputs, open_states=True)


def _flatten_graph(net: Net, depth) -> Net:
    """Graphs nested in a graph spliced in: their layers named "outer/inner", edges to and
    from the nested graph's ports rewired to the layers behind them."""
    from wlnet.net.containers.graph import build_graph
    root = net.root
    layers, conns = [], []
    inner_in, inner_out = {}, {}       # (outer name, port) -> [inner refs] / inner ref
    for name, sub in layers_of(net):
        if sub.root.type not in ("Chain", "Graph"):
            layers.append((name, net_flatten(sub, depth)))     # (inside an operator)
            continue
        if sub.root.type == "Chain":
            sub = _join_graph([(None, sub)])      # its layers, each feeding the next
        sub = net_flatten(sub, None if depth is None else depth - 1)
        if sub.root.type == "Chain":
            sub = _join_graph([(None, sub)])
        layers += [(f"{name}/{n}", s) for n, s in layers_of(sub)]
        rel = lambda path: ("port", f"{name}/{path[1]}", path[3])
        for dst, src in sub.root.edges:
            if src[0] == "Inputs":
                inner_in.setdefault((name, src[1]), []).append(rel(dst))
            elif dst[0] == "Outputs":
                inner_out[(name, dst[1])] = rel(src)
            else:
                conns.append((rel(src), rel(dst), None))
    flattened = {n for n, sub in root.nodes.items() if sub.type in ("Chain", "Graph")}
    for dst, src in root.edges:
        if src[0] == "Nodes" and src[2] == "Nodes" and src[1] in flattened:   # NetPort[{g, l, p}]
            src = ("Nodes", f"{src[1]}/{src[3]}") + src[4:]
        s = inner_out.get((src[1], src[3]), _ref(src)) if src[0] == "Nodes" else _ref(src)
        targets = inner_in.get((dst[1], dst[3]), [_ref(dst)]) if dst[0] == "Nodes" else [_ref(dst)]
        conns += [(s, t, None) for t in targets]
    flat = build_graph(layers, conns, coders=dict(root.coders))
    return _in_port_order(flat, root.input_names, root.output_names)


def _in_port_order(net: Net, inputs: tuple, outputs: tuple) -> Net:
    """``net`` (a graph rebuilt from the same interface) with its ports in the order
    ``inputs``/``outputs`` had: flattening splices layers in but leaves the net's interface
    as it was, so {a, b} -> net still feeds the ports it fed before (the edges of the
    spliced graph would otherwise reach its inputs in another order)."""
    root = net.root
    if set(root.input_names) != set(inputs) or set(root.output_names) != set(outputs):
        return net
    return Net(attrs.evolve(root, input_names=tuple(inputs), output_names=tuple(outputs)),
               net.arrays)


def _members(given, net: Net) -> tuple[list, list]:
    """What a net brings to a joined graph: its layers as (key in its edges, name wanted or
    None for a position, Net) and its edges as (destination, source) paths: a graph's or a
    chain's own layers and links, or a layer as one member (named ``given``)."""
    root = net.root
    if root.type in ("Chain", "Graph"):
        positional = is_positional(root.nodes)
        members = [(n, None if positional else n, sub) for n, sub in layers_of(net)]
        return members, list(root.edges if root.type == "Graph" else root.edges())
    key = ""                                    # no layer has the empty name
    edges = [(("Nodes", key, "Inputs", p), ("Inputs", p)) for p in net.inputs()]
    edges += [(("Outputs", p), ("Nodes", key, "Outputs", p)) for p in net.outputs()]
    return [(key, given, net)], edges


def _join_graph(pieces: list, hints=(), coders=None) -> Net:
    """A graph of the nets ``pieces`` ((name or None, Net) pairs) in sequence, the one
    output of each feeding the one input of the next: every container's layers and edges
    spliced in (names that repeat get a number appended, positions are renumbered)."""
    from wlnet.net.containers.graph import build_graph
    layers, conns, taken = [], [], set()
    feed = None                                 # the reference feeding the next piece
    last = len(pieces) - 1
    for k, (given, net) in enumerate(pieces):
        members, edges = _members(given, net)
        rename = {}
        for key, wanted, sub in members:
            rename[key] = _unique_name(wanted or str(len(layers) + 1), taken)
            taken.add(rename[key])
            layers.append((rename[key], sub))
        out_src = None
        for dst, src in edges:
            if src[0] == "Inputs":
                s = feed if k > 0 else ("graph", src[1])
            else:
                s = ("port", rename[src[1]], src[3])
            if dst[0] == "Outputs":
                if k < last:
                    out_src = s
                    continue
                d = ("graph", dst[1])
            else:
                d = ("port", rename[dst[1]], dst[3])
            conns.append((s, d, None))
        feed = out_src
    kept = {}
    first, final = pieces[0][1], pieces[-1][1]
    kept.update(_port_coders(first, first.inputs(), True))
    kept.update(_port_coders(final, final.outputs(), False))
    kept.update(coders or {})
    return build_graph(layers, conns, hints, _without_hinted(kept, hints))
