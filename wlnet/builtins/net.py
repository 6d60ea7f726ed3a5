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

import attrs
import numpy as np

from wlnet.core.opaque import register_opaque
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol, is_number
from wlnet.core.numeric_array import NumericArray, reals_expr, to_numpy_data
from wlnet.net.coders.base import CoderError, sampling_with
from wlnet.net.batch import encoded_already
from wlnet.net.construct import (
    RUN_OPTIONS, construct_layer, split_rules, check_lrm, with_integer_inputs,
)
from wlnet.net.errors import MESSAGES, NetSpecError, argcount_error, layer_path_text
from wlnet.core.messages import render
from wlnet.net.layers._function_graph import function_graph
from wlnet.net.layers.elementwise import NotCompilable
from wlnet.net.information import PROPERTIES, information, report, summary_text
from wlnet.net.initialize import DEFAULT_SEED, METHODS, SUBOPTIONS, initialize
from wlnet.net.net import Net, infer, sub_net
from wlnet.net.ports import fitted_coder, port_spec
from wlnet.net.registry import all_specs, spec_for_symbol
from wlnet.net.shape import NetTypeError
from wlnet.net.shared import insert_shared_arrays, is_net_array
from wlnet.net.train.multipliers import MultiplierError, push_down
from wlnet.net import surgery
from wlnet.net.surgery import (
    coder_property, extract, net_length, net_normal, net_part, replace_coder_param, replace_parts,
)
from wlnet.net.types import FrozenDict, TensorT, describe_type
from wlnet.net.coders.expr import coder_from_expr
from wlnet.net.wlform import CONTAINER_HEADS, is_net_expr, layer_from_expr, net_from_expr, net_to_expr

FAILED = Symbol("$Failed")
NET_HEADS = CONTAINER_HEADS


# ---------------------------------------------------------------------------- errors

def _layer_label(pos: int, name: str) -> str:
    """How a message names a layer of a chain: its position, or its name if it has one."""
    return str(pos) if str(pos) == name else f'"{name}"'


def report_error(ev, head: str, err: Exception):
    """Issue the message for ``err`` under ``head`` and return $Failed."""
    if isinstance(err, NetSpecError):
        if err.path and err.tag in MESSAGES:
            # a layer's own message found inside a container: the container's, naming
            # the layer (its text kept whole)
            ev.message(Symbol(head), "inlayer", layer_path_text(err.path), err.layer or "",
                       render(MESSAGES[err.tag], err.slots))
            return FAILED
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
    elif "operator" in where:
        _, what_a, what_b = where["operator"]
        ev.message(Symbol(head), "opinc", what_a, a, what_b, b)
    elif "coder" in where:
        _, port, coder = where["coder"]
        ev.message(Symbol(head), "tyinc", f'{coder.kind.lower()} on port "{port}"', a,
                   f'port "{port}"', b)
    elif "hint" in where:
        # the specification as given: the unifier may have bound part of it before the
        # conflict showed ({"Varying", 2} against a vector read as 2×2)
        port, spec = where["hint"]
        ev.message(Symbol(head), "tyinc", f'specification for port "{port}"', describe_type(spec),
                   f'port "{port}" of the net', b)
    elif "ports" in where:
        names = ", ".join(f'"{p}"' for p in where["ports"])
        ev.message(Symbol(head), "portspecs", names, a, b)
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
    # an older name evaluates to the layer that replaced it (ConstantArrayLayer[…] is a
    # NetArrayLayer[…], as in WL 12.2+)
    target = spec_for_symbol(spec.builds) if getattr(spec, "builds", None) else spec

    def construct(ev, *args):
        if len(args) == 2 and is_net_expr(Expr(Symbol(symbol), *args)):
            return None                        # the stored form is inert
        # a Nothing argument is no argument: BN[p__ : Nothing] := BatchNormalizationLayer[
        # "Epsilon" -> 1*^-5, p] (GalAster's model packages) builds the layer with BN[]
        args = tuple(a for a in args if a is not S.Nothing)
        if target is not spec:                 # an older name: its own argument forms
            args = spec.older_form(args)
        if spec.first_argument_net and args and type(args[0]) is not String \
                and not (type(args[0]) is Expr and args[0].head in (S.Rule, S.RuleDelayed)):
            return _guard(ev, symbol, _with_net_argument, target, args)
        try:
            return net_to_expr(construct_layer(target, args))
        except (NetSpecError, NetTypeError) as err:
            graph = _function_as_graph(ev, args) \
                if getattr(err, "tag", None) == "fnpart" and spec.symbol == "FunctionLayer" else None
            if graph is not None:
                return graph
            try:
                expanded = _expanded_function(ev, args[0], spec.function_arity) \
                    if getattr(err, "tag", None) in ("invfunc", "fnpart") and args else None
            except NetSpecError as recursion:      # fnrec: what the definitions say
                return report_error(ev, symbol, recursion)
            if expanded is None:
                return report_error(ev, symbol, err)
        return _guard(ev, symbol, lambda: net_to_expr(construct_layer(spec, (expanded,) + args[1:])))

    construct.__name__ = symbol
    options = {(Symbol(k.name) if type(k) is Symbol else k): v
               for k, v in spec.construction_options()}
    builtin(symbol, usage=spec.usage, options=options, messages=MESSAGES)(construct)


@builtin("SequenceAttentionLayer", usage="SequenceAttentionLayer[net] is equivalent to AttentionLayer[net] with a single \"Input\" port instead of ports \"Key\" and \"Value\". It should no longer be used.",
         messages=MESSAGES)
def SequenceAttentionLayer(ev, *args):
    # the old form of AttentionLayer (WL 11): it evaluates to AttentionLayer with the ports
    # "Input" (keys and values) and "Query"
    spec = spec_for_symbol("AttentionLayer")
    args = args + (Expr(S.Rule, String("$InputPorts"), String("InputQuery")),)
    if args and type(args[0]) is not String and not (
            type(args[0]) is Expr and args[0].head in (S.Rule, S.RuleDelayed)):
        return _guard(ev, "SequenceAttentionLayer", _with_net_argument, spec, args)
    return _guard(ev, "SequenceAttentionLayer", lambda: net_to_expr(construct_layer(spec, args)))


def _with_net_argument(spec, args):
    """AttentionLayer[net, opts]: the layer of the options around its scoring net."""
    from wlnet.net.containers.scoring import build_scored_attention
    try:
        scoring = layer_from_expr(args[0])
    except NetSpecError:
        raise NetSpecError("invscore", args[0], symbol=spec.symbol)
    return net_to_expr(build_scored_attention(scoring, construct_layer(spec, args[1:])))


def _function_as_graph(ev, args):
    """FunctionLayer[f, opts…] whose function applies layers or nets: the NetGraph of
    them (net/layers/_function_graph.py), with the port options; None when f applies none."""
    def net_of(head):
        value = ev.evaluate(head)
        return value if is_net_expr(value) else None

    try:
        found = function_graph(args[0], net_of)
    except NotCompilable:
        return None
    if found is None:
        return None
    layers, edges, names = found
    graph = ev.evaluate(Expr(Symbol("NetGraph"), Expr.from_args(S.List, layers),
                             Expr.from_args(S.List, edges), *args[1:]))
    net = net_from_expr(graph) if is_net_expr(graph) else None
    if net is None:
        return graph                           # $Failed, its message given
    # the ports in the function's order (Apply[Function[{grid, conv}, …]]: Input1 is grid's
    # even when the body uses conv first), and shown as WL shows it: a FunctionLayer
    # keeping its function, run as the graph
    have = net.root.input_names
    ordered = tuple(n for n in names if n in have) + tuple(n for n in have if n not in names)
    return net_to_expr(Net(attrs.evolve(net.root, function=args[0], input_names=ordered),
                           net.arrays))


def _expanded_function(ev, f, arity: int | None):
    """What a function means in a layer once the session's definitions are used: ``f`` with
    ``f[x_] := x^2`` is ``#1^2 &``, ``g[#] + 1 &`` with ``g[x_] := Exp[x]`` is
    ``Exp[#1] + 1 &``, ``Function[{y, dy}, y + dt dy]`` with ``dt = 0.5`` is
    ``#1 + 0.5 #2 &``.  A function of a layer of known arity (ElementwiseLayer,
    ThreadingLayer) is evaluated on slots; FunctionLayer's (whose body may index arrays by
    its inputs, which evaluating would spoil) only has the numbers and numeric arrays of
    its free symbols put in.  None when the definitions change nothing."""
    if arity is None:
        expanded = f
        for step in (_with_user_definitions, _with_numeric_values, _with_constants_folded):
            expanded = step(ev, expanded) or expanded
        return None if expanded is f else expanded
    if type(f) is Symbol:
        call = Expr(f, *(Expr(S.Slot, Integer(i)) for i in range(1, arity + 1)))
    elif type(f) is Expr and f.head is S.Function and len(f.args) == 1:
        call = f.args[0]
    elif type(f) is Expr and f.head is S.Function and len(f.args) == 2:
        call = _slots_for_parameters(f)
        if call is None:
            return None
    else:
        return None
    body = _evaluated_within_limits(ev, call)
    if body is None:
        raise NetSpecError("fnloop", f)
    return None if body == call else Expr(S.Function, body)


