"""The WL face of running nets: ``net[data, spec, opts]``, NetStateObject, NetPortGradient.

``net[x]`` (one example) and ``net[{x1, x2, …}]`` (a batch), ``net[<|"port" -> …, …|>]`` for
several inputs; one output gives its value, several an Association in port order.  The
optional second argument picks what comes back:

  None                          raw arrays (no decoder)
  "prop" / "port" -> "prop"     a property of the output decoder ("Probabilities", …)
  NetPort["out"]                one output port; NetPort[{layer…, "port"}] a layer's output
  {NetPort[…], …}               an Association NetPort[…] -> value
  NetPortGradient["in"]         the gradient of the summed outputs with respect to an input
  NetPort[All, "States"]        the final values of the net's recurrent states

The data association may also hold ``NetPortGradient["out"] -> g`` (the gradient sent back
from an output instead of ones) and ``NetPort[All, "States"] -> <|{1, "State"} -> s, …|>``
(initial states: one vector for all examples, or one per example).

Options: NetEvaluationMode ("Test" | "Train"), RandomSeeding, WorkingPrecision ("Real32" |
"Real64"), BatchSize (chunking only), TargetDevice ("CPU", "GPU", {"GPU", n}; {"GPU", All}
evaluates on the first GPU).  Every failure is a
``Head::tag`` message (the net's head) and $Failed.
"""

from __future__ import annotations

import zlib

import numpy as np

from wlnet.builtins.net import report_error
from wlnet.core.expr import TRUE, Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import reals_expr
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue
from wlnet.net.backends import device_backend
from wlnet.net.batch import NetDataError
from wlnet.net.coders.base import CoderError, assoc, sampling_with
from wlnet.net.errors import MESSAGES, NetSpecError
from wlnet.net.evaluation import (
    EvalOptions, NetEvalError, PortListExamples, executor_for, parse_states, port_list_data, run_net,
    state_key_expr,
)
from wlnet.net.registry import all_specs
from wlnet.net.shape import NetTypeError
from wlnet.net.state_object import get_store, interior_state_keys, new_store
from wlnet.net.wlform import CONTAINER_HEADS, is_net_expr, net_from_expr, net_to_expr
from wlnet.net.wltext import short_text

FAILED = Symbol("$Failed")
NET_HEADS = CONTAINER_HEADS
OPTION_NAMES = ("BatchSize", "NetEvaluationMode", "RandomSeeding", "TargetDevice",
                "WorkingPrecision")


# ---------------------------------------------------------------------------- options

def _split_options(args):
    """(positional, {option: value}); trailing rules whose name is an evaluation option."""
    end = len(args)
    opts = {}
    while end > 0:
        a = args[end - 1]
        if type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) and len(a.args) == 2 \
                and type(a.args[0]) is Symbol and a.args[0].name in OPTION_NAMES:
            opts[a.args[0].name] = a.args[1]
            end -= 1
        else:
            break
    return args[:end], opts


def _seeded_rng(ev, value):
    if type(value) is Integer:
        return np.random.default_rng(abs(value.value))
    if type(value) is String:
        return np.random.default_rng(zlib.crc32(value.value.encode()))
    if type(value) is Symbol and value.name == "Automatic":
        return np.random.default_rng(int(ev.rng.integers(0, 2**63)))
    if type(value) is Symbol and value.name == "Inherited":
        return ev.rng
    raise NetEvalError("seeding", value)


_DEFAULT_OPTIONS = EvalOptions(False, None, "Real32", None, None)


