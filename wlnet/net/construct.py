"""Building a layer from its WL arguments: ``LinearLayer[3, "Input" -> 2, "Biases" -> None]``.

The generic part of every layer's construction: argument count, trailing options (array
initial values, port specs, LearningRateMultipliers, the layer's own options), then
inference of the single layer so that port specs are absorbed into its parameters.
"""

from __future__ import annotations

import attrs

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.numeric_array import NumericArray, numeric_array_from_expr
from wlnet.net.errors import NetSpecError, argcount_error
from wlnet.net.net import Net, infer
from wlnet.net.ports import fitted_coder, port_spec
from wlnet.net.shape import NetTypeError
from wlnet.net.spec import INPUT_ELEMENTS, LayerNode, LayerSpec, integer_inputs, is_symbol, option_name
from wlnet.net.types import FrozenDict, IndexIntegerT, TensorT

__all__ = ["split_rules", "construct_layer", "array_value", "check_lrm", "open_input_ports",
           "set_array_option", "takes_port_list"]


# the options of evaluating and training a net: given to a layer or container by mistake,
# they are named as such rather than as unknown options or ports
RUN_OPTIONS = frozenset({"BatchSize", "NetEvaluationMode", "RandomSeeding", "TargetDevice",
                         "WorkingPrecision", "MaxTrainingRounds", "ValidationSet",
                         "LearningRate", "LossFunction", "TrainingProgressReporting", "TimeGoal"})


def split_rules(args: tuple) -> tuple[tuple, list]:
    """Positional arguments and the trailing ``name -> value`` rules (names as str).  An
    option given twice keeps its first value, as OptionValue reads it."""
    end = len(args)
    while end > 0:
        a = args[end - 1]
        if (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) and len(a.args) == 2
                and option_name(a.args[0]) is not None):
            end -= 1
        else:
            break
    rules, seen = [], set()
    for r in args[end:]:
        name = option_name(r.args[0])
        if name not in seen:
            seen.add(name)
            rules.append((name, r.args[1]))
    return args[:end], rules


def array_value(name: str, value, nullable: bool, symbol: str):
    """An array option's value: a NumericArray, None (absent) or Automatic (no value)."""
    if is_symbol(value, "Automatic"):
        return "auto"
    if is_symbol(value, "None"):
        if not nullable:
            raise NetSpecError("nonull", name, symbol=symbol)
        return None
    if isinstance(value, NumericArray):
        if value.type_name not in ("Real32", "Real64"):
            value = NumericArray(value.array, "Real32")
        return value
    na = numeric_array_from_expr(value, "Real32")
    if na is None:
        raise NetSpecError("invarray", name, symbol=symbol)
    return na


def set_array_option(symbol: str, spec, value, arrays: dict, absent: set, shared: dict,
                     dims: dict | None = None) -> None:
    """Apply ``"array" -> value`` to a lone layer's (``symbol``) array described by the
    ArraySpec ``spec``: values, None, Automatic, or a shared ``NetArray[…]`` (whose
    values, if given, go to the net's shared arrays, and whose "Dimensions" go to ``dims``
    for ``net.infer`` to impose).  The dicts and set are updated."""
    from wlnet.net.shared import is_net_array, read_net_array
    from wlnet.net.spec import shared_path
    name = spec.name
    arrays.pop(("Arrays", name), None)
    absent.discard(name)
    shared.pop(name, None)
    if is_net_array(value):
        if spec.statistic:
            raise NetSpecError("sharestat", name, symbol, symbol=symbol)
        s = read_net_array(value)
        shared[name] = s.name
        if s.value is not None:
            arrays[shared_path(s.name)] = s.value
        if s.dims is not None and dims is not None:
            dims[name] = s.dims
        return
    v = array_value(name, value, spec.nullable, symbol)
    if v is None:
        absent.add(name)
    elif v != "auto":
        arrays[("Arrays", name)] = v


def check_lrm(value, symbol: str) -> None:
    """LearningRateMultipliers: Automatic, a number, None, or a list of rules."""
    if is_symbol(value, "Automatic") or is_symbol(value, "None") or type(value) in (Integer, Real):
        return
    if type(value) is Expr and value.head is S.List and all(
            type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) for r in value.args):
        return
    if type(value) is Expr and value.head in (S.Rule, S.RuleDelayed):
        return
    raise NetSpecError("invlrm", value, "give Automatic, a number, None, or rules lspec -> r",
                       symbol=symbol)


