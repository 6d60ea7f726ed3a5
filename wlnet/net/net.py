"""A net value: a frozen structure (layer or container node) plus its arrays, and the
inference driver shared by layers and containers.

Every node answers the same protocol (``LayerNode`` in spec.py, ``ChainNode`` and
``GraphNode`` in containers/):

  inputs() / outputs() / states()   port name -> type (with variables while unknown)
  constrain(u, arrays, prefix)      add the node's own constraints to a Unifier
  post(u) / defaults(u)             computed-parameter rules (containers recurse)
  resolve(u)                        the node with everything learnt substituted
  leaves(prefix)                    (path, LayerNode) pairs in topological order
  map_vars(f)                       rename variables (fresh copies for reuse)

``Net.plan()`` is what an executor needs: the leaves in topological order with resolved
params, port types and array paths.
"""

from __future__ import annotations

import attrs

from wlnet.core.expr import Integer, String
from wlnet.net.errors import NetSpecError
from wlnet.net.identity_cache import IdentityCache
from wlnet.net.coder_constraints import chosen_coder, constrain_coders, settle_coders
from wlnet.net.shape import ComputedPortError, NetTypeError, Unifier
from wlnet.net.spec import LayerNode, dims_text, is_shared_path
from wlnet.net.types import (ElemVar, FrozenDict, LengthVar, SizeList, SizeVar, SpatialVar,
                             TensorT, fresh_elem, fresh_rank, fresh_size, fresh_spatial)

__all__ = ["Net", "ContainerNode", "infer", "constrain_coders", "port_coder", "freshen",
           "missing_sizes",
           "sub_net", "layer_name", "is_container", "is_operator", "sub_prefix",
           "PlanStep", "path_label", "shared_names", "producer", "value_producer"]


# array_paths of the last roots asked (by identity: nodes are immutable, and evaluating a
# net asks for its paths on every call)
_PATHS = IdentityCache(64)


@attrs.frozen(slots=True)
class Net:
    root: object
    arrays: FrozenDict = attrs.field(factory=FrozenDict)

    @property
    def symbol(self) -> str:
        return self.root.symbol

    def inputs(self) -> dict:
        return self.root.inputs()

    def outputs(self) -> dict:
        return self.root.outputs()

    def states(self) -> dict:
        return self.root.states()

    def array_paths(self) -> FrozenDict:
        """path -> dims for every array of every leaf (initialised or not)."""
        hit = _PATHS.get(self.root)
        if hit is not None:
            return hit
        out = {}
        for prefix, leaf in self.root.leaves(()):
            for name, dims in leaf.array_shapes().items():
                out[leaf.array_path(prefix, name)] = dims
        paths = FrozenDict(out)
        _PATHS.put(self.root, paths)
        return paths

    def is_initialized(self) -> bool:
        return all(p in self.arrays for p in self.array_paths())

    def plan(self) -> list["PlanStep"]:
        return [PlanStep(prefix, leaf, {n: leaf.array_path(prefix, n) for n in leaf.array_shapes()})
                for prefix, leaf in self.root.leaves(())]


@attrs.frozen(slots=True)
class PlanStep:
    path: tuple
    layer: object
    array_paths: dict


def _fixpoint(root, u, rule: str, limit: int = 20) -> None:
    for _ in range(limit):
        before = len(u.bindings)
        getattr(root, rule)(u)
        if len(u.bindings) == before:
            return


def infer(net: Net, hints=(), array_dims=None) -> Net:
    """Unify everything in ``net`` (plus ``hints``: ``(port, type, is_input)`` constraints
    on the root's ports, and ``array_dims``: array name -> dimensions a lone layer's
    arrays must have, NetArray's "Dimensions") and return the resolved net.  Raises
    NetTypeError/NetSpecError."""
    try:
        return _infer(net, hints, array_dims, share=True)
    except (NetSpecError, NetTypeError) as err:
        if isinstance(err, ComputedPortError) and not err.where:
            err = err.fallback          # no connection fixed the port: the layer's own message
        if not shared_names(net.root):
            raise err
        conflict = _sharing_conflict(net, hints, array_dims)
        if conflict is None:
            raise err
        raise conflict from err


