"""NetGraph: layers wired by explicit connections.

``build_graph(layers, connections, hints, coders)`` takes the layers as (name, Net) pairs
and the connections as (source, destination, label) triples of vertex references:

  ("layer", name)              a layer; as a source its first output, as a destination
                               its next input port not connected yet (so ``{1, 2} -> 3``
                               threads onto "Input", "Target")
  ("port", name, port)         a named port of a layer: an output or state as a source,
                               an input or state as a destination
  ("graph", port)              a port of the whole graph (``NetPort["In"]``)
  ("nested", name, specs, port)  a port of a layer inside the net ``name`` (``NetPort[{1,
                               2, "Output"}]``: ``specs`` are the positions or names of
                               the layers on the way down, as expressions); as a source
                               its edge's path is ("Nodes", name, "Nodes", inner, …,
                               "Outputs", port); as a destination it is the input port of
                               ``name`` that feeds the inner input (the nested net's own
                               wiring stays as it is)

Unconnected layer inputs become graph inputs and unconnected layer outputs graph outputs
(several "Output"s are numbered "Output1", "Output2", …), after the explicit ones: the
seed page's ``<|"InitialState" -> …, "Input" -> …|>`` and ``<|"FinalState" -> …, "Output"
-> …|>``.  A state fed by a connection is no longer an interior state.
"""

from __future__ import annotations

import attrs

from wlnet.net.construct import open_input_ports
from wlnet.net.containers.chain import prefix_arrays, with_part
from wlnet.net.errors import NetSpecError, in_node
from wlnet.net.net import ContainerNode, Net, constrain_coders, freshen, infer
from wlnet.net.shape import NetTypeError
from wlnet.net.types import AtomT, FrozenDict, IndexIntegerT, TensorT

__all__ = ["GraphNode", "build_graph"]

_KIND = {"Inputs": "inputs", "Outputs": "outputs", "States": "states"}


@attrs.frozen(slots=True, cache_hash=True)
class GraphNode(ContainerNode):
    nodes: FrozenDict                    # name -> node, in the order given
    edges: tuple                         # (destination path, source path)
    input_names: tuple
    output_names: tuple
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    # A FunctionLayer whose function applies nets is this graph of them, shown as WL shows
    # it: under the FunctionLayer head, its function kept (NetGraph[layer] drops it).
    function: object = None
    type = "Graph"

    @property
    def symbol(self) -> str:
        return "NetGraph" if self.function is None else "FunctionLayer"

    def port_type(self, path: tuple):
        if path[0] == "Nodes":
            node = self.nodes[path[1]]
            while path[2] == "Nodes":             # a port of a layer inside a nested net
                path = path[2:]
                node = node.nodes[path[1]]
            return getattr(node, _KIND[path[2]])()[path[3]]
        raise KeyError(path)

    def _graph_port_type(self, kind: str, name: str):
        if kind == "Inputs":
            return self.port_type(self._input_consumer(("Inputs", name)))
        for dst, src in self.edges:
            if dst == ("Outputs", name):
                return self.port_type(src)
        raise KeyError(name)

    def _input_consumer(self, src: tuple) -> tuple:
        """The port that stands for a graph input feeding several layers: the one that
        says most of its element type (class codes, then anything but "reals or integers,
        not decided", AtomT), the first such in the edges.  The others are unified with it,
        so an EmbeddingLayer learns its class count from the input's encoder even when a
        SequenceIndicesLayer, which takes any element, is fed first."""
        def vagueness(dst):
            t = self.port_type(dst)
            elem = t.elem if isinstance(t, TensorT) else None
            return 0 if isinstance(elem, IndexIntegerT) else 2 if elem is AtomT else 1
        consumers = [dst for dst, s in self.edges if s == src]
        if not consumers:
            raise KeyError(src[1])
        return min(consumers, key=vagueness)

    def inputs(self) -> dict:
        return {n: self._graph_port_type("Inputs", n) for n in self.input_names}

    def outputs(self) -> dict:
        return {n: self._graph_port_type("Outputs", n) for n in self.output_names}

    def states(self) -> dict:
        return {}

    def fed_states(self) -> frozenset:
        fed = {dst for dst, _ in self.edges if len(dst) == 4 and dst[2] == "States"}
        # a NetBidirectionalOperator's "ForwardState" fed is its forward layer's "State"
        for dst in list(fed):
            node = self.nodes[dst[1]]
            inner = getattr(node, "direction_states", dict)().get(dst[3])
            if inner is not None:
                fed.add(dst[:2] + node.sub_prefix((), inner[0]) + ("States", inner[1]))
        return frozenset(fed)

    def constrain(self, u, arrays, prefix) -> None:
        for name, node in self.nodes.items():
            with in_node(name, node):
                node.constrain(u, arrays, prefix + ("Nodes", name))
        first_dst = {}
        for dst, src in self.edges:
            if src[0] == "Inputs":
                if src not in first_dst:
                    first_dst[src] = self._input_consumer(src)
                if dst == first_dst[src]:
                    continue
                src_path, src_type = first_dst[src], self.port_type(first_dst[src])
            elif dst[0] == "Outputs":
                continue
            else:
                src_path, src_type = src, self.port_type(src)
            try:
                u.unify(src_type, self.port_type(dst))
            except NetTypeError as err:
                err.where = {"graph": (src_path, self._node_of(src_path), dst, self._node_of(dst))}
                raise
        constrain_coders(self, u, prefix)

    def post(self, u) -> None:
        for name, node in self.nodes.items():
            try:
                with in_node(name, node):
                    node.post(u)
            except NetTypeError as err:
                if not err.where:
                    self._name_the_edge(name, err, u)
                raise

    def _name_the_edge(self, name, err, u) -> None:
        """A layer's own rule found one of its ports inconsistent with what the layer at
        the other end of a connection fixed: the message names both ends (as ninctyp does
        for a conflict found when the connections were joined)."""
        first, second = u.resolve(err.first), u.resolve(err.second)
        side = getattr(err, "side", None)          # a computed port's side (ComputedPortError)
        for dst, src in self.edges:
            mine_is_src = src[0] == "Nodes" and src[1] == name
            if dst[0] != "Nodes" or not (mine_is_src or dst[1] == name):
                continue
            if side is not None and side != ("Outputs" if mine_is_src else "Inputs"):
                continue
            port = u.resolve(self.port_type(src if mine_is_src else dst))
            for fixed, own in ((second, first), (first, second)):
                mine = with_part(port, fixed, own)         # the port as the layer sees it
                if mine is not None:
                    err.first, err.second = (mine, port) if mine_is_src else (port, mine)
                    err.where = {"graph": (src, self._node_of(src), dst, self._node_of(dst))}
                    return

    def _node_of(self, path):
        return self.nodes[path[1]] if path[0] == "Nodes" else None

    def order(self) -> list:
        """Node names in topological order (ties in the order given)."""
        return _topological(list(self.nodes), self.edges)

    def leaves(self, prefix=()):
        for name in self.order():
            yield from self.nodes[name].leaves(prefix + ("Nodes", name))


