"""NetChain: layers in sequence, the output of each feeding the input of the next.

The chain's inputs are its first node's inputs, its outputs its last node's outputs; every
node in between must have exactly one input and one output.  A node's recurrent states
stay interior states of the chain (``<|{1, "State"} -> NetPath["Nodes", "1", "States",
"State"]|>``).
"""

from __future__ import annotations

import attrs

from wlnet.net.construct import open_input_ports
from wlnet.net.errors import NetSpecError, in_node
from wlnet.net.net import ContainerNode, Net, constrain_coders, freshen, infer
from wlnet.net.shape import NetTypeError
from wlnet.net.spec import nest_path
from wlnet.net.types import FrozenDict, SizeList, TensorT

__all__ = ["ChainNode", "build_chain", "with_part", "prefix_arrays", "interior_states", "state_owners"]


@attrs.frozen(slots=True, cache_hash=True)
class ChainNode(ContainerNode):
    nodes: FrozenDict                    # name -> node, in order
    coders: FrozenDict = attrs.field(factory=FrozenDict)   # chain port -> coder
    type = "Chain"
    symbol = "NetChain"

    @property
    def names(self) -> list:
        return list(self.nodes)

    @property
    def first(self):
        return self.nodes[self.names[0]]

    @property
    def last(self):
        return self.nodes[self.names[-1]]

    def inputs(self) -> dict:
        return self.first.inputs()

    def outputs(self) -> dict:
        return self.last.outputs()

    def states(self) -> dict:
        return {}

    def edges(self) -> list[tuple[tuple, tuple]]:
        """(destination path, source path) pairs, as Wolfram lists them."""
        names = self.names
        out = [(("Nodes", names[0], "Inputs", p), ("Inputs", p)) for p in self.first.inputs()]
        for a, b in zip(names, names[1:]):
            out.append((("Nodes", b, "Inputs", _only(self.nodes[b].inputs())),
                        ("Nodes", a, "Outputs", _only(self.nodes[a].outputs()))))
        out += [(("Outputs", p), ("Nodes", names[-1], "Outputs", p)) for p in self.last.outputs()]
        return out

    def constrain(self, u, arrays, prefix) -> None:
        names = self.names
        for name in names:
            with in_node(name, self.nodes[name]):
                self.nodes[name].constrain(u, arrays, prefix + ("Nodes", name))
        for i, (a, b) in enumerate(zip(names, names[1:])):
            src = self.nodes[a].outputs()[_only(self.nodes[a].outputs())]
            dst = self.nodes[b].inputs()[_only(self.nodes[b].inputs())]
            try:
                u.unify(src, dst)
            except NetTypeError as err:
                err.where = {"chain": (i + 1, a, self.nodes[a], i + 2, b, self.nodes[b])}
                raise
        constrain_coders(self, u, prefix)

    def post(self, u) -> None:
        for i, name in enumerate(self.names):
            try:
                with in_node(name, self.nodes[name]):
                    self.nodes[name].post(u)
            except NetTypeError as err:
                if not err.where:
                    self._name_the_link(i, err, u)
                raise

    def _name_the_link(self, i: int, err, u) -> None:
        """A layer's own rule found its output (or input) inconsistent with what its
        neighbour already fixed on the port between them: the message names both layers
        and both port types, as for a conflict found when the chain's ports were joined
        (WL's ninctyp2): what the layer before makes, then what the layer after takes."""
        names, node = self.names, self.nodes[self.names[i]]
        first, second = u.resolve(err.first), u.resolve(err.second)
        side = getattr(err, "side", None)          # a computed port's side (ComputedPortError)
        for ports, link, own_side in ((node.outputs(), i, "Outputs"), (node.inputs(), i - 1, "Inputs")):
            if side not in (None, own_side) or not 0 <= link < len(names) - 1 or len(ports) != 1:
                continue
            port = u.resolve(next(iter(ports.values())))
            for fixed, own in ((second, first), (first, second)):
                mine = with_part(port, fixed, own)      # the port as the layer sees it
                if mine is None:
                    continue
                err.first, err.second = (mine, port) if link == i else (port, mine)
                a, b = names[link], names[link + 1]
                err.where = {"chain": (link + 1, a, self.nodes[a], link + 2, b, self.nodes[b])}
                return

    def leaves(self, prefix=()):
        for name, node in self.nodes.items():
            yield from node.leaves(prefix + ("Nodes", name))


