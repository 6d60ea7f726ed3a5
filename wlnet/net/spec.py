"""Declarative layer specs and the layer node of the net IR.

A layer module declares a ``LayerSpec`` subclass: its parameters (with kinds and
defaults), its ports and arrays written in terms of those parameters, its positional
arguments and construction options, and an optional ``post`` rule for parameters that
are computed from others (``LinearLayer``'s input size is the product of its input
dimensions).  Everything generic — option handling, array values, port specs, coders,
inference, the WL form — is done once, here and in ``net.py``/``wlform.py``.

Parameters are plain Python values inside the IR; ``wlnet.net.wlform`` (the one Expr ⇄ IR
boundary) converts them by kind.  Parameter kinds:
  "size"      an int, or a SizeVar while unknown (WL: ``SizeT``)
  "length"    a LengthVar (WL: ``LengthVar[id]``) or an int
  "sizelist"  a SizeList (WL: ``{…}`` or ``SizeListT[]``)
  "rank"      a hidden RankVar (never shown; freshly made when a layer is read back)
  "elem"      a hidden ElemVar, the element type a layer passes through unchanged (never
              shown; freshly made when a layer is read back)
  "int", "real", "string", "bool"   Python int, float, str, bool
  "custom"    a Python value with its own ``read`` (Expr -> value) and ``show`` (value ->
              Expr) functions on the Param (a compiled function, a dropout specification)

A layer also declares its computation: ``compose(p, g)`` (a composition of primitives, see
``wlnet.net.compose``) or a custom op class ``op`` (``wlnet.net.custom_op``), and the traits
generic code asks about (``loss_kind``, ``automatic_loss``, ``gives_logits``).
"""

from __future__ import annotations

from math import prod
from typing import Callable

import attrs

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.types import (
    AtomT, ElemVar, FrozenDict, IndexIntegerT, LengthVar, RankVar, RealT, SizeList, SizeVar,
    TensorT, fresh_elem, fresh_length, fresh_rank, fresh_size,
)

__all__ = [
    "Param", "ArraySpec", "LayerSpec", "LayerNode", "positive_int", "is_symbol",
    "option_name", "product_or_var", "dims_arg", "real_value", "dims_text",
    "SHARED", "shared_path", "is_shared_path", "nest_path", "INPUT_ELEMENTS", "integer_inputs",
]

# Shared arrays (NetArray["name"], formerly NetSharedArray) are stored once, at the root of
# the net, under ("SharedArrays", name), whatever the depth of the layers that use them: the
# shared arrays of a net are the union of those of its parts (WL's rule).
SHARED = "SharedArrays"


def shared_path(name: str) -> tuple:
    return (SHARED, name)


def is_shared_path(path: tuple) -> bool:
    return len(path) == 2 and path[0] == SHARED


def nest_path(prefix: tuple, path: tuple) -> tuple:
    """The path of a sub-net's array once the sub-net sits at ``prefix`` (shared arrays
    stay at the root)."""
    return path if is_shared_path(path) else prefix + path


@attrs.frozen(slots=True)
class Param:
    name: str
    kind: str                            # see module docstring
    default: Callable | None = None      # () -> fresh default value
    read: Callable | None = None         # "custom" kind: WL expression -> value (or raise)
    show: Callable | None = None         # "custom" kind: value -> WL expression

    @property
    def hidden(self) -> bool:
        return self.kind in ("rank", "elem")

    def fresh(self):
        if self.default is not None:
            return self.default()
        fresh = {"size": fresh_size, "length": fresh_length, "rank": fresh_rank, "elem": fresh_elem,
                 "sizelist": lambda: SizeList((), fresh_rank())}.get(self.kind)
        return fresh() if fresh is not None else None     # set by the constructor