def _sharing_conflict(net: Net, hints, array_dims) -> NetSpecError | None:
    """The "sharedims" error when ``net`` fails only because its uses of a shared array
    want different dimensions, which a layer's own rule finds first (two LinearLayers of
    other input sizes sharing "Weights": the second one's input does not fit the shared
    matrix); None when it fails without the sharing too."""
    try:
        alone = _infer(net, hints, array_dims, share=False)
    except (NetSpecError, NetTypeError):
        return None
    first: dict = {}
    for _, leaf in alone.root.leaves(()):
        shapes = leaf.array_shapes()
        for name, shared in leaf.shared.items():
            if name not in shapes:
                continue
            dims = tuple(shapes[name])
            known = first.setdefault(shared, dims)
            if _disagree(known, dims):
                return NetSpecError("sharedims", shared, dims_text(known), dims_text(dims))
    return None


def _disagree(a: tuple, b: tuple) -> bool:
    return len(a) != len(b) or any(isinstance(x, int) and isinstance(y, int) and x != y
                                   for x, y in zip(a, b))


def _infer(net: Net, hints, array_dims, share: bool) -> Net:
    u = Unifier()
    root = net.root
    root.constrain(u, net.arrays, ())
    if share:
        _unify_shared(root, u)
    for port, t, is_input in hints:
        ports = root.inputs() if is_input else root.outputs()
        try:
            if is_input:
                u.unify(t, ports[port])
            else:
                u.unify(ports[port], t)
        except NetTypeError as err:
            if not is_input:            # the message names the specification first
                err.first, err.second = err.second, err.first
            err.where.setdefault("hint", (port, t))
            why = _refused_by_consumer(root, port, t) if is_input else None
            if why is not None:         # the layer that takes the port says why
                raise why from None
            raise
    _fixpoint(root, u, "post")
    if u.deferred:                  # coders waiting for their port's rank or sizes
        settle_coders(u)
        _fixpoint(root, u, "post")
    _fixpoint(root, u, "defaults")
    _fixpoint(root, u, "post")
    if array_dims:
        # after the layer's own rules, so that a conflict names the array and both shapes
        _unify_array_dims(root, u, array_dims)
        _fixpoint(root, u, "post")
        # what the dimensions decide may leave a last-resort choice (a LinearLayer whose
        # weights fix its input size takes a vector), as when they come with the net
        _fixpoint(root, u, "defaults")
        _fixpoint(root, u, "post")
    used = shared_names(root)
    arrays = net.arrays
    if any(is_shared_path(p) and p[1] not in used for p in arrays):    # a use was removed
        arrays = FrozenDict({p: v for p, v in arrays.items()
                             if not is_shared_path(p) or p[1] in used})
    return _filled_numbers(Net(root.resolve(u), arrays))


def _filled_numbers(net: Net) -> Net:
    """Arrays given as one number (BatchNormalizationLayer["Scaling" -> 1], LinearLayer[…,
    "Weights" -> 0]) filled out with it once their dimensions are known."""
    numbers = [p for p, v in net.arrays.items() if getattr(v, "shape", None) == ()]
    if not numbers:
        return net
    import numpy as np
    from wlnet.core.numeric_array import NumericArray
    dims = net.array_paths()
    filled = {}
    for path in numbers:
        d = dims.get(path)
        if d and all(isinstance(x, int) for x in d):
            v = net.arrays[path]
            filled[path] = NumericArray(np.full(d, v.array), v.type_name)
    if not filled:
        return net
    return Net(net.root, FrozenDict({**net.arrays, **filled}))


def shared_names(root) -> set:
    """The names of the shared arrays that the layers of ``root`` use."""
    return {s for _, leaf in root.leaves(()) for s in leaf.shared.values()}


def _unify_array_dims(root, u, wanted: dict) -> None:
    """A lone layer's arrays take the dimensions given for them (NetSpecError "arrdims"
    naming the array when they cannot)."""
    shapes = root.array_shapes()
    for name, dims in wanted.items():
        have = tuple(shapes.get(name, ()))
        try:
            if len(have) != len(dims):
                raise NetTypeError("rank", have, dims)
            for h, d in zip(have, dims):
                u.unify_dim(h, d)
        except NetTypeError:
            raise NetSpecError("arrdims", name, root.symbol,
                               dims_text(u.resolve(h) for h in have), dims_text(dims))


def _unify_shared(root, u) -> None:
    """Every use of one shared array has the same dimensions (NetSpecError naming the
    array and the two shapes when they cannot agree)."""
    first: dict = {}
    for _, leaf in root.leaves(()):
        shapes = leaf.array_shapes()
        for name, shared in leaf.shared.items():
            if name not in shapes:
                continue
            dims = _whole_shape(leaf, name)
            if shared not in first:
                first[shared] = dims
                continue
            known = first[shared]
            try:
                u.unify_shape(known, dims)
            except NetTypeError:
                raise NetSpecError("sharedims", shared, dims_text(_dims_of(u.resolve(known))),
                                   dims_text(_dims_of(u.resolve(dims))))


