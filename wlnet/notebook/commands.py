"""The ``wlnet nb2wl`` and ``wlnet run`` subcommands.

    wlnet nb2wl NOTEBOOK.nb [-o FILE.wl]    write the notebook's input cells as a .wl script
    wlnet run NOTEBOOK.nb [args…]           run the notebook's input cells in order, printing
                                            each statement's result (as the notebook shows
                                            it: every line of a cell has its own output; Null
                                            results and lines ending in ';' print nothing)
    wlnet run FILE.wl [args…]               the same as ``wlnet FILE.wl``

Messages go to stderr followed by the cell they came from.  ``Quit[]``/``Exit[]`` in a cell
ends that cell and the session: the cells after it run in a fresh session, as the front
end starts a new kernel for the cells still queued.  The exit code is 0, 1 when a cell does
not parse, 2 when the notebook cannot be read.
"""

from __future__ import annotations

import sys

from wlnet.core.files import atomic_write

__all__ = ["nb2wl_main", "run_main"]

NB2WL_USAGE = "usage: wlnet nb2wl NOTEBOOK.nb [-o FILE.wl]"
RUN_USAGE = "usage: wlnet run NOTEBOOK.nb|FILE.wl [args…]"


def _error(text: str) -> None:
    print(f"wlnet: {text}", file=sys.stderr, flush=True)


def nb2wl_main(args: list[str]) -> int:
    from wlnet.notebook.reader import NotebookError, notebook_to_script
    out_path = None
    rest = []
    i = 0
    while i < len(args):
        if args[i] in ("-o", "--output"):
            if i + 1 >= len(args):
                _error(f"-o needs a file name\n{NB2WL_USAGE}")
                return 2
            out_path = args[i + 1]
            i += 2
            continue
        rest.append(args[i])
        i += 1
    if len(rest) != 1:
        _error(NB2WL_USAGE)
        return 2
    try:
        script = notebook_to_script(rest[0])
    except NotebookError as err:
        _error(f"cannot convert {rest[0]}: {err.reason}")
        return 2
    if out_path is None:
        sys.stdout.write(script)
        sys.stdout.flush()
        return 0
    try:
        atomic_write(out_path, script)
    except OSError as err:
        _error(f"cannot write {out_path}: {err.strerror}")
        return 2
    return 0


def run_main(args: list[str]) -> int:
    if not args:
        _error(RUN_USAGE)
        return 2
    path = args[0]
    if not path.lower().endswith(".nb"):
        from wlnet.scripts import Invocation, run_file
        return run_file(Invocation(mode="file", target=path, script_args=args[1:]))
    from wlnet.notebook.reader import NotebookError, input_texts
    try:
        texts = input_texts(path)
    except NotebookError as err:
        _error(f"cannot read {path}: {err.reason}")
        return 2
    return _run_cells(path, texts, args[1:])


def _run_cells(path: str, texts: list[str], script_args: list[str]) -> int:
    from wlnet.scripts import (Invocation, is_bare_quit, new_session, print_result,
                               syntax_error_at_bracket)
    from wlnet.syntax.parser import WLSyntaxError, parse_script
    invocation = Invocation(mode="file", target=path, script_args=script_args)
    session = new_session(invocation, path)
    syntax_failed = False
    for number, text in enumerate(texts, 1):
        try:
            statements = parse_script(text)
        except WLSyntaxError as err:
            # a cell that does not parse is not evaluated; the cells after it are, as when a
            # notebook is evaluated in Mathematica
            err = syntax_error_at_bracket(err, text)
            print(f"{path}: input cell {number}: {err.formatted()}", file=sys.stderr, flush=True)
            syntax_failed = True
            continue
        for stmt in statements:
            # each statement of a cell is an input of its own, with its own output (a
            # notebook shows Out[n] for every line of the cell not ended by ';')
            result = session.evaluate(stmt)
            if session.messages:
                print(f"  (in {path}, input cell {number})", file=sys.stderr, flush=True)
            if session.quit_code is not None or is_bare_quit(result):
                # the kernel quits; the notebook's later cells run in a fresh one, as the
                # front end starts a new kernel for the cells still queued (a Quit[] cell
                # at the top of a notebook clears what an earlier run left)
                session = new_session(invocation, path)
                break
            print_result(result)
    return 1 if syntax_failed else 0
