"""Layout wrappers: Column, Row and Grid (and Item, one element of them with its own options;
Style, which prints as its expression; StringForm, a text template filled with its arguments).

They stay as they are when evaluated (inert wrappers, as in the Wolfram Language) and
print as text laid out the way a text-mode notebook shows them: a Column one element per
line, a Row side by side (with an optional separator), a Grid as an aligned table like
TableForm.  Options (Alignment, Spacings, Frame…) are accepted and not drawn.
"""

from __future__ import annotations

import re

from wlnet.builtins._listutil import float_value, is_list
from wlnet.core.expr import String
from wlnet.core.registry import builtin

_LAYOUT_OPTIONS = ("Alignment", "Spacings", "Frame", "Background", "Dividers",
                   "ItemSize", "BaseStyle")


@builtin("Column", argc=(1, None), attributes=("Protected",),
         usage="Column[{e1, e2, …}] prints the elements one below the other (Column[list, "
               "Right] or Alignment -> Right|Center aligns them); it stays as it is when "
               "evaluated.",
         examples=(("Column[{1, 1 + 1}]", "Column[{1, 2}]"),))
def column(ev, items, *rest):
    return None


@builtin("Row", argc=(1, None), attributes=("Protected",),
         usage="Row[{e1, e2, …}] prints the elements side by side; Row[list, sep] with sep "
               "between them.  It stays as it is when evaluated.",
         examples=(("Row[{a, 1 + 1}, \", \"]", "Row[{a, 2}, \", \"]"),))
def row(ev, items, *rest):
    return None


@builtin("Grid", argc=(1, None), attributes=("Protected",),
         usage="Grid[{{a11, a12, …}, …}] prints the rows as an aligned table; it stays as it "
               "is when evaluated.",
         examples=(("Grid[{{1, 2}, {3, 2 + 2}}]", "Grid[{{1, 2}, {3, 4}}]"),))
def grid(ev, rows, *rest):
    return None


@builtin("Item", argc=(1, None), attributes=("Protected",),
         usage="Item[expr, options] is an element of a Grid, Column or Row with its own options "
               "(Background, Alignment…); it prints as expr and stays as it is when evaluated.",
         examples=(("Item[1 + 1, Alignment -> Left]", "Item[2, Alignment -> Left]"),))
def item(ev, expr, *rest):
    return None


@builtin("Spacer", argc=1, attributes=("Protected",),
         usage="Spacer[w] is a blank space w printer's points wide (Spacer[{w, h}] also h "
               "high) in a Row or other layout; in text it prints as spaces, one for about "
               "every 7 points.",
         examples=(('ToString[Row[{"a", Spacer[7], "b"}]]', '"a b"'),))
def spacer(ev, size):
    return None


# ---------------------------------------------------------------------------- printing

def _is_option(e) -> bool:
    from wlnet.builtins._listutil import is_rule
    return is_rule(e)


