"""The interactive REPL: ``In[n]:=`` / ``Out[n]=`` prompts over a Session.

In a terminal it uses prompt_toolkit (line editing, persistent history, highlighting,
completion, multi-line input while the parser says the input is incomplete) and rich
(highlighted messages); with piped input it reads plain lines with the same rules, so it
can be driven by other programs and tests.
"""

from wlnet.repl.loop import run_repl

__all__ = ["run_repl"]
