"""Layers whose inputs are a list of ports (CatenateLayer, TotalLayer, ThreadingLayer…).

The number, names and shapes of the ports come from the ``InputPorts`` option (n; a list of
names; a list of shapes; an association of names and shapes) or, while it is Automatic,
from the layer's connections in a NetGraph (``{a, b} -> cat``) or the arrays it is applied
to (``CatenateLayer[][{x, y}]``): see ``LayerSpec.with_input_count``.  Default names are
"Input1", "Input2", …

Parameters: "InputPorts" (the names, or None while not known) and "$InputShapes" (one
size list per port, in the same order).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import is_list, port
from wlnet.net.ports import port_spec
from wlnet.net.spec import INPUT_ELEMENTS, LayerSpec, Param, integer_inputs
from wlnet.net.types import SizeList, TensorT, fresh_rank, sizelist_from_expr, sizelist_to_expr

__all__ = ["PortListLayer", "default_names"]


def default_names(n: int, prefix: str = "Input") -> tuple:
    return tuple(f"{prefix}{i}" for i in range(1, n + 1))


def _any_shape() -> SizeList:
    return SizeList((), fresh_rank())


def _shape(e, name: str, symbol: str) -> SizeList:
    t = port_type(e, name, symbol)
    return _any_shape() if t is None else SizeList(t.dims, t.tail)


def port_type(e, name: str, symbol: str):
    """The TensorT one port's specification gives (None for Automatic)."""
    t = port_spec(e, True, name)
    if t is not None and not isinstance(t, TensorT):    # an encoder: not supported on these ports
        raise NetSpecError("invports", e, symbol=symbol)
    return t


def port_elements(e, symbol: str) -> tuple | None:
    """The element type of each port of a ports setting (``read_input_ports``'s order):
    "Integer" and Restricted["Integer", n] give integer ports, anything else AtomT; None
    for Automatic."""
    from wlnet.net.types import AtomT
    if type(e) is Symbol and e.name == "Automatic":
        return None
    if (type(e) is Expr and e.head is S.Association) or (is_list(e) and e.args and all(
            type(a) is Expr and a.head is S.Rule for a in e.args)):   # {"a" -> shape, …} too
        specs = [r.args[1] for r in e.args]
    elif is_list(e) and e.args and not all(type(a) is String and a.value not in (
            "Real", "Integer", "Varying") for a in e.args):
        specs = list(e.args)
    else:                                        # a count, or names: no shapes given
        return None
    out = []
    for spec in specs:
        t = port_type(spec, "", symbol)
        out.append(t.elem if t is not None and not (t.elem is AtomT) else AtomT)
    return tuple(out)


def read_input_ports(e, symbol: str, prefix: str = "Input") -> tuple[tuple | None, tuple]:
    """(names, shapes) of an InputPorts setting (OutputPorts: ``prefix`` "Output")."""
    if type(e) is Symbol and e.name == "Automatic":
        return None, ()
    if is_list(e) and e.args and all(type(a) is Expr and a.head is S.Rule for a in e.args):
        e = Expr.from_args(S.Association, e.args)      # {"a" -> shape, …}: names and shapes
    if type(e) is Expr and e.head is S.Association:
        pairs = [(r.args[0], r.args[1]) for r in e.args]
        if all(type(k) is String for k, _ in pairs):
            return tuple(k.value for k, _ in pairs), tuple(_shape(v, k.value, symbol) for k, v in pairs)
    elif type(e).__name__ == "Integer" and e.value > 0:
        return default_names(e.value, prefix), tuple(_any_shape() for _ in range(e.value))
    elif is_list(e) and e.args:
        if all(type(a) is String for a in e.args) and not any(
                a.value in ("Real", "Integer", "Varying") for a in e.args):
            names = tuple(a.value for a in e.args)
            if len(set(names)) == len(names):
                return names, tuple(_any_shape() for _ in names)
        else:
            names = default_names(len(e.args), prefix)
            return names, tuple(_shape(a, n, symbol) for a, n in zip(e.args, names))
    raise NetSpecError("invports", e, symbol=symbol)


_CODER_HEADS = ("NetEncoder", "NetDecoder")