class _Wiring:
    """Turns vertex references into port paths, checking as it goes."""

    def __init__(self, nets: dict):
        self.nets = nets
        self.edges: list = []            # (dst, src)
        self.dst_seen: dict = {}
        self.graph_inputs: list = []
        self.graph_outputs: list = []

    def _net(self, name, label):
        if name not in self.nets:
            raise NetSpecError("invnetvert", name, label)
        return self.nets[name]

    def source(self, ref, label) -> tuple:
        if ref[0] == "graph":
            if ref[1] not in self.graph_inputs:
                self.graph_inputs.append(ref[1])
            return ("Inputs", ref[1])
        net = self._net(ref[1], label)
        if ref[0] == "nested":
            return self._nested_output(net, ref, label)
        if ref[0] == "layer":
            outs = net.outputs()
            if not outs:
                raise NetSpecError("invport", f"output port of layer {ref[1]}")
            return ("Nodes", ref[1], "Outputs", next(iter(outs)))
        port = ref[2]
        if port in net.outputs():
            return ("Nodes", ref[1], "Outputs", port)
        if port in net.states():
            return ("Nodes", ref[1], "States", port)
        raise NetSpecError("invport", f'output port "{port}" of layer {ref[1]}')

    def _nested_output(self, net, ref, label) -> tuple:
        """The path of the output ``ref[3]`` of the layer ``ref[2]`` leads to inside the
        vertex ``ref[1]``."""
        from wlnet.net.net import layer_name, sub_net
        from wlnet.net.wltext import short_text
        path = ("Nodes", ref[1])
        for spec in ref[2]:
            name = layer_name(net, spec)
            if name is None:
                inner = ", ".join(f'"{n}"' for n in getattr(net.root, "nodes", ())) or "none"
                raise NetSpecError("invport", f"layer {short_text(spec)} inside the net at "
                                   f'"{"/".join(path[1::2])}" (its layers are {inner})')
            path += ("Nodes", name)
            net = sub_net(net, name)
        if ref[3] not in net.outputs():
            outs = ", ".join(f'"{p}"' for p in net.outputs()) or "none"
            raise NetSpecError("invport", f'output port "{ref[3]}" of the layer at '
                               f'"{"/".join(path[1::2])}" (its outputs are {outs})')
        return path + ("Outputs", ref[3])

    def destination(self, ref, label) -> tuple:
        if ref[0] == "nested":
            port = self._nested_input(self._net(ref[1], label), ref, label)
            return ("Nodes", ref[1], "Inputs", port)
        if ref[0] == "graph":
            path = ("Outputs", ref[1])
            if ref[1] in self.graph_outputs:
                raise NetSpecError("dupedges", f'output port "{ref[1]}" of the graph')
            self.graph_outputs.append(ref[1])
            return path
        net = self._net(ref[1], label)
        if ref[0] == "layer":
            free = [p for p in net.inputs() if ("Nodes", ref[1], "Inputs", p) not in self.dst_seen]
            if not free:
                if not net.inputs():
                    raise NetSpecError("invport", f"input port of layer {ref[1]}")
                raise NetSpecError("dupedges", f'input port "{next(iter(net.inputs()))}" of layer {ref[1]}')
            return ("Nodes", ref[1], "Inputs", free[0])
        port = ref[2]
        if port in net.inputs():
            return ("Nodes", ref[1], "Inputs", port)
        if port in net.states():
            return ("Nodes", ref[1], "States", port)
        raise NetSpecError("invport", f'input port "{port}" of layer {ref[1]}')

    def _nested_input(self, net, ref, label) -> str:
        """The input port of the vertex ``ref[1]`` through which its nested layer's input
        ``ref[3]`` is fed (``NetPort[{"inner", "layer"}, "Input"]`` as a destination is a
        connection to that port): an inner input that the nested net feeds itself cannot
        be fed from outside."""
        from wlnet.net.net import layer_name, sub_net
        from wlnet.net.wltext import short_text
        chain = []                                 # (container net, inner name) going down
        for spec in ref[2]:
            name = layer_name(net, spec) if net.root.type in ("Chain", "Graph") else None
            if name is None:
                inner = ", ".join(f'"{n}"' for n in getattr(net.root, "nodes", ())) or "none"
                raise NetSpecError("invport", f"layer {short_text(spec)} inside the net at "
                                   f'"{"/".join([ref[1]] + [n for _, n in chain])}" (its layers are {inner})')
            chain.append((net, name))
            net = sub_net(net, name)
        port = ref[3]
        if port not in net.inputs():
            ins = ", ".join(f'"{p}"' for p in net.inputs()) or "none"
            raise NetSpecError("invport", f'input port "{port}" of the layer at '
                               f'"{"/".join([ref[1]] + [n for _, n in chain])}" (its inputs are {ins})')
        for container, name in reversed(chain):
            outer = _port_feeding(container.root, name, port)
            if outer is None:
                ins = ", ".join(f'"{p}"' for p in container.inputs()) or "none"
                raise NetSpecError("nestfed", label, port, name, ins)
            port = outer
        return port

    def connect(self, src_ref, dst_ref, label) -> None:
        src = self.source(src_ref, label)
        dst = self.destination(dst_ref, label)
        if dst in self.dst_seen:
            what = (f'input port "{dst[3]}" of layer {dst[1]}' if dst[0] == "Nodes"
                    else f'output port "{dst[1]}" of the graph')
            raise NetSpecError("dupedges", what)
        self.dst_seen[dst] = src
        self.edges.append((dst, src))