@attrs.frozen(slots=True)
class ArraySpec:
    name: str
    shape: Callable                      # params -> tuple of dims
    init: str | float = "weights"        # "weights" | "biases" | "ones" (e.g. forget-gate
                                         # biases) | a number every entry starts at
    nullable: bool = False
    # a statistic of the data that the layer itself keeps up to date in training (its op's
    # ``array_updates``), such as BatchNormalization's moving mean: no gradient, and never
    # stepped by NetTrain's optimizer
    statistic: bool = False
    # the array's rank comes from elsewhere (ParametricRampLayer's slopes: the input's
    # levels), so one number given for it fills it, as for an array of known rank, rather
    # than making it an array of rank 0
    rank_from_input: bool = False


class LayerSpec:
    """Base of the layer specs (one subclass per layer module)."""

    type_name: str = ""                  # "GatedRecurrent"
    symbol: str = ""                     # "GatedRecurrentLayer"
    params: tuple[Param, ...] = ()
    arrays: tuple[ArraySpec, ...] = ()
    min_args: int = 0
    max_args: int = 0
    # construction options of the layer's own (besides arrays, ports and
    # LearningRateMultipliers): name -> default expression
    options: dict = {}
    usage: str = ""
    # documented examples: (input, expected output) pairs of WL text, checked by the suite
    examples: tuple = ()
    # a small, fully specified instance (WL text) for the registry's numeric checks
    sample: str = ""
    # the layer's own message templates (tag -> text), beside the shared ones of errors.py
    messages: dict = {}
    # its first argument may be a net (AttentionLayer[net, …]: the WL face then builds the
    # container of net/containers/scoring.py)
    first_argument_net: bool = False

    # -- computation: a composition of primitives, or a custom op class ---------------
    op = None

    def compose(self, p, g) -> None:
        # a layer declared without its computation (the WL face says it cannot run yet)
        raise NotImplementedError(f"no executor for {self.symbol}")

    # -- traits that generic code asks about --------------------------------------------
    # the output is a softmax of the input: a cross-entropy after it may fuse with it
    gives_logits: bool = False
    # the output's elements are some of the input's, moved, picked or repeated (PartLayer,
    # ReshapeLayer…): what the layer before made keeps its meaning through it (a
    # discriminator's probabilities reshaped to a scalar are still probabilities)
    moves_values: bool = False
    # the input ports are a list (CatenateLayer, ThreadingLayer…): ``layer[{x1, x2, …}]``
    # gives one array per port, and while their number is not given (InputPorts ->
    # Automatic) it comes from the connections or the data (``with_input_count``)
    takes_port_list: bool = False

    def port_list_data(self, params) -> bool:
        """Whether ``layer[{x1, x2, …}]`` gives one array per input port: the port-list
        layers, and any layer whose parameters say so (FunctionLayer[Apply[f]])."""
        return self.takes_port_list

    # False for a layer that can never run (PlaceholderLayer): the registry's numeric
    # checks and the backends' comparisons leave it out
    evaluates: bool = True

    # the first argument is an elementwise function of this many variables; a user
    # definition (f[x_] := …, or a pure function calling one) is expanded into the pure
    # function its definitions give when it does not compile as written
    function_arity: int | None = None

    # outputs that are not ports of the layer (containers and NetChain/NetGraph's output
    # naming never see them) but that its op gives when run with keep, for evaluation to
    # give when asked for by NetPort (AttentionLayer's "AttentionWeights")
    hidden_outputs: tuple = ()

    def port_encoder(self, port: str):
        """The encoder an input port has when none is attached (None: data as arrays):
        ContrastiveLossLayer's "Target" takes True and False."""
        return None

    def with_input_count(self, p: dict, n: int) -> dict:
        """The parameters of this port-list layer with ``n`` input ports."""
        raise NotImplementedError(self.symbol)

    def loss_kind(self, p) -> str | None:
        """For a loss layer, how it compares input and target ("MeanSquared", "Index"…),
        the kind NetTrain's LossFunction uses; None for other layers."""
        return None

    def automatic_loss(self, p) -> str | None:
        """The loss NetTrain attaches to an output produced by this layer (None: the
        default, mean squared); "Port" for an output that already is a loss."""
        return "Port" if self.loss_kind(p) is not None else None

    # -- ports, in terms of the parameters (which hold variables while unknown) --
    def inputs(self, p) -> dict:
        return {}

    def outputs(self, p) -> dict:
        return {}

    def states(self, p) -> dict:
        return {}

    # -- construction --
    def implied_args(self, rules: list) -> tuple:
        """The positional arguments that the options imply when none are given (e.g. a
        ConvolutionLayer's channels and kernel from its "Weights"); () for none."""
        return ()

    def parse_args(self, args: tuple, p: dict) -> None:
        """Fill parameters from the positional arguments (raise NetSpecError)."""

    def older_form(self, args: tuple) -> tuple:
        """An older layer name's arguments (``builds``: the layer it evaluates to) as the
        arguments of the layer it builds."""
        return args

    def option_rules(self, rules: list) -> list:
        """The (name, value) option rules as the layer reads them (a layer may take an
        option under another name)."""
        return rules

    def extracted_param(self, p: dict, name: str, value):
        """The WL form ``value`` of the parameter ``name`` as NetExtract gives it (a layer
        may spell a setting out once its network is known); ``value`` by default."""
        return value

    def parse_option(self, name: str, value, p: dict) -> None:
        raise NetSpecError("optx", name, self.symbol)

    def constrain_arrays(self, p: dict, u, given: dict) -> None:
        """Learn from the shapes of the arrays given at construction (name -> shape) what
        the array declarations cannot say before the input is known (e.g. how many
        dimensions an array has); run before the arrays are checked against their shapes."""

    def post(self, p: dict, u) -> None:
        """Computed-parameter rules, run to a fixpoint after the connections are unified."""

    def unread_params(self, p: dict) -> tuple:
        """The parameters that these settings leave unread (hidden variables that stay
        unbound, as a channels-first convolution's "$InputRank"): not counted when telling
        whether every parameter is known (``LayerNode.is_settled``)."""
        return ()

    def defaults(self, p: dict, u) -> None:
        """Last-resort choices once nothing else can be learnt (e.g. a LinearLayer whose
        weights fix its input size gets a vector input)."""

    def refused_shape(self, p: dict, port: str, given) -> "NetSpecError | None":
        """A message of the layer's own for a port shape ``given`` that it cannot take
        (it failed to unify with the port), or None for the general one."""
        return None

    def settled(self, p: dict) -> dict:
        """The resolved parameters ``p`` with what an Automatic setting came to once the
        ports are known put in its place (ParametricRampLayer[]'s level), as WL shows it;
        ``p`` itself when there is nothing to settle."""
        return p

    def read_back(self, p: dict) -> None:
        """Rebuild the hidden parameters that depend on stored ones, for a layer read back
        from its WL form (CatenateLayer's element type per input port)."""

    # -- derived --
    def port_names(self) -> tuple[str, ...]:
        p = self.default_params()
        return tuple(self.inputs(p)) + tuple(self.outputs(p))

    def default_params(self) -> dict:
        return {prm.name: prm.fresh() for prm in self.params}

    def construction_options(self) -> list[tuple[object, object]]:
        """``Options[Head]``: (name, default) pairs, names as WL expressions, sorted."""
        opts = {}
        for a in self.arrays:
            opts[a.name] = Symbol("Automatic")
        for port in self.port_names():
            opts[port] = Symbol("Automatic")
        opts["LearningRateMultipliers"] = Symbol("Automatic")
        opts.update(self.options)
        return [(Symbol(k) if k == "LearningRateMultipliers" else String(k), v)
                for k, v in sorted(opts.items(), key=lambda kv: kv[0].lower())]


