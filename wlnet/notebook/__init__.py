"""Mathematica notebooks (.nb) read as data: their Input and Code cells as WL input text.

    notebook_to_script(path)   the equivalent .wl script (what ``wlnet nb2wl`` writes)
    input_texts(path)          the text of each Input/Code cell, in order
    cell_texts(path, styles)   the same for other cell styles
    read_notebook(path)        the Notebook[…] expression itself, unevaluated
    box_to_text(boxes)         one box expression as input text

Failures raise ``NotebookError`` (``.reason`` is a short explanation).
"""

from wlnet.notebook.boxes import BoxError, box_to_text
from wlnet.notebook.reader import (INPUT_STYLES, NotebookError, cell_texts, cell_texts_of, cells,
                                   input_texts, notebook_to_script, parse_notebook,
                                   read_notebook)

__all__ = ["notebook_to_script", "input_texts", "cell_texts", "cell_texts_of", "cells",
           "read_notebook", "parse_notebook", "box_to_text", "BoxError", "NotebookError",
           "INPUT_STYLES"]
