"""Strings with the front end's linear syntax, ``\\!\\( … \\)``, shown as text.

A notebook's strings can carry typeset pieces: ``"Loss: \\!\\(\\*StyleBox[\\"low\\", Bold]\\)"``
or ``"x\\!\\(\\*SuperscriptBox[\\"y\\", \\"2\\"]\\)"``.  The front end draws them; a text
interface (OutputForm, Print) shows what they stand for: a style box its text, a
superscript ``y^2``, a subscript ``y_2``, a fraction ``a/b``, a row its pieces in turn.
The short forms inside ``\\( … \\)`` are read too: ``x\\^2``, ``x\\_i``, ``a\\/b``, ``\\@x``.
A piece that reads as none of these is left as it was written.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, String

__all__ = ["has_linear_syntax", "linear_syntax_text", "segment_end", "string_end"]

_OPEN, _CLOSE, _START = "\\(", "\\)", "\\!\\("


def has_linear_syntax(text: str) -> bool:
    return _START in text


def segment_end(text: str, start: int) -> int | None:
    """The index just past the ``\\)`` closing the ``\\(`` that ends at ``start`` (nested
    groups, escaped characters and string literals skipped); None when it is not closed."""
    depth, i = 1, start
    while i < len(text) - 1:
        pair = text[i:i + 2]
        if pair == _OPEN:
            depth += 1
            i += 2
        elif pair == _CLOSE:
            depth -= 1
            i += 2
            if depth == 0:
                return i
        elif text[i] == "\\":
            i += 2
        elif text[i] == '"':
            i = string_end(text, i)
        else:
            i += 1
    return None


def string_end(text: str, i: int) -> int:
    """Just past the string literal opening at ``i`` (its end when it is not closed)."""
    i += 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"':
            return i + 1
        else:
            i += 1
    return len(text)


def linear_syntax_text(text: str) -> str:
    """``text`` with each ``\\!\\( … \\)`` piece shown as plain text."""
    out, i = [], 0
    while True:
        j = text.find(_START, i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        end = segment_end(text, j + len(_START))
        if end is None:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        body = text[j + len(_START):end - len(_CLOSE)]
        shown = _body_text(body)
        out.append(shown if shown is not None else text[j:end])
        i = end


def _body_text(body: str) -> str | None:
    body = body.strip()
    if body.startswith("\\*"):
        from wlnet.syntax.errors import WLSyntaxError
        from wlnet.syntax.parser import parse
        try:
            box = parse(body[2:])
        except (WLSyntaxError, ValueError):
            return None
        return _box_text(box)
    return _short_forms(body)


def _short_forms(body: str) -> str:
    """x\\^2, x\\_i, a\\/b, \\@x and grouping \\( \\) as text."""
    for mark, shown in (("\\^", "^"), ("\\_", "_"), ("\\/", "/"), ("\\@", "Sqrt ")):
        body = body.replace(mark, shown)
    return body.replace(_OPEN, "").replace(_CLOSE, "")


def _unquoted(s: str) -> str:
    if len(s) >= 2 and s[0] == s[-1] == '"':
        s = s[1:-1]
    return _short_forms(s) if (_OPEN in s or "\\" in s) else s


def _box_text(box) -> str | None:
    if type(box) is String:
        return _unquoted(box.value)
    if type(box) is not Expr or not box.args:
        return None
    head = getattr(box.head, "name", None)
    args = box.args
    if head in ("StyleBox", "FormBox", "TagBox", "FrameBox", "PaneBox", "ItemBox",
                "AdjustmentBox", "ButtonBox", "TooltipBox"):
        return _box_text(args[0])
    if head == "RowBox" and type(args[0]) is Expr:
        parts = [_box_text(a) for a in args[0].args]
        return None if None in parts else "".join(parts)
    pair = {"SuperscriptBox": "^", "SubscriptBox": "_", "FractionBox": "/"}.get(head)
    if pair is not None and len(args) >= 2:
        a, b = _box_text(args[0]), _box_text(args[1])
        return None if a is None or b is None else f"{a}{pair}{b}"
    if head == "SqrtBox":
        inner = _box_text(args[0])
        return None if inner is None else f"Sqrt[{inner}]"
    return None