# a layer's hidden parameter: ((port, IndexIntegerT), …) for the input ports a user gave as
# "Integer" (or Restricted["Integer", n]) where the layer itself takes reals
INPUT_ELEMENTS = "$IntegerInputs"


def integer_inputs(spec, params: dict, hints) -> tuple:
    """The (port, element) pairs of ``INPUT_ELEMENTS`` for input ``hints`` ((port, TensorT,
    is_input) as construct_layer gathers them) that ask for integers where the layer's port
    takes reals (RealT, or AtomT: not decided)."""
    ports = spec.inputs(params)
    return tuple((port, t.elem) for port, t, is_input in hints
                 if is_input and isinstance(t.elem, IndexIntegerT) and port in ports
                 and isinstance(ports[port], TensorT) and ports[port].elem in (RealT, AtomT))


@attrs.frozen(slots=True, eq=True, cache_hash=True)   # a dict key of executor caches
class LayerNode:
    """One layer: its type, parameters, coders attached to its ports, and which nullable
    arrays were switched off (``"Biases" -> None``).  Array values are not here: they
    live in ``Net.arrays`` under the layer's path."""

    type: str
    params: FrozenDict
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    absent: frozenset = frozenset()
    # the layer's LearningRateMultipliers option as given (a number, None, or rules
    # "array" -> r); None when Automatic.  Only NetTrain reads it.
    lrm: object = None
    # array name -> shared array name, for the arrays given as NetArray["name"]
    shared: FrozenDict = attrs.field(factory=FrozenDict)
    # _OPEN: some parameter holds a variable; _CLOSED: none does; _SETTLED: none does and the
    # layer's rules (post) have accepted them.  Found when first needed; not part of the
    # value (attrs.evolve starts a new node at _UNKNOWN)
    _closure: int = attrs.field(default=0, init=False, eq=False, hash=False, repr=False)

    def _closure_state(self) -> int:
        state = self._closure
        if state == _UNKNOWN:
            unread = self.spec.unread_params(self.params)
            state = _OPEN if any(_holds_variable(v) for k, v in self.params.items()
                                 if k not in unread) else _CLOSED
            object.__setattr__(self, "_closure", state)
        return state

    def is_settled(self) -> bool:
        """Whether the parameters are all known and the layer's rules have accepted them:
        inferring a net that holds this node again (surgery, a container built from
        inferred nets, a net read back) has nothing to learn from the node's own rules,
        which are checks of numbers it passed (nodes never change)."""
        return self._closure == _SETTLED

    @property
    def spec(self) -> LayerSpec:
        from wlnet.net.registry import spec_for_type
        return spec_for_type(self.type)

    @property
    def symbol(self) -> str:
        return self.spec.symbol

    def inputs(self) -> dict:
        ports = self.spec.inputs(self.params)
        # ports given as "Integer" (LinearLayer[2, "Input" -> "Integer"]): integers in, the
        # layer computing on them as reals
        for port, elem in self.params.get(INPUT_ELEMENTS, ()):
            t = ports[port]
            ports[port] = TensorT(t.dims, elem, t.tail)
        return ports

    def outputs(self) -> dict:
        return self.spec.outputs(self.params)

    def states(self) -> dict:
        return self.spec.states(self.params)

    def array_shapes(self) -> dict:
        """name -> tuple of dims (for the arrays that exist).  An array shaped by a whole
        size list (NetArrayLayer's) has its unknown rank as a last, unknown dimension."""
        # an array whose shape is None does not exist with these parameters
        # (AttentionLayer's "Weights" with the "Dot" scoring)
        shapes = {a.name: a.shape(self.params) for a in self.spec.arrays if a.name not in self.absent}
        return {name: _dims_tuple(dims) for name, dims in shapes.items() if dims is not None}

    def array_specs(self) -> dict:
        return {a.name: a for a in self.spec.arrays}

    def array_path(self, prefix: tuple, name: str) -> tuple:
        """Where the value of the array ``name`` of this layer (at ``prefix``) is stored."""
        shared = self.shared.get(name)
        return shared_path(shared) if shared is not None else prefix + ("Arrays", name)

    # -- the IR protocol shared with containers (see net.py) --
    def constrain(self, u, arrays: dict, prefix: tuple) -> None:
        from wlnet.net.coder_constraints import constrain_coders
        from wlnet.net.shape import NetTypeError
        # as a container's: a coder on a port of open rank waits for the layer's rules and
        # is raised over the port's first dimension when the port holds a list of what it
        # reads or makes (a "Boolean" decoder on a length-1 vector output)
        constrain_coders(self, u, prefix)
        given = {}                    # name -> the array value given (stored or shared)
        for name in self.array_shapes():
            value = arrays.get(self.array_path(prefix, name))
            if value is not None:
                given[name] = value
        self.spec.constrain_arrays(self.params, u, {n: v.shape for n, v in given.items()})
        resolved = {k: u.resolve(v) for k, v in self.params.items()}
        for a in self.spec.arrays:
            if a.name not in given:
                continue
            name, value = a.name, given[a.name]
            whole = a.shape(self.params)
            if isinstance(whole, SizeList) and whole.tail is not None:
                if value.shape == () and a.rank_from_input:
                    continue           # one number for the whole array: filled when known
                # an array of any rank (NetArrayLayer's): its value gives the rank too
                try:
                    u.unify_shape(whole, SizeList(tuple(value.shape)))
                except NetTypeError:
                    raise NetSpecError("arrdims", name, self.symbol, dims_text(whole.dims),
                                       dims_text(value.shape))
                continue
            dims = _dims_tuple(a.shape(resolved))
            if value.shape == () and dims:
                continue               # one number for the whole array: filled when known
            if len(value.shape) != len(dims):
                raise NetSpecError("arrdims", name, self.symbol, dims_text(u.resolve(d) for d in dims),
                                   dims_text(value.shape))
            for want, got in zip(dims, value.shape):
                try:
                    u.unify_dim(want, got)
                except NetTypeError:
                    raise NetSpecError("arrdims", name, self.symbol,
                                       dims_text(u.resolve(d) for d in dims), dims_text(value.shape))

    def post(self, u) -> None:
        if self._closure == _SETTLED:
            return
        self.spec.post(self.params, u)
        if self._closure_state() == _CLOSED:
            object.__setattr__(self, "_closure", _SETTLED)

    def defaults(self, u) -> None:
        if self._closure != _SETTLED:
            self.spec.defaults(self.params, u)

    def resolve(self, u) -> "LayerNode":
        coders = self._resolved_coders(u)
        if self._closure_state() != _OPEN:       # nothing to substitute in the parameters
            return self if coders is self.coders else attrs.evolve(self, coders=coders)
        params = self.spec.settled({k: u.resolve(v) for k, v in self.params.items()})
        return attrs.evolve(self, params=FrozenDict(params), coders=coders)

    def _resolved_coders(self, u):
        """The port coders as inference left them: raised where the port holds a list of
        what they make or read, their sizes known (a "Class" decoder's count)."""
        if not self.coders:
            return self.coders
        from wlnet.net.coder_constraints import chosen_coder
        return FrozenDict({k: chosen_coder(u, self, k, c).resolve(u) for k, c in self.coders.items()})

    def leaves(self, prefix=()):
        yield prefix, self

    def map_vars(self, f) -> "LayerNode":
        params = FrozenDict({k: _map_value(v, f) for k, v in self.params.items()})
        coders = FrozenDict({k: c.map_vars(f) for k, c in self.coders.items()}) if self.coders \
            else self.coders
        return attrs.evolve(self, params=params, coders=coders)