def _dims_of(s: SizeList) -> tuple:
    return tuple(s.dims) + ((s.tail,) if s.tail is not None else ())


def _whole_shape(leaf, name) -> SizeList:
    """The shape of a layer's array as a size list (its rank unknown while it is: an array
    shaped by a whole size list, as NetArrayLayer's and FunctionLayer's NetArrays)."""
    shape = leaf.array_specs()[name].shape(leaf.params)
    return shape if isinstance(shape, SizeList) else SizeList(tuple(shape))


class ContainerNode:
    """The part of the node protocol that containers share: the computed-parameter rules
    recurse into the nodes, and ``resolve``/``map_vars`` rebuild the container from its
    nodes and port coders.  For attrs classes with ``nodes`` and ``coders`` fields."""

    __slots__ = ()

    def post(self, u) -> None:
        for node in self.nodes.values():
            node.post(u)

    def defaults(self, u) -> None:
        for node in self.nodes.values():
            node.defaults(u)

    def resolve(self, u):
        return attrs.evolve(self, nodes=FrozenDict({k: v.resolve(u) for k, v in self.nodes.items()}),
                            coders=FrozenDict({k: chosen_coder(u, self, k, c).resolve(u)
                                               for k, c in self.coders.items()}))

    def map_vars(self, f):
        return attrs.evolve(self, nodes=FrozenDict({k: v.map_vars(f) for k, v in self.nodes.items()}),
                            coders=FrozenDict({k: c.map_vars(f) for k, c in self.coders.items()}))


def port_coder(node, port: str, is_input: bool):
    """The encoder (``is_input``) or decoder attached to a port of ``node``, looking through
    containers to the layer that owns the port."""
    coders = getattr(node, "coders", {})
    if port in coders:
        return coders[port]
    if isinstance(node, LayerNode) and is_input:
        return node.spec.port_encoder(port)    # e.g. ContrastiveLossLayer's True/False targets
    if isinstance(node, LayerNode):
        return None
    if node.type not in ("Chain", "Graph"):  # an operator: its net's coders, per element
        lifted = getattr(node, "lifted_coder", None)
        return None if lifted is None else lifted(port, is_input)
    if node.type == "Chain":
        return port_coder(node.first if is_input else node.last, port, is_input)
    for dst, src in node.edges:
        if is_input and src == ("Inputs", port) and dst[0] == "Nodes" and dst[2] == "Inputs":
            found = (port_coder(node.nodes[dst[1]], dst[3], True)
                     or _scalar_target_encoder(node, dst))
            if found is not None:
                return found
        if not is_input and dst == ("Outputs", port) and src[0] == "Nodes" and src[2] == "Outputs":
            return port_coder(node.nodes[src[1]], src[3], False)
    return None


def _scalar_target_encoder(graph, dst: tuple):
    """A "Scalar" encoder for a graph input feeding the "Target" of a layer whose "Input"
    comes from an output decoded as "Scalar" (a model in a user-built weighted-loss graph).
    "Scalar" stands for WL's real-number port: in WL the model's output and so the loss's
    target are plain numbers, and the targets are given as numbers."""
    if dst[3] != "Target":
        return None
    for d, s in graph.edges:
        if d[:2] == dst[:2] and d[2:] == ("Inputs", "Input") and s[0] == "Nodes":
            decoder = port_coder(graph.nodes[s[1]], s[3], False)
            if getattr(decoder, "name", None) == "Scalar":
                from wlnet.net.coders.encoders import ScalarEncoder
                return ScalarEncoder()
    return None


def freshen(node):
    """The node with new size and rank variables (sequence lengths are kept), so that two
    uses of one uninitialised layer can learn different sizes."""
    mapping: dict = {}

    def rename(v):
        if isinstance(v, LengthVar):
            return v
        if v not in mapping:
            mapping[v] = (fresh_spatial() if isinstance(v, SpatialVar) else
                          fresh_size() if isinstance(v, SizeVar) else
                          fresh_elem() if isinstance(v, ElemVar) else fresh_rank())
        return mapping[v]

    return node.map_vars(rename)


