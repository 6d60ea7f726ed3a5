"""Evaluating a net on data: ``run_net`` is what ``net[data, spec]`` does, on the net IR.

The data (an example, a batch, or an association of ports that may also hold
``NetPortGradient["out"] -> g`` and ``NetPort[All, "States"] -> <|…|>``) is split into
examples, encoded and run through the executor (``wlnet.net.execute.Executor``) in chunks of
``EvalOptions.batch_size``; ``spec`` chooses what comes back (decoded outputs, a decoder
property, raw arrays, layer outputs via NetPort, an input gradient, the final recurrent
states).  Problems with the net or the request raise ``NetEvalError`` (a message tag and
its slots) and problems with the data ``NetDataError``; the WL face
(``wlnet.builtins.net_evaluation``) parses options and turns these into messages.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import NumericArray, reals_expr, to_numpy_data
from wlnet.core.packed import PackedArgs, to_packed
from wlnet.net.backends import backend as backend_named
from wlnet.net.batch import (
    NetDataError, PortFormat, RaggedExamples, decode_port, encode_port, examples_of,
    is_integer_port, single_example,
)
from wlnet.net.coders.base import CoderError, assoc
from wlnet.net.construct import open_input_ports, takes_port_list
from wlnet.net.errors import NetSpecError
from wlnet.net.execute import Executor
from wlnet.net.identity_cache import IdentityCache
from wlnet.net.net import infer, missing_sizes, path_label
from wlnet.net.port_lists import port_list_batch
from wlnet.net.shape import NetTypeError
from wlnet.net.types import AtomT, IndexIntegerT, LengthVar, TensorT, describe_type
from wlnet.net.values import Batch, VersionedArrays
from wlnet.net.wltext import assoc_items, short_text

__all__ = ["NetEvalError", "EvalOptions", "run_net", "executor_for", "prepared", "parse_states",
           "state_key_expr", "AUTOMATIC_BATCH_SIZE", "PortListExamples"]


class NetEvalError(Exception):
    """Why a net cannot be evaluated on the data: the tag and slots of the message the WL
    face issues under the net's head (``MESSAGES`` of ``wlnet.net.errors``)."""

    def __init__(self, tag, *slots):
        super().__init__(tag)
        self.tag = tag
        self.slots = slots


class EvalOptions(NamedTuple):
    """How to evaluate (read from NetEvaluationMode, RandomSeeding, WorkingPrecision and
    BatchSize by the WL face)."""
    train: bool               # train mode: dropout on
    rng: object               # its numpy Generator (None in test mode)
    precision: str            # "Real32" | "Real64"
    batch_size: int | None    # examples per forward pass; None: AUTOMATIC_BATCH_SIZE
    backend: object = None    # the backend TargetDevice names; None: the default one


# ---------------------------------------------------------------------------- data