_UNKNOWN, _OPEN, _CLOSED, _SETTLED = 0, 1, 2, 3


_PLAIN = (int, float, str, bool, type(None), Expr, Symbol, Integer, Real, String)


def _holds_variable(v) -> bool:
    """Whether a parameter value holds a size, rank, length or element variable (the values
    ``_map_value`` renames, and port types), or may (a value of another kind: a nested
    net's node…, so that only plainly known parameters count as known; a class whose
    values never hold one says so by a ``holds_no_sizes = True`` attribute)."""
    if isinstance(v, _PLAIN) or v is RealT or v is AtomT or getattr(v, "holds_no_sizes", False):
        return False
    if isinstance(v, (SizeVar, RankVar, LengthVar, ElemVar)):
        return True
    if isinstance(v, IndexIntegerT):
        return _holds_variable(v.n)
    if isinstance(v, SizeList):
        return v.tail is not None or any(_holds_variable(d) for d in v.dims)
    if isinstance(v, TensorT):
        return v.tail is not None or _holds_variable(v.elem) or any(_holds_variable(d) for d in v.dims)
    if type(v) is tuple or type(v) is frozenset:
        return any(_holds_variable(x) for x in v)
    if type(v) is FrozenDict:
        return any(_holds_variable(x) for x in v.values())
    return True


