"""The entries of the text coders' tables ("Characters", "SubwordTokens"): a string, the
virtual characters StartOfString and EndOfString, or ``_`` (every character no other entry
has), and their WL forms."""

from __future__ import annotations

from wlnet.core.expr import Expr, String, Symbol

__all__ = ["ANY", "VIRTUAL", "entry_expr", "entries_from_expr", "is_entry_expr"]

VIRTUAL = ("StartOfString", "EndOfString")
ANY = "\x00Blank"                      # the entry `_`: every character no other entry has


def _is_blank(e) -> bool:
    return type(e) is Expr and e.head == Symbol("Blank") and not e.args


def entry_expr(entry) -> Expr:
    """An encoding entry as WL shows it: a string, StartOfString/EndOfString, or _."""
    if entry == ANY:
        return Expr(Symbol("Blank"))
    return Symbol(entry) if entry in VIRTUAL else String(entry)


def is_entry_expr(e) -> bool:
    """Whether ``e`` is an entry: a non-empty string, StartOfString, EndOfString or _."""
    return (type(e) is String and bool(e.value) or type(e) is Symbol and e.name in VIRTUAL
            or _is_blank(e))


def entries_from_expr(e) -> tuple:
    """The "Encoding" parameter (a list of entry expressions) back to entries."""
    return tuple(ANY if _is_blank(a) else a.value if type(a) is String else a.name
                 for a in e.args)
