"""The boundary between the net IR and WL expressions (the one module that converts).

``net_to_expr(net)`` gives Wolfram's InputForm shape::

    GatedRecurrentLayer[<|"Type" -> "GatedRecurrent", "Arrays" -> <|…|>,
        "Parameters" -> <|…|>, "Inputs" -> <|…|>, "Outputs" -> <|…|>, "States" -> <|…|>|>,
        <|"Version" -> "14.1.1", "Unstable" -> False|>]

with uninitialised arrays as types, and ``net_from_expr`` reads it back (constructing a
net from its association form is the identity).  ``layer_from_expr`` also accepts the
shorthands allowed inside containers: ``n`` (LinearLayer[n]), ``Ramp``, ``"ReLU"`` & co
(ElementwiseLayer), ``{…}`` (a nested NetChain).
"""

from __future__ import annotations

import functools

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.numeric_array import NumericArray
from wlnet.net.coders.base import assoc
from wlnet.net.coders.expr import coder_from_expr
from wlnet.net.errors import NetSpecError
from wlnet.net.identity_cache import IdentityCache
from wlnet.net.net import Net, infer
from wlnet.net.registry import spec_for_symbol, spec_for_type
from wlnet.net.spec import INPUT_ELEMENTS, SHARED, LayerNode, integer_inputs, shared_path
from wlnet.net.shared import is_net_array, net_array_expr, shared_arrays
from wlnet.net.wltext import VERSION, assoc_get, assoc_items
from wlnet.net.types import (
    FrozenDict, LengthVar, SizeList, SizeVar, TensorT, dim_from_expr, dim_to_expr, sizelist_from_expr, sizelist_to_expr, type_to_expr, NN,
)
from wlnet.net.types import ElemVar, IndexIntegerT, RealT, fresh_spatial, type_from_expr

__all__ = ["net_to_expr", "net_from_expr", "is_net_expr", "layer_from_expr", "METADATA", "node_assoc", "path_expr", "CONTAINER_HEADS",
           "param_to_expr", "param_from_expr", "layer_param_expr"]

METADATA = assoc([("Version", String(VERSION)), ("Unstable", Symbol("False"))])
CONTAINER_HEADS = ("NetChain", "NetGraph", "NetMapOperator", "NetMapThreadOperator",
                   "NetBidirectionalOperator",
                   "NetFoldOperator", "NetNestOperator", "NetGANOperator", "NetPairEmbeddingOperator")


def path_expr(path: tuple) -> Expr:
    return Expr.from_args(NN("NetPath"), (String(p) for p in path))


# ---------------------------------------------------------------------------- to WL

def param_to_expr(param, value):
    """A parameter's Python value as the WL expression Wolfram shows for it."""
    if param.show is not None:
        return param.show(value)
    if isinstance(value, bool):
        return Symbol("True" if value else "False")
    if isinstance(value, int):
        return Integer(value)
    if isinstance(value, float):
        return Real(value)
    if isinstance(value, str):
        return String(value)
    if isinstance(value, (SizeVar, LengthVar)):
        return dim_to_expr(value)
    if isinstance(value, SizeList):
        return sizelist_to_expr(value.dims, value.tail)
    raise TypeError(f"parameter {param.name}: no WL form for {value!r}")


def param_from_expr(param, e):
    """The Python value of a parameter stored as the WL expression ``e`` (a net read back
    from its expression or a file).  Raises ValueError for a value of the wrong kind."""
    kind = param.kind
    if param.read is not None:
        return param.read(e)
    if kind in ("size", "length"):
        return dim_from_expr(e)
    if kind == "sizelist":
        return sizelist_from_expr(e)
    if kind == "int" and type(e) is Integer:
        return e.value
    if kind == "real" and type(e) in (Integer, Real):
        return float(e.value)
    if kind == "string" and type(e) is String:
        return e.value
    if kind == "bool" and type(e) is Symbol and e.name in ("True", "False"):
        return e.name == "True"
    raise ValueError(f"{e} is not a valid value for the parameter {param.name}")