def _dims_tuple(shape) -> tuple:
    if isinstance(shape, SizeList):
        return tuple(shape.dims) + ((shape.tail,) if shape.tail is not None else ())
    return tuple(shape)


def _map_value(v, f):
    if isinstance(v, (SizeVar, RankVar, LengthVar, ElemVar)):
        return f(v)
    if isinstance(v, IndexIntegerT):
        return IndexIntegerT(_map_value(v.n, f), v.low)
    if isinstance(v, SizeList):
        return SizeList(tuple(_map_value(d, f) for d in v.dims),
                        f(v.tail) if v.tail is not None else None)
    if type(v) is tuple:                # e.g. one size list per input port
        return tuple(_map_value(x, f) for x in v)
    return v


# ---------------------------------------------------------------------------- helpers

def dims_text(dims) -> str:
    """``{2, k}``: dimensions as a WL list, unknown ones as k, sequence lengths as n."""
    return "{" + ", ".join(str(d) if isinstance(d, int) else "n" if isinstance(d, LengthVar)
                           else "k" for d in dims) + "}"


def is_symbol(e, name: str) -> bool:
    return type(e) is Symbol and e.name == name


def option_name(e) -> str | None:
    if type(e) is Symbol:
        return e.name
    if type(e) is String:
        return e.value
    return None


