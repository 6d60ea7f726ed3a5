"""Reading a Mathematica notebook (.nb) as data, and its input cells as text.

A .nb file is a WL expression, ``Notebook[{Cell[…], …}, options…]``, wrapped in comments
(the cache information).  It is parsed with wlnet's parser and never evaluated.  Cells are
``Cell[contents, style, options…]``; groups are ``Cell[CellGroupData[{cells…}, Open]]``.
Input and Code cells hold ``BoxData[boxes]`` (or, rarely, a plain string), turned into text
by ``wlnet.notebook.boxes``.

Named characters the parser's table does not know (``\\[IndentingNewLine]``,
``\\[NoBreak]``…; the front end writes many) are swapped for private code points before
parsing and read back by name in ``boxes``.
"""

from __future__ import annotations

import re

from wlnet.core.expr import Expr, S, String, Symbol
import wlnet.notebook.boxes as boxes
from wlnet.notebook.boxes import BoxError, box_to_text

__all__ = ["NotebookError", "read_notebook", "parse_notebook", "cells", "cell_texts",
           "input_texts", "notebook_to_script", "INPUT_STYLES"]

INPUT_STYLES = ("Input", "Code")
MAX_NOTEBOOK_BYTES = 256 * 2**20
_PRIVATE_BASE = 0x100000                     # Supplementary Private Use Area-B


class NotebookError(Exception):
    """The file cannot be read as a notebook; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------- parsing

# A named character that is a real escape: preceded by an even number of backslashes.
_NAMED = re.compile(r"(?<!\\)((?:\\\\)*)\\\[([A-Za-z0-9]+)\]")
_CODE_OF_NAME: dict[str, str] = {}


def _private_char(name: str) -> str:
    ch = _CODE_OF_NAME.get(name)
    if ch is None:
        ch = chr(_PRIVATE_BASE + len(_CODE_OF_NAME))
        _CODE_OF_NAME[name] = ch
        boxes._UNKNOWN_NAMES[ch] = name
    return ch


def _protect_unknown_names(text: str) -> str:
    from wlnet.syntax.named_characters import NAMED_CHARACTERS

    def swap(m):
        slashes, name = m.groups()
        if name in NAMED_CHARACTERS:
            return m.group()
        return f"{slashes}\\|{ord(_private_char(name)):06x}"

    return _NAMED.sub(swap, text)


def parse_notebook(text: str):
    """The Notebook expression of a notebook file's text.  Raises NotebookError."""
    from wlnet.syntax.parser import parse
    # a notebook saved on Windows has CRLF line ends, also after the backslash that
    # continues a long string onto the next line
    text = text.replace("\r\n", "\n")
    try:
        expr = parse(_protect_unknown_names(text))
    except Exception as err:                   # WLSyntaxError, or a limit of the parser
        raise NotebookError(f"the file does not parse as a notebook ({_first_line(err)})")
    if not (type(expr) is Expr and expr.head is Symbol("Notebook") and expr.args
            and type(expr.args[0]) is Expr and expr.args[0].head is S.List):
        raise NotebookError("the file is not a Notebook[{…}, …] expression")
    return expr


def _first_line(err: Exception) -> str:
    lines = str(err).strip().splitlines()
    return lines[0][:160] if lines else type(err).__name__


def _read_text(path) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_NOTEBOOK_BYTES + 1)
    except OSError as err:
        raise NotebookError(f"cannot read the file ({err.strerror or err})")
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotebookError("the file is too large")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")            # old notebooks: 8-bit text, escapes for the rest


def read_notebook(path):
    """The Notebook expression of the file at ``path`` (unevaluated data)."""
    return parse_notebook(_read_text(path))


# ---------------------------------------------------------------------------- cells

def cells(notebook, evaluatable_only: bool = False):
    """``(style, contents)`` of every cell, in order, groups flattened; with
    ``evaluatable_only``, without the cells marked ``Evaluatable -> False`` (code shown for
    reading, which evaluating the notebook passes over)."""
    todo = list(reversed(notebook.args[0].args))
    while todo:
        cell = todo.pop()
        if not (type(cell) is Expr and cell.head is Symbol("Cell") and cell.args):
            continue
        contents = cell.args[0]
        if type(contents) is Expr and contents.head is Symbol("CellGroupData"):
            group = contents.args[0] if contents.args else None
            if type(group) is Expr and group.head is S.List:
                todo.extend(reversed(group.args))
            continue
        style = cell.args[1] if len(cell.args) > 1 else None
        if evaluatable_only and _not_evaluatable(cell):
            continue
        yield (style.value if type(style) is String else None), contents


def _not_evaluatable(cell) -> bool:
    return any(type(o) is Expr and o.head in (S.Rule, S.RuleDelayed) and len(o.args) == 2
               and o.args[0] == Symbol("Evaluatable") and o.args[1] == Symbol("False")
               for o in cell.args[2:])


def _contents_text(contents) -> str:
    if type(contents) is String:                 # a cell typed as plain text
        return contents.value
    if type(contents) is Expr and contents.head is Symbol("TextData"):
        parts = contents.args[0] if contents.args else String("")
        items = parts.args if type(parts) is Expr and parts.head is S.List else (parts,)
        return "".join(item.value if type(item) is String else box_to_text(item)
                       for item in items)
    return box_to_text(contents)


def cell_texts_of(notebook, styles=INPUT_STYLES) -> list[str]:
    """The input text of each cell whose style is in ``styles`` (input cells marked
    ``Evaluatable -> False`` left out: evaluating the notebook passes over them)."""
    out = []
    evaluating = any(style in INPUT_STYLES for style in styles)
    for number, (style, contents) in enumerate(cells(notebook, evaluating), 1):
        if style not in styles:
            continue
        try:
            out.append(_contents_text(contents).strip("\n"))
        except BoxError as err:
            raise NotebookError(f"cell {number} ({style}): {err}")
        except RecursionError:
            raise NotebookError(f"cell {number} ({style}): boxes nested too deeply")
    return out


def cell_texts(path, styles=INPUT_STYLES) -> list[str]:
    return cell_texts_of(read_notebook(path), styles)


def input_texts(path) -> list[str]:
    """The text of the Input and Code cells of the notebook at ``path``, in order."""
    return cell_texts(path, INPUT_STYLES)


def notebook_to_script(path, *, header: bool = True) -> str:
    """The .wl script equivalent to the notebook at ``path``: its Input and Code cells in
    order, one paragraph each.  Raises NotebookError."""
    texts = input_texts(path)
    parts = []
    if header:
        from os.path import basename
        parts.append(f"(* Input cells of {basename(str(path))}, converted by wlnet nb2wl *)")
    parts.extend(t for t in texts if t.strip())
    return "\n\n".join(parts) + "\n"