def layer_param_expr(node, name: str):
    """The WL form of the parameter ``name`` of a layer node."""
    param = next(p for p in node.spec.params if p.name == name)
    return param_to_expr(param, node.params[name])


def _ports_assoc(types: dict, coders: dict) -> Expr:
    return assoc((name, coders[name].to_expr() if name in coders else type_to_expr(t))
                 for name, t in types.items())


@functools.lru_cache(maxsize=64)
def _sized_template(kind: str, k: int, q: int):
    from wlnet.net.containers.scoring import standard_scoring_net
    return node_assoc(standard_scoring_net(kind, k, q).root, {}, ())


def scoring_template(kind: str, k, q):
    """The InputForm association of WL's scoring net for ("Bilinear"/"Dot", key size, query
    size), without its matrix (made once per sizes: a net is written out often)."""
    if isinstance(k, int) and isinstance(q, int):
        return _sized_template(kind, k, q)
    from wlnet.net.containers.scoring import standard_scoring_net
    return node_assoc(standard_scoring_net(kind, k, q).root, {}, ())


def node_assoc(node, arrays: dict, prefix: tuple = ()) -> Expr:
    if isinstance(node, LayerNode):
        return _layer_assoc(node, arrays, prefix)
    from wlnet.net.containers.chain import interior_states
    if node.type not in ("Chain", "Graph"):
        return _operator_assoc(node, arrays, prefix)
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
        if node.function is not None:                # a FunctionLayer's graph
            pairs.append(("Function", node.function))
    if states:
        pairs.append(("InteriorStates", assoc(
            (_state_key(key), path_expr(path)) for key, path in states)))
    return assoc(pairs)


def _operator_assoc(node, arrays: dict, prefix: tuple) -> Expr:
    """``<|"Type" -> "MapOperator", "Arrays" -> <||>, "Parameters" -> <|"Net" -> <|…|>|>,
    "Inputs" -> …, "Outputs" -> …|>``: the sub-nets are parameters, as in WL."""
    from wlnet.net.containers.chain import interior_states
    params = [(name, node_assoc(sub, arrays, node.sub_prefix(prefix, name)))
              for name, sub in node.nodes.items()]
    if node.type == "BidirectionalOperator":
        params.append(("Aggregation", Symbol(node.aggregation)))
    if node.type == "FoldOperator":
        params.append(("Feedback", Expr.from_args(S.List, (Expr(S.Rule, String(o), String(i))
                                                           for o, i in node.feedback))))
        if node.constants:
            params.append(("Constants", Expr.from_args(S.List, map(String, node.constants))))
        if node.returned is not None:
            params.append(("Outputs", Expr.from_args(S.List, map(String, node.returned))))
    if node.type == "NestOperator":
        params.append(("Iterations", Integer(node.iterations)))
    if node.type == "GANOperator":
        params.append(("Loss", String(node.loss)))
    if node.type == "PairEmbeddingOperator":
        params.append(("DistanceFunction", Symbol(node.distance)))
    if node.type == "MapThreadOperator" and (node.inner or node.mapped is not None):
        depth = Integer(node.depth)
        params.append(("Depth", depth if node.mapped is None else assoc(
            (p, Integer(node.port_depth(p))) for p in node.mapped)))
    if node.type == "Attention":                  # AttentionLayer with a scoring net
        params.extend((p.name, param_to_expr(p, node.params[p.name]))
                      for p in spec_for_type("Attention").params
                      if not p.hidden and p.name != "ScoringNet")
    pairs = [("Type", String(node.type)), ("Arrays", assoc([])), ("Parameters", assoc(params)),
             ("Inputs", _ports_assoc(node.inputs(), node.coders)),
             ("Outputs", _ports_assoc(node.outputs(), node.coders))]
    states = interior_states(node, (), frozenset())
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
        if a.name not in shapes:                  # no such array with these parameters
            continue
        if a.name in node.shared:
            arr_pairs.append((a.name, net_array_expr(node.shared[a.name])))
            continue
        value = arrays.get(prefix + ("Arrays", a.name))
        if value is None:
            value = type_to_expr(TensorT(shapes[a.name]))
        arr_pairs.append((a.name, value))
    param_pairs = [(p.name, param_to_expr(p, node.params[p.name])) for p in spec.params
                   if not p.hidden]
    if node.type == "Attention":           # its "Bilinear"/"Dot" scoring as WL's net
        arr_pairs, param_pairs = _named_scoring_assoc(node, arrays, prefix, param_pairs)
    pairs = [("Type", String(node.type)), ("Arrays", assoc(arr_pairs)),
             ("Parameters", assoc(param_pairs)),
             ("Inputs", _ports_assoc(node.inputs(), node.coders)),
             ("Outputs", _ports_assoc(node.outputs(), node.coders))]
    states = node.states()
    if states:
        pairs.append(("States", assoc((k, type_to_expr(t)) for k, t in states.items())))
    if node.lrm is not None:                  # only when given: NetTrain reads it
        pairs.append(("LearningRateMultipliers", node.lrm))
    return assoc(pairs)