def _inputs_in_reach_order(inputs: list, edges: list) -> list:
    """The graph's input ports in the order a depth-first walk of the edges reaches them:
    from the layers in the order the edges name them, each layer's sources in edge order
    (the connections as written, then the ports left open).  So a graph input written in a
    connection to a layer comes before that layer's open ports (the seed page's
    NetPort["InitialState"] -> NetPort[1, "State"] lists "InitialState", then "Input"),
    and a loss graph's "Input", reached through the layer feeding the loss's "Input",
    comes before its "Target" (WL sorts its inputs by their first place in its
    topologically sorted edges, which this order follows)."""
    sources: dict = {}                     # vertex -> its source vertices, in edge order
    order = []                             # vertices in the order the edges name them
    for dst, src in edges:
        a, b = dst[:2], src[:2]
        for v in (a, b):
            if v not in sources:
                sources[v] = []
                order.append(v)
        sources[a].append(b)
    reached, seen = [], set()
    for start in order:
        stack = [iter((start,))]           # depth first, without recursion (deep graphs)
        while stack:
            v = next(stack[-1], None)
            if v is None:
                stack.pop()
            elif v not in seen:
                seen.add(v)
                if v[0] == "Inputs":
                    reached.append(v[1])
                stack.append(iter(sources[v]))
    return [p for p in reached if p in inputs] + [p for p in inputs if p not in reached]


