"""Information[net] and Information[net, prop]; the text summary of a net.

Keys of per-array properties are position lists as in Wolfram: ``{1, "Weights"}`` for a
layer of a list-form chain, ``{"lin", "Biases"}`` for a named one, ``{"Weights"}`` for a
bare layer.  Values are WL expressions.
"""

from __future__ import annotations

import re
from math import prod

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.base import assoc
from wlnet.net.net import Net, is_operator, port_coder
from wlnet.net.ports import port_form
from wlnet.net.shared import net_array_expr
from wlnet.net.spec import LayerNode, is_shared_path
from wlnet.net.train.multipliers import layer_multipliers
from wlnet.net.types import describe_type
from wlnet.net.wlform import param_to_expr
from wlnet.net.wltext import short_text

__all__ = ["information", "report", "PROPERTIES", "DEFAULT_REPORT", "summary_text", "position_key",
           "array_key", "multipliers_assoc"]

PROPERTIES = (
    "Arrays", "ArraysCount", "ArraysDimensions", "ArraysElementCounts", "ArraysByteCounts",
    "ArraysPositionList", "ArraysTotalElementCount", "ArraysTotalByteCount", "ArraysTotalSize",
    "ArraysSizes", "InputPorts", "OutputPorts", "InputPortNames", "OutputPortNames", "Layers",
    "LayersCount", "LayersList", "LayerTypeCounts", "RecurrentStatesCount",
    "RecurrentStatesPositionList", "SharedArraysCount", "Properties", "SummaryGraphic",
    "FullSummaryGraphic", "TopologyHash", "InputForm", "ArraysLearningRateMultipliers",
    "LayersGraph", "MXNetNodeGraph", "MXNetNodeGraphPlot",
)
DEFAULT_REPORT = ("LayersCount", "ArraysCount", "SharedArraysCount", "InputPortNames",
                  "OutputPortNames", "ArraysTotalElementCount", "ArraysTotalSize")


def _pos(part: str):
    return Integer(int(part)) if part.isdigit() else String(part)


def position_key(path: tuple, last: str | None = None) -> Expr:
    """("Nodes", "1", "Arrays", "Weights") → {1, "Weights"}; a net operator's sub-net is
    named: ("Parameters", "Net", "Arrays", "Weights") → {"Net", "Weights"}."""
    layers = [_pos(p) for i, p in enumerate(path)
              if i % 2 == 1 and path[i - 1] in ("Nodes", "Parameters")]
    tail = [String(last)] if last is not None else []
    return Expr.from_args(S.List, layers + tail)


def _dims_expr(dims) -> Expr:
    from wlnet.net.types import dim_to_expr
    return Expr.from_args(S.List, (dim_to_expr(d) for d in dims))


def _size_quantity(nbytes: int) -> Expr:
    for unit, scale in (("Gigabytes", 10**9), ("Megabytes", 10**6), ("Kilobytes", 10**3)):
        if nbytes >= scale:
            return Expr(Symbol("Quantity"), Real(nbytes / scale), String(unit))
    return Expr(Symbol("Quantity"), Integer(nbytes), String("Bytes"))


def _array_items(net: Net) -> list:
    return [(path, dims) for path, dims in net.array_paths().items()]


def array_key(path: tuple) -> Expr:
    """The key of an array in the "Arrays…" properties: its position list, or
    ``NetArray["name"]`` for a shared array (one entry, however many layers use it)."""
    if is_shared_path(path):
        return net_array_expr(path[1])
    return position_key(path[:-2], path[-1])


def multipliers_assoc(rates: dict) -> Expr:
    """<|array key -> multiplier|> (the layers' own, or those a NetTrain run used)."""
    return assoc((array_key(p), Real(float(r))) for p, r in rates.items())


def _known_count(dims) -> int | None:
    return prod(dims) if all(isinstance(d, int) for d in dims) else None