# the messages of an evaluation that never ends (a definition in terms of itself)
_ENDLESS = frozenset({("$RecursionLimit", "reclim2"), ("$IterationLimit", "itlim")})


def _evaluated_within_limits(ev, expr):
    """``expr`` evaluated, or None when its evaluation went past $RecursionLimit or
    $IterationLimit (``f[x_] := f[x] + 1``): those messages are kept quiet, the layer
    saying once why the function cannot be used."""
    from wlnet.builtins.messaging import watching_messages
    ev.msg.quiet_stack.append(set(_ENDLESS))
    try:
        with watching_messages(ev, set(_ENDLESS)) as frame:   # inside the Quiet: sees it
            result = ev.evaluate(expr)
    finally:
        ev.msg.quiet_stack.pop()
    return None if frame.seen else result


def _parameter_symbols(f) -> tuple:
    """The parameters of ``Function[x, body]`` / ``Function[{x, y}, body]``."""
    params = f.args[0]
    return (params,) if type(params) is Symbol else tuple(params.args) \
        if type(params) is Expr and params.head is S.List else ()


def _slots_for_parameters(f):
    """The body of ``Function[{x, y}, body]`` with x, y as #1, #2 (None for other
    parameter forms)."""
    params = _parameter_symbols(f)
    if not params or any(type(x) is not Symbol for x in params):
        return None
    slots = {x: Expr(S.Slot, Integer(i)) for i, x in enumerate(params, 1)}
    return _replace_symbols(f.args[1], slots)


def _replace_symbols(e, values: dict):
    if type(e) is Symbol:
        return values.get(e, e)
    if type(e) is not Expr:
        return e
    return Expr(_replace_symbols(e.head, values), *(_replace_symbols(a, values) for a in e.args))


def _free_symbols(e, bound: tuple, out: dict):
    if type(e) is Symbol:
        if e not in bound:
            out[e] = None
    elif type(e) is Expr:
        _free_symbols(e.head, bound, out)
        for a in e.args:
            _free_symbols(a, bound, out)
    return out


def _with_numeric_values(ev, f):
    """``f`` with each free symbol whose value is a number or a numeric array replaced by
    that value; None when there is none."""
    if not (type(f) is Expr and f.head is S.Function and f.args):
        return None
    bound = _parameter_symbols(f) if len(f.args) == 2 else ()
    values = {}
    for sym in _free_symbols(f.args[-1], bound, {}):
        value = ev.evaluate(sym)
        if value != sym and (is_number(value) or to_numpy_data(value) is not None):
            values[sym] = value
    if not values:
        return None
    return Expr(S.Function, *f.args[:-1], _replace_symbols(f.args[-1], values))


# the arithmetic of numbers worked out in a function before it is compiled (1 ;; n - 1 with
# n's value put in is 1 ;; 4 - 1: a span of Part wants the number)
_FOLDED_HEADS = frozenset(("Plus", "Times", "Power", "Subtract", "Minus", "Divide", "Quotient",
                           "Mod", "Floor", "Ceiling", "Round"))


def _with_constants_folded(ev, f):
    """``f`` with its arithmetic of numbers evaluated; None when there is none."""
    if not (type(f) is Expr and f.head is S.Function and f.args):
        return None
    body = _folded(ev, f.args[-1])
    return None if body == f.args[-1] else Expr(S.Function, *f.args[:-1], body)


def _folded(ev, e):
    if type(e) is not Expr:
        return e
    args = tuple(_folded(ev, a) for a in e.args)
    e = Expr(e.head, *args) if args != e.args else e
    if type(e.head) is Symbol and e.head.name in _FOLDED_HEADS and all(is_number(a) for a in args):
        value = ev.evaluate(e)
        return value if is_number(value) else e
    return e


# how deep definitions that call other definitions are followed (a recursive one stops)
_INLINE_DEPTH = 16


def _with_user_definitions(ev, f):
    """FunctionLayer's function with the session's definitions of its own functions put in
    place: ``g[#] + 1 &`` with ``g[x_] := Sin[x]^2`` is ``Sin[#1]^2 + 1 &`` (``g`` alone:
    ``g[#] &``).  A call is rewritten once by the definition that takes it, held: neither
    its arguments (slots, parts of them) nor the definition's right side are evaluated,
    as the compiler reads Length[x] or Total[x] of the input, not of a symbol.  A call no
    definition takes stays, for the compiler to name.  None when nothing changes."""
    if type(f) is Symbol and _has_down_values(ev, f):
        f = Expr(S.Function, Expr(f, Expr(S.Slot, Integer(1))))
    if not (type(f) is Expr and f.head is S.Function and f.args):
        return None
    body = _inlined_calls(ev, f.args[-1], _INLINE_DEPTH)
    return None if body == f.args[-1] else Expr(S.Function, *f.args[:-1], body)


def _has_down_values(ev, sym) -> bool:
    rec = ev.definitions.get(sym)
    return rec is not None and bool(rec.down or rec.down_exact)


# the functionals whose first argument is a function, and its number of arguments there
_FUNCTION_ARGUMENT_ARITY = {"Map": 1, "Nest": 1, "NestList": 1, "Fold": 2, "FoldList": 2,
                            "MapIndexed": 2}


def _inlined_calls(ev, e, depth: int):
    if type(e) is not Expr:
        return e
    args = e.args
    arity = _FUNCTION_ARGUMENT_ARITY.get(e.head.name) if type(e.head) is Symbol else None
    if arity and args and type(args[0]) is Symbol and _has_down_values(ev, args[0]):
        # g /@ x: the function g[#] & (g[#1, #2] & for Fold), whose call is put in place
        slots = (Expr(S.Slot, Integer(i)) for i in range(1, arity + 1))
        args = (Expr(S.Function, Expr(args[0], *slots)),) + args[1:]
    args = tuple(_inlined_calls(ev, a, depth) for a in args)
    e = Expr(e.head, *args) if args != e.args else e
    if type(e.head) is not Symbol or not _has_down_values(ev, e.head):
        return e
    held = Expr(S.Hold, e)
    rewritten = ev.evaluate(Expr(Symbol("Quiet"), Expr(Symbol("ReplaceAll"), held,
                                                        Expr(Symbol("DownValues"), e.head))))
    if rewritten == held or not (type(rewritten) is Expr and rewritten.head is S.Hold
                                 and len(rewritten.args) == 1):
        return e
    if depth <= 0:          # still rewriting after _INLINE_DEPTH steps: a recursion
        raise NetSpecError("fnrec", e.head, symbol="FunctionLayer")
    return _inlined_calls(ev, rewritten.args[0], depth - 1)


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
            if name in RUN_OPTIONS:           # NetMapOperator[net, BatchSize -> 2]: no port
                raise NetSpecError("evalopt", Symbol(name), head, symbol=head)
            raise NetSpecError("invnetport", name, ", ".join(f'"{p}"' for p in (*ins, *outs)),
                               symbol=head)
        is_input = name in ins
        hint = port_spec(value, is_input, name)
        if isinstance(hint, TensorT):
            hints.append((name, hint, is_input))
        elif hint is not None:
            coders[name] = fitted_coder(hint, (ins if is_input else outs)[name], is_input)
    return hints, coders


def _with_lrm(net: Net, rules, head: str) -> Net:
    """A container built with its own LearningRateMultipliers option: the option written
    into the layers it matches (where NetTrain reads it, and where it survives nesting)."""
    for name, value in rules:
        if name == "LearningRateMultipliers":
            try:
                net = push_down(net, value)
            except MultiplierError as err:
                raise NetSpecError("invlrm", err.value, err.reason.rstrip("."), symbol=head)
    return net


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def _named_layers(e, head: str, vertex=layer_from_expr) -> list:
    """The layers of ``{l1, l2, …}`` (named "1", "2", …), ``<|"a" -> l1, …|>`` or
    ``{"a" -> l1, …}`` as (name, Net) pairs; ``vertex`` reads each layer."""
    if type(e) is Expr and e.head is S.List and e.args and all(_is_rule(x) for x in e.args):
        e = Expr.from_args(S.Association, e.args)
    if type(e) is Expr and e.head is S.List:
        return [(str(i), vertex(x)) for i, x in enumerate(e.args, 1)]
    if type(e) is Expr and e.head is S.Association:
        out = []
        for r in e.args:
            key = r.args[0]
            name = key.value if type(key) is String else str(key.value) if type(key) is Integer else None
            if name is None:
                raise NetSpecError("netarg", key, "layer name", "layer names are strings",
                                   symbol=head)
            if any(name == n for n, _ in out):
                raise NetSpecError("netarg", key, "layer name",
                                   "each name may be given to one layer only", symbol=head)
            out.append((name, vertex(r.args[1])))
        return out
    raise NetSpecError("invlayer", e, symbol=head)


_THREADING_SYMBOLS = frozenset({"Plus", "Times", "Subtract", "Divide", "Power", "Max", "Min", "Mod"})


