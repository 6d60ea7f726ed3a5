"""Small helpers for WL expressions that the net package shares: the version nets carry,
reading associations, and short InputForm text for messages."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol

__all__ = ["VERSION", "assoc_get", "assoc_items", "short_text"]

VERSION = "14.1.1"


def assoc_get(e, key: str):
    """The value of ``key`` in the association ``e`` (None when absent)."""
    for r in e.args:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and r.args[0] == String(key):
            return r.args[1]
    return None


def assoc_items(e) -> list:
    if not (type(e) is Expr and e.head is S.Association):
        raise ValueError("not an association")
    out = []
    for r in e.args:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2):
            raise ValueError("not an association")
        out.append((r.args[0], r.args[1]))
    return out


def short_text(e, limit: int = 60) -> str:
    """An expression as messages show it (InputForm, reals at 6 digits), cut at ``limit``."""
    try:
        from wlnet.syntax.printer import message_text
        text = message_text(e)
    except Exception:                                   # printer not available
        text = _fallback_text(e)
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _fallback_text(e) -> str:
    t = type(e)
    if t is String:
        return '"' + e.value + '"'
    if t is Integer or t is Real:
        return repr(e.value)
    if t is Symbol:
        return e.name
    if hasattr(e, "type_name"):                       # a NumericArray
        return f"NumericArray[<{e.type_name}>]"
    if t is Expr:
        if e.head is S.List:
            return "{" + ", ".join(_fallback_text(a) for a in e.args) + "}"
        if e.head is S.Rule:
            return _fallback_text(e.args[0]) + " -> " + _fallback_text(e.args[1])
        return _fallback_text(e.head) + "[" + ", ".join(_fallback_text(a) for a in e.args) + "]"
    return str(e)