def parse_options(ev, opts: dict) -> EvalOptions:
    if not opts:                          # net[x]: every option at its default
        return _DEFAULT_OPTIONS
    mode = opts.get("NetEvaluationMode", String("Test"))
    if not (type(mode) is String and mode.value in ("Test", "Train")):
        raise NetEvalError("netarg", mode, "setting for NetEvaluationMode", 'use "Test" or "Train"')
    wp = opts.get("WorkingPrecision", String("Real32"))
    if type(wp) is Symbol and wp.name == "MachinePrecision":
        precision = "Real64"
    elif type(wp) is String and wp.value in ("Real32", "Real64"):
        precision = wp.value
    elif type(wp) is String and wp.value == "Mixed":
        precision = "Real32"        # WL's "Mixed" puts some layers in Real16 on a GPU only
    else:
        raise NetEvalError("netarg", wp, "setting for WorkingPrecision",
                           'use "Real32", "Real64" or "Mixed"')
    bs = opts.get("BatchSize", Symbol("Automatic"))
    if type(bs) is Integer and bs.value > 0:
        batch_size = bs.value
    elif type(bs) is Symbol and bs.name == "Automatic":
        batch_size = None
    else:
        raise NetEvalError("netarg", bs, "setting for BatchSize", "use a positive integer or Automatic")
    train = mode.value == "Train"
    # a generator of the run's in training mode, and whenever RandomSeeding is given: a
    # RandomArrayLayer draws in test mode too, and RandomSeeding -> s makes that repeatable
    seeding = opts.get("RandomSeeding")
    rng = _seeded_rng(ev, Symbol("Automatic") if seeding is None else seeding) \
        if train or seeding is not None else None
    return EvalOptions(train, rng, precision, batch_size, _device_backend(opts))


def _device_backend(opts: dict):
    """The backend TargetDevice names (None: the default one), as NetTrain reads it:
    "GPU" and {"GPU", n} run on that CUDA device; without one, a message (nogpu)."""
    dev = opts.get("TargetDevice")
    if dev is None:
        return None
    try:
        return device_backend(dev)
    except NetSpecError as err:            # invdevice, nogpu, nobackend: under the net's head
        raise NetEvalError(err.tag, *err.slots)


# ---------------------------------------------------------------------------- net[…]

def _fail(ev, symbol: str, err) -> Symbol:
    if isinstance(err, NetDataError):
        if err.reason is not None:
            ev.message(Symbol(symbol), "invindata3", err.port, short_text(err.got), err.reason)
        else:
            ev.message(Symbol(symbol), "invindata1", err.port, err.got_text, err.expected)
    elif isinstance(err, NetEvalError):
        ev.message(Symbol(symbol), err.tag, *err.slots)
    elif isinstance(err, CoderError):
        ev.message(Symbol(symbol), "outdec", str(err))
    else:
        report_error(ev, symbol, err)
    return FAILED


def evaluate(ev, head, *args):
    """``net[data, spec, opts]`` (the subvalue handler of every net head)."""
    positional, opts = _split_options(args)
    if len(positional) > 2 or not is_net_expr(head):
        return None
    symbol = head.head.name
    # net[] (a net without inputs, such as NetArrayLayer[…]) is net[<||>]
    data = _dataset_rows(positional[0]) if positional else Expr(S.Association)
    try:
        try:
            return _run(ev, head, data, positional, opts)
        except NetDataError as first:
            # exact numeric quantities (Pi/2, Sqrt[2]) are numbers to a net, as in WL; only
            # they are made numbers (N of the whole would evaluate what stayed unevaluated,
            # StringTake["d", -10], again, with its messages)
            numeric = _numeric_quantities(ev, data)
            if numeric == data:
                raise
            try:
                return _run(ev, head, numeric, positional, opts)
            except NetDataError:
                raise first from None           # the data as given is what to report
    except (NetDataError, NetEvalError, NetSpecError, NetTypeError, CoderError) as err:
        return _fail(ev, symbol, err)


_CONTAINERS = (S.List, S.Association, S.Rule, S.RuleDelayed)


def _dataset_rows(data):
    """``net[Dataset[rows]]`` is ``net[rows]`` (as NetTrain and NetMeasurements take a
    Dataset): a list of rows, or the rows of a keyed Dataset (an association of
    associations, its keys left out); anything else as it is."""
    from wlnet.builtins.dataset import DATASET, data_of
    if not (type(data) is Expr and data.head is DATASET):
        return data
    rows = data_of(data)
    if type(rows) is Expr and rows.head is S.Association and rows.args and all(
            type(r.args[1]) is Expr and r.args[1].head is S.Association for r in rows.args):
        return Expr(S.List, *(r.args[1] for r in rows.args))
    return rows


def _numeric_quantities(ev, data):
    """``data`` with each exact numeric quantity in its lists, associations and rules made
    a number (N), the rest as it is."""
    if type(data) not in (Expr, Symbol):           # numbers and strings as they are
        return data
    if type(data) is Expr and data.head in _CONTAINERS:
        args = tuple(_numeric_quantities(ev, a) for a in data.args)
        return data if all(a is b for a, b in zip(args, data.args)) else Expr(data.head, *args)
    if ev.evaluate(Expr(Symbol("NumericQ"), data)) is TRUE:
        return ev.evaluate(Expr(S.N, data))
    return data


