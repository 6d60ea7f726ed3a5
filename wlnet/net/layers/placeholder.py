"""PlaceholderLayer[], PlaceholderLayer["tag"], PlaceholderLayer["tag", assoc]: a layer
whose operation is not defined (what an importer puts for an operator it does not know).

It can be built, shown, put in NetChain/NetGraph, extracted and replaced (NetReplacePart,
NetReplace), but a net containing it cannot be evaluated or trained (the ``noexec``
message): it declares no computation.  Options: "Arrays" (None, a list of array names or
an association of names and arrays: kept only as information), InputPorts and OutputPorts
(a number of ports, names, shapes, or names with shapes, as InputPorts is everywhere),
"Input" and "Output" (the shapes of the single default ports).  It infers nothing: every
port keeps the shape it is given, any shape when none is.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._ports import PORT_PARAMS, PortListLayer, port_elements, read_input_ports
from wlnet.net.layers._shapes import port
from wlnet.net.registry import register
from wlnet.net.spec import Param
from wlnet.net.types import (
    AtomT, SizeList, TensorT, fresh_rank, sizelist_from_expr, sizelist_to_expr, type_from_expr,
    type_to_expr,
)


def _names(e):
    if type(e) is Expr and e.head is S.List and all(type(a) is String for a in e.args):
        return tuple(a.value for a in e.args)
    raise ValueError("not a list of port names")


def _shapes(e):
    if not (type(e) is Expr and e.head is S.List):
        raise ValueError("not a list of shapes")
    return tuple(sizelist_from_expr(a) for a in e.args)


def _expression(e):
    return e


def _read_tag(e):
    if type(e) is String:
        return e.value
    raise NetSpecError("netarg", e, "tag", "it should be a string", symbol="PlaceholderLayer")


def _read_info(e):
    if type(e) is Expr and e.head is S.Association:
        return e
    raise NetSpecError("netarg", e, "information", "it should be an association",
                       symbol="PlaceholderLayer")


def _read_arrays(e):
    if (type(e) is Symbol and e.name == "None") or (type(e) is Expr and (
            (e.head is S.List and all(type(a) is String for a in e.args)) or e.head is S.Association)):
        return e
    raise NetSpecError("netarg", e, "\"Arrays\" setting",
                       "it should be None, a list of array names or an association of names and arrays",
                       symbol="PlaceholderLayer")


def _names_ports(e) -> bool:
    """An association or a list of rules: port names with their shapes."""
    return type(e) is Expr and (e.head is S.Association or (
        e.head is S.List and bool(e.args)
        and all(type(a) is Expr and a.head is S.Rule for a in e.args)))


def _one_port() -> tuple:
    return (SizeList((), fresh_rank()),)


def _show_elements(elems):
    return Expr.from_args(S.List, (type_to_expr(TensorT((), e)) for e in elems))


def _read_elements(e):
    if not (type(e) is Expr and e.head is S.List):
        raise ValueError("not a list of element types")
    return tuple(type_from_expr(a).elem for a in e.args)


def _elements(elems, n: int) -> tuple:
    """Each port's element type: those given ("Integer" ports), AtomT for the others."""
    return tuple(elems[i] if elems and i < len(elems) else AtomT for i in range(n))


