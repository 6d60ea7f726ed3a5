"""FunctionLayer[f] whose function applies layers or nets to arrays, as WL 12.2+ allows
(``LinearLayer[3][#x] + #y &``, ``Tanh[net[#]] &``, ``Map[LinearLayer[2], #] &``,
``ThreadingLayer[Min, 2][#a, #b] &`` for a net of several inputs): the
function becomes a NetGraph, "a graph of layers" as the FunctionLayer page says.  Each
application is a node of the graph (``Map[net, x]`` a NetMapOperator of the net); what the
function computes around the applications are FunctionLayers whose ports are the
function's inputs and the nodes' outputs they use; the graph's ports are the function's.

``function_graph(f, net_of)`` gives the graph's layers and connections as WL expressions
(the caller evaluates NetGraph[layers, connections]); ``net_of(head)`` is the net that a
head evaluates to (``LinearLayer[3]``, a symbol holding a net), or None.  None when ``f``
applies no net.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.layers.elementwise import NotCompilable, _slot_key, function_variables
from wlnet.net.layers.function import _association_body, _unapplied, function_body, port_names
from wlnet.net.spec import LayerNode
from wlnet.net.wlform import net_from_expr

__all__ = ["function_graph"]

_NET_PORT = Symbol("NetPort")
_FUNCTION_LAYER = Symbol("FunctionLayer")
_MAP_OPERATOR = Symbol("NetMapOperator")
_MAP = Symbol("Map")


def _port(*parts) -> Expr:
    return Expr(_NET_PORT, *(String(p) if isinstance(p, str) else Integer(p) for p in parts))


class _Graph:
    """The layers and connections built so far, and how the function's variables read."""

    def __init__(self, variables: dict, net_of):
        self.variables = variables          # ("slot", key) / ("var", name) -> port name
        self._net_of = net_of
        self._nets: dict = {}               # id of a head -> (head, its net or None)
        self.layers: list = []
        self.edges: list = []
        self._applications: dict = {}       # an application -> its node (net[x] twice: one)

    def variable(self, e) -> str | None:
        """The input port that ``e`` reads, if it is one of the function's variables."""
        if type(e) is Expr and e.head is S.Slot:
            return self.variables.get(("slot", _slot_key(e)))
        if type(e) is Symbol:
            return self.variables.get(("var", e.name))
        return None

    def net_of(self, head):
        """The net ``head`` evaluates to (asked once per head), or None."""
        if type(head) not in (Expr, Symbol):
            return None
        if id(head) not in self._nets:
            self._nets[id(head)] = (head, self._net_of(head))
        return self._nets[id(head)][1]

    def application(self, e):
        """(net, argument) when ``e`` applies a net to one argument (Map[net, x]: the net
        mapped), or a net of several inputs to as many arguments (ThreadingLayer[Min, 2][#a,
        #b]: the argument {#a, #b}, which feeds the inputs in order); else None."""
        if type(e) is not Expr or not e.args:
            return None
        if e.head is _MAP:
            net = self.net_of(e.args[0]) if len(e.args) == 2 else None
            return None if net is None else (Expr(_MAP_OPERATOR, net), e.args[1])
        if len(e.args) > 1 and e.head is not S.Function:
            net = self.net_of(e.head)
            if net is None or not _takes_several(net):
                return None
            return net, Expr.from_args(S.List, e.args)
        net = self.net_of(e.head)           # None for Sin, Total…: the function's own operations
        return None if net is None else (net, e.args[0])

    def applies_nets(self, e) -> bool:
        if self.application(e) is not None:
            return True
        return type(e) is Expr and e.head is not S.Function and any(
            self.applies_nets(a) for a in (e.head,) + tuple(e.args))

    def add(self, layer) -> int:
        self.layers.append(layer)
        return len(self.layers)

    def connect(self, src, dst) -> None:
        self.edges.append(Expr(S.Rule, src, dst))

    # -- the source of a value: a port of the graph or a node's output

    def source(self, e):
        name = self.variable(e)
        if name is not None:
            return _port(name)
        app = self.application(e)
        if app is not None:
            return self._applied(e, *app)
        if type(e) is Expr and type(e.head) is Expr and len(e.args) == 1 \
                and type(e.args[0]) is String and self.application(e.head) is not None:
            return _port(self._node(self.source(e.head)), e.args[0].value)   # net[x]["port"]
        return Integer(self._function_layer(e))

    def _node(self, src) -> int:
        return src.value if type(src) is Integer else src.args[0].value

    def _applied(self, e, net, arg) -> Expr:
        if e in self._applications:
            return self._applications[e]
        if type(arg) is Expr and arg.head is S.Association and arg.args and all(
                type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String
                for r in arg.args):
            sources = [(r.args[0].value, self.source(r.args[1])) for r in arg.args]
            k = self.add(net)
            for port, src in sources:
                self.connect(src, _port(k, port))
        elif type(arg) is Expr and arg.head is S.List and len(arg.args) > 1 \
                and _takes_several(net):
            # net[{x, y}] for a net of several inputs (ThreadingLayer[Min, 2][{#a, #b}]):
            # x and y feed its inputs in order, as {x, y} -> net does in a graph
            sources = [self.source(x) for x in arg.args]
            k = self.add(net)
            self.connect(Expr.from_args(S.List, sources), Integer(k))
        else:
            src = self.source(arg)
            k = self.add(net)
            self.connect(src, Integer(k))
        self._applications[e] = Integer(k)
        return Integer(k)

    def _function_layer(self, e) -> int:
        """A FunctionLayer computing ``e`` from the variables and applications it uses,
        each a port of its own (named slots), connected to where that value comes from."""
        sources: dict = {}                  # port of the FunctionLayer -> its source

        def rewritten(x):
            name = self.variable(x)
            if name is None and (self.application(x) is not None or _port_of_application(self, x)):
                name = f"$Net{len(sources) + 1}"
                sources[name] = self.source(x)
            elif name is not None:
                sources[name] = _port(name)
            if name is not None:
                return Expr(S.Slot, String(name))
            if type(x) is not Expr or x.head is S.Function:
                return x
            return Expr(rewritten(x.head), *(rewritten(a) for a in x.args))

        body = rewritten(e)
        if not sources:
            raise NotCompilable(e)          # a constant output: not a net
        k = self.add(Expr(_FUNCTION_LAYER, Expr(S.Function, body)))
        for port, src in sources.items():
            self.connect(src, _port(k, port))
        return k


