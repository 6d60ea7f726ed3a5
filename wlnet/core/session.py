"""A session: definitions that persist across inputs, the In/Out history, messages.

    >>> s = Session()
    >>> s.evaluate("f[x_] := x^2; f[3]")
    Integer(9)
    >>> s.messages                      # messages issued by the last evaluate
    []

``evaluate`` never raises for a Wolfram-level problem (a syntax error is a
``Syntax::sntx`` message, a failed call a message and an unevaluated result).  Each call
is one input line: ``$Line`` advances, ``In[n]`` holds the input and ``Out[n]`` (``%``)
the last result.
"""

from __future__ import annotations

import re
import sys

from wlnet.core.evaluator import Evaluator, QuitSession
from wlnet.core.expr import Expr, FALSE, NULL, S, String, Symbol, TRUE, from_python
from wlnet.core.text import escape_surrogates

__all__ = ["Session", "evaluate"]

_INFORMATION_QUERY = re.compile(r"^\s*\?(\?)?\s*([A-Za-z$][\w$`]*)\s*$")


_PYTHON_DEFAULT_GC = (700, 10, 10)
_SESSION_GC = (20000, 10, 10)


def _spaced_garbage_collection() -> None:
    """Collect young objects every 20000 allocations instead of Python's 700.  A session
    makes expressions by the million, and each collection of the young ones also ages
    them, so that the full collections walking every live expression come far too often:
    with a large list in memory, building another took 2-3 times as long.  Only Python's
    own default is changed (a host program's own setting is left alone)."""
    import gc
    if gc.get_threshold() == _PYTHON_DEFAULT_GC:
        gc.set_threshold(*_SESSION_GC)


class Session:
    """One Wolfram Language session (see the module docstring).

    ``message_sink`` and ``print_sink`` receive each message text and each printed line
    (default: stderr and stdout).  ``quit_code`` is set when the input ran ``Quit``/``Exit``;
    the rest of that input is skipped.
    """

    def __init__(self, *, message_sink=None, print_sink=None, echo: bool = True):
        # The session is where the core meets the language's builtins: it registers them
        # (the net framework's deferred to its first use) before its symbol table is made.
        from wlnet.builtins import load_builtins
        load_builtins()
        _spaced_garbage_collection()
        self.messages: list[str] = []
        self.output: list[str] = []
        self.echo = echo
        self._message_sink = message_sink if message_sink is not None else \
            (_to_stderr if echo else None)
        self._print_sink = print_sink if print_sink is not None else \
            (_to_stdout if echo else None)
        self.evaluator = Evaluator(message_sink=self._on_message, print_sink=self._on_print,
                                   session=self)
        self.line = 1
        self.inputs: dict[int, object] = {}
        self.outputs: dict[int, object] = {}
        self.quit_code: int | None = None
        self.evaluator.definitions.set_own(Symbol("$Line"), from_python(1), False,
                                           evaluated=True)

    # -- sinks

    def _on_message(self, text: str) -> None:
        self.messages.append(text)
        if self._message_sink is not None:
            self._message_sink(text)

    def _on_print(self, text: str) -> None:
        self.output.append(text)
        if self._print_sink is not None:
            self._print_sink(text)

    # -- evaluation

    def evaluate(self, source):
        """Evaluate a statement or a script (text), or an expression; return the result
        of the last statement."""
        self.messages = []
        self.output = []
        if isinstance(source, str):
            statements = self.parse(source)
            if statements is None:
                return S["$Failed"]
        else:
            statements = [from_python(source)]
        line = self.line
        self.inputs[line] = statements[-1] if statements else NULL
        result = NULL
        if isinstance(source, str) and len(statements) > 1:
            from wlnet.syntax.parser import read_in_turn
            statements = read_in_turn(source, statements)
        shown = NULL
        try:
            for stmt in statements:
                stmt, quiet = _without_final_semicolon(stmt)
                shown = self.evaluator.run(stmt)
                result = NULL if quiet else shown
        except QuitSession as q:
            self.quit_code = q.code
            result = shown = NULL
        self.outputs[line] = shown
        self.line = line + 1
        self.evaluator.definitions.set_own(Symbol("$Line"), from_python(self.line), False,
                                           evaluated=True)
        return result

    def parse(self, text: str):
        """The statements of ``text``, or None after a Syntax::sntx message.  A line
        ``?name`` or ``??name`` asks for Information[name] (a front-end form the grammar
        does not cover)."""
        from wlnet.syntax.parser import parse_script, WLSyntaxError
        from wlnet.core.contexts import activate
        activate(self.evaluator.contexts)         # names are read in this session's contexts
        query = _INFORMATION_QUERY.match(text)
        if query:
            return [Expr(S.Information, String(query.group(2)),
                         Expr(S.Rule, S.LongForm, TRUE if query.group(1) else FALSE))]
        try:
            return parse_script(text)
        except WLSyntaxError as err:
            self.evaluator.message("Syntax", getattr(err, "tag", "sntx"), _syntax_text(err))
            return None
        except KeyboardInterrupt:                 # Ctrl-C during a long parse: $Aborted
            return [S["$Aborted"]]
        except (RecursionError, MemoryError):
            self.evaluator.message("Syntax", "sntx", "the input is too large or too deeply "
                                                     "nested to parse")
            return None
        except Exception as exc:                  # the last resort: a message, never a traceback
            if self.evaluator.debug:
                raise
            self.evaluator.message("General", "pyerr", "the parser",
                                   f"{type(exc).__name__}: {exc}")
            return None

    def run_file(self, path: str):
        """``Get[path]``: evaluate every statement of a .wl file."""
        return self.evaluator.run(Expr(S.Get, String(str(path))))

    def out(self, n: int):
        return self.outputs.get(n)


def _without_final_semicolon(stmt):
    """(the statement, True) without the Null of a final ';' (``e1; e2;``): such a line
    shows no output, yet ``Out[n]`` (``%``) is the value of its last expression, as in a
    notebook where ``Plot[…];`` is followed by ``Show[%, …]``."""
    if type(stmt) is Expr and stmt.head is S.CompoundExpression and len(stmt.args) >= 2 \
            and stmt.args[-1] is NULL:
        rest = stmt.args[:-1]
        return (rest[0] if len(rest) == 1 else Expr(S.CompoundExpression, *rest)), True
    return stmt, False


def _syntax_text(err) -> str:
    line = getattr(err, "line", None)
    col = getattr(err, "column", None)
    msg = getattr(err, "message", None) or str(err)
    if line is not None and col is not None:
        return f"{msg} (line {line}, column {col})"
    return msg


def _to_stderr(text: str) -> None:
    print(escape_surrogates(text), file=sys.stderr, flush=True)


def _to_stdout(text: str) -> None:
    print(escape_surrogates(text), flush=True)


def evaluate(text):
    """Evaluate ``text`` in a fresh session."""
    return Session().evaluate(text)
