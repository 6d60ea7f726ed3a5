"""Running code, scripts and notebook cells in a fresh session, for the ``wlnet`` command
(``wlnet.cli``) and its notebook subcommands (``wlnet.notebook.commands``).

``Print`` goes to stdout, messages to stderr; a message issued by a script statement is
followed by where that statement is.  Each ``run_*`` returns the exit code: ``Exit[n]``'s,
0 otherwise, 1 after a syntax error (or after any message with ``fail_on_message``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

__all__ = ["Invocation", "new_session", "print_result", "is_bare_quit", "run_code", "run_file",
           "syntax_error_at_bracket"]


@dataclass
class Invocation:
    """What the command line asks for."""

    mode: str = "repl"                  # "repl" | "file" | "code"
    target: str | None = None           # the file, or the code text
    script_args: list[str] = field(default_factory=list)
    print_mode: str | None = None       # None | "last" | "all"
    fail_on_message: bool = False


def new_session(inv: Invocation, script_name: str | None):
    """A session with ``$ScriptCommandLine`` (and ``$InputFileName`` for a script) set."""
    from wlnet.core.expr import Symbol, from_python
    from wlnet.core.parallel import is_leader
    from wlnet.core.session import Session
    session = Session(echo=is_leader())          # under torchrun only rank 0 prints
    command_line = [script_name or "wlnet", *inv.script_args]
    defs = session.evaluator.definitions
    defs.set_own(Symbol("$ScriptCommandLine"), from_python(command_line), False, evaluated=True)
    if script_name is not None:
        defs.set_own(Symbol("$InputFileName"), from_python(script_name), False, evaluated=True)
    return session


def is_bare_quit(result) -> bool:
    """Whether a statement's result is the symbol ``Quit`` or ``Exit`` itself: typed without
    brackets they end the session too, as in the Wolfram Language."""
    from wlnet.core.expr import S
    return result is S.Quit or result is S.Exit


def undecodable_input(text: str) -> str | None:
    """The Syntax message text for input read from a pipe or the command line that held
    bytes that are not UTF-8 (Python decodes those as surrogates \\udc80-\\udcff), else None."""
    for i, ch in enumerate(text):
        if "\udc80" <= ch <= "\udcff":
            return f"Invalid UTF-8: byte 0x{ord(ch) - 0xDC00:02x} cannot be decoded " \
                   f"(character {i + 1} of the input)"
    return None


def is_net_file(data: bytes) -> bool:
    """Whether ``data`` is a binary net file (Export["net.wlnet", net]) rather than a
    script: both take the .wlnet extension."""
    from wlnet.net.serialize import NetFileError, read_header
    try:
        read_header(data)
    except NetFileError:
        return False
    return True


def print_result(result) -> None:
    from wlnet.core.expr import NULL
    from wlnet.core.parallel import is_leader
    from wlnet.core.text import escape_surrogates
    from wlnet.syntax.printer import output_form
    if result is not NULL and is_leader():
        print(escape_surrogates(output_form(result)), flush=True)


_CLOSER = {"LBRACKET": "]", "LBRACE": "}", "LPAREN": ")", "LASSOC": "|>", "LPART": "]]"}
_CLOSES = {"RBRACKET", "RBRACE", "RPAREN", "RASSOC", "RPART"}


def _first_unclosed_bracket(source: str, start: int = 0) -> tuple[int, str] | None:
    """(offset, closer) of the outermost bracket that ``source`` leaves open after ``start``
    (a statement's first token), or None."""
    from wlnet.syntax.lexer import lex
    from wlnet.syntax.parser import WLSyntaxError
    try:
        tokens, offsets = lex(source, script=True, start=start)
    except WLSyntaxError:
        return None
    open_brackets = []
    for token, offset in zip(tokens, offsets):
        if token[0] in _CLOSER:
            open_brackets.append((offset, _CLOSER[token[0]]))
        elif token[0] in _CLOSES and open_brackets:
            open_brackets.pop()
    return open_brackets[0] if open_brackets else None


def syntax_error_at_bracket(err, source: str, start: int = 0):
    """A syntax error placed where the mistake is: an input that ends inside brackets is
    reported at the bracket left open (``Syntax::bktmcp``), not at the end of the file
    that the parser reached looking for its closer (``start``: where the statement that
    holds it begins).  Any other error is returned as is."""
    from wlnet.syntax.parser import WLSyntaxError
    if not err.incomplete:
        return err
    opener = _first_unclosed_bracket(source, start)
    if opener is None:
        return err
    offset, closer = opener
    line_start = source.rfind("\n", 0, offset) + 1
    line_end = source.find("\n", offset)
    snippet = source[line_start:line_end if line_end >= 0 else len(source)].strip()
    return WLSyntaxError(f'Expression "{snippet}" has no closing "{closer}"', source, offset,
                         tag="bktmcp")


def _parse_or_report(source: str, where: str):
    """The statements of ``source`` with their places, or None after printing the syntax
    error (``where`` prefixes it: the file name, or ``-code``)."""
    from wlnet.syntax.parser import WLSyntaxError, parse_script_positions
    try:
        return parse_script_positions(source)
    except WLSyntaxError as err:
        err = syntax_error_at_bracket(err, source)
        print(f"{where}:{err.line}:{err.column}: {err.formatted()}", file=sys.stderr, flush=True)
        return None
    except (RecursionError, MemoryError):
        print(f"{where}: Syntax::sntx: the input is too large or too deeply nested to parse.",
              file=sys.stderr, flush=True)
        return None


def _read_resuming_or_report(source: str, where: str):
    """The statements of a script file read as Get reads one, a statement that does not
    parse standing as its syntax error: [(expr | WLSyntaxError, offset, line, column)]; or
    None after printing why the file cannot be read at all."""
    from wlnet.syntax.parser import parse_script_resuming, placed_statements
    try:
        statements = parse_script_resuming(source)
    except (RecursionError, MemoryError):
        print(f"{where}: Syntax::sntx: the input is too large or too deeply nested to parse.",
              file=sys.stderr, flush=True)
        return None
    places = placed_statements(source, statements)
    return [(expr, start, line, column)
            for (expr, start), (_, line, column) in zip(statements, places)]


def run_code(inv: Invocation) -> int:
    """``wlnet -code 'expr'``: evaluate and print the result."""
    bad = undecodable_input(inv.target)
    if bad is not None:
        print(f"-code: Syntax::sntx: {bad}.", file=sys.stderr, flush=True)
        return 1
    statements = _parse_or_report(inv.target, "-code")
    if statements is None:
        return 1
    session = new_session(inv, None)
    result = session.evaluate(inv.target)
    if session.quit_code is not None:
        return session.quit_code
    if is_bare_quit(result):
        return 0
    print_result(result)
    if inv.fail_on_message and session.messages:
        return 1
    return 0


def run_file(inv: Invocation) -> int:
    """``wlnet FILE.wl``: evaluate the statements in order, printing as ``print_mode`` says."""
    from wlnet.core.text import SourceEncodingError, decode_source
    path = inv.target
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        source = decode_source(data)
    except OSError as err:
        print(f"wlnet: cannot read {path}: {err.strerror}", file=sys.stderr)
        return 2
    except SourceEncodingError as err:
        if is_net_file(data):
            print(f"wlnet: {path} is a net saved by Export, not a script: read it with "
                  f"net = Import[\"{path}\"]", file=sys.stderr, flush=True)
            return 1
        print(f"{path}:{err.line}:{err.column}: Syntax::sntx: {err}.", file=sys.stderr, flush=True)
        return 1
    statements = _read_resuming_or_report(source, path)
    if statements is None:
        return 1
    session = new_session(inv, path)
    any_message = syntax_failed = False
    result = None
    from wlnet.syntax.parser import WLSyntaxError, read_in_turn
    exprs = [expr for expr, _, _, _ in statements]
    starts = [start for _, start, _, _ in statements]
    for index, expr in enumerate(read_in_turn(source, exprs, starts)):
        _, start, line, column = statements[index]
        if isinstance(expr, WLSyntaxError):
            # reported when reached, after what the statements before it printed; the
            # statements after it run, as the Wolfram Language's Get goes on reading
            err = syntax_error_at_bracket(expr, source, start)
            print(f"{path}:{err.line}:{err.column}: {err.formatted()}", file=sys.stderr, flush=True)
            any_message = syntax_failed = True
            continue
        result = session.evaluate(expr)
        if session.messages:
            any_message = True
            if session.echo:
                print(f"  (in {path}, line {line}, column {column})", file=sys.stderr, flush=True)
        if session.quit_code is not None:
            return session.quit_code
        if is_bare_quit(result):
            return 0
        if inv.print_mode == "all":
            print_result(result)
    if inv.print_mode == "last" and result is not None:
        print_result(result)
    if syntax_failed or (inv.fail_on_message and any_message):
        return 1
    return 0