def _named_scoring_assoc(node: LayerNode, arrays: dict, prefix: tuple, param_pairs: list):
    """(array pairs, parameter pairs) of a plain AttentionLayer: its scoring net is the
    NetGraph WL normalises "Bilinear" or "Dot" to, holding the matrix (containers/scoring.py)."""
    from wlnet.net.containers.scoring import LINEAR, transposed
    p = node.params
    net_assoc = scoring_template(p["ScoringNet"], p["KeySize"], p["QuerySize"])
    weights = arrays.get(prefix + ("Arrays", "Weights"))
    if weights is not None:
        net_assoc = assoc_replace(net_assoc, ("Nodes", LINEAR, "Arrays", "Weights"),
                                  transposed(weights))
    return [], [(k, net_assoc if k == "ScoringNet" else v) for k, v in param_pairs]


def assoc_replace(a: Expr, keys: tuple, value) -> Expr:
    """The association ``a`` with the value at the nested string keys ``keys`` replaced."""
    first = String(keys[0])
    return Expr.from_args(S.Association, (
        Expr(r.head, r.args[0], value if len(keys) == 1 else assoc_replace(r.args[1], keys[1:], value))
        if r.args[0] == first else r for r in a.args))


def net_to_expr(net: Net) -> Expr:
    body = node_assoc(net.root, net.arrays, ())
    shared = shared_arrays(net)
    if shared:        # stored once, at the root: <|…, "SharedArrays" -> <|name -> values|>|>
        body = Expr.from_args(S.Association, body.args + (Expr(S.Rule, String(SHARED), assoc(
            (name, value if value is not None else type_to_expr(TensorT(dims)))
            for name, (dims, value) in shared.items())),))
    e = Expr(Symbol(net.root.symbol), body, METADATA)
    # reading this expression back gives this net: skip the reading and the inference when
    # the session hands the expression back (NetExtract[NetTake[net, …], …], net[x])
    _READ.put(e, net)
    return e


# ---------------------------------------------------------------------------- from WL

def is_net_expr(e) -> bool:
    if not (type(e) is Expr and type(e.head) is Symbol and len(e.args) == 2):
        return False
    a = e.args[0]
    return (type(a) is Expr and a.head is S.Association and e.args[1].head is S.Association
            and type(assoc_get(a, "Type")) is String)


# Reading a net back from its expression (and inferring its types) costs about a
# millisecond for a layer and a second for a net of hundreds of layers; a session applies
# the same net expression object again and again (``net[x]`` in a loop, surgery on the
# result of surgery), so the last nets read or written are kept by the identity of their
# expression.  Expressions and nets are immutable, so a hit is always right.  An entry
# keeps its arrays alive: few entries, so that a loop replacing the arrays of a large net
# does not keep many versions of them.
_READ = IdentityCache(32)


def net_from_expr(e) -> Net | None:
    """A net expression → Net (None when ``e`` is not one).  Raises NetSpecError when it
    has a net's shape but does not describe a valid net."""
    net = _READ.get(e)
    if net is None:
        net = _read_net(e)
        if net is not None:
            _READ.put(e, net)
    return net