def graph_vertex(e) -> Net:
    """A vertex of a NetGraph: a layer or net, or a shorthand.  Beyond a chain's shorthands
    (``Ramp`` → ElementwiseLayer, ``n`` → LinearLayer, a list → NetChain), a function of
    several arguments (``Plus``, ``#1 + #2 &``) is a ThreadingLayer."""
    from wlnet.net.construct import construct_layer
    from wlnet.net.layers.elementwise import NotCompilable, function_variables
    from wlnet.net.registry import spec_for_symbol
    several = type(e) is Symbol and e.name in _THREADING_SYMBOLS
    if type(e) is Expr and e.head is S.Function:
        try:
            variables = function_variables(e)
            several = variables is not None and len(variables) > 1
        except NotCompilable:
            several = False
    if several:
        return construct_layer(spec_for_symbol("ThreadingLayer"), (e,))
    return layer_from_expr(e)


def _build_chain(args):
    from wlnet.net.containers.chain import build_chain
    positional, rules = split_rules(args)
    if len(positional) != 1:
        raise argcount_error("NetChain", len(positional), 1, 1)
    if is_net_expr(positional[0]):
        # NetChain[chain, opts]: the chain itself with the options applied (its layers,
        # names and coders kept); any other single net is not a list of layers
        net = layer_from_expr(positional[0])
        if net.root.type != "Chain":
            raise NetSpecError("chainone", net.root.symbol, symbol="NetChain")
        return net_to_expr(_with_lrm(_with_port_options(net, rules, "NetChain"), rules, "NetChain"))
    layers = _named_layers(positional[0], "NetChain")
    if not layers:
        raise NetSpecError("netempty", "NetChain")
    ins, outs = layers[0][1].inputs(), layers[-1][1].outputs()
    hints, coders = _port_options(rules, ins, outs, "NetChain")
    first, net = layers[0]
    layers[0] = (first, Net(with_integer_inputs(net.root, hints), net.arrays))
    net = build_chain(layers, hints, coders)
    return net_to_expr(_with_lrm(net, rules, "NetChain"))


