"""Layout wrappers: Column, Row and Grid (and Item, one element of them with its own options;
Style, which prints as its expression; StringForm, a text template filled with its arguments).

They stay as they are when evaluated (inert wrappers, as in the Wolfram Language) and
print as text laid out the way a text-mode notebook shows them: a Column one element per
line, a Row side by side (with an optional separator), a Grid as an aligned table like
TableForm.  In a Grid or Column, Alignment aligns the cells, Spacings -> {h, v} puts h
spaces between columns and v blank lines between rows (an em is a character, a line a
line), and Frame -> True draws a box around them, Frame -> All around every cell too
(with box-drawing characters); other options (Background, ItemSize…) are accepted and not
drawn.
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
    if _drawn_options(e.args[1:]):
        return _laid_out([[x] for x in e.args[0].args], e.args[1:], column=True)
    texts = [output_form(x) for x in e.args[0].args]
    if any("\n" in t for t in texts):                     # blocks of several lines: as they are
        return "\n".join(texts)
    return "\n".join(_aligned(texts, _alignment(e.args[1:])))


def _row_text(e):
    from wlnet.syntax.printer import beside, output_form
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
    return beside(texts)               # blocks of several lines lined up on their middles


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
    if _drawn_options(e.args[1:]):
        return _laid_out([list(r.args) for r in rows.args], e.args[1:], column=False)
    return table_form(rows)


def _option(options, name: str):
    for r in options:
        if _is_option(r) and getattr(r.args[0], "name", None) == name:
            return r.args[1]
    return None


def _drawn_options(options) -> bool:
    """Whether the options change the text: a frame or spacings."""
    frame = _option(options, "Frame")
    return _option(options, "Spacings") is not None or \
        getattr(frame, "name", None) in ("True", "All")


def _spacings(options, column: bool) -> tuple[int, int]:
    """(spaces between columns, blank lines between rows) from Spacings -> h, {h, v}."""
    h, v = (1, 0) if column else (3, 1)
    spec = _option(options, "Spacings")
    if spec is None:
        return h, v
    parts = list(spec.args) if is_list(spec) else [spec] if not column else [None, spec]
    amounts = [float_value(p) if p is not None else None for p in parts + [None, None]][:2]
    if amounts[0] is not None and amounts[0] >= 0:
        h = round(amounts[0])
    if amounts[1] is not None and amounts[1] >= 0:
        v = round(amounts[1])
    return h, v


_BOX = {"top": "┌┬┐", "middle": "├┼┤", "bottom": "└┴┘", "across": "─", "down": "│"}


def _laid_out(rows: list, options, column: bool) -> str:
    """Cells (expressions) laid out as text with the Grid/Column options drawn: alignment,
    spacings, and a frame around the whole (Frame -> True) or every cell (Frame -> All)."""
    from wlnet.syntax.printer import output_form
    frame = getattr(_option(options, "Frame"), "name", None)
    h, v = _spacings(options, column)
    how = _alignment(options)
    cells = [[output_form(x).split("\n") for x in row] for row in rows]
    ncols = max((len(r) for r in cells), default=0)
    for r in cells:
        r.extend([[""]] * (ncols - len(r)))
    widths = [max((len(line) for r in cells for line in r[c]), default=0)
              for c in range(ncols)]
    heights = [max((len(cell) for cell in r), default=1) for r in cells]
    every = frame == "All"
    pad = 1 if every else 0
    gap = " " * h

    def row_lines(r, height):
        lines = []
        for i in range(height):
            pieces = [" " * pad + _aligned_to(cell[i] if i < len(cell) else "", widths[c], how)
                      + " " * pad for c, cell in enumerate(r)]
            lines.append((_BOX["down"] if every else gap).join(pieces))
        return lines

    def rule(kind):
        left, cross, right = _BOX[kind]
        joint = cross if every else _BOX["across"] * len(gap)
        return left + joint.join(_BOX["across"] * (w + 2 * pad) for w in widths) + right

    blocks = [row_lines(r, height) for r, height in zip(cells, heights)]
    if frame not in ("True", "All"):
        lines = []
        for k, block in enumerate(blocks):
            lines.extend([""] * v if k else [])
            lines.extend(line.rstrip() for line in block)
        return "\n".join(lines)
    inner = max((len(line) for block in blocks for line in block), default=0)
    lines = [rule("top")]
    for k, block in enumerate(blocks):
        if k:
            lines.extend([rule("middle")] if every else
                         [_BOX["down"] + " " * inner + _BOX["down"]] * v)
        lines.extend(_BOX["down"] + line.ljust(inner) + _BOX["down"] for line in block)
    return "\n".join(lines + [rule("bottom")])


def _aligned_to(text: str, width: int, how: str) -> str:
    if how == "Right":
        return text.rjust(width)
    if how == "Center":
        left = (width - len(text)) // 2
        return " " * left + text + " " * (width - len(text) - left)
    return text.ljust(width)


try:
    from wlnet.syntax.printer import register_output_format
    register_output_format("Column", _column_text, block=True)
    register_output_format("Row", _row_text, block=True)
    register_output_format("Grid", _grid_text, block=True)
    register_output_format("Item", _item_text, transparent=True)
    register_output_format("Style", _style_text, transparent=True)
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