def _read_net(e) -> Net | None:
    if not is_net_expr(e):
        return None
    try:
        node, arrays = _node_from_assoc(e.args[0], ())
        stored = assoc_get(e.args[0], SHARED)
        for k, v in assoc_items(stored) if stored is not None else ():
            if isinstance(v, NumericArray):
                arrays[shared_path(k.value)] = v
    except (ValueError, KeyError, AttributeError, TypeError):
        raise NetSpecError("invlayer", e)
    if getattr(node, "symbol", None) != e.head.name:
        raise NetSpecError("invlayer", e)
    return _free_spatial_sizes(infer(Net(node, FrozenDict(arrays))))


def _free_spatial_sizes(net: Net) -> Net:
    """A channels-last convolution or pooling read back from its WL form may still run over
    a varying-length sequence (``loosen_first_sizes``), but the layers around it read their
    shared first size as a plain SizeT, and inference binds the convolution's to theirs: a
    chain {conv, Ramp} read back would then refuse the sequence an outer chain gives it.
    Every size such a layer's first spatial dimension still has is made free again, net-wide."""
    plain = {}
    for _, leaf in net.root.leaves():
        p = leaf.params
        if p.get("Interleaving") is True and "$OutputSize" in p:
            for name in ("$InputSize", "$OutputSize"):
                dims = p[name].dims
                if dims and type(dims[0]) is SizeVar:
                    plain[dims[0]] = fresh_spatial()
    if not plain:
        return net
    return Net(net.root.map_vars(lambda v: plain.get(v, v)), net.arrays)


def _mapped_input(type_name: str, params):
    """A predicate on an operator's stored input names: does its sequence run over it (not
    NetMapThreadOperator's unmapped inputs, nor NetFoldOperator's constants)?"""
    if type_name == "FoldOperator":
        constants = assoc_get(params, "Constants")
        fixed = {c.value for c in constants.args} if constants is not None else set()
        return lambda name: name not in fixed
    depth = assoc_get(params, "Depth") if type_name == "MapThreadOperator" else None
    if type(depth) is Expr and depth.head is S.Association:
        mapped = {k.value for k, _ in assoc_items(depth)}
        return lambda name: name in mapped
    return lambda name: True


def _node_from_assoc(a, prefix: tuple):
    type_name = assoc_get(a, "Type").value
    if type_name == "Chain":
        return _chain_from_assoc(a, prefix)
    if type_name == "Graph":
        return _graph_from_assoc(a, prefix)
    if type_name in ("MapOperator", "MapThreadOperator", "BidirectionalOperator", "FoldOperator",
                     "NestOperator", "GANOperator", "PairEmbeddingOperator"):
        return _operator_from_assoc(a, prefix, type_name)
    scoring = assoc_get(assoc_get(a, "Parameters"), "ScoringNet") if type_name == "Attention" else None
    if type(scoring) is Expr and scoring.head is S.Association:     # a scoring net of its own
        return _scored_attention_from_assoc(a, prefix, scoring)
    spec = spec_for_type(type_name)
    params = spec.default_params()
    stored = dict((k.value, v) for k, v in assoc_items(assoc_get(a, "Parameters")))
    declared = {p.name: p for p in spec.params}
    for name, value in stored.items():
        params[name] = param_from_expr(declared[name], value)
    spec.read_back(params)
    _read_elements(spec, params, a)
    _read_integer_inputs(spec, params, a)
    arrays, absent, shared = {}, set(), {}
    for k, v in assoc_items(assoc_get(a, "Arrays")):
        if isinstance(v, NumericArray):
            arrays[prefix + ("Arrays", k.value)] = v
        elif type(v) is Symbol and v.name == "None":
            absent.add(k.value)
        elif is_net_array(v) and len(v.args) == 1 and type(v.args[0]) is String:
            shared[k.value] = v.args[0].value
    node = LayerNode(type_name, FrozenDict(params), FrozenDict(_port_coders(a)), frozenset(absent),
                     assoc_get(a, "LearningRateMultipliers"), FrozenDict(shared))
    return node, arrays