def with_part(t, part, other):
    """The type ``t`` with ``part`` (``t`` itself, its dimensions as a SizeList, one of its
    dimensions or its element type) put as ``other``; None when ``t`` has no such part."""
    if t == part:
        return other
    if not isinstance(t, TensorT):
        return None
    if isinstance(part, SizeList):
        return TensorT(other.dims, t.elem, other.tail) if t.shape == part else None
    if part in t.dims:
        return TensorT(tuple(other if d == part else d for d in t.dims), t.elem, t.tail)
    return TensorT(t.dims, other, t.tail) if t.elem == part else None


def _only(ports: dict) -> str:
    return next(iter(ports))


def prefix_arrays(arrays: dict, prefix: tuple) -> dict:
    """A part's arrays under its place ``prefix`` in a container (its shared arrays stay
    at the root: a container's shared arrays are the union of its parts')."""
    return {nest_path(prefix, path): value for path, value in arrays.items()}


def interior_states(node, prefix=(), fed=frozenset()) -> list[tuple[tuple, tuple]]:
    """(key path, NetPath) pairs for every recurrent state not fed by a connection:
    ``(("1", "State"), ("Nodes", "1", "States", "State"))``."""
    out = []
    for path, owner in state_owners(node, prefix):
        for state in owner.states():
            full = path + ("States", state)
            if full in fed:
                continue
            key = tuple(p for i, p in enumerate(path) if i % 2 == 1) + (state,)
            out.append((key, full))
    return out


def state_owners(node, prefix=()):
    """(path, node) for every node that owns recurrent states, in topological order: the
    layers, and NetFoldOperator (whose fed-back ports are its states).  Nothing inside a
    NetMapOperator: its net starts every element from zeros."""
    from wlnet.net.spec import LayerNode
    if isinstance(node, LayerNode) or getattr(node, "owns_states", False):
        yield prefix, node
        return
    if getattr(node, "stateless", False):
        return
    names = node.order() if node.type == "Graph" else list(node.nodes)
    for name in names:
        sub = node.sub_prefix(prefix, name) if hasattr(node, "sub_prefix") else prefix + ("Nodes", name)
        yield from state_owners(node.nodes[name], sub)


def build_chain(layers: list, hints=(), coders: dict | None = None) -> Net:
    """``layers``: (name, Net) pairs.  Raises NetSpecError / NetTypeError."""
    if not layers:
        raise NetSpecError("netempty", "NetChain")
    n = len(layers)
    # a port-list layer fed by the previous one (TotalLayer[] in a chain) has one input
    layers = [(name, open_input_ports(net, 1) if i > 0 else net) for i, (name, net) in enumerate(layers)]
    for i, (name, net) in enumerate(layers):
        ins, outs = net.inputs(), net.outputs()
        if i > 0 and len(ins) != 1:
            raise NetSpecError("notuport", i + 1, net.symbol, "input")
        if i < n - 1 and len(outs) != 1:
            raise NetSpecError("notuport", i + 1, net.symbol, "output")
    nodes = FrozenDict({name: freshen(net.root) for name, net in layers})
    arrays = {}
    for name, net in layers:
        arrays.update(prefix_arrays(net.arrays, ("Nodes", name)))
    root = ChainNode(nodes, FrozenDict(coders or {}))
    return infer(Net(root, FrozenDict(arrays)), hints)