def _is_gradient_key(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name == "NetPortGradient" \
        and len(e.args) == 1 and type(e.args[0]) is String


def _is_all_states(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name == "NetPort" \
        and e.args == (S.All, String("States"))


class _Rows(tuple):
    """A port's data given example by example (one entry per association of a list of
    associations): always a batch, each entry one example."""


def _is_row_list(ex: Executor, data) -> bool:
    """Whether ``data`` is a batch written as a list of associations, ``{<|"a" -> x1, …|>,
    <|"a" -> x2, …|>}``, some key naming an input port, an output gradient or the states
    (so that a single-input net whose examples are themselves associations is not misread)."""
    if not (type(data) is Expr and data.head is S.List and data.args and all(
            type(row) is Expr and row.head is S.Association for row in data.args)):
        return False
    return any(_is_all_states(key) or _is_gradient_key(key)
               or (type(key) is String and key.value in ex.input_formats)
               for row in data.args for key in (r.args[0] for r in row.args))


def _row_port_data(ex: Executor, data) -> tuple[dict, dict, object]:
    """``_port_data`` of a list of associations: each port's (and output gradient's) examples
    as ``_Rows``; the initial states as ``_Rows`` of each example's states association.
    Every association must give the same ports, gradients and states."""
    rows = [_port_data(ex, row) for row in data.args]
    given0, seeds0, states0 = rows[0]
    for given, seeds, states in rows[1:]:
        if set(seeds) != set(seeds0) or (states is None) != (states0 is None):
            raise NetEvalError("rowsmix")
    given = {p: _Rows(r[0][p] for r in rows) for p in given0}
    seeds = {p: _Rows(r[1][p] for r in rows) for p in seeds0}
    states = None if states0 is None else _Rows(r[2] for r in rows)
    return given, seeds, states


def _port_data(ex: Executor, data) -> tuple[dict, dict, object]:
    """({input port: data expression}, {output port: output-gradient expression}, initial
    states expression or None): the data of ``net[data]``, where an association may also
    give ``NetPortGradient["out"] -> g`` and ``NetPort[All, "States"] -> <|key -> s, …|>``,
    and a list of such associations is a batch (``_row_port_data``)."""
    ports = list(ex.input_formats)
    if _is_row_list(ex, data):
        return _row_port_data(ex, data)
    if type(data) is Expr and data.head is S.Association:
        given, seeds, states = {}, {}, None
        for r in data.args:
            key = r.args[0]
            if _is_gradient_key(key) and key.args[0].value in ex.output_keys:
                seeds[key.args[0].value] = r.args[1]
                continue
            if _is_all_states(key):
                states = r.args[1]
                continue
            if type(key) is not String or key.value not in ports:
                raise NetEvalError("invinport", short_text(key), _names(ports)) if ports \
                    else NetEvalError("noinports")
            given[key.value] = r.args[1]
        for p in ports:
            if p not in given:
                raise NetEvalError("missinport", p)
        return given, seeds, states
    if not ports:
        raise NetEvalError("noinports")
    if len(ports) != 1:
        raise NetEvalError("needassoc", _names(ports))
    return {ports[0]: data}, {}, None


def _names(ports) -> str:
    return ", ".join(f'"{p}"' for p in ports)


def _examples(ex: Executor, given: dict, seeds: dict) -> tuple[dict, dict, bool, int]:
    """({port: [example, …]}, {output port: [gradient, …]}, is_batch, count) of the data
    that ``_port_data`` split by port."""
    per_port, per_seed, kinds = {}, {}, set()
    for port, x in given.items():
        examples, batched = _examples_of(ex.input_formats[port], x)
        per_port[port] = examples
        kinds.add((batched, len(examples)) if batched else (False, 1))
    for port, x in seeds.items():
        fmt = ex.output_formats[port]
        examples, batched = _examples_of(PortFormat(port, fmt.type, None), x)
        per_seed[port] = examples
        kinds.add((batched, len(examples)) if batched else (False, 1))
    if len(kinds) > 1:
        kinds = _empty_sequences_as_examples(ex, per_port, kinds)
    if len(kinds) > 1:
        raise NetEvalError("batchmix")
    batched, count = kinds.pop() if kinds else (False, 1)
    return per_port, per_seed, batched, count


def _empty_sequences_as_examples(ex: Executor, per_port: dict, kinds: set) -> set:
    """``{}`` given to a sequence port beside single examples is one empty sequence (a state
    that starts empty, as those of NetUnfold's attention step), not an empty batch: the
    kinds of data once such ports hold it (changed in place in ``per_port``)."""
    if (False, 1) not in kinds or kinds - {(False, 1), (True, 0)}:
        return kinds
    empties = {}
    for port, examples in per_port.items():
        if not examples:
            t = ex.input_formats[port].type
            if not (isinstance(t, TensorT) and t.tail is None and t.dims
                    and isinstance(t.dims[0], LengthVar)
                    and all(isinstance(d, int) for d in t.dims[1:])):
                return kinds
            empties[port] = [np.zeros((0,) + tuple(t.dims[1:]))]
    per_port.update(empties)
    return {(False, 1)}


def _examples_of(fmt: PortFormat, x) -> tuple[list, bool]:
    """``examples_of``, where ``_Rows`` (a list of associations) is a batch whose every
    entry must be one example."""
    if not isinstance(x, _Rows):
        return examples_of(fmt, x)
    examples = []
    for row in x:
        one, batched = examples_of(fmt, row)
        if batched:                       # a list of examples where one example belongs
            raise NetEvalError("rowbatch", fmt.name)
        examples.extend(one)
    return examples, True


def _given_states(states_expr, keys: dict, count: int, batched: bool) -> dict:
    """The initial states given with the data: one association (a vector, or a row per
    example, for each key) or ``_Rows`` of one association per example."""
    if not isinstance(states_expr, _Rows):
        return parse_states(states_expr, keys, count if batched else None)
    rows = [parse_states(e, keys) for e in states_expr]
    if any(set(r) != set(rows[0]) for r in rows):
        raise NetEvalError("rowsmix")
    return {k: np.stack([r[k] for r in rows]) for k in rows[0]}


# ---------------------------------------------------------------------------- what comes back

class OutputSpec(NamedTuple):
    kind: str                 # "default" | "raw" | "property" | "ports" | "gradient"
    prop: object = None       # decoder property
    ports: tuple = ()         # output ports (or interior keys) asked for
    labels: tuple = ()        # NetPort[…] expressions, for an Association of several
    single: bool = True       # one value (not an Association)


class DecodedPort(NamedTuple):
    """An output port asked for with its decoder's property, or raw (``"port" -> prop`` or
    ``"port" -> None`` in a list of output specifications)."""
    port: str
    prop: object = None
    raw: bool = False


def _port_rule(ex: Executor, a) -> bool:
    """Whether ``a`` is ``"port" -> prop`` for an output port of the net."""
    return type(a) is Expr and a.head is S.Rule and len(a.args) == 2 \
        and type(a.args[0]) is String and a.args[0].value in ex.output_keys


def _decoder_prop(p):
    if type(p) is String:
        return p.value
    if type(p) is Expr and p.head in (S.Rule, S.List) and len(p.args) == 2 and type(p.args[0]) is String:
        name, arg = p.args[0].value, p.args[1]
        if name in ("TopProbabilities", "TopDecisions"):         # a count
            arg = arg.value if type(arg) is Integer else arg
        return (name, arg)                                         # "Probability" -> label
    if type(p) is Expr and p.head is S.List and len(p.args) > 2 and type(p.args[0]) is String:
        return (p.args[0].value, Expr.from_args(S.List, p.args[1:]))   # {"RandomSample", rules…}
    return None


def netport_target(ex: Executor, net, e):
    """NetPort[…] → an output port name or an environment key of a layer's output."""
    parts = list(e.args)
    if len(parts) == 1 and type(parts[0]) is Expr and parts[0].head is S.List:
        parts = list(parts[0].args)
    if len(parts) == 1 and type(parts[0]) is String and parts[0].value in ex.output_keys:
        return parts[0].value
    folded = _folded_target(ex, net, parts)
    if folded is not None:
        return folded
    if type(parts[-1]) is String:
        # NetPort[{lspec…, "port"}]; NetPort["port"] of a lone layer's hidden output
        path = layer_path(net, parts[:-1])
        port = parts[-1].value
        for step in ex.steps:
            if path is None:
                break
            if (step.path == path and port in step.layer.outputs()) \
                    or _gives_hidden(step, path, port):
                return _scattered_from_maps(ex, (step.path, "out", port))
        outs = ex.outputs_at.get(path) if path is not None else None
        if outs and port in outs:             # an output port of a nested container
            return _scattered_from_maps(ex, outs[port])
    # NetPort[layer] (NetPort[{2}], NetPort["name"], NetPort[{"sub", 1}]): the output of
    # that layer or sub-net, when it has one (the page: oport may name a subnet or layer)
    path = layer_path(net, parts)
    outs = ex.outputs_at.get(path) if path else None
    if outs and len(outs) == 1:
        return _scattered_from_maps(ex, next(iter(outs.values())))
    return None


def _folded_target(ex: Executor, net, parts):
    """NetPort[{…, fold, "Net", lspec…, "port"}]: a port inside the step net of a
    NetFoldOperator, whose program runs once per step (FoldOp): the target is that port in
    the step net's program, its values at the steps stacked into a sequence.  Inside a
    NetNestOperator's net (NestOp runs it once per iteration) the values at the iterations
    are stacked likewise, as NestList's without the initial value (the last one is the
    operator's output).  None when ``parts`` lead into no fold or nest."""
    node, path = net.root, ()
    for i, p in enumerate(parts):
        if getattr(node, "type", None) in ("FoldOperator", "NestOperator"):
            inner = _step_named(ex, path)
            if inner is None or not (p == String("Net") or p == Integer(1)) or i + 1 == len(parts):
                return None
            index, step = inner
            rest = Expr(Symbol("NetPort"), Expr.from_args(S.List, parts[i + 1:]))
            target = netport_target(step.op.inner, _RootNet(node.net), rest)
            return None if target is None else _scattered_from_maps(
                ex, ("$folded", step.path, index, target))
        found = _child(node, path, p)
        if found is None:
            return None
        node, path = found
    return None


class _RootNet(NamedTuple):
    """What ``netport_target`` asks of a net: its root node (a fold's step net)."""
    root: object


def _step_named(ex: Executor, path: tuple):
    return next(((i, s) for i, s in enumerate(ex.steps) if s.path == path), None)


def _scattered_from_maps(ex: Executor, key):
    """The target of an output computed inside NetMapOperators: a layer there runs once on the
    flat batch of all the elements it is mapped over, so its value is scattered back into the
    shape of the data, map by map from the innermost out (as the maps' own outputs are)."""
    path, scatters = key[1] if key[0] == "$folded" else key[0], []
    for step in ex.steps:
        op_path = step.path[:-2]
        inside = path[:len(op_path) + 1] == op_path + ("Parameters",)     # not its own views
        if len(step.path) >= 2 and step.path[-2] == "$MapOut" and inside \
                and all(s[0] != op_path for s in scatters):
            scatters.append((op_path, step.inputs["Like"], step.op))
    if not scatters:
        return key
    scatters.sort(key=lambda s: -len(s[0]))        # the innermost map first
    return ("$mapped", key, tuple((like, op) for _, like, op in scatters))


def _target_port(target) -> str:
    if isinstance(target, str):
        return target
    if target[0] == "$mapped":
        return _target_port(target[1])
    return _target_port(target[3]) if target[0] == "$folded" else target[2]


def target_value(res, target):
    """The value of a NetPort target (``netport_target``) in a forward pass run with
    keep=True: a port's value, or a layer's output scattered out of maps or stacked over the
    steps of a fold."""
    if isinstance(target, str):
        return res.outputs[target]
    if target[0] == "$mapped":
        value = target_value(res, target[1])
        for like, op in target[2]:
            value, _ = op.run({"Input": value, "Like": res.env[like]}, None)
        return value
    if target[0] == "$folded":
        cache = res.caches[target[2]]
        if isinstance(cache, list):          # a NestOp's: the results of its iterations
            return Batch(np.stack([np.asarray(target_value(r, target[3]).data) for r in cache], 1),
                         None)
        results, masks, _, lengths, _ = cache
        values = []
        for step_result, mask in zip(results, masks):
            y = np.asarray(target_value(step_result, target[3]).data)
            values.append(y if mask is None else y * mask.reshape((-1,) + (1,) * (y.ndim - 1)))
        if not values:                       # sequences of length 0: nothing was computed
            return Batch(np.zeros((res.batch_size, 0)), lengths)
        return Batch(np.stack(values, 1), lengths)
    return res.env[target]


def _gives_hidden(step, path: tuple, port: str) -> bool:
    """Whether ``step`` gives the hidden output ``port`` (LayerSpec.hidden_outputs: asked
    for by NetPort only) of the layer at ``path``: the layer's own step, or a step inside a
    container layer whose op gives it (the scored AttentionLayer's "$Attend")."""
    if step.path == path:
        owner = getattr(step.layer, "spec", None)
    elif step.path[:-1] == path:
        owner = step.op
    else:
        return False
    return port in getattr(owner, "hidden_outputs", ())


def layer_path(net, parts):
    """The path of the nested layer that ``parts`` (positions or names) name, else None."""
    node, path = net.root, ()
    for p in parts:
        found = _child(node, path, p)
        if found is None:
            return None
        node, path = found
    return path


def _child(node, path: tuple, part):
    """(the sub-net of ``node`` at ``path`` that ``part`` names by position or name, its
    path), else None."""
    names = list(getattr(node, "nodes", {}))
    if type(part) is Integer and 1 <= part.value <= len(names):
        name = names[part.value - 1]
    elif type(part) is Integer and -len(names) <= part.value <= -1:
        name = names[part.value]
    elif type(part) is String and part.value in names:
        name = part.value
    else:
        return None
    # a net operator keeps its sub-nets under "Parameters" (its "Net", "ForwardNet", …)
    sub = node.sub_prefix(path, name) if hasattr(node, "sub_prefix") else path + ("Nodes", name)
    return node.nodes[name], sub


def _is_gradient(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name == "NetPortGradient"


def _gradient_target(ex: Executor, net, spec):
    """NetPortGradient["in"] → the input port; NetPortGradient["array"] (of a layer) or
    NetPortGradient[{lspec…, "array"}] → ("array", path) (the page's learned parameters)."""
    parts = list(spec.args)
    if len(parts) == 1 and type(parts[0]) is Expr and parts[0].head is S.List:
        parts = list(parts[0].args)
    if len(parts) == 1 and type(parts[0]) is String and parts[0].value in ex.input_formats:
        return parts[0].value
    if parts and type(parts[-1]) is String:
        prefix = layer_path(net, parts[:-1]) if len(parts) > 1 else ()
        path = None if prefix is None else prefix + ("Arrays", parts[-1].value)
        if path in net.arrays:
            return ("array", path)
    raise NetEvalError("invgradport", short_text(spec), _names(ex.input_formats))


def _gradient_label(net, target) -> Expr:
    """The key NetPortGradient[All] gives a gradient under: NetPortGradient["in"] or
    NetPortGradient[{lspec…, "array"}] (positions as Information's "Arrays" keys)."""
    from wlnet.net.information import array_key
    head = Symbol("NetPortGradient")
    if isinstance(target, str):
        return Expr(head, String(target))
    key = array_key(target[1])
    return Expr(head, key.args[0] if len(key.args) == 1 else key)


def _is_netport(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name == "NetPort"


def _is_netport_all(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name == "NetPort" \
        and len(e.args) == 1 and e.args[0] == Symbol("All")


def _all_layer_outputs(ex: Executor) -> OutputSpec:
    """net[data, NetPort[All]]: the output of every layer, in the order they run, keyed by
    NetPort[{position…, "port"}] as NetPort[…] names them (the NetPort page's "outputs of
    all layers")."""
    from wlnet.net.information import position_key
    targets, labels, seen = [], [], set()
    for step in ex.steps:
        # a layer inside an operator runs on parts of the data: the operator's output
        path = step.path[:step.path.index("Parameters")] if "Parameters" in step.path else step.path
        if path in seen:
            continue
        seen.add(path)
        outs = ex.outputs_at.get(path) if path != step.path else None
        for port in (outs or step.layer.outputs()):
            targets.append(outs[port] if outs else (path, "out", port))
            key = position_key(path, port)
            labels.append(Expr(Symbol("NetPort"), key if len(key.args) > 1 else String(port)))
    return OutputSpec("ports", ports=tuple(targets), labels=tuple(labels), single=False)


def _output_spec(ex: Executor, net, spec) -> OutputSpec:
    if spec is None:
        return OutputSpec("default")
    if type(spec) is Expr and spec.head in (S.Rule, S.RuleDelayed) and type(spec.args[0]) is Symbol:
        raise NetEvalError("optx", spec, "the evaluation of a net")
    if type(spec) is Symbol and spec.name == "None":
        return OutputSpec("raw")
    if _is_gradient(spec):
        if len(spec.args) == 1 and type(spec.args[0]) is Symbol and spec.args[0].name == "All":
            # every input (of real numbers) and every array: an association
            targets = [p for p, f in ex.input_formats.items() if not is_integer_port(f.type)]
            targets += [("array", path) for path in net.arrays]
            return OutputSpec("gradient", ports=tuple(targets),
                              labels=tuple(_gradient_label(net, t) for t in targets), single=False)
        return OutputSpec("gradient", ports=(_gradient_target(ex, net, spec),), labels=(spec,))
    if type(spec) is Expr and spec.head is S.List and spec.args and all(_is_gradient(a) for a in spec.args):
        targets = tuple(_gradient_target(ex, net, a) for a in spec.args)
        return OutputSpec("gradient", ports=targets, labels=tuple(spec.args), single=False)
    if _is_all_states(spec):
        if not ex.state_keys:
            raise NetEvalError("nostates")
        return OutputSpec("states", ports=(_STATES,))
    if _is_netport_all(spec):
        return _all_layer_outputs(ex)
    if type(spec) is Expr and type(spec.head) is Symbol and spec.head.name == "NetPort":
        target = netport_target(ex, net, spec)
        if target is None:
            raise NetEvalError("invoutport", short_text(spec), _names(ex.output_keys))
        return OutputSpec("ports", ports=(target,), labels=(spec,))
    named = _named_output_ports(ex, spec)
    if named is not None:             # net[x, "Out1"], net[x, {"Out1", "Out2"}]
        return OutputSpec("ports", ports=named, labels=tuple(String(p) for p in named),
                          single=type(spec) is String)
    if type(spec) is Expr and spec.head is S.List and spec.args and not _is_property(ex, spec) and all(
            _is_netport(a) or _port_rule(ex, a) or _named_output_ports(ex, a) is not None
            or _is_property(ex, a) or _raw_of_the_one_output(ex, a) for a in spec.args):
        # NetPorts (NetPort[All] among them: every layer's output), output names and
        # NetPorts together: {"Loss", NetPort[{"kl", "Output"}]}, and ports with a property
        # of their decoder: {"Class" -> "Probabilities", "Box"}, keyed by the port's name
        # (by the rule when a port is asked for twice)
        targets, labels = [], []
        names = [a.args[0].value if _port_rule(ex, a) else a.value if type(a) is String
                 else None for a in spec.args]
        for a in spec.args:
            if _raw_of_the_one_output(ex, a):           # {"Decision", None}: the undecoded output too
                targets.append(DecodedPort(_decoded_ports(ex)[0], raw=True))
                labels.append(a)
                continue
            if _is_property(ex, a) and not _port_rule(ex, a) and _named_output_ports(ex, a) is None:
                # a property of the one decoded output ({"Decision", "Entropy"}): keyed by itself
                [port] = _decoded_ports(ex)
                one = _output_spec(ex, net, Expr(S.Rule, String(port), a))
                targets.append(DecodedPort(port, one.prop))
                labels.append(a)
                continue
            if _port_rule(ex, a):
                one = _output_spec(ex, net, a)
                port = one.ports[0]
                targets.append(DecodedPort(port, one.prop, one.kind == "raw"))
                labels.append(String(port) if names.count(port) == 1 else a)
                continue
            one = _output_spec(ex, net, a)
            targets += one.ports
            labels += one.labels or (a,)
        return OutputSpec("ports", ports=tuple(targets), labels=tuple(labels), single=False)
    if type(spec) is Expr and spec.head is S.Rule and type(spec.args[0]) is String \
            and spec.args[0].value in ex.output_keys:
        port = spec.args[0].value
        if spec.args[1] == Symbol("None"):          # "port" -> None: that port undecoded
            return OutputSpec("raw", ports=(port,))
        prop = _decoder_prop(spec.args[1])
        _check_property(ex, (port,), prop, spec.args[1])
        return OutputSpec("property", prop, ports=(port,))
    prop = _decoder_prop(spec)
    ports = _decoded_ports(ex)
    _check_property(ex, ports, prop, spec)
    return OutputSpec("property", prop, ports=ports, single=len(ports) == 1)


def _decoded_ports(ex) -> tuple:
    """The output ports that have a decoder."""
    return tuple(p for p, f in ex.output_formats.items() if f.coder is not None)


def _is_property(ex, spec) -> bool:
    """Whether ``spec`` is a property of the decoder of the net's one decoded output
    ("Decision", {"TopProbabilities", 2}…)."""
    ports = _decoded_ports(ex)
    prop = _decoder_prop(spec)
    if len(ports) != 1 or prop is None:
        return False
    try:
        _check_property(ex, ports, prop, spec)
    except NetEvalError:
        return False
    return True


def _raw_of_the_one_output(ex, a) -> bool:
    """Whether ``a`` is None in a list of specifications where it means the one decoded
    output undecoded (as net[x, None] gives it)."""
    return type(a) is Symbol and a.name == "None" and len(_decoded_ports(ex)) == 1


def _named_output_ports(ex, spec):
    """The output ports a string or a list of strings names (a name that is not also a
    property of an output's decoder), else None."""
    names = (spec,) if type(spec) is String else spec.args if (
        type(spec) is Expr and spec.head is S.List and spec.args) else ()
    if not names or not all(type(n) is String and n.value in ex.output_keys for n in names):
        return None
    coders = [f.coder for f in ex.output_formats.values() if f.coder is not None]
    if any(n.value in c.properties() for n in names for c in coders):
        return None
    return tuple(n.value for n in names)


def _check_property(ex, ports, prop, spec):
    name, arg = (prop, None) if isinstance(prop, str) else prop if prop else (None, None)
    if not ports:
        raise NetEvalError("invoutspec", short_text(spec))
    for port in ports:
        coder = ex.output_formats[port].coder
        if coder is None or name not in coder.properties() or not _valid_argument(coder, name, arg):
            if coder is not None and coder.name == "Class" and name == "Probability" \
                    and getattr(coder, "labels", None) is not None:      # a label it lacks
                raise NetEvalError("notclassmember", Integer(arg) if isinstance(arg, int) else arg)
            raise NetEvalError("invoutspec", short_text(spec))


def _valid_argument(coder, name: str, arg) -> bool:
    """Whether a decoder property's argument makes sense ("TopDecisions" -> 2, "Probability"
    -> label); a decoder may say so itself (``valid_argument``)."""
    own = getattr(coder, "valid_argument", None)
    if own is not None:
        return own(name, arg)
    if name in ("TopProbabilities", "TopDecisions"):
        return arg is None or (isinstance(arg, int) and arg > 0)
    if name == "Probability":
        try:
            coder._index(arg)
        except (CoderError, TypeError):
            return False
        return True
    return arg is None


# ---------------------------------------------------------------------------- recurrent states

def state_key_expr(key: tuple) -> Expr:
    return Expr.from_args(S.List, [Integer(int(k)) if k.isdigit() else String(k) for k in key[:-1]]
                          + [String(key[-1])])


def _state_key_from_expr(e):
    parts = e.args if type(e) is Expr and e.head is S.List else (e,)
    out = []
    for p in parts:
        if type(p) is Integer:
            out.append(str(p.value))
        elif type(p) is String:
            out.append(p.value)
        else:
            return None
    return tuple(out)


_STATES = ("states",)                            # the result key of NetPort[All, "States"]


def _state_value(v: np.ndarray, numeric_array: bool, precision: str):
    return NumericArray(v, precision) if numeric_array else reals_expr(v)


def parse_states(spec, keys: dict, batch: int | None = None) -> dict:
    """<|{1, "State"} -> {…}, …|> → {key: array of the state's dimensions (``keys``: key ->
    dimensions)}, or one more level (batch, …) for a row per example when ``batch`` is
    given; raises NetEvalError."""
    if not (type(spec) is Expr and spec.head is S.Association):
        raise NetEvalError("invstates", short_text(spec))
    out = {}
    for r in spec.args:
        key = _state_key_from_expr(r.args[0])
        if key is not None and key not in keys and len(key) == 1:
            key = next((k for k in keys if k[-1] == key[0] and len(keys) == 1), key)
        if key not in keys:
            raise NetEvalError("invstatekey", short_text(r.args[0]),
                           ", ".join(short_text(state_key_expr(k)) for k in keys))
        value = to_numpy_data(r.args[1])
        dims = tuple(keys[key])
        if value is None or value.shape not in (dims, (batch,) + dims):
            raise NetEvalError("invstateval", short_text(r.args[1]), short_text(r.args[0]),
                           _state_shape_text(dims) + (" (or one per example)" if batch else ""))
        out[key] = value.astype(np.float64)
    return out


def _state_shape_text(dims: tuple) -> str:
    if not dims:
        return "a number"
    if len(dims) == 1:
        return f"a length-{dims[0]} vector"
    return "an array of dimensions {" + ", ".join(map(str, dims)) + "}"


# ---------------------------------------------------------------------------- running

def _check_ready(net) -> None:
    unopened = [path_label(path) for path, layer in net.root.leaves()
                if layer.spec.takes_port_list and not layer.inputs()
                and "Parameters" not in path]        # an operator says it itself (opnoports)
    if unopened:              # NetGraph[{TotalLayer[], TotalLayer[]}, {}]: nothing says how many
        raise NetEvalError("evalnports", "the layer" if unopened == [""] else
                           ("layer " if len(unopened) == 1 else "layers ") + ", ".join(unopened))
    sizes = missing_sizes(net)
    if sizes:
        raise NetEvalError("evalnfspec", ", ".join(sizes))
    if not net.is_initialized():
        missing = [path_label(p) for p in net.array_paths() if p not in net.arrays]
        raise NetEvalError("evaluninit", ", ".join(missing))


# The nets last found ready to run, by identity, with their executors and their arrays as
# the executor reads them (nets are immutable and a session applies the same net again and
# again: checking every array path, converting every array and packing a GRU's weights on
# each call cost more than a small net's forward pass).
# Net -> {(precision, backend name): (executor, VersionedArrays)}.
_READY = IdentityCache(32)


def executor_for(net, precision: str = "Real32", backend=None) -> Executor:
    """The executor of a net ready to run (on ``backend``, default: $WLNET_BACKEND's);
    raises NetEvalError when it is not."""
    return prepared(net, precision, backend)[0]


def prepared(net, precision: str = "Real32", backend=None) -> tuple[Executor, VersionedArrays]:
    """(executor, arrays) of a net ready to run on ``backend`` (default: $WLNET_BACKEND's):
    its executor and its arrays in the working dtype, found once and kept with the net (a
    VersionedArrays, so that ops derive what they derive from them once, see
    RunContext.arrays_version; ops never write into their arrays).  Raises NetEvalError
    when the net is not ready."""
    backend = backend or backend_named()
    per_net = _READY.get(net)
    if per_net is None:
        _check_ready(net)
        per_net = {}
        _READY.put(net, per_net)
    key = (precision, backend.NAME)
    found = per_net.get(key)
    if found is None:
        try:
            ex = Executor.for_net(net, precision, backend)
        except NotImplementedError as err:       # a layer without an executor op
            raise NetEvalError("noexec", str(err).removeprefix("no executor for "))
        found = per_net[key] = (ex, VersionedArrays(ex.arrays_for(net)))
    return found


AUTOMATIC_BATCH_SIZE = 512         # examples per forward pass when BatchSize -> Automatic


def _chunks(count: int, size: int | None):
    size = size or AUTOMATIC_BATCH_SIZE
    for start in range(0, count, size):
        yield start, min(count, start + size)


def run_net(net, data, spec_expr, opts: EvalOptions, initial_states: dict | None = None):
    """Evaluate ``net`` on ``data``; returns (result expression, final states of the last
    example or None).  Raises NetEvalError / NetDataError."""
    ex, arrays = prepared(net, opts.precision, opts.backend)
    if spec_expr is None and initial_states is None:
        one = _one_example(ex, data)
        if one is not None:
            return _run_one(ex, arrays, one, opts)
    spec = _output_spec(ex, net, spec_expr)
    given, seeds, states_expr = _port_data(ex, data)
    per_port, per_seed, batched, count = _examples(ex, given, seeds)
    examples = [x for v in given.values() for x in (v if isinstance(v, _Rows) else (v,))]
    numeric_array = any(_holds_numeric_array(x) for x in examples)
    one_array = any(isinstance(x, NumericArray) for x in examples)
    if states_expr is not None:
        keys = {k: tuple(ex.state_sizes[k]) for k in ex.state_keys}
        initial_states = {**(initial_states or {}),
                          **_given_states(states_expr, keys, count, batched)}
    collected: dict = {key: [] for key in _result_keys(ex, spec)}
    last_states = None

    def run_chunk(start, stop):
        nonlocal last_states
        batches = ex.encode_inputs({p: xs[start:stop] for p, xs in per_port.items()})
        keep = spec.kind == "gradient" or (spec.kind == "ports" and any(
            not isinstance(t, (str, DecodedPort)) for t in spec.ports))
        res = ex.forward(arrays, batches, train=opts.train, rng=opts.rng,
                         initial_states=_chunk_states(ex, initial_states, start, stop), keep=keep)
        if res.final_states:
            last_states = {k: v[-1:] for k, v in res.final_states.items()}
        seeds = {p: encode_port(PortFormat(p, ex.output_formats[p].type, None), xs[start:stop], ex.dtype)
                 for p, xs in per_seed.items()}
        for key, values in _chunk_values(ex, spec, res, batches, numeric_array, seeds,
                                         arrays).items():
            collected[key].extend(values)

    for start, stop in _chunks(count, opts.batch_size):
        try:
            run_chunk(start, stop)
        except RaggedExamples:
            # sizes the net leaves free, different in each example: one example at a time
            for i in range(start, stop):
                run_chunk(i, i + 1)
    return _assemble(ex, spec, collected, batched, one_array), last_states


def _one_example(ex: Executor, data):
    """(the port's format, the example as ``single_example`` gives it, whether it is a
    NumericArray) when ``data`` is one example of a net's only input port (``net[x]``, the
    commonest call, which then skips the batch bookkeeping of ``run_net``); None for
    anything else (an association of ports, a batch, a list of associations)."""
    if len(ex.input_formats) != 1 or (type(data) is Expr and data.head is S.Association) \
            or _is_row_list(ex, data):
        return None
    fmt = next(iter(ex.input_formats.values()))
    one = single_example(fmt, data)
    return None if one is None else (fmt, one, isinstance(data, NumericArray))


def _run_one(ex: Executor, arrays, one, opts: EvalOptions):
    """``run_net`` of one example with the default output (what ``run_net`` gives for it,
    by the same steps: encode, forward, decode, the value of each output port)."""
    fmt, example, numeric_array = one
    batch = encode_port(fmt, [example], ex.dtype)
    res = ex.forward(arrays, {fmt.name: batch}, train=opts.train, rng=opts.rng)
    values = ex.decode_outputs(res.outputs, None, numeric_array=numeric_array)
    last_states = {k: v[-1:] for k, v in res.final_states.items()} or None
    if len(values) == 1:
        return next(iter(values.values()))[0], last_states
    return assoc((k, v[0]) for k, v in values.items()), last_states


def _chunk_states(ex: Executor, states: dict | None, start: int, stop: int) -> dict | None:
    """Initial states for examples start..stop-1: one state for all, or a row each."""
    if not states:
        return states
    return {k: v[start:stop] if v.ndim > len(ex.state_sizes[k]) else v for k, v in states.items()}


def _result_keys(ex: Executor, spec: OutputSpec) -> tuple:
    """What the result holds, in order: output ports (or layer outputs, or the input port of a
    gradient)."""
    if spec.kind in ("gradient", "ports", "property", "states") or spec.ports:
        return spec.ports
    return tuple(ex.output_keys)


def _output_gradients(res, seeds: dict) -> dict:
    """The gradient each output port sends back: the given NetPortGradient["out"] values
    (padded like the output), ones (the gradient of the summed outputs) for the others."""
    out = {}
    for p, b in res.outputs.items():
        if b.data.dtype.kind != "f":
            continue
        if p in seeds:
            g = seeds[p]
            same_lengths = g.lengths is None or b.lengths is None or np.array_equal(g.lengths, b.lengths)
            if g.data.shape[1:] > b.data.shape[1:] or not same_lengths:
                raise NetEvalError("gradshape", p)
            d = np.zeros_like(b.data)
            d[tuple(slice(0, n) for n in g.data.shape)] = g.data
            out[p] = d
        else:
            out[p] = np.ones_like(b.data)
    return out


def _chunk_values(ex: Executor, spec: OutputSpec, res, batches, numeric_array, seeds,
                  arrays) -> dict:
    if spec.kind == "gradient":
        for port in spec.ports:
            if isinstance(port, str) and batches[port].data.dtype.kind in "iu":
                raise NetEvalError("nograd", port)
        grads = ex.backward(res, _output_gradients(res, seeds))
        out = {}
        for port in spec.ports:
            if not isinstance(port, str):       # an array: its gradient summed over the batch
                g = grads.arrays.get(port[1])
                out[port] = [np.zeros(np.shape(arrays[port[1]]), ex.dtype) if g is None
                             else np.asarray(g)]
                continue
            fmt, data = ex.input_formats[port], batches[port]
            g = grads.inputs.get(port)
            if g is None:
                g = np.zeros(data.data.shape, ex.dtype)
            out[port] = decode_port(PortFormat(port, fmt.type, None), data._replace(data=g),
                                    raw=True, numeric_array=numeric_array, precision=ex.precision)
        return out
    if spec.kind == "states":
        return {_STATES: _final_states(ex, res, numeric_array)}
    if spec.kind == "ports":
        out = {}
        for target in spec.ports:
            if isinstance(target, DecodedPort):
                out[target] = ex.decode_outputs(
                    {target.port: res.outputs[target.port]}, target.prop, raw=target.raw,
                    numeric_array=numeric_array)[target.port]
            elif target == _STATES:        # {NetPort["Output"], NetPort[All, "States"]}
                out[target] = _final_states(ex, res, numeric_array)
            elif isinstance(target, str):
                out[target] = ex.decode_outputs({target: res.outputs[target]}, None,
                                                numeric_array=numeric_array)[target]
            else:
                b = target_value(res, target)
                out[target] = decode_port(PortFormat(_target_port(target), None, None), b, raw=True,
                                          numeric_array=numeric_array, precision=ex.precision)
        return out
    if spec.kind == "property":
        return ex.decode_outputs({p: res.outputs[p] for p in spec.ports}, spec.prop,
                                 numeric_array=numeric_array)
    outputs = {p: res.outputs[p] for p in spec.ports} if spec.ports else res.outputs
    return ex.decode_outputs(outputs, None, raw=spec.kind == "raw",
                             numeric_array=numeric_array)


def _final_states(ex: Executor, res, numeric_array: bool) -> list:
    """Each example's final recurrent states, as NetPort[All, "States"] gives them."""
    return [Expr.from_args(S.Association, (
        Expr(S.Rule, state_key_expr(k), _state_value(res.final_states[k][b], numeric_array,
                                                       ex.precision))
        for k in ex.state_keys)) for b in range(res.batch_size)]


def _holds_numeric_array(x, depth: int = 2) -> bool:
    """Whether a port's data is, or lists at its first two levels, a NumericArray: then
    the outputs are NumericArrays too (WL's rule: a NumericArray anywhere in the input;
    a batch given as a list of NumericArrays gives a list of NumericArrays).  Packed lists
    hold numbers only; deeper levels of a batch are not searched."""
    if isinstance(x, NumericArray):
        return True
    if depth == 0 or type(x) is not Expr or x.head is not S.List or isinstance(x.args, PackedArgs):
        return False
    return any(_holds_numeric_array(a, depth - 1) for a in x.args)


def _assemble(ex: Executor, spec: OutputSpec, collected: dict, batched: bool,
              one_array: bool = False):
    """The result expression of the collected values; ``one_array``: the batch was given as
    one NumericArray, and its results are one NumericArray (when they stack)."""
    def value(key):
        values = collected[key]
        if not batched:
            return values[0]
        stacked = _stacked_numeric_arrays(values) if one_array else None
        if stacked is not None:
            return stacked
        batch = Expr.from_args(S.List, values)
        return to_packed(batch) or batch        # numbers out of a batch: packed, as in WL

    def gradient(key):
        if isinstance(key, str):
            return value(key)
        return reals_expr(np.sum(collected[key], axis=0))   # the batches' sums, summed

    if spec.kind == "gradient":
        if spec.single:
            return gradient(spec.ports[0])
        return Expr.from_args(S.Association, (Expr(S.Rule, label, gradient(t))
                                              for label, t in zip(spec.labels, spec.ports)))
    if spec.kind == "states":
        return value(spec.ports[0])
    if spec.kind == "ports":
        if spec.single:
            return value(spec.ports[0])
        return Expr.from_args(S.Association, (Expr(S.Rule, label, value(t))
                                              for label, t in zip(spec.labels, spec.ports)))
    keys = list(collected)
    if len(keys) == 1 and spec.single:
        return value(keys[0])
    return assoc((k, value(k)) for k in keys)


def _stacked_numeric_arrays(values):
    """A batch given as a NumericArray gives one NumericArray of the results (as in WL),
    when every example's result is a NumericArray of one type and shape; None otherwise
    (a sequence output of varying lengths stays a list)."""
    if not values or not all(type(v) is NumericArray for v in values):
        return None
    first = values[0]
    if any(v.type_name != first.type_name or v.shape != first.shape for v in values):
        return None
    return NumericArray.wrap(np.stack([v.array for v in values]))


def _mapped_port_list(net, data):
    """``NetMapThreadOperator[ThreadingLayer[Plus]][<|"Input1" -> …, "Input2" -> …|>]``: a
    port-list layer mapped before its ports are known opens one port per given input."""
    from wlnet.net.containers.operators import build_map_thread
    from wlnet.net.net import sub_net
    inner = net.root.net
    if not (getattr(inner, "spec", None) is not None and inner.spec.takes_port_list
            and not inner.inputs() and type(data) is Expr and data.head is S.Association):
        return net
    return build_map_thread(open_input_ports(sub_net(net, "Net"), len(data.args)))


class PortListExamples(NamedTuple):
    """A batch of port lists whose ports take arrays of any rank: each example is evaluated
    on its own (its arrays shape the ports)."""
    examples: list


def port_list_data(net, data):
    """``layer[{x1, x2, …}]`` for a layer whose inputs are a list of ports (CatenateLayer,
    ThreadingLayer…): one array per port, given as the association of the ports.  For an
    association of arrays, the ports of unknown rank take the arrays' shapes."""
    root = net.root
    if getattr(root, "type", None) == "MapThreadOperator":
        mapped = _mapped_port_list(net, data)
        if mapped is net and type(data) is Expr and data.head is S.List:
            mapped = _shaped_by_example(net, data)     # one input of open rank, as a map's
        return mapped, data
    port_list = takes_port_list(root)         # also a chain starting with such a layer
    if type(data) is Expr and data.head is S.Association:
        given = {k.value: v for k, v in assoc_items(data) if type(k) is String}
        if port_list and not net.inputs() and given:
            net = open_input_ports(net, len(given))     # <|"Input1" -> …, "Input2" -> …|>
        return _shaped_by_arrays(net, given), data
    if not (type(data) is Expr and data.head is S.List):
        if port_list and not net.inputs():
            # TotalLayer[][x -> y]: the number of inputs is the number of arrays given
            raise NetEvalError("portlistdata", short_text(data))
        return net, data
    if not port_list:
        return _shaped_by_example(net, data), data
    batch = port_list_batch(net, data)
    if batch is not None:                     # {{x1, y1}, {x2, y2}, …}: the ports' batches
        net = open_input_ports(net, len(batch[0].args))
        if all(isinstance(t, TensorT) and t.tail is None for t in net.inputs().values()):
            return net, assoc((p, Expr(S.List, *(e.args[i] for e in batch)))
                              for i, p in enumerate(net.inputs()))
        return net, PortListExamples(batch)   # ports of open rank: each example its own
    net = open_input_ports(net, len(data.args))
    ports = list(net.inputs())
    if len(ports) != len(data.args):
        raise NetEvalError("portcount", f"{len(ports)} input port" + ("" if len(ports) == 1 else "s"),
                           len(data.args))
    # each array fixes its port's shape, so the layer's own rules check that they fit
    hints = _array_shapes(net, dict(zip(ports, data.args)))
    if hints:
        net = infer(net, hints)
    return net, assoc(zip(ports, data.args))


def _array_shapes(net, given: dict) -> list:
    """Inference hints fixing each input port of unknown rank given an array (``given``:
    port name -> data) to that array's shape, and each port of unknown sizes given an array
    of its rank to those sizes (its sequence lengths left to vary)."""
    hints = []
    for port, x in given.items():
        t = net.inputs().get(port)
        if not isinstance(t, TensorT) or (t.tail is None and all(
                isinstance(d, (int, LengthVar)) for d in t.dims)):
            continue
        arr = to_numpy_data(x)
        if arr is None:
            continue
        if t.tail is not None:
            hints.append((port, TensorT(arr.shape, AtomT), True))
        elif arr.ndim == len(t.dims):
            dims = tuple(d if isinstance(d, LengthVar) else n for d, n in zip(t.dims, arr.shape))
            hints.append((port, TensorT(dims, AtomT), True))
    return hints


def _inferred_for_example_or_batch(net, hint):
    """``net`` inferred with its input of unknown rank given the shape of ``hint``; when
    that shape does not fit, the array may be a batch of examples: its trailing dimensions
    are tried as the example's shape (LinearLayer[2, "Weights" -> w] given a matrix of
    rows of Dimensions[w][[2]] numbers).  When nothing fits, the layer's own refusal of the
    whole array is raised (its message), else None."""
    port, t, *rest = hint
    declared = net.inputs()[port].dims            # the levels the net already fixes (a map's
    first_failure = None                          # sequence) keep their own dimensions
    # a scalar's shape () is tried too; and, on a port of indices, a list of indices may be
    # a batch of single ones (NetChain[{UnitVectorLayer[5], LinearLayer[3, "Weights" ->
    # w]}][{2, 4}]: the weights need one index per example)
    indices = isinstance(getattr(net.inputs()[port], "elem", None), IndexIntegerT)
    for start in range(len(t.dims) + 1 if indices else len(t.dims) or 1):
        dims = t.dims[start:]
        if len(dims) < len(declared):
            break
        dims = _keeping_lengths(declared, dims)
        try:
            return infer(net, [(port, TensorT(dims, t.elem), *rest)])
        except NetTypeError as err:
            first_failure = first_failure or err
        except NetSpecError as err:               # a layer's own rule (LinearLayer::dimsinc)
            first_failure = first_failure or err
    if isinstance(first_failure, NetSpecError):
        raise first_failure                       # what the whole array was refused for
    return None


def _keeping_lengths(declared: tuple, dims: tuple) -> tuple:
    """An example's ``dims`` with the sequence lengths among the port's ``declared`` leading
    dimensions left to vary (NetMapOperator's input {n, …} given one sequence stays {n, …})."""
    return tuple(d if isinstance(d, LengthVar) else n
                 for d, n in zip(declared, dims)) + dims[len(declared):]


def _shaped_by_example(net, data):
    """``net`` with its one input port of unknown rank fixed to the shape of the array it is
    given, which is one example (batch.single_example), so that a layer whose computation
    depends on the rank (ParametricRampLayer's slopes at level 1) knows it.  An array that
    does not fit is reported by the layer's own rules (tyinc naming its arrays) or, for a
    type mismatch, by the evaluation as data; a net with arrays still to initialize is left
    as it was (evalnfspec or evaluninit, as without data)."""
    ports = net.inputs()
    if len(ports) != 1 or not net.is_initialized():
        return net              # a net that cannot run yet is reported as it was given
    (port, t), = ports.items()
    if not (isinstance(t, TensorT) and t.tail is not None):
        return net
    hints = _array_shapes(net, {port: data})
    if not hints:
        return net
    # the net for each shape is kept, so that applying it again (Plot, a loop) finds the
    # executor built for it
    shaped = _SHAPED.get(net)
    if shaped is None:
        shaped = {}
        _SHAPED.put(net, shaped)
    shape = hints[0][1].dims
    if shape not in shaped:
        # a net that does not fit is left for the evaluation to report the data
        shaped[shape] = _inferred_for_example_or_batch(net, hints[0]) or net
        if len(shaped) > 16:
            shaped.pop(next(iter(shaped)))
    return shaped[shape]


_SHAPED = IdentityCache(16)     # net -> {example shape -> the net with that input shape}


def _shaped_by_arrays(net, given: dict):
    """``net`` with its input ports of unknown rank fixed to the shapes of the arrays given
    to them, one after another, so that an array that does not fit the shape the ones
    before it fixed is reported as data (a loss layer's "Input" and "Target" must agree:
    no broadcasting)."""
    for index, (port, *hint) in enumerate(_array_shapes(net, given)):
        # the first array may be a batch of examples (LinearLayer[2, "Weights" -> w] given
        # rows); the ones after it must fit the shape it fixed as they are
        if index == 0:
            shaped = _inferred_for_example_or_batch(net, (port, *hint))
        else:
            try:
                shaped = infer(net, [(port, *hint)])
            except NetTypeError:
                shaped = None
        if shaped is None:
            raise NetDataError(port, given[port], describe_type(net.inputs()[port]))
        net = shaped
    return net