def _scored_attention_from_assoc(a, prefix, scoring):
    """AttentionLayer with a scoring net of its own (net/containers/scoring.py)."""
    from wlnet.net.containers.scoring import NET, ScoringNetNode, standard_scoring
    inner = prefix + ("Parameters", "ScoringNet")
    node, arrays = _node_from_assoc(scoring, inner)
    standard = standard_scoring(Net(node, FrozenDict(
        {p[len(inner):]: v for p, v in arrays.items()})))
    if standard is not None:            # WL's "Bilinear" or "Dot": the plain layer
        return _named_scoring_from_assoc(a, prefix, *standard)
    spec = spec_for_type("Attention")
    params = spec.default_params()
    declared = {p.name: p for p in spec.params}
    for k, v in assoc_items(assoc_get(a, "Parameters")):
        if k.value in declared and k.value != "ScoringNet":
            params[k.value] = param_from_expr(declared[k.value], v)
    params["ScoringNet"] = NET
    return ScoringNetNode(FrozenDict({"ScoringNet": node}), FrozenDict(params),
                          FrozenDict(_port_coders(a))), arrays


def _named_scoring_from_assoc(a, prefix, kind: str, linear):
    """The plain AttentionLayer of the scoring ``kind``, "Weights" = Transpose[linear]."""
    from wlnet.net.containers.scoring import transposed
    plain = assoc_replace(assoc_replace(a, ("Parameters", "ScoringNet"), String(kind)),
                          ("Arrays",), assoc([]))
    node, arrays = _node_from_assoc(plain, prefix)
    if linear is not None:
        arrays[prefix + ("Arrays", "Weights")] = transposed(linear)
    return node, arrays


def _read_elements(spec, params: dict, a) -> None:
    """The hidden element types ("elem" parameters) of a layer, from its stored port types:
    a layer taken out of a net that fed it integer codes still carries integer codes."""
    names = {}                         # ElemVar -> (parameter, position in a tuple or None)
    for p in spec.params:
        if p.kind == "elem":
            value = params[p.name]
            names.update({v: (p.name, i) for i, v in enumerate(value)} if type(value) is tuple
                         else {value: (p.name, None)})
    if not names:
        return
    for section, ports in (("Inputs", spec.inputs(params)), ("Outputs", spec.outputs(params))):
        given = assoc_get(a, section)
        if not (type(given) is Expr and given.head is S.Association):
            continue
        stored = dict((k.value, v) for k, v in assoc_items(given) if type(k) is String)
        for port, t in ports.items():
            var = t.elem if isinstance(t, TensorT) else None
            if not isinstance(var, ElemVar) or var not in names or port not in stored:
                continue
            try:
                elem = type_from_expr(stored[port]).elem
            except (ValueError, AttributeError):      # a coder, or not a tensor type
                continue
            if elem is RealT or isinstance(elem, IndexIntegerT):
                name, i = names.pop(var)
                params[name] = elem if i is None else params[name][:i] + (elem,) + params[name][i + 1:]


def _read_integer_inputs(spec, params: dict, a) -> None:
    """The input ports given as "Integer" where the layer takes reals (``INPUT_ELEMENTS``),
    from the layer's stored port types."""
    given = assoc_get(a, "Inputs")
    if not (type(given) is Expr and given.head is S.Association):
        return
    hints = []
    for k, v in assoc_items(given):
        try:
            t = type_from_expr(v)
        except (ValueError, AttributeError):       # a coder, or not a tensor type
            continue
        if type(k) is String and isinstance(t, TensorT):
            hints.append((k.value, t, True))
    integers = integer_inputs(spec, params, hints)
    if integers:
        params[INPUT_ELEMENTS] = integers


def _sub_nodes(a, prefix):
    nodes, arrays = {}, {}
    for k, v in assoc_items(assoc_get(a, "Nodes")):
        node, arr = _node_from_assoc(v, prefix + ("Nodes", k.value))
        nodes[k.value] = node
        arrays.update(arr)
    return nodes, arrays