def missing_sizes(net: Net) -> list[str]:
    """Names of the arrays whose dimensions are not all known ("1/Weights"…)."""
    out = []
    for path, dims in net.array_paths().items():
        if any(not isinstance(d, int) for d in dims):
            out.append(path_label(path))
    return out


def path_label(path: tuple) -> str:
    if is_shared_path(path):
        return f'NetArray["{path[1]}"]'
    # the structural keys of a path (a graph's "Nodes", an operator's "Parameters", a
    # layer's "Arrays") alternate with names; only the names are shown: "1/Net/Weights"
    parts = [p for i, p in enumerate(path)
             if not (i % 2 == 0 and p in ("Nodes", "Arrays", "Parameters"))]
    return "/".join(parts)


# ---------------------------------------------------------------------------- navigating

def producer(root, port: str):
    """The layer (LayerNode) whose output is the net's output ``port``."""
    if isinstance(root, LayerNode):
        return root
    if root.type == "Chain":
        return producer(root.last, port)
    if not hasattr(root, "edges"):
        # a net operator (NetFoldOperator…): its output is not one layer's output as it is
        return None
    for dst, src in root.edges:
        if dst == ("Outputs", port):
            if src[0] == "Nodes":
                return producer(root.nodes[src[1]], src[3])
            return None                                  # an input wired straight out
    return None


def _refused_by_consumer(root, port: str, given):
    """The message of the layer that takes the net's input ``port`` for a shape ``given``
    it cannot take (``LayerSpec.refused_shape``), or None."""
    node, own = root, port
    while not isinstance(node, LayerNode):
        if node.type == "Chain":
            node = node.first
        elif node.type == "Graph":
            dst = next((d for d, s in node.edges if s == ("Inputs", own) and d[0] == "Nodes"), None)
            if dst is None:
                return None
            node, own = node.nodes[dst[1]], dst[3]
        else:
            return None
    return node.spec.refused_shape(node.params, own, given)


def value_producer(root, port: str):
    """The layer whose values come out at the net's output ``port``, looked for back
    through the layers that only move values (``moves_values``: PartLayer, ReshapeLayer…)
    along single inputs; None when there is none (an input wired out, a net operator, a
    layer of several inputs on the way)."""
    for layer in _walk_back(root, port):
        if layer is None or not layer.spec.moves_values:
            return layer
    return None


def _walk_back(node, port: str):
    """The layers from the one making ``node``'s output ``port`` backwards, each fed by the
    one before through its only input, as far as ``node``'s inputs; None where the way
    back is not one line (the caller stops there)."""
    if isinstance(node, LayerNode):
        yield node
        return
    if node.type == "Chain":
        names = list(node.nodes)
        for i in range(len(names) - 1, -1, -1):
            sub = node.nodes[names[i]]
            out = port if i == len(names) - 1 else next(iter(sub.outputs()))
            yield from _walk_back(sub, out)
        return
    if node.type != "Graph":
        yield None
        return
    target = ("Outputs", port)
    while True:
        src = next((s for d, s in node.edges if d == target), None)
        if src is None or src[0] != "Nodes":
            return                               # the graph's input: the caller goes on
        sub = node.nodes[src[1]]
        yield from _walk_back(sub, src[3])
        ins = list(sub.inputs())
        if len(ins) != 1:
            yield None
            return
        target = ("Nodes", src[1], "Inputs", ins[0])


def is_container(node) -> bool:
    return node.type in ("Chain", "Graph") or is_operator(node)


def is_operator(node) -> bool:
    return hasattr(node, "sub_prefix")


def sub_prefix(root, name: str) -> tuple:
    """Where a container keeps its sub-net ``name``: ("Nodes", name) in a chain or graph,
    ("Parameters", name) in a net operator (as WL's paths say)."""
    return root.sub_prefix((), name) if is_operator(root) else ("Nodes", name)


def sub_net(net: Net, name: str) -> Net:
    """The layer ``name`` of a container as a net of its own (its arrays' paths re-rooted)."""
    root = net.root
    node = root.nodes[name]
    prefix = sub_prefix(root, name)
    arrays = {p[2:]: v for p, v in net.arrays.items() if p[:2] == prefix}
    used = shared_names(node)
    arrays.update({p: v for p, v in net.arrays.items() if is_shared_path(p) and p[1] in used})
    return Net(node, FrozenDict(arrays))


def layer_name(net: Net, spec):
    """A layer position (1-based int, negative from the end, or a name) → node name."""
    if not is_container(net.root):
        return None
    if is_operator(net.root):            # "Net", "ForwardNet", "BackwardNet"
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