@register
class Placeholder(PortListLayer):
    type_name = "Placeholder"
    symbol = "PlaceholderLayer"
    usage = ("PlaceholderLayer[] represents a net layer whose operation is undefined.\n"
             "PlaceholderLayer[\"tag\", assoc] indicates a tag and information given by the "
             "association assoc.")
    params = (Param("Tag", "custom", default=lambda: "", read=_read_tag, show=String),
              Param("Information", "custom", default=lambda: Expr(S.Association),
                    read=_read_info, show=_expression),
              Param("Arrays", "custom", default=lambda: Symbol("None"), read=_read_arrays,
                    show=_expression),
              PORT_PARAMS[0], PORT_PARAMS[1],
              Param("OutputPorts", "custom", default=lambda: ("Output",), read=_names,
                    show=lambda names: Expr.from_args(S.List, map(String, names))),
              Param("$OutputShapes", "custom", default=_one_port, read=_shapes,
                    show=lambda shapes: Expr.from_args(S.List, (sizelist_to_expr(s.dims, s.tail)
                                                                for s in shapes))),
              # the element type of each port ("Integer" ports; AtomT: not said)
              Param("$InputElementTypes", "custom", default=tuple, read=_read_elements,
                    show=_show_elements),
              Param("$OutputElementTypes", "custom", default=tuple, read=_read_elements,
                    show=_show_elements))
    min_args, max_args = 0, 2
    options = {"InputPorts": Symbol("Automatic"), "OutputPorts": Symbol("Automatic"),
               "Arrays": Symbol("None")}
    sample = 'PlaceholderLayer["op", "Input" -> 3, "Output" -> 2]'
    examples = (
        ('Information[PlaceholderLayer[], "InputPorts"]', '<|"Input" -> Automatic|>'),
        ('Keys[Information[PlaceholderLayer["OutputPorts" -> 3], "OutputPorts"]]',
         "{Output1, Output2, Output3}"),
        ('PlaceholderLayer["op", <|"a" -> 1|>][["Tag"]]', "op"),
    )
    evaluates = False

    def default_params(self) -> dict:
        # InputPorts stays Automatic (None), so that connections may still open several
        # ports (``with_input_count``); meanwhile the one port "Input" of "$InputShapes"
        p = super().default_params()
        p["$InputShapes"] = _one_port()
        return p

    def port_shapes(self, p) -> dict:
        return dict(zip(p["InputPorts"] or ("Input",), p["$InputShapes"]))

    def parse_args(self, args, p):
        if args:
            p["Tag"] = _read_tag(args[0])
        if len(args) == 2:
            p["Information"] = _read_info(args[1])

    def parse_option(self, name, value, p):
        if name == "Arrays":
            p["Arrays"] = _read_arrays(value)
        elif name == "OutputPorts":
            names, shapes = read_input_ports(value, self.symbol, "Output")
            if names is None:                       # Automatic: the one "Output" port
                names, shapes = ("Output",), _one_port()
            p["OutputPorts"], p["$OutputShapes"] = names, shapes
            p["$OutputElementTypes"] = port_elements(value, self.symbol) or ()
        elif name == "InputPorts":
            super().parse_option(name, value, p)
            if p["InputPorts"] is None:
                p["$InputShapes"] = _one_port()
            p["$InputElementTypes"] = port_elements(value, self.symbol) or ()
        else:
            super().parse_option(name, value, p)

    def option_rules(self, rules):
        """"Input" -> shape is the shape of the single default port (the page's shortcut):
        "Input" -> {3, 4} is one 3×4 port, not two ports as a port-list layer reads a list;
        it stays a port option, so that the port count stays open as for "Input" -> 3.  An
        association or a list of rules still names the ports."""
        out = []
        for name, value in rules:
            if name == "Input" and not _names_ports(value):
                out.append((name, value))
            else:
                out.extend(super().option_rules([(name, value)]))
        return out

    def with_input_count(self, p, n):
        if n == 1:
            p["InputPorts"] = ("Input",)
            return p
        return super().with_input_count(p, n)

    def inputs(self, p):
        shapes = self.port_shapes(p)
        elems = _elements(p["$InputElementTypes"], len(shapes))
        return {name: port(shape, e) for (name, shape), e in zip(shapes.items(), elems)}

    def outputs(self, p):
        elems = _elements(p["$OutputElementTypes"], len(p["OutputPorts"]))
        return {name: port(shape, e)
                for name, shape, e in zip(p["OutputPorts"], p["$OutputShapes"], elems)}