def _port_coders(a) -> dict:
    """The coders stored in place of port types under "Inputs"/"Outputs"."""
    coders = {}
    for key in ("Inputs", "Outputs"):
        ports = assoc_get(a, key)
        for k, v in assoc_items(ports) if ports is not None else ():
            c = coder_from_expr(v)
            if c is not None:
                coders[k.value] = c
    return coders


def _chain_from_assoc(a, prefix):
    from wlnet.net.containers.chain import ChainNode
    nodes, arrays = _sub_nodes(a, prefix)
    return ChainNode(FrozenDict(nodes), FrozenDict(_port_coders(a))), arrays


def _operator_from_assoc(a, prefix, type_name):
    from wlnet.net.containers.operators import OPERATOR_TYPES
    from wlnet.net.types import fresh_length, fresh_size, type_from_expr
    nodes, arrays = {}, {}
    params = assoc_get(a, "Parameters")
    for k, v in assoc_items(params):
        if k.value.endswith("Net") or k.value in ("Generator", "Discriminator"):
            node, arr = _node_from_assoc(v, prefix + ("Parameters", k.value))
            nodes[k.value] = node
            arrays.update(arr)
    coders = FrozenDict(_port_coders(a))
    if type_name == "NestOperator":
        iterations = assoc_get(params, "Iterations").value
        return OPERATOR_TYPES[type_name](FrozenDict(nodes), iterations, coders), arrays
    if type_name == "GANOperator":
        from wlnet.net.containers.gan import GANNode
        return GANNode(FrozenDict(nodes), assoc_get(params, "Loss").value, coders), arrays
    if type_name == "PairEmbeddingOperator":
        from wlnet.net.containers.pair_embedding import PairEmbeddingNode
        return PairEmbeddingNode(FrozenDict(nodes), assoc_get(params, "DistanceFunction").name,
                                 coders), arrays
    # the sequence length is the first dimension of the first stored input type that is
    # mapped over (not an input given once per example: NetMapThreadOperator's unmapped
    # inputs, NetFoldOperator's constants)
    is_mapped = _mapped_input(type_name, params)
    stored = [(k, v) for k, v in assoc_items(assoc_get(a, "Inputs")) if is_mapped(k.value)]
    stored_in = stored[0][1] if stored else None        # no ports yet: ThreadingLayer[Plus]
    length = fresh_length()
    if stored_in is not None and coder_from_expr(stored_in) is None:
        dims = type_from_expr(stored_in).dims
        length = dims[0] if dims else length
    if type_name in ("MapOperator", "MapThreadOperator"):
        depth, mapped, shallow = assoc_get(params, "Depth"), None, ()
        if type(depth) is Expr and depth.head is S.Association:
            depths = [(k.value, d.value) for k, d in assoc_items(depth)]
            mapped = tuple(k for k, _ in depths)
            depth = Integer(max(d for _, d in depths))
            shallow = tuple((k, d) for k, d in depths if d < depth.value)
            # the inner levels' sizes are read from an input mapped over all of them
            deepest = [(k, v) for k, v in stored if dict(depths).get(k.value) == depth.value]
            stored_in = deepest[0][1] if deepest else stored_in
        levels = depth.value if type(depth) is Integer else 1
        inner = tuple(fresh_size() for _ in range(levels - 1))
        if stored_in is not None and coder_from_expr(stored_in) is None and levels > 1:
            stored_dims = type_from_expr(stored_in).dims
            inner = tuple(stored_dims[1:levels]) if len(stored_dims) >= levels else inner
        if shallow:
            return OPERATOR_TYPES[type_name](FrozenDict(nodes), length, coders, inner, mapped,
                                             shallow), arrays
        return OPERATOR_TYPES[type_name](FrozenDict(nodes), length, coders, inner, mapped), arrays
    if type_name == "FoldOperator":
        feedback = tuple((r.args[0].value, r.args[1].value)
                         for r in assoc_get(params, "Feedback").args)
        constants, returned = assoc_get(params, "Constants"), assoc_get(params, "Outputs")
        return OPERATOR_TYPES[type_name](
            FrozenDict(nodes), feedback, length, coders,
            tuple(c.value for c in constants.args) if constants is not None else (),
            tuple(c.value for c in returned.args) if returned is not None else None), arrays
    aggregation = assoc_get(params, "Aggregation").name
    return OPERATOR_TYPES[type_name](FrozenDict(nodes), aggregation, length, fresh_size(),
                                     coders), arrays


