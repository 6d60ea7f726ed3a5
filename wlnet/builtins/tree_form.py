"""TreeForm: an expression printed with its levels at different depths, as WL's TreeForm
prints in a text interface (OutputForm).

Each compound argument of an expression is replaced on its line by a ``|`` mark, padded
to the width of what it stands for, and is written out on the lines below, starting at
the mark's column; atoms stay in place.  ``TreeForm[expr, n]`` splits only the first n
levels: deeper parts are written whole.

    TreeForm[f[x, g[y, h[z]]]]   prints   f[x, |              ]
                                               g[y, |   ]
                                                    h[z]

``TreeForm`` is an inert wrapper (its argument evaluates); ``ToString`` of it is the
text.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer
from wlnet.core.registry import declare
from wlnet.syntax.printer import register_output_format, text_form

declare("TreeForm", attributes=("Protected",),
        usage="TreeForm[expr] prints expr with each level on its own line, a compound part "
              "marked | where it stands and written out below; TreeForm[expr, n] splits the "
              "first n levels only.")


def _is_split(e, depth) -> bool:
    """Whether e's parts are written out below their marks (a compound expression with
    levels left to show)."""
    return type(e) is Expr and bool(e.args) and depth > 0


def _block(e, depth) -> list[str]:
    """The lines of e's tree, all of one width."""
    if not _is_split(e, depth):
        return [text_form(e)]
    parts, children = [], []
    column = len(text_form(e.head)) + 1
    for i, a in enumerate(e.args):
        if i:
            column += 2
        if type(a) is Expr and a.args:          # a part of the next level: below
            below = _block(a, depth - 1)
            width = len(below[0])
            parts.append("|".ljust(width))
            children.append((column, below))
            column += width
        else:
            text = text_form(a)
            parts.append(text)
            column += len(text)
    lines = [f"{text_form(e.head)}[{', '.join(parts)}]"]
    height = max((len(b) for _, b in children), default=0)
    for row in range(height):
        line = ""
        for start, below in children:
            if row < len(below):
                line = line.ljust(start) + below[row]
        lines.append(line)
    width = max(len(line) for line in lines)
    return [line.ljust(width) for line in lines]


def tree_text(e, depth=None) -> str:
    """The text of TreeForm[e] (TreeForm[e, depth])."""
    lines = _block(e, float("inf") if depth is None else depth)
    return "\n".join(line.rstrip() for line in lines)


def _form(e):
    if len(e.args) == 1:
        return tree_text(e.args[0])
    if len(e.args) == 2 and type(e.args[1]) is Integer and e.args[1].value >= 0:
        return tree_text(e.args[0], e.args[1].value)
    return None


register_output_format("TreeForm", _form, block=True)