def _takes_several(net_expr) -> bool:
    """Whether a net takes several inputs: several input ports, or a port list whose count
    its connections decide (CatenateLayer[], ThreadingLayer[f])."""
    net = net_from_expr(net_expr)
    if net is None:
        return False
    node = net.root
    return len(node.inputs()) > 1 or (isinstance(node, LayerNode) and node.spec.takes_port_list
                                      and node.params.get("InputPorts") is None)


def _port_of_application(graph: _Graph, x) -> bool:
    """``net[x]["port"]``: one output of a net of several."""
    return (type(x) is Expr and type(x.head) is Expr and len(x.args) == 1
            and type(x.args[0]) is String and graph.application(x.head) is not None)


def function_graph(f, net_of):
    """(layers, connections, input port names in the function's order) of the NetGraph
    that computes ``f``, or None when ``f`` applies no net; NotCompilable when its form is
    not a function of arrays."""
    inner, _ = _unapplied(f)
    variables = function_variables(inner)
    if variables is None:
        return None
    names = port_names(f, variables)
    graph = _Graph(dict(zip(variables, names)), net_of)
    body = function_body(inner)
    if not graph.applies_nets(body):
        return None
    outputs = [(r.args[0].value, r.args[1]) for r in body.args] if _association_body(body) \
        else [("Output", body)]
    for name, value in outputs:
        src = graph.source(value)
        if type(src) is Expr and src.head is _NET_PORT and len(src.args) == 1:
            src = Integer(graph._function_layer(value))     # an input given out as it is
        graph.connect(src, _port(name))
    return graph.layers, graph.edges, names