def _path_from_expr(e) -> tuple:
    if not (type(e) is Expr and e.head is NN("NetPath")):
        raise ValueError("not a NetPath")
    return tuple(x.value for x in e.args)


def _graph_from_assoc(a, prefix):
    from wlnet.net.containers.graph import GraphNode
    nodes, arrays = _sub_nodes(a, prefix)
    edges = tuple((_path_from_expr(r.args[0]), _path_from_expr(r.args[1]))
                  for r in assoc_get(a, "Edges").args)
    ins = tuple(k.value for k, _ in assoc_items(assoc_get(a, "Inputs")))
    outs = tuple(k.value for k, _ in assoc_items(assoc_get(a, "Outputs")))
    return GraphNode(FrozenDict(nodes), edges, ins, outs, FrozenDict(_port_coders(a)),
                     assoc_get(a, "Function")), arrays


# ---------------------------------------------------------------------------- shorthands

def _chain_items(e) -> list:
    """The (name, Net) pairs of a list written for a chain: ``{l1, l2, …}`` named "1", "2",
    …, or ``{"a" -> l1, "b" -> l2, …}`` named as given (as NetChain reads it; a NetGraph
    vertex may be such a list)."""
    items = e.args
    if not all(type(x) is Expr and x.head in (S.Rule, S.RuleDelayed) and len(x.args) == 2
               and type(x.args[0]) is String for x in items):
        return [(str(i), layer_from_expr(x)) for i, x in enumerate(items, 1)]
    names = [x.args[0].value for x in items]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise NetSpecError("netarg", items[i].args[0], "layer name",
                               "each name may be given to one layer only")
    return [(name, layer_from_expr(x.args[1])) for name, x in zip(names, items)]


def layer_from_expr(e) -> Net:
    """A layer inside a container: a net, ``n``, ``{n1, …}``… Raises NetSpecError."""
    net = net_from_expr(e)
    if net is not None:
        return net
    from wlnet.net.construct import construct_layer, construct_named_layer
    if type(e) is Integer and e.value > 0 or \
            type(e) is Expr and e.head is S.List and all(type(x) is Integer for x in e.args):
        # n is LinearLayer[n]; a list of integers, {} included, LinearLayer[{n1, …}] (as
        # WL's ToLayer: NetChain[{8, Tanh, {}}] ends in a scalar)
        return construct_layer(spec_for_symbol("LinearLayer"), (e,))
    if type(e) is Symbol and spec_for_symbol(e.name) is not None:
        # a layer's head alone is the layer with its defaults: NetGraph[{Tanh, DotPlusLayer},
        # …] and NetChain[{…, SoftmaxLayer}] as WL 11 programs write them
        return construct_named_layer(spec_for_symbol(e.name), ())
    if type(e) in (Symbol, String) or (type(e) is Expr and e.head is S.Function):
        # Ramp, "ReLU", #^2 & …: an ElementwiseLayer
        from wlnet.net.layers.elementwise import valid_function
        if valid_function(e):
            return construct_layer(spec_for_symbol("ElementwiseLayer"), (e,))
    if type(e) is Expr and e.head is S.List and e.args:
        from wlnet.net.containers.chain import build_chain
        return build_chain(_chain_items(e))
    head = e.head if type(e) is Expr else e
    if type(head) is Symbol:
        from wlnet.core.system_names import unavailable_message
        if unavailable_message(head.name) is not None:     # a layer wlnet lacks, not a mistake
            raise NetSpecError("wlnetna", head)
    raise NetSpecError("invlayer", e)