def information(net: Net, prop: str, to_expr) -> Expr:
    """``to_expr(net)`` converts sub-nets to expressions (the WL face's net_to_expr)."""
    items = _array_items(net)
    if prop == "Arrays":
        return assoc((array_key(p), net.arrays.get(p, Symbol("Automatic")))
                     for p, _ in items)
    if prop == "ArraysCount":
        return Integer(len(items))
    if prop == "ArraysDimensions":
        return assoc((array_key(p), _dims_expr(d)) for p, d in items)
    if prop in ("ArraysElementCounts", "ArraysByteCounts", "ArraysSizes"):
        scale = 1 if prop == "ArraysElementCounts" else 4
        def value(d):
            n = _known_count(d)
            if n is None:
                return Expr(Symbol("Missing"), String("NotAvailable"))
            return _size_quantity(4 * n) if prop == "ArraysSizes" else Integer(scale * n)
        return assoc((array_key(p), value(d)) for p, d in items)
    if prop == "ArraysPositionList":
        return Expr.from_args(S.List, (array_key(p) for p, _ in items))
    if prop in ("ArraysTotalElementCount", "ArraysTotalByteCount", "ArraysTotalSize"):
        counts = [_known_count(d) for _, d in items]
        if any(c is None for c in counts):
            return Expr(Symbol("Missing"), String("NotAvailable"))
        total = sum(counts)
        if prop == "ArraysTotalElementCount":
            return Integer(total)
        return Integer(4 * total) if prop == "ArraysTotalByteCount" else _size_quantity(4 * total)
    if prop in ("InputPorts", "OutputPorts"):
        ports = net.inputs() if prop == "InputPorts" else net.outputs()
        coders = port_coders(net.root, ports, prop == "InputPorts")
        return assoc((k, coders[k].to_expr() if k in coders else port_form(t))
                     for k, t in ports.items())
    if prop in ("InputPortNames", "OutputPortNames"):
        ports = net.inputs() if prop == "InputPortNames" else net.outputs()
        return Expr.from_args(S.List, (String(k) for k in ports))
    leaves = list(net.root.leaves(()))
    if prop in ("Layers", "LayersList"):
        subs = [(position_key(path), to_expr(_leaf_net(net, path, leaf))) for path, leaf in leaves]
        if prop == "LayersList":
            return Expr.from_args(S.List, (v for _, v in subs))
        return assoc(subs)
    if prop == "LayersGraph":
        return layers_graph(net, leaves)
    if prop in ("MXNetNodeGraph", "MXNetNodeGraphPlot"):
        # the graph of the operations the net compiles to (wlnet's, where WL shows MXNet's)
        from wlnet.net.node_graph import node_graph
        return node_graph(net, plot=prop == "MXNetNodeGraphPlot")
    if prop == "LayersCount":
        return Integer(len(leaves))
    if prop == "LayerTypeCounts":
        counts: dict = {}
        for _, leaf in leaves:
            counts[leaf.symbol] = counts.get(leaf.symbol, 0) + 1
        return assoc((Symbol(k), Integer(v)) for k, v in counts.items())
    if prop in ("RecurrentStatesCount", "RecurrentStatesPositionList"):
        from wlnet.net.containers.chain import interior_states
        fed = net.root.fed_states() if hasattr(net.root, "fed_states") else frozenset()
        states = interior_states(net.root, (), fed)
        if prop == "RecurrentStatesCount":
            return Integer(len(states))
        return Expr.from_args(S.List, (position_key(path[:-2], path[-1]) for _, path in states))
    if prop == "ArraysLearningRateMultipliers":
        return multipliers_assoc(layer_multipliers(net))
    if prop == "SharedArraysCount":
        return Integer(sum(1 for p, _ in items if is_shared_path(p)))
    if prop == "Properties":
        return Expr.from_args(S.List, (String(p) for p in PROPERTIES))
    if prop in ("SummaryGraphic", "FullSummaryGraphic"):
        # a picture of the layers and their connections (wlnet.graphics draws it)
        from wlnet.graphics.netgraph import net_graphic
        return net_graphic(to_expr(net))
    if prop == "TopologyHash":
        return String(topology_hash(net))
    if prop == "InputForm":
        return Expr(Symbol("InputForm"), to_expr(net))
    raise KeyError(prop)


def layers_graph(net: Net, leaves: list):
    """The graph of which layer feeds which: vertices are the layers' positions (the keys
    of "Layers"), drawn in layers from left to right as WL draws it."""
    from wlnet.core.graph import DIRECTED
    from wlnet.builtins.graphs import make_graph
    from wlnet.net.layer_graph import layer_dependencies
    vertices = [position_key(path) for path, _ in leaves]
    edges = [Expr(DIRECTED, position_key(a), position_key(b))
             for a, b in layer_dependencies(net.root)]
    layout = Expr(S.List, String("LayeredDigraphEmbedding"),
                  Expr(S.Rule, String("Orientation"), Symbol("Left")))
    return make_graph(vertices, edges, (
        Expr(S.Rule, Symbol("VertexLabels"),
             Expr(Symbol("Placed"), String("Name"), Symbol("Tooltip"))),
        Expr(S.Rule, Symbol("GraphLayout"), layout)))


def topology_hash(net: Net) -> str:
    """A hash of the net's structure without its arrays: the same for two nets that differ
    only in their weights (the layers, parameters, ports and connections)."""
    import hashlib
    from wlnet.net.wlform import net_to_expr
    from wlnet.syntax.printer import input_form
    text = input_form(net_to_expr(Net(net.root, type(net.arrays)())))
    return hashlib.sha256(re.sub(r"LengthVar\[\d+\]", "LengthVar[]", text).encode()).hexdigest()


def _leaf_net(net: Net, path: tuple, leaf) -> Net:
    from wlnet.net.types import FrozenDict
    n = len(path)
    arrays = {p[n:]: v for p, v in net.arrays.items() if p[:n] == path}
    arrays.update({p: v for p, v in net.arrays.items()
                   if is_shared_path(p) and p[1] in leaf.shared.values()})
    return Net(leaf, FrozenDict(arrays))


