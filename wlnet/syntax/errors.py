"""Syntax errors: ``Syntax::tag`` messages that know where in the source they happened.

The Python API raises these; the REPL and the script runner print ``err.text`` (or
``err.formatted()``, which adds the source line and a caret) and go on.
"""

from __future__ import annotations

__all__ = ["WLSyntaxError", "WLIncompleteInput", "position_of"]


def position_of(source: str, offset: int) -> tuple[int, int]:
    """(line, column), both counted from 1, of a character offset into ``source``."""
    offset = max(0, min(offset, len(source)))
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


class WLSyntaxError(Exception):
    """The text is not a valid WL expression.

    ``tag`` is the message tag (``sntx``, ``sntxi``, ``stresc``, ``bktmcp`` …), ``message``
    the message text, ``line`` and ``column`` (from 1) the spot, ``text`` the whole message as
    the Wolfram Language prints it: ``Syntax::sntx: Invalid syntax in or before "a + )"
    (line 1, column 5).``
    """

    incomplete = False

    def __init__(self, message: str, source: str = "", offset: int = 0, tag: str = "sntx"):
        self.tag = tag
        self.message = message
        self.source = source
        self.offset = max(0, min(offset, len(source)))
        self.line, self.column = position_of(source, self.offset)
        super().__init__(self.text)

    @property
    def text(self) -> str:
        return f"Syntax::{self.tag}: {self.message} (line {self.line}, column {self.column})."

    def formatted(self) -> str:
        """The message, then the source line and a caret under the spot."""
        start = self.source.rfind("\n", 0, self.offset) + 1
        end = self.source.find("\n", self.offset)
        line_text = self.source[start:] if end < 0 else self.source[start:end]
        # a tab in the source line keeps its width above the caret
        pad = "".join("\t" if c == "\t" else " " for c in line_text[:self.column - 1])
        return f"{self.text}\n{line_text}\n{pad}^"


class WLIncompleteInput(WLSyntaxError):
    """The text is a valid start of an expression: more input could complete it (a REPL reads
    another line)."""

    incomplete = True

    def __init__(self, source: str = "", offset: int | None = None,
                 message: str = "Incomplete expression; more input is needed",
                 tag: str = "sntxi"):
        super().__init__(message, source, len(source) if offset is None else offset, tag)