def _run(ev, head, data, positional, opts):
    net, data = port_list_data(net_from_expr(head), data)
    if isinstance(data, PortListExamples):    # each example of open-rank ports on its own
        return Expr.from_args(S.List, (_run(ev, head, e, positional, opts) for e in data.examples))
    options = parse_options(ev, opts)
    with sampling_with(ev.rng, ev):           # decoders' "RandomSample" follows SeedRandom
        result, _ = run_net(net, data, positional[1] if len(positional) == 2 else None,
                            options)
    return result


def _register_evaluation() -> None:
    for h in [s.symbol for s in all_specs()] + list(NET_HEADS):
        builtin_subvalue(h)(evaluate)


_register_evaluation()


# ---------------------------------------------------------------------------- NetPort & co

@builtin("NetPortGradient", usage="NetPortGradient[\"port\"] represents the gradient of the output of a net with respect to the value of an input port; net[data, NetPortGradient[\"port\"]] computes it.")
def NetPortGradient(ev, *args):
    return None


# ---------------------------------------------------------------------------- NetStateObject

NSO = "NetStateObject"
_PRIVATE = "NeuralNetworks`Private`NetStateObject`"


def _store_expr(store) -> Expr:
    keys = Expr.from_args(S.List, (state_key_expr(k) for k in store.keys))
    return Expr(Symbol(NSO), assoc([
        ("Net", net_to_expr(store.net)),
        ("SessionID", Integer(store.id)),
        ("RecurrentStateKeys", keys),
        ("RecurrentStateArrays", Expr(Symbol("Hold"), Symbol(f"{_PRIVATE}state${store.id}"))),
        ("EvaluationCount", Expr(Symbol("Hold"), Symbol(f"{_PRIVATE}evals${store.id}"))),
    ]))


def _assoc_value(a, key: str):
    for r in a.args:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and r.args[0] == String(key):
            return r.args[1]
    return None


def _is_state_object_form(args) -> bool:
    return (len(args) == 1 and type(args[0]) is Expr and args[0].head is S.Association
            and _assoc_value(args[0], "SessionID") is not None)


@builtin(NSO, usage="NetStateObject[net] creates an object that evaluates net and keeps the final values of its recurrent states for the next evaluation; NetStateObject[net, <|key -> state, …|>] starts from the given states. NetStateObject[sobj] gives a fresh object that starts again from sobj's initial states.",
         messages=MESSAGES)
def NetStateObject(ev, *args):
    if _is_state_object_form(args):
        return None                              # the object itself is inert
    if not 1 <= len(args) <= 2:
        ev.message(Symbol(NSO), "argt", Symbol(NSO), Integer(len(args)), Integer(1), Integer(2))
        return None
    target = args[0]
    base_initial = None
    if type(target) is Expr and target.head == Symbol(NSO) and _is_state_object_form(target.args):
        store = _store_of(target)
        if store is None:
            ev.message(Symbol(NSO), "nostore", short_text(target))
            return FAILED
        net, base_initial = store.net, store.initial
    else:
        try:
            net = net_from_expr(target) if is_net_expr(target) else None
        except (NetSpecError, NetTypeError) as err:
            return _fail(ev, NSO, err)
        if net is None:
            ev.message(Symbol(NSO), "invlayer", target)
            return FAILED
    try:
        executor_for(net)
        keys = interior_state_keys(net)
        if not keys:
            raise NetEvalError("nostates")
        initial = dict(base_initial or {})
        if len(args) == 2:
            initial.update(parse_states(args[1], keys))
    except NetEvalError as err:
        return _fail(ev, NSO, err)
    return _store_expr(new_store(net, initial))


def _store_of(sobj):
    a = sobj.args[0]
    sid = _assoc_value(a, "SessionID")
    store = get_store(sid.value) if type(sid) is Integer else None
    if store is None:                            # e.g. read back in another session
        net_expr = _assoc_value(a, "Net")
        try:
            net = net_from_expr(net_expr) if net_expr is not None else None
        except (NetSpecError, NetTypeError):
            net = None
        if net is None:
            return None
        store = new_store(net)
    return store


