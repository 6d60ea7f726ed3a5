"""The interactive REPL: ``In[n]:=`` / ``Out[n]=`` prompts over a Session.

In a terminal it uses prompt_toolkit (line editing, persistent history, highlighting,
completion, multi-line input while the parser says the input is incomplete) and rich
(highlighted messages); with piped input it reads plain lines with the same rules, so it
can be driven by other programs and tests.
"""

import os
import sys

from wlnet.repl.loop import run_plain_repl

__all__ = ["run_repl"]


def run_repl(stdin=None, stdout=None, startup=(), prompts: bool = True) -> int:
    """The terminal REPL on a terminal (unless WLNET_PLAIN_REPL is set or prompts are off),
    else the plain one; ``startup`` is code evaluated first (``-run``)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if prompts and stdin.isatty() and stdout.isatty() and not os.environ.get("WLNET_PLAIN_REPL"):
        from wlnet.repl.terminal import run_terminal_repl
        return run_terminal_repl(startup)
    return run_plain_repl(stdin, stdout, startup, prompts)