def _side_by_side(texts: list[str]) -> str:
    """Texts laid out left to right, multi-line ones centred on a common middle line."""
    if not any("\n" in t for t in texts):
        return "".join(texts)
    blocks = [t.split("\n") for t in texts]
    middles = [(len(b) - 1) // 2 for b in blocks]
    above = max(middles)
    height = above + max(len(b) - m for b, m in zip(blocks, middles))
    lines = []
    for r in range(height):
        pieces = []
        for block, middle in zip(blocks, middles):
            i = r - (above - middle)
            width = max(len(line) for line in block)
            pieces.append((block[i] if 0 <= i < len(block) else "").ljust(width))
        lines.append("".join(pieces).rstrip())
    return "\n".join(lines)


def _alignment(options) -> str:
    """Left, Right or Center from Column's second argument or an Alignment -> … option (the
    horizontal part of a pair); Left when there is none."""
    for r in options:
        if getattr(r, "name", None) in ("Right", "Center"):
            return r.name
        if _is_option(r) and getattr(r.args[0], "name", None) == "Alignment":
            value = r.args[1].args[0] if is_list(r.args[1]) and r.args[1].args else r.args[1]
            name = getattr(value, "name", None)
            if name in ("Right", "Center"):
                return name
    return "Left"


def _aligned(lines: list[str], how: str) -> list[str]:
    width = max((len(line) for line in lines), default=0)
    if how == "Right":
        return [line.rjust(width) for line in lines]
    if how == "Center":
        return [" " * ((width - len(line)) // 2) + line for line in lines]
    return lines


def _column_text(e):
    from wlnet.syntax.printer import output_form
    if not e.args or not is_list(e.args[0]):
        return None
    texts = [output_form(x) for x in e.args[0].args]
    if any("\n" in t for t in texts):                     # blocks of several lines: as they are
        return "\n".join(texts)
    return "\n".join(_aligned(texts, _alignment(e.args[1:])))


def _row_text(e):
    from wlnet.syntax.printer import output_form
    if not e.args or not is_list(e.args[0]) or len(e.args) > 2:
        return None
    separator = ""
    if len(e.args) == 2 and not _is_option(e.args[1]):
        separator = output_form(e.args[1])
    texts = []
    for i, x in enumerate(e.args[0].args):
        if i and separator:
            texts.append(separator)
        texts.append(output_form(x))
    return _side_by_side(texts)


_POINTS_PER_CHARACTER = 7          # a character's width at a notebook's default font size


def _spacer_text(e):
    size = e.args[0] if e.args else None
    if is_list(size) and size.args:
        size = size.args[0]
    width = float_value(size) if size is not None else None
    if width is None or width < 0:
        return None
    return " " * max(1, round(width / _POINTS_PER_CHARACTER)) if width else ""


def _style_text(e):
    """Style[expr, …] prints as expr: a text form has no colours, sizes or fonts (as in
    WL's OutputForm)."""
    from wlnet.syntax.printer import output_form
    return output_form(e.args[0]) if e.args else None


def _item_text(e):
    from wlnet.syntax.printer import output_form
    return output_form(e.args[0]) if e.args else None


def _grid_text(e):
    from wlnet.syntax.printer import table_form
    if not e.args or not is_list(e.args[0]):
        return None
    rows = e.args[0]
    if not all(is_list(r) for r in rows.args):
        return None
    return table_form(rows)


try:
    from wlnet.syntax.printer import register_output_format
    register_output_format("Column", _column_text)
    register_output_format("Row", _row_text)
    register_output_format("Grid", _grid_text)
    register_output_format("Item", _item_text)
    register_output_format("Style", _style_text)
    register_output_format("Spacer", _spacer_text)
except ImportError:                           # printer not available: default printing
    pass


# ---------------------------------------------------------------------------- StringForm

@builtin("StringForm", argc=(1, None), attributes=("Protected",),
         usage="StringForm[\"text `1` … ``\", e1, e2, …] prints the text with `n` replaced by "
               "en and each `` by the next argument; it stays as it is when evaluated.",
         examples=(("ToString[StringForm[\"epoch `1` of `2`\", 3, 10]]", "\"epoch 3 of 10\""),))
def string_form(ev, template, *values):
    return None


_STRING_FORM_SLOT = re.compile(r"\\`|`(\d*)`")


def _string_form_text(e):
    """The template with its slots filled by the arguments in OutputForm (`n`: the n-th,
    ``: the one after the previous slot's; \\` a literal backquote).  A slot past the last
    argument prints as it is written."""
    from wlnet.syntax.printer import output_form
    if not e.args or type(e.args[0]) is not String:
        return None
    values = e.args[1:]
    following = 0                       # the argument `` stands for, 0-based

    def fill(match):
        nonlocal following
        if match.group(0) == "\\`":
            return "`"
        k = int(match.group(1)) - 1 if match.group(1) else following
        following = k + 1
        return output_form(values[k]) if 0 <= k < len(values) else match.group(0)

    return _STRING_FORM_SLOT.sub(fill, e.args[0].value)


try:
    from wlnet.syntax.printer import register_output_format
    register_output_format("StringForm", _string_form_text)
except ImportError:                           # printer not available: default printing
    pass
