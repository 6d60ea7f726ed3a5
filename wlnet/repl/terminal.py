"""The REPL in a terminal: prompt_toolkit for editing, rich for highlighted messages."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.filters import is_searching
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.lexers import PygmentsLexer
from pygments.lexers import MathematicaLexer
from rich.console import Console

from wlnet.core.expr import Symbol
from wlnet.repl.images import print_image_result
from wlnet.repl.loop import Repl, all_names, input_is_incomplete


def history_path() -> Path:
    return Path(os.environ.get("WLNET_HISTORY", Path.home() / ".wlnet_history"))


class NameCompleter(Completer):
    """Completes builtin names and the session's own symbols."""

    def __init__(self, repl: Repl):
        self.repl = repl

    def get_completions(self, document, complete_event):
        word = document.get_word_before_cursor(pattern=_WORD)
        if not word:
            return
        for name in all_names(self.repl.session):
            if name.startswith(word):
                yield Completion(name, start_position=-len(word))


ABORTED = Symbol("$Aborted")
_WORD = re.compile(r"[$A-Za-z][$A-Za-z0-9`]*")


def _key_bindings() -> KeyBindings:
    """Enter evaluates a complete input and starts a new line in an incomplete one."""
    kb = KeyBindings()

    # not while searching history (Ctrl-R): there Enter takes the line found
    @kb.add("enter", filter=~is_searching)
    def _(event):
        buffer = event.current_buffer
        text = buffer.text
        if text.strip() and not text.lstrip().startswith("?") and input_is_incomplete(text):
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    return kb


def print_net_summary(console: Console, label: str, result) -> bool:
    """A net result as a summary panel (type, ports with shapes, layers or arrays,
    initialised or not); False, printing nothing, for anything else."""
    from rich.panel import Panel
    from wlnet.builtins import NET_SYMBOLS
    if getattr(getattr(result, "head", None), "name", None) not in NET_SYMBOLS:
        return False                   # not a net: leave the net builtins unloaded
    from wlnet.builtins.net import net_summary
    summary = net_summary(result)
    if summary is None:
        return False
    title, _, body = summary.partition("\n")
    console.print(label, markup=False, highlight=False)
    console.print(Panel(body or title, title=title, title_align="left", expand=False,
                        border_style="cyan"))
    return True


def _console(stderr: bool = False) -> Console:
    """A rich console on the terminal.  Under TERM=dumb (an Emacs shell) rich assumes 80
    columns; the terminal's own width is used instead."""
    console = Console(stderr=stderr, highlight=False)
    if console.is_dumb_terminal:
        console.size = tuple(shutil.get_terminal_size((80, 24)))
    return console


def run_terminal_repl(startup=()) -> int:
    console = _console()
    err_console = _console(stderr=True)

    def show(text: str) -> None:
        console.print(text, markup=False)

    def show_message(text: str) -> None:
        err_console.print(text, style="bold red", markup=False)

    def show_result(label: str, result) -> bool:
        if result is ABORTED:                 # the terminal echoed ^C: start a fresh line
            console.print()
            return False
        return (print_image_result(console, label, result)
                or print_net_summary(console, label, result))

    repl = Repl(show, show_message, show_result=show_result)
    code = repl.run_startup(startup)            # -run code, before the first prompt
    if code is not None:
        return code
    session = PromptSession(history=FileHistory(str(history_path())),
                            lexer=PygmentsLexer(MathematicaLexer),
                            completer=NameCompleter(repl), complete_while_typing=False,
                            key_bindings=_key_bindings(), multiline=True,
                            prompt_continuation=lambda width, n, soft: " " * width)
    console.print("wlnet — Wolfram-Language-style nets. Quit[] or Ctrl-D to leave.",
                  style="dim", markup=False)
    while True:
        try:
            text = session.prompt(repl.prompt())
        except KeyboardInterrupt:
            continue                    # Ctrl-C at the prompt clears the line
        except EOFError:
            return 0
        code = repl.handle(text)
        if code is not None:
            return code
        console.print()
