"""The WL face of the net IR (wlnet.net): layer heads, NetChain, NetGraph, NetEncoder,
NetDecoder, NetInitialize, NetExtract, NetReplacePart, NetInformation.

Every function here converts arguments with ``wlnet.net.wlform``, calls the IR (taking nets
apart and back together is ``wlnet.net.surgery``), and turns ``NetSpecError``/
``NetTypeError`` into a ``Head::tag`` message and ``$Failed``.  A net expression in its
stored form (``Head[<|"Type" -> …|>, <|"Version" -> …|>]``) evaluates to itself: it is
inert data.

Operations on nets that belong to other builtins (``Part``, ``Length``, ``Normal``,
``Options``, ``Information`` of a net) are registered with ``registry.builtin_upvalue``
(``net_evaluation_options`` and ``net_information`` are here, the rest in
``wlnet.net.surgery``).  The REPL shows a net as ``net_summary`` text (registered with the
printer's ``register_output_format``).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.numeric_array import reals_expr, to_numpy_data
from wlnet.net.coders.base import CoderError
from wlnet.net.construct import construct_layer, split_rules, check_lrm
from wlnet.net.errors import MESSAGES, NetSpecError, argcount_error
from wlnet.net.information import PROPERTIES, information, report, summary_text
from wlnet.net.initialize import DEFAULT_SEED, METHODS, initialize
from wlnet.net.net import Net, infer
from wlnet.net.ports import port_spec
from wlnet.net.registry import all_specs
from wlnet.net.shape import NetTypeError
from wlnet.net.surgery import (
    coder_property, extract, net_length, net_normal, net_part, replace_part, sub_net,
)
from wlnet.net.types import FrozenDict, TensorT, describe_type
from wlnet.net.coders.expr import coder_from_expr
from wlnet.net.wlform import is_net_expr, layer_from_expr, net_from_expr, net_to_expr

FAILED = Symbol("$Failed")
NET_HEADS = ("NetChain", "NetGraph")


# ---------------------------------------------------------------------------- errors

def _layer_label(pos: int, name: str) -> str:
    """How a message names a layer of a chain: its position, or its name if it has one."""
    return str(pos) if str(pos) == name else f'"{name}"'


def report_error(ev, head: str, err: Exception):
    """Issue the message for ``err`` under ``head`` and return $Failed."""
    if isinstance(err, NetSpecError):
        ev.message(Symbol(err.symbol or head), err.tag, *err.slots)
        return FAILED
    where = err.where
    kind = err.kind
    a, b = describe_type(err.first), describe_type(err.second)
    if "chain" in where:
        pa, na, node_a, pb, nb, node_b = where["chain"]
        ev.message(Symbol(head), "ninctyp2", kind, _layer_label(pa, na), node_a.symbol,
                   _layer_label(pb, nb), node_b.symbol, a, b)
    elif "graph" in where:
        src, node_s, dst, node_d = where["graph"]
        ev.message(Symbol(head), "ninctyp", kind, _port_text(src), _node_symbol(node_s, a),
                   _port_text(dst), _node_symbol(node_d, b))
    elif "coder" in where:
        _, port, coder = where["coder"]
        ev.message(Symbol(head), "tyinc", f'{coder.kind.lower()} on port "{port}"', a,
                   f'port "{port}"', b)
    elif "hint" in where:
        port, _ = where["hint"]
        ev.message(Symbol(head), "tyinc", f'specification for port "{port}"', a,
                   f'port "{port}" of the net', b)
    else:
        ev.message(Symbol(head), "tyinc", "type", a, "type", b)
    return FAILED


def _port_text(path: tuple) -> str:
    if path[0] == "Nodes":
        kind = {"Inputs": "input", "Outputs": "output", "States": "state"}[path[2]]
        return f'{kind} "{path[3]}" of layer {path[1]}'
    return f'port "{path[1]}" of the graph'


def _node_symbol(node, type_text: str) -> str:
    return f"{node.symbol}, {type_text}" if node is not None else type_text


def _guard(ev, head: str, fn, *args):
    try:
        return fn(*args)
    except (NetSpecError, NetTypeError) as err:
        return report_error(ev, head, err)


def _net_arg(ev, head: str, e) -> Net | None:
    """Read a net argument; message and None when it is not a valid net."""
    try:
        net = net_from_expr(e)
    except (NetSpecError, NetTypeError) as err:
        report_error(ev, head, err)
        return None
    if net is None:
        ev.message(Symbol(head), "invlayer", e)
    return net


# ---------------------------------------------------------------------------- layers

def _layer_builtin(spec):
    symbol = spec.symbol

    def construct(ev, *args):
        if len(args) == 2 and is_net_expr(Expr(Symbol(symbol), *args)):
            return None                        # the stored form is inert
        try:
            return net_to_expr(construct_layer(spec, args))
        except (NetSpecError, NetTypeError) as err:
            expanded = _expanded_function(ev, args[0], spec.function_arity) \
                if getattr(err, "tag", None) == "invfunc" and spec.function_arity and args else None
            if expanded is None:
                return report_error(ev, symbol, err)
        return _guard(ev, symbol, lambda: net_to_expr(construct_layer(spec, (expanded,) + args[1:])))

    construct.__name__ = symbol
    options = {(Symbol(k.name) if type(k) is Symbol else k): v
               for k, v in spec.construction_options()}
    builtin(symbol, usage=spec.usage, options=options, messages=MESSAGES)(construct)


def _expanded_function(ev, f, arity: int):
    """What a user-defined function gives on slots: ``f`` with ``f[x_] := x^2`` is ``#1^2 &``,
    ``g[#] + 1 &`` with ``g[x_] := Exp[x]`` is ``Exp[#1] + 1 &``; None when its
    definitions change nothing."""
    if type(f) is Symbol:
        call = Expr(f, *(Expr(S.Slot, Integer(i)) for i in range(1, arity + 1)))
    elif type(f) is Expr and f.head is S.Function and len(f.args) == 1:
        call = f.args[0]
    else:
        return None
    body = ev.evaluate(call)
    return None if body == call else Expr(S.Function, body)


for _spec in all_specs():
    _layer_builtin(_spec)


# ---------------------------------------------------------------------------- containers

def _port_options(rules, ins: dict, outs: dict, head: str):
    """"Input" -> spec & co on a container: (hints, coders); LearningRateMultipliers is
    checked and ignored."""
    hints, coders = [], {}
    for name, value in rules:
        if name == "LearningRateMultipliers":
            check_lrm(value, head)
            continue
        if name not in ins and name not in outs:
            raise NetSpecError("invnetport", name, ", ".join(f'"{p}"' for p in (*ins, *outs)),
                               symbol=head)
        hint = port_spec(value, name in ins, name)
        if isinstance(hint, TensorT):
            hints.append((name, hint, name in ins))
        elif hint is not None:
            coders[name] = hint
    return hints, coders


def _named_layers(e, head: str) -> list:
    if type(e) is Expr and e.head is S.List:
        return [(str(i), layer_from_expr(x)) for i, x in enumerate(e.args, 1)]
    if type(e) is Expr and e.head is S.Association:
        out = []
        for r in e.args:
            key = r.args[0]
            name = key.value if type(key) is String else str(key.value) if type(key) is Integer else None
            if name is None:
                raise NetSpecError("invlayer", r, symbol=head)
            out.append((name, layer_from_expr(r.args[1])))
        return out
    raise NetSpecError("invlayer", e, symbol=head)


def _build_chain(args):
    from wlnet.net.containers.chain import build_chain
    positional, rules = split_rules(args)
    if len(positional) != 1:
        raise argcount_error("NetChain", len(positional), 1, 1)
    layers = _named_layers(positional[0], "NetChain")
    if not layers:
        raise NetSpecError("netempty", "NetChain")
    ins, outs = layers[0][1].inputs(), layers[-1][1].outputs()
    hints, coders = _port_options(rules, ins, outs, "NetChain")
    return net_to_expr(build_chain(layers, hints, coders))


@builtin("NetChain", usage="NetChain[{layer1, layer2, …}] specifies a neural net in which the output of layer i is connected to the input of layer i+1.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetChain(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(S.NetChain, *args)):
        return None
    return _guard(ev, "NetChain", _build_chain, args)


def _vertex(e, names: list, label, as_source: bool):
    if type(e) is Integer:
        if 1 <= e.value <= len(names):
            return ("layer", names[e.value - 1])
        raise NetSpecError("invnetvert", e, label, symbol="NetGraph")
    if type(e) is String:
        return ("layer", e.value)
    if type(e) is Symbol and e.name == "None" and not as_source:
        return None
    if type(e) is Expr and e.head is Symbol("NetPort"):
        parts = e.args
        if len(parts) == 1 and type(parts[0]) is Expr and parts[0].head is S.List:
            parts = parts[0].args
        if len(parts) == 1 and type(parts[0]) is String:
            return ("graph", parts[0].value)
        if len(parts) == 2 and type(parts[1]) is String:
            layer = _vertex(parts[0], names, label, as_source)
            if layer is not None and layer[0] == "layer":
                return ("port", layer[1], parts[1].value)
    raise NetSpecError("invedge", label, symbol="NetGraph")


def _connections(spec, names: list) -> list:
    if not (type(spec) is Expr and spec.head is S.List):
        raise NetSpecError("nginvedgespec", symbol="NetGraph")
    out = []

    def add(src, dst, label):
        srcs = src.args if type(src) is Expr and src.head is S.List else (src,)
        dsts = dst.args if type(dst) is Expr and dst.head is S.List else (dst,)
        for s in srcs:
            for d in dsts:
                out.append((_vertex(s, names, label, True), _vertex(d, names, label, False), label))

    for r in spec.args:
        if not (type(r) is Expr and r.head is S.Rule and len(r.args) == 2):
            raise NetSpecError("invedge", r, symbol="NetGraph")
        src, rest = r.args
        while type(rest) is Expr and rest.head is S.Rule:     # a -> b -> c
            add(src, rest.args[0], r)
            src, rest = rest.args
        add(src, rest, r)
    return out


def _build_graph(args):
    from wlnet.net.containers.graph import build_graph
    positional, rules = split_rules(args)
    if len(positional) == 1:                  # NetGraph[net]: the equivalent minimal graph
        net = layer_from_expr(positional[0])
        if net.root.type == "Chain":           # its layers, each feeding the next
            names = list(net.root.nodes)
            layers = [(n, sub_net(net, n)) for n in names]
            conns = [(("layer", a), ("layer", b), None) for a, b in zip(names, names[1:])]
        else:
            layers, conns = [("1", net)], []
    elif len(positional) == 2:
        layers = _named_layers(positional[0], "NetGraph")
        conns = _connections(positional[1], [n for n, _ in layers])
    else:
        raise argcount_error("NetGraph", len(positional), 1, 2)
    net = build_graph(layers, conns)
    if rules:
        hints, coders = _port_options(rules, net.inputs(), net.outputs(), "NetGraph")
        root = net.root
        if coders:
            import attrs
            root = attrs.evolve(root, coders=FrozenDict({**root.coders, **coders}))
        net = infer(Net(root, net.arrays), hints)
    return net_to_expr(net)


@builtin("NetGraph", usage="NetGraph[{layer1, layer2, …}, {m1 -> n1, m2 -> n2, …}] specifies a neural net defined by a graph in which the output of layer mi is given as input to layer ni.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetGraph(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(S.NetGraph, *args)):
        return None
    return _guard(ev, "NetGraph", _build_graph, args)


# ---------------------------------------------------------------------------- coders

@builtin("NetEncoder", usage="NetEncoder[{\"type\", …}] represents an encoder that converts input data to a numeric array for a net.",
         messages=MESSAGES)
def NetEncoder(ev, *args):
    from wlnet.net.coders.encoders import encoder_from_spec
    return _make_coder(ev, "Encoder", args, encoder_from_spec)


@builtin("NetDecoder", usage="NetDecoder[{\"type\", …}] represents a decoder that converts the output of a net to a form such as a class label.",
         messages=MESSAGES)
def NetDecoder(ev, *args):
    from wlnet.net.coders.decoders import decoder_from_spec
    return _make_coder(ev, "Decoder", args, decoder_from_spec)


def _make_coder(ev, kind: str, args: tuple, from_spec):
    """NetEncoder[…] / NetDecoder[…] (``kind``): the stored form stays as it is; a coder of
    the other kind gives the matching one; a spec is read by ``from_spec``."""
    name = "Net" + kind
    head = Symbol(name)
    if len(args) == 3 and coder_from_expr(Expr(head, *args)) is not None:
        return None
    if len(args) != 1:
        ev.message(head, "argx", head, Integer(len(args)))
        return None
    other = S.NetDecoder if kind == "Encoder" else S.NetEncoder
    if type(args[0]) is Expr and args[0].head is other:
        return _matching_coder(ev, args[0], kind)
    return _guard(ev, name, lambda: from_spec(args[0]).to_expr())


def _matching_coder(ev, other, kind: str):
    from wlnet.net.coders.decoders import ClassDecoder
    from wlnet.net.coders.encoders import ClassEncoder
    c = coder_from_expr(other)
    if c is not None and c.name == "Class":
        made = ClassDecoder(c.labels) if kind == "Decoder" else ClassEncoder(c.labels)
        return made.to_expr()
    ev.message(Symbol("Net" + kind), "invenc" if kind == "Encoder" else "invdec", other)
    return FAILED


def _array_to_expr(arr: np.ndarray):
    from wlnet.core.expr import from_python
    if arr.dtype.kind in "iu":
        return from_python(arr.astype(np.int64).tolist())
    return reals_expr(arr)


@builtin_subvalue("NetEncoder")
def apply_encoder(ev, head, *args):
    coder = coder_from_expr(head)
    if coder is None or len(args) != 1:
        return None
    data = args[0]
    try:
        if type(data) is Expr and data.head is S.List and coder.name != "Scalar" and not (
                coder.name == "Class" and coder.labels is not None and data in coder.labels):
            return Expr.from_args(S.List, (_array_to_expr(coder.encode_array(x)) for x in data.args))
        return _array_to_expr(coder.encode_array(data))
    except CoderError as err:
        ev.message(S.NetEncoder, "encfail", data, str(err))
        return FAILED


def _decoder_property(ev, p):
    if type(p) is String:
        return p.value
    if type(p) is Expr and p.head is S.Rule and type(p.args[0]) is String:
        arg = p.args[1]
        return (p.args[0].value, arg.value if type(arg) is Integer else arg)
    if type(p) is Expr and p.head is S.List and len(p.args) == 2 and type(p.args[0]) is String:
        arg = p.args[1]
        return (p.args[0].value, arg.value if type(arg) is Integer else arg)
    return None


@builtin_subvalue("NetDecoder")
def apply_decoder(ev, head, *args):
    coder = coder_from_expr(head)
    if coder is None or not 1 <= len(args) <= 2:
        return None
    prop = _decoder_property(ev, args[1]) if len(args) == 2 else "Decision"
    if prop is None or (prop if isinstance(prop, str) else prop[0]) not in coder.properties() + ["Properties"]:
        ev.message(S.NetDecoder, "invprop", args[1], "the decoder")
        return FAILED
    if prop == "Properties":
        return Expr.from_args(S.List, (String(p) for p in coder.properties()))
    arr = to_numpy_data(args[0])
    if arr is None:
        ev.message(S.NetDecoder, "decfail", args[0], "it is not a numeric array")
        return FAILED
    try:
        if arr.ndim == getattr(coder, "rank", 1) + 1:      # a batch
            return Expr.from_args(S.List, (coder.decode(row, prop) for row in arr))
        return coder.decode(arr, prop)
    except CoderError as err:
        ev.message(S.NetDecoder, "decfail", args[0], str(err))
        return FAILED


# ---------------------------------------------------------------------------- NetInitialize

def _method(ev, value):
    """Method -> "name" | {"name", opt -> v, …} → (name, opts) or None.  A suboption's
    value: a string, None, a number (a standard deviation) or a distribution (a sampler
    ``draw(rng, count)``)."""
    from wlnet.builtins.random import _sampler
    if type(value) is Symbol and value.name == "Automatic":
        return "Kaiming", {}
    if type(value) is String:
        return value.value, {}
    if type(value) is Expr and value.head is S.List and value.args and type(value.args[0]) is String:
        opts = {}
        for r in value.args[1:]:
            if not (type(r) is Expr and r.head is S.Rule and type(r.args[0]) is String):
                return None
            v = r.args[1]
            if type(v) is String:
                opts[r.args[0].value] = v.value
            elif type(v) is Symbol and v.name == "None":
                opts[r.args[0].value] = None
            elif type(v) is Expr and _sampler(v) is not None:      # a distribution
                opts[r.args[0].value] = _sampler(v)
            elif type(v) in (Integer, Real):
                opts[r.args[0].value] = float(v.value)
            else:
                return None
        return value.args[0].value, opts
    return None


def _seeding(ev, value):
    """RandomSeeding → (seed, rng): an int seed, or the session generator (Inherited)."""
    if type(value) is Integer:
        return value.value, None
    if type(value) is String:
        import zlib
        return zlib.crc32(value.value.encode()), None
    if type(value) is Symbol and value.name == "Automatic":
        return int(ev.rng.integers(0, 2**63)), None
    if type(value) is Symbol and value.name == "Inherited":
        return None, ev.rng
    return "bad", None


@builtin("NetInitialize", usage="NetInitialize[net] gives a net in which all uninitialized learnable parameters in net have been given initial values.",
         messages=MESSAGES, options={Symbol("Method"): Symbol("Automatic"),
                                     Symbol("RandomSeeding"): Integer(DEFAULT_SEED)})
def NetInitialize(ev, *args):
    positional, rules = split_rules(args)
    if not 1 <= len(positional) <= 2:
        return report_error(ev, "NetInitialize", argcount_error("NetInitialize", len(positional), 1, 2))
    target = positional[0]
    if type(target) is Expr and target.head is S.List:
        return Expr.from_args(S.List, (NetInitialize(ev, x, *positional[1:], *(
            Expr(S.Rule, Symbol(k), v) for k, v in rules)) for x in target.args))
    which = "missing"
    if len(positional) == 2:
        w = positional[1]
        which = {"All": "all", "None": "none"}.get(w.name if type(w) is Symbol else "", None)
        if which is None:
            ev.message(S.NetInitialize, "netarg", w, "second argument", "use All or None")
            return FAILED
    method, seeding = ("Kaiming", {}), Integer(DEFAULT_SEED)
    for name, value in rules:
        if name == "Method":
            method = _method(ev, value)
            if method is None or method[0] not in METHODS:
                ev.message(S.NetInitialize, "invmethod", value)
                return FAILED
        elif name == "RandomSeeding":
            seeding = value
        else:
            ev.message(S.NetInitialize, "optx", Expr(S.Rule, Symbol(name), value), "NetInitialize")
            return FAILED
    seed, rng = _seeding(ev, seeding)
    if seed == "bad":
        ev.message(S.NetInitialize, "seeding", seeding)
        return FAILED
    net = _net_arg(ev, "NetInitialize", target)
    if net is None:
        return FAILED
    return _guard(ev, "NetInitialize", lambda: net_to_expr(
        initialize(net, which, method[0], method[1], seed, rng)))


# ---------------------------------------------------------------------------- NetExtract

@builtin("NetExtract", usage="NetExtract[net, spec] extracts a layer, array, parameter or port type from a net.",
         messages=MESSAGES)
def NetExtract(ev, *args):
    if len(args) != 2:
        report_error(ev, "NetExtract", argcount_error("NetExtract", len(args), 2, 2))
        return None
    if coder_from_expr(args[0]) is not None:
        out = coder_property(args[0], args[1])
        if out is None:
            ev.message(S.NetExtract, "nopart", args[1])
            return FAILED
        return out
    net = _net_arg(ev, "NetExtract", args[0])
    if net is None:
        return FAILED
    out = extract(net, args[1])
    if out is None:
        ev.message(S.NetExtract, "nopart", args[1])
        return FAILED
    return out


# ---------------------------------------------------------------------------- NetReplacePart

@builtin("NetReplacePart", usage="NetReplacePart[net, spec -> value] replaces an array, port type, parameter or layer of a net.",
         messages=MESSAGES)
def NetReplacePart(ev, *args):
    if len(args) != 2:
        report_error(ev, "NetReplacePart", argcount_error("NetReplacePart", len(args), 2, 2))
        return None
    net = _net_arg(ev, "NetReplacePart", args[0])
    if net is None:
        return FAILED
    rules = args[1].args if type(args[1]) is Expr and args[1].head is S.List else (args[1],)

    def run():
        cur = net
        for r in rules:
            if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2):
                raise NetSpecError("invrepl", r, "replacements are rules spec -> value.",
                                   symbol="NetReplacePart")
            cur = replace_part(cur, r.args[0], r.args[1])
        return net_to_expr(cur)

    return _guard(ev, "NetReplacePart", run)


# ---------------------------------------------------------------------------- Information

def _information(ev, head, args):
    if not 1 <= len(args) <= 2:
        return None
    net = net_from_expr(args[0]) if is_net_expr(args[0]) else None
    if net is None:
        return None
    if len(args) == 1:
        return report(net, net_to_expr)
    prop = args[1]
    if type(prop) is Expr and prop.head is S.List:
        return Expr.from_args(S.List, (_information(ev, head, (args[0], p)) for p in prop.args))
    if type(prop) is not String or prop.value not in PROPERTIES:
        ev.message(Symbol(head), "noinfo", prop)
        return FAILED
    return information(net, prop.value, net_to_expr)


@builtin("NetInformation", usage="NetInformation[net] gives a report about a net; NetInformation[net, prop] the value of the property prop (Information[net, prop] in current versions).",
         messages=MESSAGES)
def NetInformation(ev, *args):
    return _guard(ev, "NetInformation", _information, ev, "NetInformation", args)


def net_information(ev, *args):
    """``Information[net]`` / ``Information[net, prop]`` with evaluated arguments, for the
    ``Information`` builtin (session_io) to dispatch to when its first argument is a net;
    None when it is not one."""
    if not args or not is_net_expr(args[0]):
        return None
    return _guard(ev, "Information", _information, ev, "Information", args)


# ---------------------------------------------------------------------------- for other builtins

EVALUATION_OPTIONS = (("BatchSize", Symbol("Automatic")), ("NetEvaluationMode", String("Test")),
                      ("RandomSeeding", Symbol("Automatic")), ("TargetDevice", String("CPU")),
                      ("WorkingPrecision", String("Real32")))


def net_evaluation_options(net_expr):
    """``Options[layer[…]]``: the options for evaluating a net on data."""
    if not is_net_expr(net_expr):
        return None
    return Expr.from_args(S.List, (Expr(S.Rule, Symbol(k), v) for k, v in EVALUATION_OPTIONS))


def net_summary(net_expr) -> str | None:
    """The readable summary the REPL shows for a net (None for anything else)."""
    try:
        net = net_from_expr(net_expr)
    except (NetSpecError, NetTypeError):
        return None
    return summary_text(net) if net is not None else None


def _register_upvalues() -> None:
    """Part/Length/Normal/Options/Information of nets (see
    ``registry.builtin_upvalue``: the evaluator tries these before the builtin itself)."""
    heads = [s.symbol for s in all_specs()] + list(NET_HEADS)

    def part(ev, e, *specs):
        return net_part(e, *specs) if is_net_expr(e) and specs else None

    def length(ev, e, *rest):
        return net_length(e) if not rest else None

    def normal(ev, e, *rest):
        return net_normal(e) if not rest and is_net_expr(e) else None

    def options(ev, e, *rest):
        return net_evaluation_options(e) if not rest else None

    def info(ev, e, *rest):
        return net_information(ev, e, *rest)

    for h in heads:
        builtin_upvalue("Part", h)(part)
        builtin_upvalue("Length", h)(length)
        builtin_upvalue("Normal", h)(normal)
        builtin_upvalue("Options", h)(options)
        builtin_upvalue("Information", h)(info)

    def coder_part(ev, e, *specs):
        return coder_property(e, specs[0]) if len(specs) == 1 else None

    builtin_upvalue("Part", "NetEncoder")(coder_part)
    builtin_upvalue("Part", "NetDecoder")(coder_part)


_register_upvalues()


def _register_display() -> None:
    try:
        from wlnet.syntax.printer import register_output_format
    except ImportError:
        return
    heads = [s.symbol for s in all_specs()] + list(NET_HEADS)
    for h in heads:
        register_output_format(h, net_summary)
    register_output_format("NetEncoder", coder_summary)
    register_output_format("NetDecoder", coder_summary)


def coder_summary(coder_expr) -> str | None:
    """``NetEncoder["Characters", 11 codes, "Index"]``-style text for the REPL."""
    coder = coder_from_expr(coder_expr)
    if coder is None:
        return None
    count = getattr(coder, "count", None)
    parts = [f'"{coder.name}"']
    if isinstance(count, int):
        parts.append(f"{count} classes" if coder.name == "Class" else f"{count} codes")
    form = getattr(coder, "output_form", None)
    if form:
        parts.append(f'"{form}"')
    return f"Net{coder.kind}[{', '.join(parts)}]"


_register_display()