def _is_coder(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name in _CODER_HEADS


def split_coders(e, prefix: str = "Input") -> tuple:
    """(the ports setting with each coder made Automatic, [(port name, coder), …]) for a
    setting that names ports with shapes (an association, a list of rules, a list of
    shapes: default names); any other setting as it is, with no coders."""
    if type(e) is Expr and (e.head is S.Association or (is_list(e) and e.args and all(
            type(a) is Expr and a.head is S.Rule for a in e.args))):
        pairs = [(r.args[0], r.args[1]) for r in e.args]
        if not any(_is_coder(v) for _, v in pairs) or not all(type(k) is String for k, _ in pairs):
            return e, []
        shapes = Expr.from_args(S.Association, (
            Expr(S.Rule, k, Symbol("Automatic") if _is_coder(v) else v) for k, v in pairs))
        return shapes, [(k.value, v) for k, v in pairs if _is_coder(v)]
    if is_list(e) and any(_is_coder(a) for a in e.args):
        names = default_names(len(e.args), prefix)
        shapes = Expr.from_args(S.Association, (
            Expr(S.Rule, String(n), Symbol("Automatic") if _is_coder(a) else a)
            for n, a in zip(names, e.args)))
        return shapes, [(n, a) for n, a in zip(names, e.args) if _is_coder(a)]
    return e, []


def _show_names(names):
    return Symbol("Automatic") if names is None else Expr.from_args(S.List, (String(n) for n in names))


def _read_names(e):
    if type(e) is Symbol and e.name == "Automatic":
        return None
    if is_list(e) and all(type(a) is String for a in e.args):
        return tuple(a.value for a in e.args)
    raise ValueError("not a list of port names")


def _show_shapes(shapes):
    return Expr.from_args(S.List, (sizelist_to_expr(s.dims, s.tail) for s in shapes))


def _read_shapes(e):
    if not is_list(e):
        raise ValueError("not a list of shapes")
    return tuple(sizelist_from_expr(a) for a in e.args)


PORT_PARAMS = (Param("InputPorts", "custom", default=lambda: None, read=_read_names, show=_show_names),
               Param("$InputShapes", "custom", default=tuple, read=_read_shapes, show=_show_shapes))


class PortListLayer(LayerSpec):
    """The shared part of the port-list layers: the InputPorts option and the ports."""

    takes_port_list = True
    options = {"InputPorts": Symbol("Automatic")}

    def parse_option(self, name, value, p):
        if name != "InputPorts":
            super().parse_option(name, value, p)
        p["InputPorts"], p["$InputShapes"] = read_input_ports(value, self.symbol)
        # ports given as "Integer", Restricted["Integer", …] or {…, "Integer"} hold integers
        elements = port_elements(value, self.symbol) or ()
        hints = [(name, TensorT((), elem), True) for name, elem in zip(p["InputPorts"], elements)]
        p[INPUT_ELEMENTS] = integer_inputs(self, p, hints)

    def option_rules(self, rules):
        """"Input" -> {port -> shape, …} (or a list of shapes) names the ports, as InputPorts
        does: these layers have no port "Input"; so does "Inputs" -> {shape1, …}, the
        option's name in WL 11 (CatenateLayer["Inputs" -> {2, 3}] in programs of then).
        A port given an encoder (the InputPorts page's NetEncoder[…] shape) becomes a port
        of any shape plus the rule "port" -> encoder, which attaches it as on any layer."""
        rules = [("InputPorts", value) if name in ("Input", "Inputs") and (is_list(value) or (
                    type(value) is Expr and value.head is S.Association)) else (name, value)
                 for name, value in rules]
        out = []
        for name, value in rules:
            if name in ("InputPorts", "OutputPorts"):
                value, coders = split_coders(value, name[:-5])
                out.append((name, value))
                out.extend(coders)
            else:
                out.append((name, value))
        return out

    def with_input_count(self, p, n):
        p["InputPorts"] = default_names(n)
        p["$InputShapes"] = tuple(_any_shape() for _ in range(n))
        return p

    def port_shapes(self, p) -> dict:
        """Input port name -> its size list (no ports while their number is not known)."""
        return dict(zip(p["InputPorts"] or (), p["$InputShapes"]))

    def inputs(self, p):
        return {name: port(shape) for name, shape in self.port_shapes(p).items()}