@builtin("NetChain", usage="NetChain[{layer1, layer2, …}] specifies a neural net in which the output of layer i is connected to the input of layer i+1.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetChain(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(S.NetChain, *args)):
        return None
    return _guard(ev, "NetChain", _build_chain, args)


# ---------------------------------------------------------------------------- net operators

def _operator_ports(rules, head):
    """"Input"/"Output" specifications of an operator (its ports are "Input", "Output")."""
    return _port_options(rules, {"Input": None}, {"Output": None}, head)


def _build_map(args):
    from wlnet.net.containers.operators import build_map
    positional, rules = split_rules(args)
    if len(positional) != 1:
        raise argcount_error("NetMapOperator", len(positional), 1, 1)
    hints, coders = _operator_ports(rules, "NetMapOperator")
    return net_to_expr(_with_lrm(build_map(layer_from_expr(positional[0]), hints, coders), rules, "NetMapOperator"))


@builtin("NetMapOperator", usage="NetMapOperator[net] represents a net in which net is mapped over a sequence of inputs to give a sequence of outputs.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetMapOperator(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(Symbol("NetMapOperator"), *args)):
        return None
    return _guard(ev, "NetMapOperator", _build_map, args)


def _build_map_thread(args):
    from wlnet.net.containers.operators import build_map_thread
    head = "NetMapThreadOperator"
    positional, rules = split_rules(args)
    if not 1 <= len(positional) <= 2:
        raise argcount_error(head, len(positional), 1, 2)
    depth, mapped, shallow = _map_depth(positional[1]) if len(positional) == 2 else (1, None, ())
    net = layer_from_expr(positional[0])
    hints, coders = _port_options(rules, net.inputs(), net.outputs(), head)
    return net_to_expr(_with_lrm(build_map_thread(net, hints, coders, depth, mapped, shallow),
                                 rules, head))


def _map_depth(e) -> tuple:
    """NetMapThreadOperator's second argument: n (every input at depth n) or <|"in" -> n, …|>
    (each input named at its depth, the others replicated) → (the deepest depth, mapped
    inputs or None, ((input, depth), …) for the inputs of a lesser depth)."""
    if type(e) is Integer and e.value >= 1:
        return e.value, None, ()
    if type(e) is Expr and e.head is S.Association and e.args:
        pairs = [(r.args[0], r.args[1]) for r in e.args]
        if all(type(k) is String and type(d) is Integer and d.value >= 1 for k, d in pairs):
            depth = max(d.value for _, d in pairs)
            return depth, tuple(k.value for k, _ in pairs), \
                tuple((k.value, d.value) for k, d in pairs if d.value < depth)
    raise NetSpecError("opdepth", e, symbol="NetMapThreadOperator")


@builtin("NetMapThreadOperator", usage="NetMapThreadOperator[mapnet] represents a net in which mapnet is mapped over one or more inputs to give one or more outputs.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetMapThreadOperator(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(Symbol("NetMapThreadOperator"), *args)):
        return None
    return _guard(ev, "NetMapThreadOperator", _build_map_thread, args)


def _build_bidirectional(args):
    from wlnet.net.containers.operators import build_bidirectional
    head = "NetBidirectionalOperator"
    positional, rules = split_rules(args)
    if not 1 <= len(positional) <= 2:
        raise argcount_error(head, len(positional), 1, 2)
    nets = positional[0]
    if type(nets) is Expr and nets.head is S.List:
        if len(nets.args) != 2:
            raise NetSpecError("opnets", nets, symbol=head)
        fwd, bwd = (layer_from_expr(x) for x in nets.args)
    else:
        fwd = bwd = layer_from_expr(nets)          # two independent copies
    aggregation = "Catenate"
    if len(positional) == 2:
        agg = positional[1]
        aggregation = agg.name if type(agg) is Symbol else agg     # (the message shows it)
    hints, coders = _operator_ports(rules, head)
    return net_to_expr(_with_lrm(build_bidirectional(fwd, bwd, aggregation, hints, coders), rules, head))


@builtin("NetBidirectionalOperator", usage="NetBidirectionalOperator[{fnet, bnet}] represents a net that applies fnet to a sequence and bnet to the reversed sequence, catenating their outputs.\nNetBidirectionalOperator[net] uses two independently trained copies of net.\nNetBidirectionalOperator[nets, agg] combines the outputs with Catenate, Total or Mean.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetBidirectionalOperator(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(Symbol("NetBidirectionalOperator"), *args)):
        return None
    return _guard(ev, "NetBidirectionalOperator", _build_bidirectional, args)


def _build_fold(args):
    from wlnet.net.containers.operators import build_fold
    head = "NetFoldOperator"
    args = _fold_feedback_rule_as_spec(args)
    positional, rules = split_rules(args)
    if not 1 <= len(positional) <= 4:
        raise argcount_error(head, len(positional), 1, 4)
    feedback = (("Output", "State"),)
    if len(positional) >= 2:
        spec = positional[1]
        items = spec.args if type(spec) is Expr and spec.head is S.List else (spec,)
        if not items or not all(type(r) is Expr and r.head is S.Rule and len(r.args) == 2
                                and all(type(x) is String for x in r.args) for r in items):
            raise NetSpecError("opfeedback", spec, "?", "the net", "…", "…", symbol=head)
        feedback = tuple((r.args[0].value, r.args[1].value) for r in items)
    constants = _port_names(positional[2], head) if len(positional) >= 3 else ()
    returned = _port_names(positional[3], head) if len(positional) == 4 else None
    net = layer_from_expr(positional[0])
    ports = {p: None for p in net.inputs() if p not in {i for _, i in feedback}}
    outs = {p: None for p in net.outputs() if returned is None or p in returned}
    hints, coders = _port_options(rules, ports, outs, head)
    return net_to_expr(_with_lrm(build_fold(net, feedback, hints, coders, constants, returned),
                                 rules, head))


def _fold_feedback_rule_as_spec(args) -> tuple:
    """NetFoldOperator[net, "out" -> "in", …]: a lone rule in second place that joins an output
    of net to one of its inputs is the feedback spec, not a port option (a port option names a
    port of the operator, never a port of net on both sides)."""
    if len(args) < 2:
        return args
    rule = args[1]
    if not (type(rule) is Expr and rule.head is S.Rule and len(rule.args) == 2
            and all(type(x) is String for x in rule.args)):
        return args
    try:
        net = layer_from_expr(args[0])
    except (NetSpecError, NetTypeError):   # the net itself is bad: let the build report it
        return args
    out, inp = (x.value for x in rule.args)
    if out in net.outputs() and inp in net.inputs():
        return (args[0], Expr(S.List, rule)) + tuple(args[2:])
    return args


def _port_names(e, head) -> tuple:
    """NetFoldOperator's constant inputs or returned outputs: a list of port names."""
    if type(e) is String:
        return (e.value,)
    if type(e) is Expr and e.head is S.List and all(type(a) is String for a in e.args):
        return tuple(a.value for a in e.args)
    raise NetSpecError("netarg", e, "list of ports", "it should be a list of port names", symbol=head)


@builtin("NetFoldOperator", usage="NetFoldOperator[net] represents a net in which net is folded over a sequence of inputs, its \"Output\" fed back into its \"State\" input at each step, giving the sequence of outputs.\nNetFoldOperator[net, {\"out1\" -> \"in1\", …}] feeds back the given outputs into the given inputs.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetFoldOperator(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(Symbol("NetFoldOperator"), *args)):
        return None
    return _guard(ev, "NetFoldOperator", _build_fold, args)


def _build_nest(args):
    from wlnet.net.containers.operators import build_nest
    head = "NetNestOperator"
    positional, rules = split_rules(args)
    if len(positional) != 2:
        raise argcount_error(head, len(positional), 2, 2)
    n = positional[1]
    if not (type(n) is Integer and n.value >= 1):
        raise NetSpecError("opiter", n, symbol=head)
    hints, coders = _operator_ports(rules, head)
    return net_to_expr(_with_lrm(build_nest(layer_from_expr(positional[0]), n.value, hints, coders), rules, head))


@builtin("NetNestOperator", usage="NetNestOperator[net, n] represents a net in which net is applied n times to the input, its output feeding its input.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetNestOperator(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(Symbol("NetNestOperator"), *args)):
        return None
    return _guard(ev, "NetNestOperator", _build_nest, args)


def _build_gan(args):
    from wlnet.net.containers.gan import LOSSES, SYMBOL, build_gan
    positional, rules = split_rules(args)
    if not 1 <= len(positional) <= 2:
        raise argcount_error(SYMBOL, len(positional), 1, 2)
    nets = positional[0]
    if not (type(nets) is Expr and nets.head is S.List and len(nets.args) == 2):
        raise NetSpecError("gannets", nets, symbol=SYMBOL)
    loss = positional[1] if len(positional) == 2 else Symbol("Automatic")
    if type(loss) is String and loss.value in LOSSES:
        loss = loss.value
    elif type(loss) is Symbol and loss.name == "Automatic":
        loss = None
    else:
        raise NetSpecError("ganloss", loss, symbol=SYMBOL)
    hints, coders = _port_options(rules, {"Sample": None, "Latent": None},
                                  {"LossReal": None, "LossFake": None, "GeneratedFake": None}, SYMBOL)
    generator, discriminator = (layer_from_expr(x) for x in nets.args)
    return net_to_expr(_with_lrm(build_gan(generator, discriminator, loss, hints, coders),
                                 rules, SYMBOL))


@builtin("NetGANOperator", usage="NetGANOperator[{generator, discriminator}] represents a network to perform generative adversarial network (GAN) training with a generative net generator and a classification net discriminator.\nNetGANOperator[{generator, discriminator}, loss] specifies the loss type to be used.",
         messages=MESSAGES, options={Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetGANOperator(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(Symbol("NetGANOperator"), *args)):
        return None
    return _guard(ev, "NetGANOperator", _build_gan, args)


def _build_pair_embedding(args):
    from wlnet.net.containers.pair_embedding import DISTANCES, SYMBOL, build_pair_embedding
    positional, rules = split_rules(args)
    if len(positional) != 1:
        raise argcount_error(SYMBOL, len(positional), 1, 1)
    distance = "EuclideanDistance"
    port_rules = []
    for name, value in rules:
        if name == "DistanceFunction":
            if not (type(value) is Symbol and value.name in DISTANCES):
                raise NetSpecError("pairdist", value, symbol=SYMBOL)
            distance = value.name
        else:
            port_rules.append((name, value))
    hints, coders = _port_options(port_rules, {"Input": None}, {"Output": None}, SYMBOL)
    # "Input" -> dims gives the dimensions of each array of the pair
    hints = [(port, TensorT((2,) + t.dims, t.elem, t.tail) if is_input else t, is_input)
             for port, t, is_input in hints]
    net = build_pair_embedding(layer_from_expr(positional[0]), distance, hints, coders)
    return net_to_expr(_with_lrm(net, rules, SYMBOL))


@builtin("NetPairEmbeddingOperator", usage="NetPairEmbeddingOperator[net] represents a net that takes a pair of arrays, embeds them into a vector space using net, and outputs the distance under the embedding.\nNetPairEmbeddingOperator[net, opts] includes options for distance function to use and other parameters.",
         messages=MESSAGES, options={Symbol("DistanceFunction"): Symbol("EuclideanDistance"),
                                     Symbol("LearningRateMultipliers"): Symbol("Automatic")})
def NetPairEmbeddingOperator(ev, *args):
    if len(args) == 2 and is_net_expr(Expr(Symbol("NetPairEmbeddingOperator"), *args)):
        return None
    return _guard(ev, "NetPairEmbeddingOperator", _build_pair_embedding, args)


@builtin("NetUnfold", usage="NetUnfold[fnet] produces the elementary net of the folded net fnet, exposing the recurrent states.",
         messages=MESSAGES)
def NetUnfold(ev, *args):
    from wlnet.net.unfold import unfold_expr
    if len(args) != 1:
        return report_error(ev, "NetUnfold", argcount_error("NetUnfold", len(args), 1, 1))
    net = _net_arg(ev, "NetUnfold", args[0])
    if net is None:
        return FAILED
    try:
        return ev.evaluate(unfold_expr(net))
    except (NetSpecError, NetTypeError) as err:
        return report_error(ev, "NetUnfold", err)


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
        if len(parts) == 2 and type(parts[0]) is Expr and parts[0].head is S.List:
            parts = parts[0].args + parts[1:]          # NetPort[{1, 2}, "Output"]
        if len(parts) >= 2 and type(parts[-1]) is String:
            layer = _vertex(parts[0], names, label, as_source)
            if layer is not None and layer[0] == "layer":
                if len(parts) == 2:
                    return ("port", layer[1], parts[1].value)
                return ("nested", layer[1], tuple(parts[1:-1]), parts[-1].value)
    raise NetSpecError("invedge", label, symbol="NetGraph")


def _flat_edges(items):
    """The edges of a connection list, nested lists of edges spliced in (as a program's
    {Table[… -> …, {k, n}], …, a -> b} gives them)."""
    for r in items:
        if type(r) is Expr and r.head is S.List:
            yield from _flat_edges(r.args)
        else:
            yield r


def _connections(spec, names: list) -> list:
    """The connections of an edge list, in the order their sources are written: the graph's
    input ports and a port-list layer's inputs come in that order (in {NetPort["a"],
    NetPort["b"] -> "v"} -> "s", port a comes before port b, though b's own edge to v is
    met first)."""
    if not (type(spec) is Expr and spec.head is S.List):
        raise NetSpecError("nginvedgespec", symbol="NetGraph")
    out = []                                   # (the source's place in the text, connection)
    written = iter(range(1 << 62))

    def walk(e, label) -> tuple[list, list]:
        """The vertices where ``e`` starts and ends (each with its place in the text), its
        own connections added: a -> b -> c connects a to b to c; a list's members each start
        and end (and a member may be a chain of its own: {"anchors", NetPort["Input"] ->
        "reshape"} -> "breakout")."""
        if type(e) is Expr and e.head is S.Rule and len(e.args) == 2:
            starts, ends = walk(e.args[0], label)
            heads, tails = walk(e.args[1], label)
            for s, place in ends:
                for d, _ in heads:
                    out.append((place, (_vertex(s, names, label, True),
                                        _vertex(d, names, label, False), label)))
            return starts, tails
        if type(e) is Expr and e.head is S.List:
            both = [walk(x, label) for x in e.args]
            return [v for b in both for v in b[0]], [v for b in both for v in b[1]]
        leaf = [(e, next(written))]
        return leaf, leaf

    for r in _flat_edges(spec.args):
        if not (type(r) is Expr and r.head is S.Rule and len(r.args) == 2):
            raise NetSpecError("invedge", r, symbol="NetGraph")
        walk(r, r)
    return [conn for _, conn in sorted(out, key=lambda c: c[0])]


def _build_graph(args):
    from wlnet.net.containers.graph import graph_net
    positional, rules = split_rules(args)
    if len(positional) == 1:                  # NetGraph[net]: the equivalent minimal graph
        net = layer_from_expr(positional[0])
        if net.root.type == "Graph":
            # a graph is its own minimal graph (a FunctionLayer of nets: the graph it runs
            # as); NetGraph[graph, opts] applies the options to it rather than nesting it
            net = Net(attrs.evolve(net.root, function=None), net.arrays)
            return net_to_expr(_with_lrm(_with_port_options(net, rules, "NetGraph"), rules, "NetGraph"))
        if net.root.type == "Chain":           # its layers, each feeding the next
            names = list(net.root.nodes)
            layers = [(n, sub_net(net, n)) for n in names]
            conns = [(("layer", a), ("layer", b), None) for a, b in zip(names, names[1:])]
        else:
            layers, conns = [("1", net)], []
    elif len(positional) == 2:
        layers = _named_layers(positional[0], "NetGraph", graph_vertex)
        conns = _connections(positional[1], [n for n, _ in layers])
    else:
        raise argcount_error("NetGraph", len(positional), 1, 2)
    # the graph's port options are inferred together with its layers (not after them)
    net = _with_port_options(graph_net(layers, conns), rules, "NetGraph")
    return net_to_expr(_with_lrm(net, rules, "NetGraph"))


def _with_port_options(net: Net, rules, head: str) -> Net:
    """A built container with its "Input" -> spec & co options: types and coders on its
    ports, inferred through its layers."""
    hints, coders = _port_options(rules, net.root.inputs(), net.root.outputs(), head)
    root = with_integer_inputs(net.root, hints)
    root = attrs.evolve(root, coders=FrozenDict({**root.coders, **coders}))
    return infer(Net(root, net.arrays), hints)


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
    from wlnet.net.coders.function import with_saved_definitions
    return _guard(ev, name, lambda: with_saved_definitions(from_spec(args[0]),
                                                           ev.definitions).to_expr())


def _matching_coder(ev, other, kind: str):
    from wlnet.net.coders.decoders import CharactersDecoder, ClassDecoder, TokensDecoder
    from wlnet.net.coders.encoders import CharactersEncoder, ClassEncoder
    c = coder_from_expr(other)
    if c is not None and c.name == "Class":
        made = ClassDecoder(c.labels, multilabel=c.multilabel) if kind == "Decoder" \
            else ClassEncoder(c.labels, multilabel=c.multilabel)
        return made.to_expr()
    if c is not None and c.name == "Characters":
        made = CharactersDecoder(c.encoding) if kind == "Decoder" else CharactersEncoder(c.entries)
        return made.to_expr()
    if c is not None and c.name == "Tokens":
        made = TokensDecoder(c.tokens + (None,), ignore_case=c.ignore_case) \
            if kind == "Decoder" else c.encoder()
        return made.to_expr()
    if c is not None and c.name == "Image":
        from wlnet.net.coders.image import matching_image_coder
        return matching_image_coder(c, kind).to_expr()
    if c is not None and c.name == "Image3D":
        from wlnet.net.coders.image3d import matching_image3d_coder
        return matching_image3d_coder(c, kind).to_expr()
    if c is not None and c.name == "SubwordTokens":      # the decoder trims the padding
        from wlnet.net.coders.decoders import SubwordTokensDecoder
        made = SubwordTokensDecoder(c.tokens, c.whitespace_padding) if kind == "Decoder" \
            else SubwordTokensDecoder.encoder(c)
        return made.to_expr()
    if c is not None and c.name == "Boolean":
        from wlnet.net.coders.decoders import BooleanDecoder
        from wlnet.net.coders.encoders import BooleanEncoder
        from wlnet.net.coders.mapped import mapped
        made = BooleanDecoder() if kind == "Decoder" else BooleanEncoder()
        return mapped(made, getattr(c, "dims", ())).to_expr()
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
        with sampling_with(ev.rng, ev):                 # "Function" encoders evaluate
            takes = getattr(coder, "takes", None)      # coders that say what one input is
            made = _encoding_expr(coder)
            if type(data) is Expr and data.head is S.List and not (
                    coder.name == "Class" and coder.labels is not None and data in coder.labels) \
                    and not (takes is not None and takes(data)):
                return Expr.from_args(S.List, (made(coder.encode_array(x)) for x in data.args))
            return made(coder.encode_array(data))
    except CoderError as err:
        if _already_encoded(coder, data):
            return data          # bypassed, as it is: a NumericArray stays one, as in WL
        ev.message(S.NetEncoder, "encfail", data, str(err))
        return FAILED


def _encoding_expr(coder):
    """How an encoder gives one encoding: a list, or a "Real32" NumericArray for the
    encoders whose pages say so (``Coder.gives_numeric_array``)."""
    if getattr(coder, "gives_numeric_array", False):
        return lambda arr: NumericArray(np.asarray(arr, dtype=np.float32), "Real32")
    return _array_to_expr


def _already_encoded(coder, data) -> bool:
    """Whether ``data`` is already the encoding of one input of ``coder``, or a batch of
    such encodings (a list, or a NumericArray with one more dimension)."""
    t = coder.type
    if encoded_already(coder, t, data) is not None:
        return True
    rows = data.args if type(data) is Expr and data.head is S.List else \
        list(data.array) if isinstance(data, NumericArray) and data.array.ndim > 0 else ()
    return bool(rows) and all(encoded_already(coder, t, row) is not None for row in rows)


def _decoder_property(ev, p):
    if type(p) is String:
        return p.value
    if type(p) is Expr and p.head is S.Rule and type(p.args[0]) is String:
        arg = p.args[1]
        return (p.args[0].value, arg.value if type(arg) is Integer else arg)
    if type(p) is Expr and p.head is S.List and len(p.args) == 2 and type(p.args[0]) is String:
        arg = p.args[1]
        return (p.args[0].value, arg.value if type(arg) is Integer else arg)
    if type(p) is Expr and p.head is S.List and len(p.args) > 2 and type(p.args[0]) is String:
        return (p.args[0].value, Expr.from_args(S.List, p.args[1:]))   # {"RandomSample", rules…}
    return None


def _known_decoder_property(coder, prop) -> bool:
    """Whether ``prop`` (as ``_decoder_property`` reads it) is a property of ``coder`` with
    an argument it takes."""
    if prop is None or (prop if isinstance(prop, str) else prop[0]) not in coder.properties() + ["Properties"]:
        return False
    valid = getattr(coder, "valid_argument", None)
    return valid is None or prop in ("Properties", "Decision") or bool(
        valid(*((prop, None) if isinstance(prop, str) else prop)))


@builtin_subvalue("NetDecoder")
def apply_decoder(ev, head, *args):
    coder = coder_from_expr(head)
    if coder is None or not 1 <= len(args) <= 2:
        return None
    if len(args) == 2 and type(args[1]) is Symbol and args[1].name == "None":
        return args[0]             # None bypasses the decoder (WL: net[x, None] is the raw output)
    prop = _decoder_property(ev, args[1]) if len(args) == 2 else "Decision"
    if len(args) == 2 and not _known_decoder_property(coder, prop) and type(args[1]) is Expr \
            and args[1].head is S.List and args[1].args and all(
                _known_decoder_property(coder, _decoder_property(ev, p)) for p in args[1].args):
        # a list of properties ({"Decision", "Entropy"}): each, keyed by itself, as
        # net[x, {prop1, prop2}] gives them
        return Expr.from_args(S.Association, (Expr(S.Rule, p, apply_decoder(ev, head, args[0], p))
                                              for p in args[1].args))
    if len(args) == 2 and not _known_decoder_property(coder, prop):
        if isinstance(prop, tuple) and prop[0] == "Probability" and coder.name == "Class" \
                and getattr(coder, "labels", None) is not None:           # a label it lacks
            label = Integer(prop[1]) if isinstance(prop[1], int) else prop[1]
            ev.message(S.NetDecoder, "notclassmember", label)
        else:
            ev.message(S.NetDecoder, "invprop", args[1], "the decoder")
        return FAILED
    if prop == "Properties":
        return Expr.from_args(S.List, (String(p) for p in coder.properties()))
    arr = to_numpy_data(args[0])
    # a list of sequences of different lengths is a batch too (a list of inputs)
    rows = [to_numpy_data(a) for a in args[0].args] \
        if arr is None and type(args[0]) is Expr and args[0].head is S.List and args[0].args else None
    if arr is None and (rows is None or any(r is None for r in rows)):
        ev.message(S.NetDecoder, "decfail", args[0], "it is not a numeric array")
        return FAILED
    try:
        with sampling_with(ev.rng, ev):                         # "RandomSample" follows SeedRandom
            if arr is None or arr.ndim == getattr(coder, "rank", 1) + 1:  # a batch
                return Expr.from_args(S.List, (coder.decode(row, prop) for row in
                                               (rows if arr is None else arr)))
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


# what each suboption takes (NetInitialize page): Kaiming's and Xavier's "Distribution" a
# name; the others a distribution or a number σ (NormalDistribution[0, σ]), "Biases" also None
_DISTRIBUTION_TEXT = "a distribution or a standard deviation"
_SUBOPTION_VALUES = {
    ("Kaiming", "Distribution"): (lambda v: v in ("Normal", "Uniform"), '"Normal" or "Uniform"'),
    ("Xavier", "Distribution"): (lambda v: v in ("Normal", "Uniform"), '"Normal" or "Uniform"'),
    ("Xavier", "FactorType"): (lambda v: v in ("Mean", "In", "Out"), '"Mean", "In" or "Out"'),
    ("Random", "Weights"): (lambda v: v is not None and not isinstance(v, str), _DISTRIBUTION_TEXT),
    ("Random", "Biases"): (lambda v: not isinstance(v, str), _DISTRIBUTION_TEXT + " or None"),
    ("Identity", "Distribution"): (lambda v: v is not None and not isinstance(v, str), _DISTRIBUTION_TEXT),
}


def _bad_suboption(method: tuple, spec) -> tuple | None:
    """The arguments of NetInitialize::invsubval for the first suboption of ``method``
    (its name and read settings) whose setting it does not take; None when all are."""
    name, opts = method
    given = {r.args[0].value: r.args[1] for r in spec.args[1:]} if type(spec) is Expr \
        and spec.head is S.List else {}
    for key, value in opts.items():
        ok, text = _SUBOPTION_VALUES.get((name, key), (lambda v: True, ""))
        if not ok(value):
            return given.get(key, String(str(value))), String(key), String(name), text
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
            unknown = [k for k in method[1] if k not in SUBOPTIONS[method[0]]]
            if unknown:
                taken = SUBOPTIONS[method[0]]
                ev.message(S.NetInitialize, "invsubopt", String(unknown[0]), String(method[0]),
                           ", ".join(f'"{k}"' for k in taken) if taken else "none")
                return FAILED
            bad = _bad_suboption(method, value)
            if bad is not None:
                ev.message(S.NetInitialize, "invsubval", *bad)
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
    if out is None and is_net_array(args[1]):
        ev.message(S.NetExtract, "noshared", args[1], surgery.shared_names_text(net))
        return FAILED
    if out is None:
        ev.message(S.NetExtract, "noparthere", args[1], surgery.valid_parts(net, args[1]))
        return FAILED
    return out


# ---------------------------------------------------------------------------- NetReplacePart

@builtin("NetReplacePart", usage="NetReplacePart[net, spec -> value] replaces an array, port type, parameter or layer of a net.",
         messages=MESSAGES)
def NetReplacePart(ev, *args):
    if len(args) != 2:
        report_error(ev, "NetReplacePart", argcount_error("NetReplacePart", len(args), 2, 2))
        return None
    rules = args[1].args if type(args[1]) is Expr and args[1].head is S.List else (args[1],)

    def pairs():
        for r in rules:
            if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2):
                raise NetSpecError("invrepl", r, "replacements are rules spec -> value.",
                                   symbol="NetReplacePart")
        return [tuple(r.args) for r in rules]

    if coder_from_expr(args[0]) is not None:
        # NetReplacePart[coder, "param" -> value]
        def run_coder():
            coder = args[0]
            for key, value in pairs():
                coder = replace_coder_param(coder, key, value)
            return coder
        return _guard(ev, "NetReplacePart", run_coder)
    net = _net_arg(ev, "NetReplacePart", args[0])
    if net is None:
        return FAILED
    return _guard(ev, "NetReplacePart", lambda: net_to_expr(replace_parts(net, pairs())))


# ---------------------------------------------------------------------------- surgery
#
# NetTake, NetDrop, NetJoin, NetAppend, NetPrepend, NetInsert, NetDelete, NetFlatten,
# NetRename, NetReplace: each reads its arguments, calls wlnet.net.surgery and applies the
# "port" -> spec options of the result (a new type or coder replaces the old one).

def _with_ports(net: Net, rules, head: str) -> Net:
    """``net`` with the "port" -> spec options ``rules`` applied."""
    if not rules:
        return net
    hints, coders = _port_options(rules, net.inputs(), net.outputs(), head)
    import attrs
    kept = {p: c for p, c in net.root.coders.items() if p not in {h[0] for h in hints}}
    root = attrs.evolve(net.root, coders=FrozenDict({**kept, **coders}))
    return infer(Net(root, net.arrays), hints)


def _surgery(ev, head: str, args, lo: int, hi: int | None, run, fixed: int = 1):
    """Check the argument count (positional, options apart: the first ``fixed`` arguments
    are positional even when they are rules, as ``"name" -> layer``), and give what ``run``
    makes as an expression (messages and $Failed on failure)."""
    positional, rules = split_rules(args[fixed:])
    positional = list(args[:fixed]) + list(positional)
    if len(positional) < lo or (hi is not None and len(positional) > hi):
        report_error(ev, head, argcount_error(head, len(positional), lo, hi if hi is not None else lo + 1))
        return None
    return _guard(ev, head, lambda: net_to_expr(run(positional, rules)))


def _net_or_raise(e, head: str) -> Net:
    net = net_from_expr(e)
    if net is None:
        raise NetSpecError("invlayer", e, symbol=head)
    return net


def _items(e) -> list:
    return list(e.args) if type(e) is Expr and e.head is S.List else [e]


@builtin("NetTake", usage="NetTake[net, end] takes only the layers up to end in a NetChain or NetGraph; NetTake[net, {start, end}] the layers from start to end.",
         messages=MESSAGES)
def NetTake(ev, *args):
    def run(pos, rules):
        net = _net_or_raise(pos[0], "NetTake")
        span = pos[1]
        if type(span) is Expr and span.head is S.List and len(span.args) == 2:
            start, end = span.args
        elif net.root.type == "Chain":
            start, end = Integer(1), span
        else:
            start, end = Symbol("All"), span
        return _with_ports(surgery.net_take(net, start, end), rules, "NetTake")
    return _surgery(ev, "NetTake", args, 2, 2, run)


@builtin("NetDrop", usage="NetDrop[chain, n] removes the first n layers of a NetChain; NetDrop[chain, -n] the last n; NetDrop[chain, {m, n}] the layers m through n.",
         messages=MESSAGES)
def NetDrop(ev, *args):
    def run(pos, rules):
        return _with_ports(surgery.net_drop(_net_or_raise(pos[0], "NetDrop"), pos[1]), rules, "NetDrop")
    return _surgery(ev, "NetDrop", args, 2, 2, run)


@builtin("NetDelete", usage="NetDelete[net, spec] deletes the layer or layers given by spec from a NetChain or NetGraph.",
         messages=MESSAGES)
def NetDelete(ev, *args):
    def run(pos, rules):
        net = _net_or_raise(pos[0], "NetDelete")
        return _with_ports(surgery.net_delete(net, _items(pos[1])), rules, "NetDelete")
    return _surgery(ev, "NetDelete", args, 2, 2, run)


@builtin("NetJoin", usage="NetJoin[net1, net2, …] connects a sequence of nets into a single NetChain.",
         messages=MESSAGES)
def NetJoin(ev, *args):
    def run(pos, rules):
        nets = [_net_or_raise(e, "NetJoin") for e in pos]
        for i, net in enumerate(nets):
            if i > 0 and len(net.inputs()) != 1:
                raise NetSpecError("portnum", "NetJoin", "input", _port_list(net.inputs()),
                                   symbol="NetJoin")
            if i < len(nets) - 1 and len(net.outputs()) != 1:
                raise NetSpecError("portnum", "NetJoin", "output", _port_list(net.outputs()),
                                   symbol="NetJoin")
        return _with_ports(surgery.net_join(nets), rules, "NetJoin")
    return _surgery(ev, "NetJoin", args, 1, None, run)


def _port_list(ports) -> str:
    return ", ".join(f'"{p}"' for p in ports) or "none"


def _adding(head: str, prepend: bool):
    def run(pos, rules):
        net = _net_or_raise(pos[0], head)
        return _with_ports(surgery.net_append(net, _items(pos[1]), prepend=prepend), rules, head)
    return run


@builtin("NetAppend", usage="NetAppend[net, layer] appends a layer or a net onto a NetChain, a layer or a NetGraph with one output port; NetAppend[net, \"name\" -> layer] gives it a name; NetAppend[net, {layer1, …}] appends several.",
         messages=MESSAGES)
def NetAppend(ev, *args):
    return _surgery(ev, "NetAppend", args, 2, 2, _adding("NetAppend", False), fixed=2)


@builtin("NetPrepend", usage="NetPrepend[net, layer] prepends a layer or a net onto a NetChain, a layer or a NetGraph with one input port; NetPrepend[net, \"name\" -> layer] gives it a name; NetPrepend[net, {layer1, …}] prepends several.",
         messages=MESSAGES)
def NetPrepend(ev, *args):
    return _surgery(ev, "NetPrepend", args, 2, 2, _adding("NetPrepend", True), fixed=2)


@builtin("NetInsert", usage="NetInsert[chain, layer, i] inserts a layer into a NetChain before the layer at position i; NetInsert[chain, \"name\" -> layer, pos] inserts a named layer.",
         messages=MESSAGES)
def NetInsert(ev, *args):
    def run(pos, rules):
        return _with_ports(surgery.net_insert(_net_or_raise(pos[0], "NetInsert"), pos[1], pos[2]),
                           rules, "NetInsert")
    return _surgery(ev, "NetInsert", args, 3, 3, run, fixed=3)


@builtin("NetFlatten", usage="NetFlatten[net] collapses nested NetChain and NetGraph objects within net; NetFlatten[net, n] collapses only n levels.",
         messages=MESSAGES)
def NetFlatten(ev, *args):
    def run(pos, rules):
        depth = None
        if len(pos) == 2:
            if type(pos[1]) is Integer and pos[1].value >= 0:
                depth = pos[1].value
            elif not (type(pos[1]) is Symbol and pos[1].name == "Infinity"):
                raise NetSpecError("netarg", pos[1], "depth", "give a non-negative integer or Infinity",
                                   symbol="NetFlatten")
        return surgery.net_flatten(_net_or_raise(pos[0], "NetFlatten"), depth)
    return _surgery(ev, "NetFlatten", args, 1, 2, run)


def _rename_rules(ev, net: Net, e, head: str) -> list:
    """The renamings: rules, or a function mapping each layer name to its new name."""
    rules = _items(e)
    if rules and all(_is_rule(r) for r in rules):
        return [tuple(r.args) for r in rules]
    if type(e) is Symbol or (type(e) is Expr and e.head is S.Function):
        out = []
        for name in net.root.nodes:
            new = ev.evaluate(Expr(e, String(name)))
            if type(new) is not String:
                raise NetSpecError("netarg", new, "layer name", f'the function gave it for "{name}"',
                                   symbol=head)
            out.append((String(name), new))
        return out
    raise NetSpecError("invrules", e, head, symbol=head)


@builtin("NetRename", usage="NetRename[net, \"old\" -> \"new\"] gives a net in which the layer \"old\" is renamed \"new\"; NetRename[net, NetPort[\"old\"] -> NetPort[\"new\"]] renames a port; NetRename[net, {rule1, …}] renames several; NetRename[net, f] maps every layer name through f.",
         messages=MESSAGES)
def NetRename(ev, *args):
    if len(args) not in (2, 3):
        report_error(ev, "NetRename", argcount_error("NetRename", len(args), 2, 3))
        return None

    def run():
        net = _net_or_raise(args[0], "NetRename")
        surgery._require_container(net, "NetRename")
        if len(args) == 2:
            return net_to_expr(surgery.net_rename(net, _rename_rules(ev, net, args[1], "NetRename")))
        levels = _rename_levels(args[2])
        rules = _items(args[1])
        explicit = [tuple(r.args) for r in rules] if rules and all(_is_rule(r) for r in rules) else None
        return net_to_expr(surgery.net_rename_levels(
            net, lambda sub: _rename_rules(ev, sub, args[1], "NetRename"), levels, explicit))
    return _guard(ev, "NetRename", run)


def _rename_levels(spec) -> set:
    """NetRename's level specification: n (levels 1 through n), {n} (level n only),
    {n1, n2} (levels n1 through n2), Infinity / All (every level)."""
    deepest = 64                                  # deeper than any real net
    if type(spec) is Integer and spec.value >= 1:
        return set(range(1, spec.value + 1))
    if (type(spec) is Symbol and spec.name == "All") or spec == S.Infinity:
        return set(range(1, deepest + 1))
    if type(spec) is Expr and spec.head is S.List and 1 <= len(spec.args) <= 2 and all(
            type(a) is Integer and a.value >= 1 for a in spec.args):
        lo, hi = spec.args[0].value, spec.args[-1].value
        if lo <= hi:
            return set(range(lo, hi + 1))
    raise NetSpecError("netarg", spec, "level specification",
                       "use n (levels 1 to n), {n} (level n) or {n1, n2} (levels n1 to n2)",
                       symbol="NetRename")


def _literal_layer_match(pattern: Net, layer_expr) -> bool:
    """Whether a layer matches a literal layer pattern (``ElementwiseLayer[Ramp]``): the same
    type, and every parameter the pattern knows equal (sizes it has not learnt do not
    count)."""
    from wlnet.net.wlform import layer_param_expr
    net = net_from_expr(layer_expr)
    if net is None or net.root.type != pattern.root.type or pattern.root.type in ("Chain", "Graph"):
        return False
    for key in pattern.root.params:
        if key.startswith("$"):
            continue
        want = layer_param_expr(pattern.root, key)
        if "NeuralNetworks`" in str(want):         # a size the pattern leaves open
            continue
        if layer_param_expr(net.root, key) != want:
            return False
    return True


# what NetReplace's fallback rule gives for a layer that its rule does not match
_NO_MATCH = Symbol("NeuralNetworks`Private`$NoMatch")


@builtin("NetReplace", usage="NetReplace[net, patt -> layer] gives a net in which every layer matching patt (a pattern such as _ElementwiseLayer, or a literal layer) is replaced by layer, or dropped when layer is Nothing; NetReplace[net, {rule1, …}] applies several rules.",
         messages=MESSAGES)
def NetReplace(ev, *args):
    if len(args) != 2:
        report_error(ev, "NetReplace", argcount_error("NetReplace", len(args), 2, 2))
        return None
    rules = _items(args[1])
    if not rules or not all(_is_rule(r) for r in rules):
        ev.message(S.NetReplace, "invrules", args[1], "NetReplace")
        return FAILED
    literal = {i: net_from_expr(r.args[0]) for i, r in enumerate(rules) if is_net_expr(r.args[0])}

    def replace_layer(expr):
        for i, r in enumerate(rules):
            if i in literal:
                if _literal_layer_match(literal[i], expr):
                    return ev.evaluate(r.args[1])
                continue
            # a rule that matches is a replacement even when it gives the layer back
            # (x_ :> x); a fallback rule tells "no match" apart, conditions included
            out = ev.evaluate(Expr(Symbol("Replace"), expr,
                                   Expr(S.List, r, Expr(S.Rule, Expr(Symbol("Blank")), _NO_MATCH))))
            if out is not _NO_MATCH:
                return out
        return None

    def run():
        net = _net_or_raise(args[0], "NetReplace")
        new, count = surgery.net_replace(net, replace_layer)
        if not count:
            ev.message(S.NetReplace, "norep", args[1])   # WL's tag (Quiet[…, NetReplace::norep])
            return args[0]
        return net_to_expr(new)

    return _guard(ev, "NetReplace", run)


# ---------------------------------------------------------------------------- Information

def _net_list(e) -> bool:
    """{net1, net2, …}: NetInformation[{net1, …}, prop] gives a list of their properties."""
    return type(e) is Expr and e.head is S.List and bool(e.args) and all(is_net_expr(a) for a in e.args)


def _information(ev, head, args):
    if not 1 <= len(args) <= 2:
        return None
    if len(args) == 2 and _net_list(args[0]):
        return Expr.from_args(S.List, (_information(ev, head, (n, args[1])) for n in args[0].args))
    net = net_from_expr(args[0]) if is_net_expr(args[0]) else None
    if net is None:
        return None
    if len(args) == 1:
        return report(net, net_to_expr)
    prop = args[1]
    if type(prop) is Expr and prop.head is S.List:
        return Expr.from_args(S.List, (_information(ev, head, (args[0], p)) for p in prop.args))
    if type(prop) is not String or prop.value not in PROPERTIES:
        # Information is a core builtin without the net messages: the net's head says it
        owner = head if head != "Information" else net.symbol
        ev.message(Symbol(owner), "noinfo", prop)
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
    if not args or not (is_net_expr(args[0]) or (len(args) == 2 and _net_list(args[0]))):
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


def net_short_form(net_expr) -> str | None:
    """A net inside another expression, as WL's OutputForm shows it: a container with
    the count of its nets (NetChain[<3>]), a layer LinearLayer[<>]."""
    try:
        net = net_from_expr(net_expr)
    except (NetSpecError, NetTypeError):
        return None
    nodes = getattr(net.root, "nodes", None) if net is not None else None
    return f"{net_expr.head.name}[<{len(nodes)}>]" if isinstance(nodes, dict) else None


def _missing_net_part(ev, e, specs):
    """``net[[spec…]]`` that names no layer, array, parameter or port: Part's message about
    the net as it is shown, the Part left as it is.  A net is an atom whose parts are what
    NetExtract extracts (the NetExtract page: net[[spec1, spec2, …]] is NetExtract[net,
    {spec1, spec2, …}]), never the internal association it is stored as (layer[[1]] gave
    <|"Type" -> …|>, chain[[1, 5]] its first layer's "Outputs")."""
    if not all(type(p) in (Integer, String) for p in specs):
        return None                       # spans and lists: Part's own take messages
    spec = specs[0] if len(specs) == 1 else Expr.from_args(S.List, specs)
    ev.message(S.Part, "partw", spec, net_short_form(e) or f"{e.head.name}[<>]")
    unevaluated = Expr(S.Part, e, *specs)
    ev.mark_evaluated(unevaluated)            # left as it is, as Part leaves a missing part
    return unevaluated


def _register_upvalues() -> None:
    """Part/Length/Normal/Options/Information of nets, Take/Drop of chains (see
    ``registry.builtin_upvalue``: the evaluator tries these before the builtin itself)."""
    heads = [s.symbol for s in all_specs()] + list(NET_HEADS)

    def part(ev, e, *specs):
        if not (is_net_expr(e) and specs):
            return None
        if specs == (Integer(0),):          # the head, as of any expression (an atom's too)
            return e.head
        try:
            found = net_part(e, *specs)
        except (NetSpecError, NetTypeError) as err:   # chain[[{2, 1}]]: layers that do not fit
            return report_error(ev, e.head.name, err)
        return found if found is not None else _missing_net_part(ev, e, specs)

    def normal(ev, e, *rest):
        return net_normal(e) if not rest and is_net_expr(e) else None

    def options(ev, e, *rest):
        return net_evaluation_options(e) if not rest else None

    def info(ev, e, *rest):
        return net_information(ev, e, *rest)

    for h in heads:
        register_opaque(h, is_net_expr)       # an atom to ReplaceAll, Cases, Position…
        builtin_upvalue("Part", h)(part)
        builtin_upvalue("Normal", h)(normal)
        builtin_upvalue("Options", h)(options)
        builtin_upvalue("Information", h)(info)

    def take(ev, e, *specs):
        # Take[chain, n | -n | {m, n}]: the layers as Take picks list elements;
        # Take[graph, {start, end}] is NetTake's subgraph from start to end
        if len(specs) != 1 or not is_net_expr(e):
            return None
        spec = specs[0]
        if type(spec) is Integer and e.head is S.NetChain:
            spec = Expr(S.List, Integer(1), spec) if spec.value >= 0 else \
                Expr(S.List, spec, Integer(-1))
        return Expr(S.NetTake, e, spec)

    def drop(ev, e, *specs):
        # Drop[chain, n | -n | {m, n}]: NetDrop's own specifications
        return Expr(S.NetDrop, e, specs[0]) if len(specs) == 1 and is_net_expr(e) else None

    def join(ev, *chains):
        # Join[chain1, chain2, …]: NetJoin of the chains (Join would otherwise splice the
        # chains' arguments into one NetChain[…] of four)
        if len(chains) >= 2 and all(type(c) is Expr and c.head is S.NetChain and is_net_expr(c)
                                    for c in chains):
            return Expr(Symbol("NetJoin"), *chains)
        return None

    def end_layer(index):
        # First/Last[net]: the first/last layer, as net[[1]] / net[[-1]] give it (a default,
        # First[net, d], is never needed: a net has layers)
        def handler(ev, e, *rest):
            return net_part(e, Integer(index)) if len(rest) <= 1 and is_net_expr(e) else None
        return handler

    def chain_without(spec):
        # Most/Rest[chain]: the chain without its last/first layer, as Drop[chain, -1 | 1]
        def handler(ev, e, *rest):
            return Expr(S.NetDrop, e, Integer(spec)) if not rest and is_net_expr(e) else None
        return handler

    builtin_upvalue("Take", "NetChain")(take)
    builtin_upvalue("Take", "NetGraph")(take)
    builtin_upvalue("Drop", "NetChain")(drop)
    for h in ("NetChain", "NetGraph"):
        builtin_upvalue("First", h)(end_layer(1))
        builtin_upvalue("Last", h)(end_layer(-1))
    builtin_upvalue("Most", "NetChain")(chain_without(-1))
    builtin_upvalue("Rest", "NetChain")(chain_without(1))

    def not_a_list(outer):
        # Most/Rest/Drop[graph]: a graph's layers are no sequence to cut (its ports and
        # connections would dangle); a message instead of the expression's insides
        def handler(ev, e, *rest):
            if not is_net_expr(e):
                return None
            ev.message(S.NetGraph, "notlist", Symbol(outer))
            return FAILED
        return handler

    for outer in ("Most", "Rest", "Drop"):
        builtin_upvalue(outer, "NetGraph")(not_a_list(outer))
    builtin_upvalue("Join", "NetChain")(join)

    def adding(surgery):
        # Append/Prepend[net, layer]: NetAppend/NetPrepend (as Join is NetJoin); Append
        # would otherwise put the layer among the net's internal arguments
        def handler(ev, e, *rest):
            if len(rest) != 1 or not is_net_expr(e):
                return None
            return Expr(Symbol(surgery), e, rest[0])
        return handler

    for h in heads:
        builtin_upvalue("Append", h)(adding("NetAppend"))
        builtin_upvalue("Prepend", h)(adding("NetPrepend"))

    def inserting(ev, e, *rest):
        # Insert[chain, layer, pos]: NetInsert (Insert would put the layer among the
        # chain's internal arguments)
        return Expr(Symbol("NetInsert"), e, *rest) if len(rest) == 2 and is_net_expr(e) else None

    builtin_upvalue("Insert", "NetChain")(inserting)

    def coder_part(ev, e, *specs):
        return coder_property(e, specs[0]) if len(specs) == 1 else None

    builtin_upvalue("Part", "NetEncoder")(coder_part)
    builtin_upvalue("Part", "NetDecoder")(coder_part)

    def coder_normal(ev, e, *rest):
        # Normal[coder] is NetExtract[coder, All] (NetExtract's page)
        return coder_property(e, S.All) if not rest else None

    builtin_upvalue("Normal", "NetEncoder")(coder_normal)
    builtin_upvalue("Normal", "NetDecoder")(coder_normal)

    def coder_info(ev, e, *rest):
        # Information[coder] / Information[coder, prop]: the coder's summary entries
        from wlnet.net.coders.information import coder_information, coder_report
        coder = coder_from_expr(e)
        if coder is None or len(rest) > 1:
            return None
        if not rest:
            return coder_report(coder)
        found = coder_information(coder, rest[0])
        if found is None:
            ev.message(e.head, "nocoderinfo", rest[0])
            return FAILED
        return found

    builtin_upvalue("Information", "NetEncoder")(coder_info)
    builtin_upvalue("Information", "NetDecoder")(coder_info)
    _register_atom_upvalues(heads)


def _register_atom_upvalues(heads) -> None:
    """A net is an atom in WL (its parts are reached through Part, Normal, NetExtract…,
    never through its internal association): AtomQ gives True, Map/Scan/Apply leave it as
    it is, Reverse says it wants a nonatomic expression, Length of a layer is 0, and
    Dimensions/Depth/LeafCount are an atom's ({}, 1, 1)."""

    def atom_q(ev, e, *rest):
        return Symbol("True") if not rest and is_net_expr(e) else None

    def mapped(result):
        # Map[f, net] / Apply[f, net] / Scan[f, net] (a level spec or not): f never reaches
        # inside; Map[net, data] is no business of this handler
        def handler(ev, f, *rest):
            if not rest or len(rest) > 2 or not is_net_expr(rest[0]):
                return None
            return rest[0] if result is None else result
        return handler

    def reverse(ev, e, *rest):
        if len(rest) > 1 or not is_net_expr(e):
            return None
        call = Expr(Symbol("Reverse"), e, *rest)
        ev.message(Symbol("Reverse"), "normal", Integer(1), call)
        ev.mark_evaluated(call)
        return call

    def length(ev, e, *rest):
        if rest or not is_net_expr(e):
            return None
        found = net_length(e)
        return found if found is not None else Integer(0)

    def constant(value):
        # Dimensions/Depth/LeafCount of an atom: {} , 1, 1 (not those of its insides)
        def handler(ev, e, *rest):
            return value if not rest and is_net_expr(e) else None
        return handler

    for h in heads:
        builtin_upvalue("Dimensions", h)(constant(Expr(S.List)))
        builtin_upvalue("Depth", h)(constant(Integer(1)))
        builtin_upvalue("LeafCount", h)(constant(Integer(1)))
        builtin_upvalue("AtomQ", h)(atom_q)
        builtin_upvalue("Map", h)(mapped(None))
        builtin_upvalue("Apply", h)(mapped(None))
        builtin_upvalue("Scan", h)(mapped(S.Null))
        builtin_upvalue("Reverse", h)(reverse)
        builtin_upvalue("Length", h)(length)


_register_upvalues()


def _register_display() -> None:
    try:
        from wlnet.syntax.printer import register_output_format
    except ImportError:
        return
    heads = [s.symbol for s in all_specs()] + list(NET_HEADS)
    for h in heads:
        register_output_format(h, net_summary, net_short_form)
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
    summary_parts = getattr(coder, "summary_parts", None)    # coders that describe themselves
    if summary_parts is not None:
        parts.extend(summary_parts())
    text = f"Net{coder.kind}[{', '.join(parts)}]"
    from wlnet.net.coders.mapped import MappedCoder
    if isinstance(coder, MappedCoder):            # {"Varying", NetEncoder[…]}, as written
        dims = [str(d) if isinstance(d, int) else '"Varying"' for d in coder.dims]
        text = "{" + ", ".join(dims + [text]) + "}"
    return text


_register_display()


# ---------------------------------------------------------------------------- shared arrays

declare("NetArray", usage="NetArray[\"name\"] represents an array in a net shared by every "
        "layer that uses the same name; NetArray[] an array with a name of its own; "
        "NetArray[\"Name\" -> name, \"Array\" -> values, \"Dimensions\" -> dims] gives "
        "its properties.", messages=MESSAGES)


@builtin_upvalue("Normal", "NetArray")
def _net_array_properties(ev, array, *rest):
    """Normal[NetArray["name"]]: its properties, <|"Name" -> "name"|> (the keys of
    NetExtract[net, NetArray[All]] are NetArrays)."""
    if rest or len(array.args) != 1 or type(array.args[0]) is not String:
        return None
    return Expr(S.Association, Expr(S.Rule, String("Name"), array.args[0]))


@builtin("NetSharedArray", usage="NetSharedArray[\"name\"] represents an array shared by more "
         "than one layer of a net (superseded by NetArray, which it evaluates to).",
         messages=MESSAGES)
def NetSharedArray(ev, *args):
    if len(args) == 1 and type(args[0]) is String:
        return Expr(Symbol("NetArray"), args[0])
    if len(args) == 1 and type(args[0]) is Symbol and args[0].name == "All":
        return None                          # NetExtract[net, NetSharedArray[All]]
    report_error(ev, "NetSharedArray", NetSpecError(
        "invshared", Expr(Symbol("NetSharedArray"), *args), symbol="NetSharedArray"))
    return None


@builtin("NetInsertSharedArrays", usage="NetInsertSharedArrays[net] converts every ordinary "
         "array of net into a shared array (NetArray), named by its position; "
         "NetInsertSharedArrays[net, \"prefix\"] puts prefix before the names.",
         messages=MESSAGES)
def NetInsertSharedArrays(ev, *args):
    def run(pos, rules):
        if rules:
            raise NetSpecError("optx", Expr(S.Rule, String(rules[0][0]), rules[0][1]),
                               "NetInsertSharedArrays", symbol="NetInsertSharedArrays")
        prefix = pos[1] if len(pos) == 2 else String("")
        if type(prefix) is not String:
            raise NetSpecError("netarg", prefix, "prefix", "it should be a string",
                               symbol="NetInsertSharedArrays")
        return insert_shared_arrays(_net_or_raise(pos[0], "NetInsertSharedArrays"), prefix.value)
    return _surgery(ev, "NetInsertSharedArrays", args, 1, 2, run)