def _port_feeding(root, name: str, port: str) -> str | None:
    """The input port of a chain or graph ``root`` that feeds the input ``port`` of its
    layer ``name`` (None when the net feeds it from one of its own layers)."""
    if root.type == "Chain":
        return port if name == root.names[0] else None
    for dst, src in root.edges:
        if dst == ("Nodes", name, "Inputs", port) and src[0] == "Inputs":
            return src[1]
    return None


def _topological(names: list, edges: list) -> list:
    deps = {n: set() for n in names}
    for dst, src in edges:
        if dst[0] == "Nodes" and src[0] == "Nodes":
            deps[dst[1]].add(src[1])
    order, done = [], set()
    remaining = list(names)
    while remaining:
        ready = [n for n in remaining if deps[n] <= done]
        if not ready:
            raise NetSpecError("acyclic", " -> ".join(remaining + remaining[:1]))
        for n in ready:
            order.append(n)
            done.add(n)
        remaining = [n for n in remaining if n not in done]
    return order


def _open_port_lists(nets: dict, connections: list) -> None:
    """Give each port-list layer whose number of inputs is not set (``CatenateLayer[]``)
    one input port per connection made to the layer as a whole (``{a, b} -> cat``)."""
    counts: dict = {}
    for _, dst, _ in connections:
        if dst is not None and dst[0] == "layer" and dst[1] in nets:
            counts[dst[1]] = counts.get(dst[1], 0) + 1
    for name, n in counts.items():
        nets[name] = open_input_ports(nets[name], n)


def build_graph(layers: list, connections: list, hints=(), coders: dict | None = None) -> Net:
    return infer(graph_net(layers, connections, coders), hints)


def graph_net(layers: list, connections: list, coders: dict | None = None) -> Net:
    """The graph of ``layers`` wired by ``connections``, its types not yet inferred (so that
    the graph's own port specifications take part in the inference: a sub-net's varying
    length fixed by the graph's "Input" before a layer checks it)."""
    if not layers:
        raise NetSpecError("netempty", "NetGraph")
    nets = dict(layers)
    _open_port_lists(nets, connections)
    wiring = _Wiring(nets)
    muted = set()
    for src, dst, label in connections:
        if dst is None:                   # NetPort[layer, "port"] -> None: not exposed
            muted.add(wiring.source(src, label))
            continue
        wiring.connect(src, dst, label)
    names = [name for name, _ in layers]
    _topological(names, wiring.edges)          # cycles are an error
    used_sources = {src for _, src in wiring.edges} | muted
    inputs, outputs, edges = list(wiring.graph_inputs), list(wiring.graph_outputs), list(wiring.edges)
    for name in names:                    # dangling inputs become graph inputs
        for port in nets[name].inputs():
            dst = ("Nodes", name, "Inputs", port)
            if dst not in wiring.dst_seen:
                if port not in inputs:
                    inputs.append(port)
                edges.append((dst, ("Inputs", port)))
    dangling = [("Nodes", name, "Outputs", port) for name in names
                for port in nets[name].outputs() if ("Nodes", name, "Outputs", port) not in used_sources]
    # The graph's "Outputs" list the layers' dangling outputs before the explicit NetPort
    # outputs (the page prints <|"Output" -> …, "FinalState" -> …|>), while the edges keep
    # the explicit ports first, and evaluation returns outputs in edge order
    # (<|"FinalState" -> …, "Output" -> …|> on the page).
    explicit, outputs = outputs, []
    counts = {}
    for src in dangling:
        counts[src[3]] = counts.get(src[3], 0) + 1
    numbered = {}
    for src in dangling:
        port = src[3]
        if counts[port] > 1:
            numbered[port] = numbered.get(port, 0) + 1
            port = f"{port}{numbered[port]}"
        if port in outputs or port in explicit:
            raise NetSpecError("dupedges", f'output port "{port}" of the graph')
        outputs.append(port)
        edges.append((("Outputs", port), src))
    outputs += explicit
    inputs = _inputs_in_reach_order(inputs, edges)
    nodes = FrozenDict({name: freshen(nets[name].root) for name in names})
    arrays = {}
    for name, net in layers:
        arrays.update(prefix_arrays(net.arrays, ("Nodes", name)))
    root = GraphNode(nodes, tuple(edges), tuple(inputs), tuple(outputs), FrozenDict(coders or {}))
    return Net(root, FrozenDict(arrays))