@builtin_subvalue(NSO)
def evaluate_state_object(ev, head, *args):
    if not _is_state_object_form(head.args):
        return None
    positional, opts = _split_options(args)
    if not 1 <= len(positional) <= 2:
        return None
    store = _store_of(head)
    if store is None:
        ev.message(Symbol(NSO), "nostore", short_text(head))
        return FAILED
    try:
        options = parse_options(ev, opts)
        with sampling_with(ev.rng, ev):
            result, finals = run_net(store.net, positional[0],
                                     positional[1] if len(positional) == 2 else None, options,
                                     initial_states=dict(store.current))
    except (NetDataError, NetEvalError, NetSpecError, NetTypeError, CoderError) as err:
        return _fail(ev, store.net.symbol, err)
    if finals:
        store.update(finals)
    return result


def state_object_part(sobj, part) -> Expr | None:
    """``NetExtract[sobj, "States"]``: the states it holds now, as <|{1, "State"} -> {…}|>;
    ``"Net"``, ``"RecurrentStateKeys"``, ``"EvaluationCount"``, ``"SessionID"``: the entries its
    summary shows (None for anything else)."""
    if not (type(sobj) is Expr and sobj.head == Symbol(NSO) and _is_state_object_form(sobj.args)):
        return None
    store = _store_of(sobj)
    if store is None or type(part) is not String:
        return None
    if part.value == "Net":
        return net_to_expr(store.net)
    if part.value == "RecurrentStateKeys":
        return Expr.from_args(S.List, (state_key_expr(k) for k in store.keys))
    if part.value == "EvaluationCount":
        return Integer(store.count)
    if part.value == "SessionID":
        return Integer(store.id)
    if part.value != "States":
        return None
    return Expr.from_args(S.Association, (Expr(S.Rule, state_key_expr(k),
                                                reals_expr(store.current[k]))
                                          for k in store.keys))


@builtin_upvalue("NetExtract", NSO)
def _extract_from_state_object(ev, sobj, *rest):
    """``NetExtract[sobj, "States" | "Net" | …]``; any other part is the part of its net
    (``NetExtract[sobj, {1, "Weights"}]``), as a user holding the object expects."""
    if len(rest) != 1:
        return None                              # NetExtract's own argument-count message
    out = state_object_part(sobj, rest[0])
    if out is not None:
        return out
    net = state_object_part(sobj, String("Net"))
    if net is None:
        ev.message(S.NetExtract, "nopart", rest[0])
        return FAILED
    return ev.evaluate(Expr(S.NetExtract, net, rest[0]))


@builtin_upvalue("Information", NSO)
def _information_of_state_object(ev, sobj, *rest):
    """``Information[sobj]`` is its net's report and ``Information[sobj, prop]`` its net's
    property (``"States"``, ``"RecurrentStateKeys"``, …: the entries the object itself keeps),
    as for the net a user gave NetStateObject; without this, Information, which holds its
    argument, fell back to showing the definition of the symbol holding the object."""
    if len(rest) == 1 and type(rest[0]) is Expr and rest[0].head is S.List:
        return Expr.from_args(S.List, (_information_of_state_object(ev, sobj, p)
                                       for p in rest[0].args))
    if len(rest) == 1 and type(rest[0]) is String:
        own = state_object_part(sobj, rest[0])
        if own is not None and rest[0].value != "Net":
            return own
    net = state_object_part(sobj, String("Net"))
    if net is None:
        return None
    from wlnet.builtins.net import net_information
    return net_information(ev, net, *rest)


def state_object_summary(sobj) -> str | None:
    """One line for the REPL: ``NetStateObject[<|"Net" -> GatedRecurrentLayer[…], "SessionID"
    -> 3, "RecurrentStateKeys" -> {{"State"}}, "EvaluationCount" -> 2|>]``."""
    if not (type(sobj) is Expr and _is_state_object_form(sobj.args)):
        return None
    store = _store_of(sobj)
    if store is None:
        return None
    keys = ", ".join(short_text(state_key_expr(k)) for k in store.keys)
    return (f'{NSO}[<|"Net" -> {store.net.symbol}[\u2026], "SessionID" -> {store.id}, '
            f'"RecurrentStateKeys" -> {{{keys}}}, "EvaluationCount" -> {store.count}|>]')


def _register_display() -> None:
    try:
        from wlnet.syntax.printer import register_output_format
    except ImportError:
        return
    register_output_format(NSO, state_object_summary)


_register_display()
