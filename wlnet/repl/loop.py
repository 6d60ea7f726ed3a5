"""The REPL loop, independent of how lines are read (terminal or pipe)."""

from __future__ import annotations

import sys
from typing import Callable, Iterator

from wlnet.core.expr import NULL, Expr, S, String
from wlnet.scripts import is_bare_quit, undecodable_input


class Repl:
    """Reads inputs, evaluates them in one Session, shows ``Out[n]=`` results.

    ``show`` prints text; ``show_message`` messages; ``show_result(label, expr)``, when
    given, may draw a result itself (images in a terminal) and returns True if it did.
    """

    def __init__(self, show: Callable[[str], None], show_message: Callable[[str], None],
                 show_result: Callable[[str, object], bool] | None = None,
                 prompts: bool = True):
        from wlnet.core.session import Session
        self.show = show
        self.show_result = show_result
        self.prompts = prompts
        self.session = Session(message_sink=show_message, print_sink=show)

    @property
    def line(self) -> int:
        return self.session.line

    def prompt(self) -> str:
        return f"In[{self.line}]:= " if self.prompts else ""

    def run_startup(self, codes) -> int | None:
        """Evaluate the ``-run`` code before the first prompt, showing only what it prints
        (as the kernel's -run does); an exit code when it ends the session."""
        for code in codes:
            result = self.session.evaluate(code)
            if self.session.quit_code is not None:
                return self.session.quit_code
            if is_bare_quit(result):
                return 0
        return None

    def handle(self, text: str) -> int | None:
        """Evaluate one input; return an exit code when the session should end.  Nothing
        that goes wrong here ends the REPL (its session holds the user's work): an
        unexpected exception is a General::pyerr message."""
        try:
            return self._handle(text)
        except KeyboardInterrupt:
            self.show("$Aborted")
        except Exception as exc:
            if self.session.evaluator.debug:
                raise
            self.session.evaluator.message("General", "pyerr", "the REPL",
                                           f"{type(exc).__name__}: {exc}")
        return None

    def _handle(self, text: str) -> int | None:
        stripped = text.strip()
        bad = undecodable_input(text)
        if bad is not None:
            self.session.evaluator.message("Syntax", "sntx", bad)
            return None
        if not stripped:
            return None
        if stripped.startswith("?"):
            self.show_information(stripped)
            return None
        line = self.line
        result = self.session.evaluate(text)
        if self.session.quit_code is not None:
            return self.session.quit_code
        if self.line == line:        # it did not parse: the Syntax message is out, and
            return None              # In[n] is asked again, as the Wolfram kernel does
        if is_bare_quit(result):
            return 0
        if result is not NULL and not _ends_with_semicolon(stripped):
            label = f"Out[{line}]=" if self.prompts else ""
            if self.show_result is None or not self.show_result(label, result):
                self.show(f"{label} {render(result)}" if label else render(result))
        return None

    def show_information(self, query: str) -> None:
        """``?Name``, ``??Name`` (with examples), ``?Net*`` (names matching): the text is
        wlnet.builtins.help's, through Information."""
        name = query.lstrip("?").strip()
        if not name:
            return
        if any(c in name for c in "*@"):       # a name pattern: list the names it matches
            self.session.evaluate(Expr(S.Print, Expr(S.StringRiffle, Expr(S.Names, String(name)),
                                                     String("  "))))
            return
        long = S["True"] if query.startswith("??") else S["False"]
        self.session.evaluate(Expr(S.Information, String(name), Expr(S.Rule, S.LongForm, long)))


def _ends_with_semicolon(text: str) -> bool:
    # a trailing `;` hides the output (Out[n] is still set)
    return text.rstrip().endswith(";")


def render(expr) -> str:
    """How a result is shown after ``Out[n]=``."""
    from wlnet.syntax.printer import output_form
    text = output_form(expr)
    if "\n" in text:                    # tables (MatrixForm) start on their own line
        return "\n" + text
    return text


def all_names(session) -> list[str]:
    """Builtin names and the session's own symbols, for completion."""
    from wlnet.builtins.structure import session_names
    return sorted(n for n in session_names(session.evaluator)
                  if n[:1].isalpha() or n.startswith("$"))


# ---------------------------------------------------------------------------- input

def read_complete_inputs(lines: Iterator[str], prompt: Callable[[], str],
                         write: Callable[[str], None]) -> Iterator[str]:
    """Group raw lines into complete inputs: keep reading while the parser says the
    input so far is incomplete."""
    buffer = ""
    for raw in lines:
        buffer += raw if raw.endswith("\n") else raw + "\n"
        if input_is_incomplete(buffer):
            continue
        yield buffer
        buffer = ""
    if buffer.strip():
        yield buffer


def input_is_incomplete(text: str) -> bool:
    """Whether to read another line.  A check that fails (a lexer error, a huge input)
    counts as complete: evaluating the input then reports what is wrong with it."""
    from wlnet.syntax.parser import is_complete
    try:
        return is_complete(text) is False
    except Exception:
        return False


def run_plain_repl(stdin, stdout, startup=(), prompts: bool = True) -> int:
    """Line-based REPL for pipes: prompts and results on stdout, messages on stderr;
    ``startup``: code run first (``-run``); ``prompts``: False for ``-noprompt``."""
    reconfigure = getattr(stdin, "reconfigure", None)
    if reconfigure is not None:        # bytes that are not UTF-8 reach handle() as surrogates
        reconfigure(errors="surrogateescape")
    def show(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    def show_message(text: str) -> None:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    repl = Repl(show, show_message, prompts=prompts)
    code = repl.run_startup(startup)
    if code is not None:
        return code
    stdout.write(repl.prompt())
    stdout.flush()
    for text in read_complete_inputs(iter(stdin.readline, ""), repl.prompt, stdout.write):
        code = repl.handle(text)
        if code is not None:
            return code
        if prompts:
            stdout.write("\n" + repl.prompt())
            stdout.flush()
    if prompts:
        stdout.write("\n")
    return 0
