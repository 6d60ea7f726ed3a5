"""The ``wlnet`` command: scripts, ``-code``, the notebook subcommands, and (with no
arguments) the REPL; modelled on ``wolframscript``.  ``USAGE`` is its ``--help`` text;
running is ``wlnet.scripts``."""

from __future__ import annotations

import sys

from wlnet.scripts import (SIGNATURE_TYPES, Invocation, run_code, run_file, run_function,
                           run_linewise)

USAGE = """\
wlnet - Wolfram-Language-style neural nets

Usage:
  wlnet                          start the interactive REPL
  wlnet FILE.wl [ARGS...]        run a script; results are not printed
  wlnet -file FILE.wl [ARGS...]  the same
  wlnet -print FILE.wl           print the last statement's result
  wlnet -print all FILE.wl       print every statement's result (Null omitted)
  wlnet -code 'EXPR' [ARGS...]   evaluate EXPR and print the result
  wlnet -function 'F' [-signature T...] -args A...
                                 print F applied to the arguments (strings, or read as
                                 the types T: String Integer Real Number Boolean
                                 Expression)
  wlnet ... -format FMT          write the printed results as Export writes format FMT
                                 (JSON, CSV, PNG, SVG, PDF, …): -format PNG > plot.png
  wlnet -linewise                evaluate each line of stdin, printing its result
  wlnet -run 'EXPR' [-noprompt]  evaluate EXPR, then the REPL (the kernel's -run; Exit[]
                                 at the end of EXPR ends there); -noprompt: no In/Out
  wlnet -code 'EXPR' -- ARGS     everything after -- (or -args) goes to $ScriptCommandLine
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
    """The command line as wolframscript (and the kernel, for -run and -noprompt) reads
    it.  After the file of ``FILE``/``-file`` everything is the script's; after ``-code``
    and ``-function`` the words that are not options are, and all after ``--`` or
    ``-args``."""
    inv = Invocation()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if inv.mode == "file" and inv.target is not None:
            rest = argv[i:]
            inv.script_args = rest[1:] if rest[:1] == ["--"] else rest
            break
        if arg in ("--", "-args"):
            inv.script_args += argv[i + 1:]
            break
        if arg in ("-code", "-c", "--code", "-function", "-fun", "-file", "-f", "--file",
                   "-script", "-format", "-run", "-signature", "-s") and i + 1 >= len(argv):
            raise UsageError(f"{arg} needs {_NEEDS.get(arg, 'a value')}")
        if arg in ("-code", "-c", "--code"):
            inv.mode, inv.target = "code", argv[i + 1]
            i += 2
        elif arg in ("-function", "-fun"):
            inv.mode, inv.target = "function", argv[i + 1]
            i += 2
        elif arg in ("-file", "-f", "--file", "-script"):
            inv.mode, inv.target = "file", argv[i + 1]
            i += 2
        elif arg in ("-print", "--print"):
            all_results = i + 1 < len(argv) and argv[i + 1] == "all"
            inv.print_mode = "all" if all_results else "last"
            i += 2 if all_results else 1
        elif arg == "-format":
            inv.format = argv[i + 1]
            i += 2
        elif arg == "-run":
            inv.run.append(argv[i + 1])
            i += 2
        elif arg in ("-signature", "-s"):
            i += 1
            while i < len(argv) and not argv[i].startswith("-"):
                if argv[i] not in SIGNATURE_TYPES:
                    raise UsageError(f"-signature: unknown type {argv[i]} (the types: "
                                     f"{', '.join(SIGNATURE_TYPES)})")
                inv.signature.append(argv[i])
                i += 1
        elif arg == "-linewise":
            inv.mode = "linewise"
            i += 1
        elif arg == "-noprompt":
            inv.noprompt = True
            i += 1
        elif arg in ("-local", "-l", "-v", "-verbose"):
            i += 1                      # wlnet always runs locally; nothing more to say
        elif arg == "--fail-on-message":
            inv.fail_on_message = True
            i += 1
        elif arg.startswith("-") and arg != "-":
            raise UsageError(f"unknown option {arg}")
        elif inv.mode in ("code", "function"):
            inv.script_args.append(arg)
            i += 1
        else:
            inv.mode, inv.target = "file", arg
            i += 1
    if inv.signature and inv.mode != "function":
        raise UsageError("-signature goes with -function")
    return inv


def _apply_shebang_options(inv: Invocation) -> None:
    """Options on a script's ``#!`` line after the interpreter's name, as wolframscript
    reads them: ``#!/usr/bin/env wolframscript -function -signature Integer Integer``
    makes the file's text a function of the script's arguments; ``-print [all]`` and
    ``-format F`` print its results."""
    try:
        with open(inv.target, "rb") as fh:
            first = fh.readline(4096).decode("utf-8", "replace")
    except OSError:
        return                          # run_file reports the file
    if not first.startswith("#!"):
        return
    words = first[2:].split()
    names = [i for i, w in enumerate(words) if w.rsplit("/", 1)[-1] in ("wlnet", "wolframscript")]
    options = words[names[0] + 1:] if names else []
    i = 0
    while i < len(options):
        word = options[i]
        if word in ("-function", "-fun"):
            with open(inv.target, encoding="utf-8", errors="replace") as fh:
                inv.mode, inv.target = "function", fh.read().split("\n", 1)[1] \
                    if "\n" in first else ""
            i += 1
        elif word in ("-signature", "-s"):
            i += 1
            while i < len(options) and not options[i].startswith("-"):
                if options[i] not in SIGNATURE_TYPES:
                    raise UsageError(f"-signature: unknown type {options[i]}")
                inv.signature.append(options[i])
                i += 1
        elif word == "-print":
            all_results = i + 1 < len(options) and options[i + 1] == "all"
            inv.print_mode = "all" if all_results else "last"
            i += 2 if all_results else 1
        elif word == "-format" and i + 1 < len(options):
            inv.format = options[i + 1]
            i += 2
        else:
            i += 1                      # -local, -cloud, -script…: nothing for wlnet


_NEEDS = {"-code": "an expression", "-c": "an expression", "--code": "an expression",
          "-function": "a function", "-fun": "a function", "-format": "a format name",
          "-run": "code to run", "-signature": "types", "-s": "types"}


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
        return run_repl(startup=inv.run, prompts=not inv.noprompt)
    if inv.run:
        print("wlnet: -run starts the REPL; give the code with -code, or a file",
              file=sys.stderr)
        return 2
    if inv.mode == "file":
        try:
            _apply_shebang_options(inv)
        except UsageError as err:
            print(f"wlnet: {inv.target}: {err}", file=sys.stderr)
            return 2
    if inv.mode == "code":
        return run_code(inv)
    if inv.mode == "function":
        return run_function(inv)
    if inv.mode == "linewise":
        return run_linewise(inv)
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