def construct_named_layer(spec: LayerSpec, args: tuple) -> Net:
    """``construct_layer`` for the layer a symbol names: an older name (``builds``) builds
    the layer that replaced it, from its own argument forms (DotPlusLayer → LinearLayer)."""
    builds = getattr(spec, "builds", None)
    if builds:
        from wlnet.net.registry import spec_for_symbol
        return construct_layer(spec_for_symbol(builds), spec.older_form(args))
    return construct_layer(spec, args)


def construct_layer(spec: LayerSpec, args: tuple) -> Net:
    """Raises NetSpecError / NetTypeError for an invalid specification."""
    positional, rules = split_rules(args)
    rules = spec.option_rules(rules)
    if not positional:
        positional = spec.implied_args(rules)
    if not spec.min_args <= len(positional) <= spec.max_args:
        raise argcount_error(spec.symbol, len(positional), spec.min_args, spec.max_args)
    params = spec.default_params()
    # parse_args may give array options of its own (FunctionLayer's NetArrays: slot -> NetArray[…])
    implied = spec.parse_args(positional, params) or {}
    arrays, absent, hints, coders, shared, dims = {}, set(), [], {}, {}, {}
    lrm = None
    array_specs = {a.name: a for a in spec.arrays}
    for name, value in implied.items():
        set_array_option(spec.symbol, array_specs[name], value, arrays, absent, shared, dims)
    # the layer's own options first: they may decide its ports (InputPorts -> {…})
    own = [(name, value) for name, value in rules if name in spec.options and name not in array_specs]
    for name, value in own:
        spec.parse_option(name, value, params)
    ins, outs = spec.inputs(params), spec.outputs(params)
    for name, value in rules:
        if name in spec.options and name not in array_specs:
            continue
        if name in array_specs:
            set_array_option(spec.symbol, array_specs[name], value, arrays, absent, shared, dims)
        elif name in ins or name in outs:
            is_input = name in ins
            hint = port_spec(value, is_input, name)
            if isinstance(hint, TensorT):
                hints.append((name, hint, is_input))
            elif hint is not None:
                coders[name] = fitted_coder(hint, (ins if is_input else outs)[name], is_input)
        elif name == "LearningRateMultipliers":
            check_lrm(value, spec.symbol)
            lrm = None if is_symbol(value, "Automatic") else value
        elif _readable_param(spec, name) is not None:
            # a parameter given by its name, as WL layers take them (AggregationLayer[Mean,
            # "Levels" -> All]): read as the layer's WL form is
            params[name] = _readable_param(spec, name).read(value)
        elif name in RUN_OPTIONS:
            raise NetSpecError("evalopt", Symbol(name), spec.symbol)
        else:
            raise NetSpecError("optx", Expr(S.Rule, String(name), value), spec.symbol)
    integers = integer_inputs(spec, params, hints)
    if integers:                      # beside those of the layer's own InputPorts
        params[INPUT_ELEMENTS] = params.get(INPUT_ELEMENTS, ()) + integers
    node = LayerNode(spec.type_name, FrozenDict(params), FrozenDict(coders), frozenset(absent), lrm,
                     FrozenDict(shared))
    try:
        return infer(Net(node, FrozenDict(arrays)), hints, array_dims=dims)
    except NetTypeError as err:
        if "hint" in err.where:
            # the layer may say why it cannot take the shape given (a channels-first
            # convolution given a sequence)
            why = spec.refused_shape(params, *err.where["hint"])
            if why is not None:
                raise why from None
        if len(hints) > 1 and not err.where:
            # the layer's own rules joined two of the shapes given: name the ports given
            err.where["ports"] = tuple(name for name, _, _ in hints)
        raise



def _readable_param(spec: LayerSpec, name: str):
    """The layer's parameter ``name`` when it has a reader of its WL value, else None."""
    for prm in spec.params:
        if prm.name == name and prm.read is not None and not name.startswith("$"):
            return prm
    return None


