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
           "run_function", "run_linewise",
           "syntax_error_at_bracket"]


@dataclass
class Invocation:
    """What the command line asks for."""

    mode: str = "repl"                  # "repl" | "file" | "code" | "function" | "linewise"
    target: str | None = None           # the file, or the code text
    script_args: list[str] = field(default_factory=list)
    print_mode: str | None = None       # None | "last" | "all"
    fail_on_message: bool = False
    format: str | None = None           # -format: results written as Export writes this format
    run: list[str] = field(default_factory=list)    # -run: code evaluated before the REPL
    noprompt: bool = False              # -noprompt: the REPL without In/Out labels
    signature: list[str] = field(default_factory=list)  # -signature: -function's arg types


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


def print_result(result, session=None, format: str | None = None) -> bool:
    """Print a result (Null prints nothing): as OutputForm text, or with ``format`` (and
    the ``session`` to export it in) as Export writes that format, bytes and all
    (``-format PNG > plot.png``).  False when it could not be exported (the messages
    say why)."""
    from wlnet.core.expr import NULL
    from wlnet.core.parallel import is_leader
    from wlnet.core.text import escape_surrogates
    from wlnet.syntax.printer import output_form
    if result is NULL or not is_leader():
        return True
    if format is None:
        print(escape_surrogates(output_form(result)), flush=True)
        return True
    data = _exported(session, result, format)
    if data is None:
        return False
    try:
        data.decode("utf-8")
        if not data.endswith(b"\n"):          # text ends its line; binary data is left as is
            data += b"\n"
    except UnicodeDecodeError:
        pass
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return True


def _exported(session, result, format: str) -> bytes | None:
    """The bytes ``Export[file, result, format]`` writes, or None when it fails."""
    import os
    import tempfile
    from wlnet.core.expr import Expr, S, String
    with tempfile.TemporaryDirectory(prefix="wlnet-format-") as folder:
        path = os.path.join(folder, "result")
        written = session.evaluate(Expr(S.Export, String(path), result, String(format)))
        if written != String(path) or not os.path.exists(path):
            return None
        with open(path, "rb") as fh:
            return fh.read()


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
    if not print_result(result, session, inv.format):
        return 1
    if inv.fail_on_message and session.messages:
        return 1
    return 0


def run_function(inv: Invocation) -> int:
    """``wlnet -function 'f' [-signature T1 T2 …] -args a1 a2 …``: f applied to the
    arguments, each a string or, with a signature, read as its type; the result printed."""
    from wlnet.core.expr import Expr
    statements = _parse_or_report(inv.target, "-function")
    if statements is None:
        return 1
    if inv.signature and len(inv.signature) != len(inv.script_args):
        print(f"wlnet: -signature gives {len(inv.signature)} types for "
              f"{len(inv.script_args)} arguments", file=sys.stderr, flush=True)
        return 2
    session = new_session(inv, None)
    function = session.evaluate(inv.target)
    args = []
    for index, text in enumerate(inv.script_args):
        kind = inv.signature[index] if inv.signature else "String"
        value = _interpreted(text, kind)
        if value is None:
            print(f"wlnet: argument {index + 1} ({text!r}) is not of the type {kind}",
                  file=sys.stderr, flush=True)
            return 1
        args.append(value)
    result = session.evaluate(Expr(function, *args))
    if session.quit_code is not None:
        return session.quit_code
    if not print_result(result, session, inv.format):
        return 1
    return 1 if inv.fail_on_message and session.messages else 0


def _interpreted(text: str, kind: str):
    """A command-line argument as a value of a signature type, or None when it is not
    one.  The types: String, Integer, Real, Number, Boolean, Expression."""
    from wlnet.core.expr import Integer, Real, S, String
    from wlnet.syntax.parser import WLSyntaxError, parse
    try:
        if kind == "String":
            return String(text)
        if kind == "Integer":
            return Integer(int(text))
        if kind == "Real":
            return Real(float(text))
        if kind == "Number":
            number = parse(text)
            return number if type(number) in (Integer, Real) else None
        if kind == "Boolean":
            return {"true": S["True"], "false": S["False"]}.get(text.lower())
        if kind == "Expression":
            return parse(text)
    except (ValueError, WLSyntaxError):
        return None
    return None


SIGNATURE_TYPES = ("String", "Integer", "Real", "Number", "Boolean", "Expression")


def run_linewise(inv: Invocation) -> int:
    """``wlnet -linewise``: each line of stdin is one input, its result printed."""
    session = new_session(inv, None)
    code = 0
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        result = session.evaluate(text)
        if session.quit_code is not None:
            return session.quit_code
        if is_bare_quit(result):
            return 0
        if not text.rstrip().endswith(";") and not print_result(result, session, inv.format):
            code = 1
    return code


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
    any_message = syntax_failed = format_failed = False
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
        if inv.print_mode == "all" and not print_result(result, session, inv.format):
            any_message = format_failed = True
    if inv.print_mode == "last" and result is not None \
            and not print_result(result, session, inv.format):
        format_failed = True
    if syntax_failed or format_failed or (inv.fail_on_message and any_message):
        return 1
    return 0
