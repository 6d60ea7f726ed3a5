"""Boxes → input text: what a notebook's Input cell says, as a line of a .wl script.

A notebook stores typed input as boxes: ``RowBox[{"net", "=", RowBox[{"NetChain", "[", …}]}]``.
Each string in a box is a token as the user typed it (string literals keep their quotes,
with ``\\<`` ``\\>`` marking where the string's text starts and ends); the box heads are
two-dimensional notation (``SuperscriptBox[a, b]`` is ``a^b``).  ``box_to_text`` reads them
back into text that wlnet's parser reads as the front end would have:

* RowBox: the tokens concatenated, with a space where two tokens would otherwise lex as
  something else (``x`` ``y``, ``n_`` ``.``), around binary operators such as ``=`` and
  ``->`` and after commas (for the reader's sake);
* SuperscriptBox a^b, SubscriptBox Subscript[a, b], SubsuperscriptBox, FractionBox
  ((a)/(b)), SqrtBox Sqrt[a] (and the prefix \\[Sqrt] a), RadicalBox, Over/Under(script)Box, GridBox {{…}, …};
* StyleBox, FormBox, TagBox, ButtonBox, AdjustmentBox, FrameBox, PaneBox, ItemBox and
  similar wrappers: their content; InterpretationBox: the InputForm of its expression;
* characters: operator characters become their ASCII spelling (``\\[Rule]`` ->,
  ``\\[RuleDelayed]`` :>, ``\\[Equal]`` ==, ``\\[LeftDoubleBracket]`` [[ …), other
  non-ASCII characters are written ``\\[Name]`` (``\\[Element]``, ``\\[LongRightArrow]``,
  ``\\[Alpha]``), which the parser reads as the operator or letter; inside string literals
  every character keeps its meaning.

A box this module does not know raises ``BoxError`` naming it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wlnet.core.expr import Expr, S, String, Symbol

__all__ = ["box_to_text", "BoxError", "token_text"]


class BoxError(ValueError):
    """A box that has no input-text reading here."""


# Characters with an ASCII spelling outside strings (keyed by WL name).
_ASCII_OPERATORS = {
    "Rule": "->", "RuleDelayed": ":>", "Equal": "==", "LongEqual": "==", "NotEqual": "!=",
    "LessEqual": "<=", "GreaterEqual": ">=", "Times": "*", "Divide": "/", "And": "&&",
    "Or": "||", "Not": "!", "LeftDoubleBracket": "[[", "RightDoubleBracket": "]]",
    "InvisibleSpace": "", "Null": "", "NoBreak": "", "InvisibleTimes": " ",
    "InvisibleComma": ",", "InvisibleApplication": "@", "InvisiblePrefixScriptBase": "",
    "InvisiblePostfixScriptBase": "", "IndentingNewLine": "\n", "NewLine": "\n",
    "VeryThinSpace": " ", "ThinSpace": " ", "MediumSpace": " ", "ThickSpace": " ",
    "NegativeVeryThinSpace": "", "NegativeThinSpace": "", "NegativeMediumSpace": "",
    "NegativeThickSpace": "", "SpaceIndicator": " ", "AlignmentMarker": "",
}

# Pure wrappers: the text of the first argument.
_WRAPPERS = frozenset(["StyleBox", "FormBox", "TagBox", "ButtonBox", "AdjustmentBox",
                       "FrameBox", "PaneBox", "ItemBox", "PanelBox", "TooltipBox",
                       "ActionMenuBox", "Cell"])

# Named characters the reader met that the parser's table lacks (reader.py fills this in
# with private code points, so that they survive parsing and come back by name here).
_UNKNOWN_NAMES: dict[str, str] = {}

_SIMPLE_TOKEN = re.compile(r'^(?:[\w$`.]+|"(?:[^"\\]|\\.)*")$', re.S)


def _char_name(ch: str) -> str | None:
    from wlnet.syntax.named_characters import name_of
    return name_of(ch)


def _escape_char(ch: str, in_string: bool) -> str:
    """One character of a token as input text."""
    if ch.isascii():
        return ch
    name = _char_name(ch)
    if name is None:
        name = _UNKNOWN_NAMES.get(ch)
    if not in_string and name in _ASCII_OPERATORS:
        return _ASCII_OPERATORS[name]
    if in_string and name in ("IndentingNewLine", "NewLine"):
        return "\\n"
    if name is not None:
        return f"\\[{name}]"
    return f"\\:{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\|{ord(ch):06x}"



def token_text(token: str) -> str:
    """A box string as input text: ``\\<``/``\\>`` dropped, characters spelled out."""
    out = []
    in_string = False
    i = 0
    while i < len(token):
        ch = token[i]
        if ch == "\\" and i + 1 < len(token):
            nxt = token[i + 1]
            if nxt in "<>":                       # string-box delimiters: not text
                i += 2
                continue
            out.append(ch + _escape_char(nxt, in_string))
            i += 2
            continue
        if ch == '"':
            in_string = not in_string
        out.append(_escape_char(ch, in_string))
        i += 1
    return "".join(out)


def _name(e) -> str | None:
    return e.head.name if type(e) is Expr and type(e.head) is Symbol else None


def _is_one_group(text: str) -> bool:
    """``f[…]``, ``f[…][…]`` or ``(…)`` as a whole: brackets balanced only at the end."""
    if text.startswith("("):
        opener, closer = "(", ")"
    elif re.match(r"[\w$`]+\[", text):
        opener, closer = "[", "]"
    else:
        return False
    if not text.endswith(closer):
        return False
    depth = 0
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0 and i + 1 < len(text) and not (opener == "[" and text[i + 1] == "["):
                return False
    return depth == 0


def _grouped(text: str) -> str:
    """Parenthesise unless ``text`` is one token or one call (a^b needs (a+1)^(b))."""
    stripped = text.strip()
    if _SIMPLE_TOKEN.match(stripped) or _is_one_group(stripped):
        return stripped
    return f"({stripped})"


# Operators written with a space on each side (the rest as typed); a comma gets one after.
_SPACED = frozenset(["=", ":=", "->", ":>", "==", "!=", "===", "=!=", "/.", "//.", "&&",
                     "||", "+=", "-=", "*=", "/=", "<=", ">=", "//", "/;", "^=", "^:=",
                     "|->", "\\[Element]", "\\[LongRightArrow]", "\\[Function]"])


# Prefix operators whose character has no spelling the parser reads: the front end groups
# the operand with them (RowBox[{"\[Sqrt]", x}]), written here as a call.
_PREFIX_CALLS = {"\u221a": "Sqrt"}


def _row_text(items) -> str:
    out = []
    items = list(items)
    i = 0
    while i < len(items):
        b = items[i]
        i += 1
        call = _PREFIX_CALLS.get(b.value) if type(b) is String else None
        if call is not None and i < len(items):
            text = f"{call}[{box_to_text(items[i])}]"
            i += 1
        else:
            text = box_to_text(b)
        if text in _SPACED:
            text = f" {text} "
        elif text == ",":
            text = ", "
        if out and _would_merge(out[-1], text):
            out.append(" ")
        out.append(text)
    return "".join(out)


_SEPARATOR = re.compile(r'[\[\](){},"\s]')


def _would_merge(before: str, after: str) -> bool:
    """Whether two adjacent tokens read differently when written together (``x`` ``y`` is
    one name, ``-`` ``-1`` a decrement, ``n_`` ``.`` an Optional, ``1`` ``.`` a real):
    the lexer decides, on the pieces that touch."""
    if not before or not after or _SEPARATOR.match(before[-1]) or _SEPARATOR.match(after[0]):
        return False
    return _pieces_merge(_SEPARATOR.split(before)[-1], _SEPARATOR.split(after)[0])


@lru_cache(maxsize=4096)
def _pieces_merge(left: str, right: str) -> bool:
    from wlnet.syntax.lexer import tokenize
    try:
        together = tokenize(left + right)[:2]
        apart = [a + b for a, b in zip(tokenize(left)[:2], tokenize(right)[:2])]
    except Exception:                      # a piece that does not lex alone: keep apart
        return True
    return list(together) != apart


def box_to_text(box) -> str:
    """The input text of a box expression (see the module docstring)."""
    if type(box) is String:
        return token_text(box.value)
    if type(box) is Expr and box.head is S.List:          # several lines of input
        return "\n".join(box_to_text(b) for b in box.args)
    name = _name(box)
    if name is None:
        raise BoxError(f"unexpected {type(box).__name__} in boxes")
    args = box.args
    if name == "RowBox":
        if len(args) != 1 or _name(args[0]) != "List":
            raise BoxError("malformed RowBox")
        return _row_text(args[0].args)
    if name == "BoxData":
        return box_to_text(args[0]) if args else ""
    converter = _CONVERTERS.get(name)
    if converter is not None:
        return converter(args)
    if name in _WRAPPERS and args:
        return box_to_text(args[0])
    raise BoxError(f"{name} cannot be read as input text")


def _need(args, n: int, head: str):
    if len(args) < n:
        raise BoxError(f"malformed {head}")
    return args


def _superscript(args) -> str:
    base, sup = _need(args, 2, "SuperscriptBox")[:2]
    base_text = box_to_text(base)
    if sup == String("\uf3c7"):                      # \[Transpose]
        return f"Transpose[{base_text}]"
    if sup == String("\u2032"):                      # \[Prime]
        return f"Derivative[1][{base_text}]"
    return f"{_grouped(base_text)}^{_grouped(box_to_text(sup))}"


def _subscript(args) -> str:
    base, sub = _need(args, 2, "SubscriptBox")[:2]
    return f"Subscript[{box_to_text(base)}, {box_to_text(sub)}]"


def _subsuperscript(args) -> str:
    base, sub, sup = _need(args, 3, "SubsuperscriptBox")[:3]
    return f"Subscript[{box_to_text(base)}, {box_to_text(sub)}]^{_grouped(box_to_text(sup))}"


def _fraction(args) -> str:
    num, den = _need(args, 2, "FractionBox")[:2]
    return f"({_grouped(box_to_text(num))}/{_grouped(box_to_text(den))})"


def _sqrt(args) -> str:
    return f"Sqrt[{box_to_text(_need(args, 1, 'SqrtBox')[0])}]"


def _radical(args) -> str:
    base, n = _need(args, 2, "RadicalBox")[:2]
    return f"Surd[{box_to_text(base)}, {box_to_text(n)}]"


def _script(head: str, count: int):
    def convert(args) -> str:
        parts = _need(args, count, head + "Box")[:count]
        return f"{head}[" + ", ".join(box_to_text(p) for p in parts) + "]"
    return convert


def _grid(args) -> str:
    rows = _need(args, 1, "GridBox")[0]
    if _name(rows) != "List":
        raise BoxError("malformed GridBox")
    out = []
    for row in rows.args:
        cells = row.args if _name(row) == "List" else (row,)
        out.append("{" + ", ".join(box_to_text(c) for c in cells) + "}")
    return "{" + ", ".join(out) + "}"


def _interpretation(args) -> str:
    from wlnet.syntax.printer import input_form
    return input_form(_need(args, 2, "InterpretationBox")[1])


_CONVERTERS = {
    "SuperscriptBox": _superscript, "SubscriptBox": _subscript,
    "SubsuperscriptBox": _subsuperscript, "FractionBox": _fraction, "SqrtBox": _sqrt,
    "RadicalBox": _radical, "OverscriptBox": _script("Overscript", 2),
    "UnderscriptBox": _script("Underscript", 2),
    "UnderoverscriptBox": _script("Underoverscript", 3), "GridBox": _grid,
    "InterpretationBox": _interpretation,
}
