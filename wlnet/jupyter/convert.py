"""``wlnet nb2ipynb NOTEBOOK.nb [-o FILE.ipynb]``: a Mathematica notebook as a Jupyter
notebook for the wlnet kernel.

Input and Code cells become code cells (their text as ``wlnet nb2wl`` gives it); Title,
Section, Subsection… cells become Markdown headings and Text cells Markdown paragraphs;
output and other cells are left out (running the notebook makes them again).  The
notebook is read as data by ``wlnet.notebook`` (nothing in it is evaluated).
"""

from __future__ import annotations

import json
import os
import sys

from wlnet.core.files import atomic_write

__all__ = ["notebook_cells", "ipynb_of", "nb2ipynb_main"]

USAGE = "usage: wlnet nb2ipynb NOTEBOOK.nb [-o FILE.ipynb]"
HEADINGS = {"Title": "#", "Chapter": "#", "Section": "##", "Subsection": "###",
            "Subsubsection": "####"}
TEXT_STYLES = ("Text", "Item", "ItemNumbered", "Subtitle")


def notebook_cells(path) -> list[tuple[str, str]]:
    """``("code" | "markdown", text)`` of the cells worth keeping, in order."""
    from wlnet.notebook.reader import INPUT_STYLES, _contents_text, cells, read_notebook
    out = []
    for style, contents in cells(read_notebook(path)):
        if style in INPUT_STYLES:
            out.append(("code", _contents_text(contents).strip("\n")))
        elif style in HEADINGS:
            out.append(("markdown", f"{HEADINGS[style]} {_prose(_contents_text(contents))}"))
        elif style in TEXT_STYLES:
            bullet = "- " if style.startswith("Item") else ""
            out.append(("markdown", bullet + _prose(_contents_text(contents))))
    return out


def _prose(text: str) -> str:
    """Text of a text cell without the notebook's string-wrapping marks (``\\<``,
    ``\\>``), which only say where the front end may break a long string."""
    return text.replace("\\<", "").replace("\\>", "").strip()


def _source(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def ipynb_of(cell_list) -> dict:
    """An nbformat 4 notebook (as a dict) of ``(kind, text)`` cells, for the wlnet kernel."""
    from wlnet.jupyter.install import DISPLAY_NAME
    cells = []
    for i, (kind, text) in enumerate(cell_list):
        cell = {"cell_type": kind, "id": f"cell-{i + 1}", "metadata": {},
                "source": _source(text)}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    return {
        "nbformat": 4, "nbformat_minor": 5, "cells": cells,
        "metadata": {
            "kernelspec": {"name": "wlnet", "display_name": DISPLAY_NAME,
                           "language": "wolfram-language"},
            "language_info": {"name": "wolfram-language", "file_extension": ".wl",
                              "mimetype": "text/x-wolfram-language",
                              "codemirror_mode": "mathematica"},
        },
    }


def nb2ipynb_main(args: list[str]) -> int:
    from wlnet.notebook.reader import NotebookError
    out_path = None
    if len(args) == 3 and args[1] in ("-o", "--output"):
        args, out_path = [args[0]], args[2]
    if len(args) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    source = args[0]
    out_path = out_path or os.path.splitext(source)[0] + ".ipynb"
    try:
        notebook = ipynb_of(notebook_cells(source))
    except NotebookError as err:
        print(f"wlnet: cannot convert {source}: {err.reason}", file=sys.stderr)
        return 2
    try:
        atomic_write(out_path, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    except OSError as err:
        print(f"wlnet: cannot write {out_path}: {err.strerror}", file=sys.stderr)
        return 2
    print(out_path)
    return 0
