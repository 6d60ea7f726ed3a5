"""The ``wlnet`` command: scripts, ``-code``, the notebook subcommands, and (with no
arguments) the REPL; modelled on ``wolframscript``.  ``USAGE`` is its ``--help`` text;
running is ``wlnet.scripts``."""

from __future__ import annotations

import sys

from wlnet.scripts import Invocation, run_code, run_file

USAGE = """\
wlnet - Wolfram-Language-style neural nets

Usage:
  wlnet                          start the interactive REPL
  wlnet FILE.wl [ARGS...]        run a script; results are not printed
  wlnet -file FILE.wl [ARGS...]  the same
  wlnet -print FILE.wl           print the last statement's result
  wlnet -print all FILE.wl       print every statement's result (Null omitted)
  wlnet -code 'EXPR'             evaluate EXPR and print the result
  wlnet --fail-on-message ...    exit 1 if any message was issued (for CI)
  wlnet nb2wl NB.nb [-o F.wl]    write a Mathematica notebook's input cells as a .wl script
  wlnet run NB.nb [ARGS...]      run a notebook's input cells, printing each cell's result
  wlnet nb2ipynb NB.nb [-o F]    convert a Mathematica notebook to a Jupyter notebook
  wlnet jupyter install          register the wlnet Jupyter kernel
  wlnet --precompile             compile every Numba kernel now (both precisions), not on
                                 first use
  wlnet --version                print the version
  wlnet --help                   print this text

Print goes to stdout, messages to stderr (for a script, followed by the file, line and
column of the statement).  The exit code is Exit[n]'s, 0 otherwise; 1 after a syntax
error or, with --fail-on-message, after any message; 2 for a file that cannot be read or
a bad command line.

Environment variables:
  WLNET_DEBUG=1            show Python tracebacks of internal errors (instead of messages)
  WLNET_BACKEND=B          what runs nets: numba (default) or torch (PyTorch)
  WLNET_TORCH_DEVICE=D     the torch backend's device (default cpu)
  WLNET_IMAGE_PROTOCOL=P   how the REPL shows pictures: kitty, iterm, sixel or file
  WLNET_HISTORY=FILE       the REPL's history file (default ~/.wlnet_history)
  WLNET_PLAIN_REPL=1       the line-based REPL even in a terminal
  NUMBA_NUM_THREADS=N      threads the net kernels use (default: all cores)
  NUMBA_THREADING_LAYER=L  Numba's thread pool: tbb (default where installed), omp,
                           workqueue
  TERM=dumb                NetTrain prints a progress line every few seconds instead of
                           a live panel (also when stdout is not a terminal)"""


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
    _interruptible()
    from wlnet.core.text import escape_streams
    escape_streams()                    # a lone surrogate in the output is written \:d800
    try:
        return _dispatch(sys.argv[1:] if argv is None else argv)
    except BrokenPipeError:             # `wlnet … | head`: the reader left, stop quietly
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:           # Ctrl-C outside an evaluation (reading, parsing)
        print("$Aborted", file=sys.stderr, flush=True)
        return 130
    except Exception as exc:            # the last resort: a message, never a traceback
        import os
        if os.environ.get("WLNET_DEBUG", "") not in ("", "0"):
            raise
        print(f"General::pyerr: Internal error in wlnet: {type(exc).__name__}: {exc}.",
              file=sys.stderr, flush=True)
        return 1


def _interruptible() -> None:
    """Ctrl-C aborts the evaluation (``$Aborted``), also when wlnet was started from a
    shell that ignores SIGINT for background commands (Python then leaves it ignored)."""
    import signal
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _dispatch(argv: list[str]) -> int:
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
    if argv and argv[0] in ("jupyter", "nb2ipynb"):
        return jupyter_command(argv)
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


def jupyter_command(argv: list[str]) -> int:
    """``wlnet jupyter install …`` and ``wlnet nb2ipynb …`` (wlnet.jupyter)."""
    if argv[0] == "nb2ipynb":
        from wlnet.jupyter.convert import nb2ipynb_main
        return nb2ipynb_main(argv[1:])
    from wlnet.jupyter.install import jupyter_main
    return jupyter_main(argv[1:])


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

