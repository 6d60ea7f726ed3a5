"""The ``wlnet`` command: scripts, ``-code``, and (with no arguments) the REPL.

Modelled on ``wolframscript``:

    wlnet FILE.wl [args…]          run a script; results are not printed
    wlnet -file FILE.wl [args…]    the same
    wlnet -print FILE.wl           print the last statement's result
    wlnet -print all FILE.wl       print every statement's result (Null omitted)
    wlnet -code 'expr'             evaluate and print the result
    wlnet --fail-on-message …      exit 1 if any message was issued (for CI use)
    wlnet nb2wl NB.nb [-o F.wl]    write a Mathematica notebook's input cells as a .wl script
    wlnet run NB.nb [args…]        run a notebook's input cells, printing each cell's result
    wlnet --precompile             compile every Numba kernel now (both precisions), not on first use
    wlnet                          the interactive REPL

``Print`` goes to stdout, messages to stderr.  The exit code is ``Exit[n]``'s, 0 otherwise
(1 after a syntax error, or after any message under ``--fail-on-message``).  A message
issued by a script statement is followed by where that statement is (file, line, column).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

# the usage text is the docstring's first three paragraphs: title, "Modelled on…", options
USAGE = "\n\n".join(__doc__.split("\n\n")[:3]).strip()


@dataclass
class Invocation:
    """What the command line asks for."""

    mode: str = "repl"                  # "repl" | "file" | "code"
    target: str | None = None           # the file, or the code text
    script_args: list[str] = field(default_factory=list)
    print_mode: str | None = None       # None | "last" | "all"
    fail_on_message: bool = False


class UsageError(Exception):
    pass


def parse_arguments(argv: list[str]) -> Invocation:
    inv = Invocation()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if inv.mode == "file" and inv.target is not None:
            inv.script_args = argv[i:]      # everything after the file is the script's
            break
        if arg in ("-code", "-c", "--code"):
            if i + 1 >= len(argv):
                raise UsageError(f"{arg} needs an expression")
            inv.mode, inv.target = "code", argv[i + 1]
            i += 2
            continue
        if arg in ("-file", "-f", "--file", "-script"):
            if i + 1 >= len(argv):
                raise UsageError(f"{arg} needs a file name")
            inv.mode, inv.target = "file", argv[i + 1]
            i += 2
            continue
        if arg in ("-print", "--print"):
            if i + 1 < len(argv) and argv[i + 1] == "all":
                inv.print_mode = "all"
                i += 2
            else:
                inv.print_mode = "last"
                i += 1
            continue
        if arg == "--fail-on-message":
            inv.fail_on_message = True
            i += 1
            continue
        if arg.startswith("-") and arg != "-":
            raise UsageError(f"unknown option {arg}")
        inv.mode, inv.target = "file", arg
        i += 1
    return inv


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help", "-help"):
        print(USAGE)
        return 0
    if argv and argv[0] in ("--version", "-version"):
        from wlnet import __version__
        print(f"wlnet {__version__}")
        return 0
    if argv and argv[0] == "--precompile":
        return precompile_main(argv[1:])
    if argv and argv[0] in ("nb2wl", "run"):
        from wlnet.notebook.commands import nb2wl_main, run_main
        return (nb2wl_main if argv[0] == "nb2wl" else run_main)(argv[1:])
    try:
        inv = parse_arguments(argv)
    except UsageError as err:
        print(f"wlnet: {err}\n\n{USAGE}", file=sys.stderr)
        return 2
    if inv.mode == "repl":
        from wlnet.repl import run_repl
        return run_repl()
    if inv.mode == "code":
        return run_code(inv)
    return run_file(inv)


# ---------------------------------------------------------------------------- running

def _new_session(inv: Invocation, script_name: str | None):
    from wlnet.core.expr import Symbol, from_python
    from wlnet.core.session import Session
    session = Session()
    command_line = [script_name or "wlnet", *inv.script_args]
    defs = session.evaluator.definitions
    defs.set_own(Symbol("$ScriptCommandLine"), from_python(command_line), False, evaluated=True)
    if script_name is not None:
        defs.set_own(Symbol("$InputFileName"), from_python(script_name), False, evaluated=True)
    return session


def _print_result(result) -> None:
    from wlnet.core.expr import NULL
    from wlnet.syntax.printer import output_form
    if result is not NULL:
        print(output_form(result), flush=True)


def run_code(inv: Invocation) -> int:
    session = _new_session(inv, None)
    result = session.evaluate(inv.target)
    if session.quit_code is not None:
        return session.quit_code
    _print_result(result)
    if inv.fail_on_message and session.messages:
        return 1
    return 0


def run_file(inv: Invocation) -> int:
    from wlnet.syntax.parser import WLSyntaxError, parse_script_positions
    path = inv.target
    try:
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
    except OSError as err:
        print(f"wlnet: cannot read {path}: {err.strerror}", file=sys.stderr)
        return 2
    try:
        statements = parse_script_positions(source)
    except WLSyntaxError as err:
        print(f"{path}:{err.line}:{err.column}: {err.formatted()}", file=sys.stderr)
        return 1
    session = _new_session(inv, path)
    any_message = False
    result = None
    for expr, line, column in statements:
        result = session.evaluate(expr)
        if session.messages:
            any_message = True
            print(f"  (in {path}, line {line}, column {column})", file=sys.stderr, flush=True)
        if session.quit_code is not None:
            return session.quit_code
        if inv.print_mode == "all":
            _print_result(result)
    if inv.print_mode == "last" and result is not None:
        _print_result(result)
    if inv.fail_on_message and any_message:
        return 1
    return 0


# ---------------------------------------------------------------------------- precompiling

def precompile_main(argv: list[str]) -> int:
    """``wlnet --precompile``: warm the kernel cache, so that no later session compiles."""
    if argv:
        print(f"wlnet: --precompile takes no arguments\n\n{USAGE}", file=sys.stderr)
        return 2
    from wlnet.kernels.precompile import precompile
    print("wlnet: compiling the kernels in both precisions (minutes on a fresh checkout, "
          "seconds when they are compiled already)…", file=sys.stderr, flush=True)
    precompile(report=lambda text: print(f"wlnet: {text}", file=sys.stderr, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