def report(net: Net, to_expr) -> Expr:
    return assoc((k, information(net, k, to_expr)) for k in DEFAULT_REPORT)


# ---------------------------------------------------------------------------- summary

def _shape_text(t) -> str:
    return describe_type(t)


def port_coders(root, ports, is_input: bool) -> dict:
    """The coders on ``ports`` of the net ``root``: a layer's own; a container's also those
    of the layers owning its ports (the first layer of a chain, an operator's net on every
    element), the coders the net applies."""
    if isinstance(root, LayerNode):
        return dict(root.coders)
    found = {port: port_coder(root, port, is_input) for port in ports}
    return {port: coder for port, coder in found.items() if coder is not None}


def _param_text(value) -> str:
    text = value if isinstance(value, str) else short_text(value)
    return "(not known yet)" if "SizeT" in text or "SizeListT" in text else text


def _layer_rows(net: Net, container, prefix: tuple, depth: int) -> list:
    """(name, depth, (node, path)) for each part of ``container`` in the order the net was
    given it (a graph's vertices as written, as WL numbers and shows them); a nested
    container is one row, followed by its own parts one level deeper (WL shows it as one
    node whose own summary opens from it)."""
    rows = []
    for name, node in container.nodes.items():
        path = (container.sub_prefix(prefix, name) if is_operator(container)
                else prefix + ("Nodes", name))
        rows.append((name, depth, (node, path)))
        if not isinstance(node, LayerNode) and hasattr(node, "nodes"):
            rows.extend(_layer_rows(net, node, path, depth + 1))
    return rows


def _initialized(net: Net, node, path: tuple) -> bool:
    return all(leaf.array_path(p, a) in net.arrays
               for p, leaf in node.leaves(path) for a in leaf.array_shapes())


def summary_text(net: Net) -> str:
    """A readable multi-line summary: head, ports with shapes, layers, arrays."""
    root = net.root
    status = "" if net.is_initialized() else "  (uninitialized)"
    lines = [f"{root.symbol}{status}"]

    def port_rows(heading, ports):
        if not ports:
            return
        lines.append(f"  {heading}:")
        coders = port_coders(root, ports, heading.startswith("Input"))
        for name, t in ports.items():
            what = (f"Net{coders[name].kind} \"{coders[name].name}\" ({_shape_text(t)})"
                    if name in coders else _shape_text(t))
            lines.append(f"    {name:<13} {what}")       # a space after a long name too

    if isinstance(root, LayerNode) or hasattr(root, "params"):   # (AttentionLayer[net]'s too)
        from wlnet.net.registry import spec_for_type
        shown = [(p.name, param_to_expr(p, root.params[p.name]))
                 for p in spec_for_type(root.type).params
                 if not p.hidden and not p.name.startswith("$")
                 and not (p.name == "ScoringNet" and not isinstance(root, LayerNode))]
        if root.type == "Attention" and isinstance(root, LayerNode):    # WL shows its net
            from wlnet.net.containers.scoring import scoring_net_text
            shown = [(n, scoring_net_text(v) if n == "ScoringNet" else v) for n, v in shown]
        if shown:
            lines.append("  Parameters:")
            width = max(14, *(len(name) + 2 for name, _ in shown))   # "AggregationLevels"
            lines.extend(f"    {name:<{width}}{_param_text(value)}" for name, value in shown)
    if getattr(root, "function", None) is not None:     # a FunctionLayer applying nets
        lines += ["  Parameters:", f"    {'Function':<14}{_param_text(root.function)}"]
    port_rows("Input ports" if len(net.inputs()) > 1 else "Input port", net.inputs())
    port_rows("Output ports" if len(net.outputs()) > 1 else "Output port", net.outputs())
    port_rows("States" if len(net.states()) > 1 else "State", net.states())
    if not isinstance(root, LayerNode):         # a container or a net operator
        lines.append("  Layers:")
        rows = _layer_rows(net, root, (), 0)
        width = max([6] + [len(label) + 2 * depth + 2 for label, depth, _ in rows])
        kind_width = max([24] + [len(node.symbol) + 1 for _, _, (node, _) in rows])
        for label, depth, (node, path) in rows:
            outs = node.outputs()
            out_t = _shape_text(next(iter(outs.values()))) if outs else ""
            mark = "" if _initialized(net, node, path) else " (uninitialized)"
            lines.append(f"    {'  ' * depth}{label:<{width - 2 * depth}}"
                         f"{node.symbol:<{kind_width}}{out_t}{mark}")
    else:
        arrays = root.array_shapes()
        if arrays:
            lines.append("  Arrays:")
            for name, dims in arrays.items():
                size = "\u00d7".join(str(d) if isinstance(d, int) else "k" for d in dims)
                lines.append(f"    {name:<26}{size or 'scalar'}")     # rank 0: one number
    return "\n".join(lines)