def positive_int(e, symbol: str) -> int:
    if type(e) is Integer and e.value > 0:
        return e.value
    raise NetSpecError("invsize", e, symbol=symbol)


def dims_arg(e, symbol: str) -> tuple:
    """``n`` or ``{n1, n2, …}`` (``Automatic`` entries become unknown sizes)."""
    if type(e) is Integer:
        return (positive_int(e, symbol),)
    if type(e) is Expr and e.head is S.List:
        dims = []
        for a in e.args:
            if is_symbol(a, "Automatic"):
                dims.append(fresh_size())
            elif type(a) is Integer and a.value > 0:
                dims.append(a.value)
            else:
                raise NetSpecError("invdims", e, symbol=symbol)
        return tuple(dims)
    raise NetSpecError("invdims", e, symbol=symbol)


def product_or_var(u, sizelist: SizeList, target, what: str, symbol: str) -> None:
    """If every dimension of ``sizelist`` is known, unify ``target`` with their product
    (``what`` names the dimensions in the message when the product does not fit)."""
    from wlnet.net.shape import NetTypeError
    sl = u.resolve(sizelist)
    if sl.tail is None and all(isinstance(d, int) for d in sl.dims):
        try:
            u.unify_dim(target, prod(sl.dims))
        except NetTypeError:
            count = prod(sl.dims)
            raise NetSpecError("dimsinc", what, dims_text(sl.dims),
                               f"{count} element" + ("" if count == 1 else "s"),
                               u.dim(target), symbol=symbol)


def real_value(e) -> float | None:
    if type(e) is Integer:
        return float(e.value)
    if type(e) is Real:
        return e.value
    if type(e).__name__ == "Rational":
        return float(e.value)
    return None

