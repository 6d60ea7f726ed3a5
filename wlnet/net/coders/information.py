"""``Information[coder]`` and ``Information[coder, prop]`` of a NetEncoder / NetDecoder.

The report is what the coder's summary shows: its type ("Image", "Class"…), its public
parameters, and the array it makes (an encoder's "Output") or takes (a decoder's "Input"),
written as a port specification.  A property is one entry of the report; "Properties"
lists them.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, String
from wlnet.net.coders.base import Coder, assoc

__all__ = ["coder_report", "coder_information"]


def _port_key(coder: Coder) -> str:
    # an encoder's array leaves it for the net; a decoder's comes from the net
    return "Output" if coder.kind == "Encoder" else "Input"


def _entries(coder: Coder) -> list:
    from wlnet.net.ports import port_form
    params = [(k, v) for k, v in coder.params_expr() if not k.startswith("$")]
    return [("Type", String(coder.name)), *params, (_port_key(coder), port_form(coder.type))]


def coder_report(coder: Coder) -> Expr:
    """``Information[coder]``: the association of the coder's summary entries."""
    return assoc(_entries(coder))


def coder_information(coder: Coder, prop) -> Expr | None:
    """``Information[coder, prop]``: one entry's value, a list of them for a list of
    properties, "Properties" their names; None for a property the coder has not."""
    entries = dict(_entries(coder))
    if type(prop) is Expr and prop.head is S.List:
        found = [coder_information(coder, p) for p in prop.args]
        return None if any(f is None for f in found) else Expr.from_args(S.List, found)
    if type(prop) is not String:
        return None
    if prop.value == "Properties":      # (a "Function" decoder's own parameter is shadowed)
        names = [k for k in entries if k != "Properties"] + ["Properties"]
        return Expr.from_args(S.List, (String(k) for k in names))
    return entries.get(prop.value)