def with_integer_inputs(node, hints):
    """``node`` with the container input ports that ``hints`` give as "Integer" (an
    IndexIntegerT element) made integer ports of the layers they feed (the first layer of a
    chain, every layer a graph's port is wired to), where those layers take reals."""
    for port, t, is_input in hints:
        if is_input and isinstance(t.elem, IndexIntegerT):
            node = _integer_input(node, port, t.elem)
    return node


def _integer_input(node, port: str, elem):
    if isinstance(node, LayerNode):
        extra = integer_inputs(node.spec, node.params, [(port, TensorT((), elem), True)])
        if not extra:
            return node
        params = dict(node.params)
        params[INPUT_ELEMENTS] = params.get(INPUT_ELEMENTS, ()) + extra
        return attrs.evolve(node, params=FrozenDict(params))
    if node.type == "Chain":
        first = node.names[0]
        return attrs.evolve(node, nodes=FrozenDict({**node.nodes, first: _integer_input(node.first, port, elem)}))
    if node.type == "Graph":
        nodes = dict(node.nodes)
        for dst, src in node.edges:
            if src == ("Inputs", port) and dst[0] == "Nodes" and dst[2] == "Inputs":
                nodes[dst[1]] = _integer_input(nodes[dst[1]], dst[3], elem)
        return attrs.evolve(node, nodes=FrozenDict(nodes))
    return node                                   # an operator: its inner ports are its own


def takes_port_list(node) -> bool:
    """Whether the inputs of ``node`` are a port-list layer's (CatenateLayer[],
    ThreadingLayer…): the layer itself, or a NetChain that starts with one (WL: a chain has
    its first layer's input ports)."""
    while getattr(node, "type", None) == "Chain":
        node = node.first
    if getattr(node, "type", None) == "Graph":
        return _unfed_port_list(node) is not None
    return isinstance(node, LayerNode) and node.spec.port_list_data(node.params)


def _unfed_port_list(graph):
    """The name of the layer of ``graph`` that takes a list of ports of a number not yet
    known and nothing feeds (``NetGraph[{CatenateLayer[], Ramp}, {1 -> 2}]``): its inputs
    are the graph's, as many as the arrays the graph is given.  None when there is no
    such layer, several, or the graph has other inputs."""
    if graph.input_names:
        return None
    fed = {dst[1] for dst, _ in graph.edges if dst[0] == "Nodes"}
    names = [name for name, node in graph.nodes.items()
             if name not in fed and _opened(node, 1) is not None]
    return names[0] if len(names) == 1 else None


def _opened(node, n: int):
    """``node`` with ``n`` input ports when it is (or a chain starting with) a port-list
    layer whose number of ports was not given; None when there is nothing to open."""
    import attrs
    if getattr(node, "type", None) == "Chain":
        first = _opened(node.first, n)
        if first is None:
            return None
        return attrs.evolve(node, nodes=FrozenDict({**node.nodes, node.names[0]: first}))
    if getattr(node, "type", None) == "Graph":
        return _graph_opened(node, n)
    if not isinstance(node, LayerNode) or not node.spec.takes_port_list \
            or node.params.get("InputPorts") is not None:     # the ports are known
        return None
    params = node.spec.with_input_count(dict(node.params), n)
    return attrs.evolve(node, params=FrozenDict(params))


def _graph_opened(graph, n: int):
    """``graph`` with its unfed port-list layer given ``n`` input ports, each made an
    input of the graph of the same name."""
    import attrs
    name = _unfed_port_list(graph)
    if name is None:
        return None
    layer = _opened(graph.nodes[name], n)
    ports = tuple(layer.inputs())
    edges = tuple((("Nodes", name, "Inputs", p), ("Inputs", p)) for p in ports)
    return attrs.evolve(graph, nodes=FrozenDict({**graph.nodes, name: layer}),
                        edges=edges + tuple(graph.edges), input_names=ports)


def open_input_ports(net: Net, n: int) -> Net:
    """A port-list layer (``CatenateLayer[]``) whose number of input ports was not given,
    with ``n`` ports (the number of its connections, or of the arrays it is applied to),
    also as the first layer of a chain (``"tot" -> {TotalLayer[], Ramp}`` fed by two
    vertices); any other net as it is."""
    node = _opened(net.root, n)
    return net if node is None else infer(Net(node, net.arrays))
