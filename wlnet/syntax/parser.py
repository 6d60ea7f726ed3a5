"""WL text -> expressions: ``parse``, ``parse_script`` and friends.

The pipeline is  text --lexer.lex--> tokens --LALR driver--> Expr.  ``parse`` and
``parse_script`` run it fused (``Driver.run_text``: the lexer's raw tokens go straight into
the driver, no token list is made) and fall back to lex + run, which place syntax errors,
for errors and the few cases the fused loop leaves to them (file names after << >>).

The pieces: lexer.py (the tokens), tables.py (the LALR tables, from grammar/wl.lark through
Lark), driver.py (the loop that runs them; why it is ours and not Lark's is said there) and
builder.py (the reductions that build the expressions).
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager

from wlnet.core.contexts import reading_key
from wlnet.core.expr import NULL
from wlnet.syntax.driver import Fallback, NeedOffsets
from wlnet.syntax.errors import WLIncompleteInput, WLSyntaxError
from wlnet.syntax import lexer as _lexer
from wlnet.syntax.lexer import lex
from wlnet.syntax.tables import driver

__all__ = ["parse", "parse_script", "parse_script_positions", "parse_script_resuming",
           "placed_statements", "read_in_turn", "is_complete", "WLSyntaxError",
           "WLIncompleteInput"]


def parse(text: str):
    """Parse one expression.  Newlines are whitespace here, as in a notebook cell or
    ``ToExpression``; an empty text (or only comments) is ``Null``.

    Raises WLSyntaxError, or its subclass WLIncompleteInput when more text could complete it."""
    with _no_gc():
        try:
            exprs = _run_fused(text, 0, script=False)
        except Fallback:
            tokens, offsets = lex(text, offsets=False)
            if not tokens:
                return NULL
            return _run(text, tokens, offsets, script=False)[0][0]
        return exprs[0] if exprs else NULL


def parse_script(text: str) -> list:
    """Parse a script (a .wl file, REPL input): the list of its top-level expressions.

    A newline at bracket depth 0 ends an expression when what precedes it is complete, and
    continues it otherwise (``a +`` newline ``b`` is one expression).  A first line starting
    with ``#!`` is ignored."""
    with _no_gc():
        start = _after_shebang(text)
        try:
            return _run_fused(text, start, script=True)
        except Fallback:
            return [expr for expr, _ in _statements(text, positions=False)]


def parse_script_positions(text: str) -> list[tuple]:
    """Like ``parse_script``, with the place of each statement: [(expr, line, column), …]
    (both from 1; the place of the statement's first token)."""
    return placed_statements(text, _statements(text))


def placed_statements(text: str, statements) -> list[tuple]:
    """[(expr, line, column)] of [(expr, offset)], lines counted incrementally."""
    result = []
    line, counted = 1, 0
    for expr, offset in statements:
        line += text.count("\n", counted, offset)
        counted = offset
        line_start = text.rfind("\n", 0, offset) + 1
        result.append((expr, line, offset - line_start + 1))
    return result


def parse_script_resuming(text: str) -> list[tuple]:
    """The statements of a script as the Wolfram Language's Get reads a file, which goes on
    reading after a syntax error: [(expr, offset)] in order, where a statement that does not
    parse is its WLSyntaxError, so that the statements before it are evaluated and those
    after it too.  Reading resumes at the first newline outside brackets after the error
    (the end of the bad statement); an error that leaves a bracket open to the end of the
    text (an incomplete input) ends the reading."""
    result = []
    start = _after_shebang(text)
    while start < len(text):
        try:
            result.extend(_statements(text, start=start))
            break
        except WLSyntaxError as err:
            err, bad_start = _first_bad_statement(text, start, err)
            if bad_start > start:
                result.extend(_statements(text[:bad_start], start=start))
            result.append((err, bad_start))
            if err.incomplete:
                break
            start = _statement_end(text, bad_start, err.offset)
    return result


def _first_bad_statement(text: str, start: int, err: WLSyntaxError) -> tuple:
    """(the first syntax error after ``start``, where the statement holding it begins), given
    a syntax error ``err``: the statement begins at the latest line start from which back to
    ``start`` the text reads as whole statements (a newline ends a statement only after a
    complete expression, so the statements before the bad one are the same whatever
    follows them).  Reading that text may meet an earlier error (the lexer checks brackets
    over the whole text before the parser runs): then that one is the first."""
    line_start = text.rfind("\n", start, err.offset)
    while line_start >= start:
        try:
            _statements(text[:line_start + 1], positions=False, start=start)
            return err, line_start + 1
        except WLIncompleteInput:            # the cut is inside a statement
            line_start = text.rfind("\n", start, line_start)
        except WLSyntaxError as earlier:
            return _first_bad_statement(text, start, earlier)
    return err, start


def _statement_end(text: str, bad_start: int, error_offset: int) -> int:
    """Where reading resumes after a statement with a syntax error: after the first newline
    outside brackets past the error (the lexer only gives newlines at bracket depth 0), or
    after the error's line when the text cannot even be split into tokens there."""
    try:
        tokens, offsets = lex(text, script=True, start=bad_start)
    except WLSyntaxError:
        newline = text.find("\n", error_offset)
        return len(text) if newline < 0 else newline + 1
    for token, offset in zip(tokens, offsets):
        if token[0] == "NEWLINE" and offset >= error_offset:
            return offset + 1
    return len(text)


def _statements(text: str, positions: bool = True, start: int | None = None) -> list[tuple]:
    """[(expr, offset of its first token)] for the statements of a script (the offsets
    are None without ``positions``), from offset ``start`` (a statement's first token)."""
    with _no_gc():
        if start is None:
            start = _after_shebang(text)
        tokens, offsets = lex(text, script=True, start=start, offsets=positions)
        return _run(text, tokens, offsets, script=True, start=start)


def _run(text: str, tokens: list, offsets: list | None, script: bool, start: int = 0):
    """Run the driver; when a syntax error needs the token offsets that were not kept,
    lex again keeping them and run again, which raises it, placed."""
    try:
        return driver().run(text, tokens, offsets, script)
    except NeedOffsets:
        tokens, offsets = lex(text, script=script, start=start)
        return driver().run(text, tokens, offsets, script)


def _run_fused(text: str, start: int, script: bool) -> list:
    """The expressions of the statements, by the fused driver (``Driver.run_text``) on the
    fast raw tokens, else on the exact ones; raises Fallback."""
    lalr = driver()
    _lexer.check_memories()
    try:
        return lalr.run_text(text, _lexer._FAST_RE.findall(text, start), script, False)
    except _lexer._NeedExactPath:
        pass
    except (WLSyntaxError, NeedOffsets):
        raise Fallback from None
    try:
        return lalr.run_text(text, _lexer._exact_raw_tokens(text, start), script, True)
    except (WLSyntaxError, NeedOffsets, _lexer._NeedExactPath):
        raise Fallback from None


# What a statement that changes the contexts names (BeginPackage, Begin, Needs, Get, <<,
# $Context, $ContextPath): scripts without any are read at once, as before.
_MAY_CHANGE_CONTEXTS = re.compile(r"Begin|Needs|Get|<<|\$Context")


def read_in_turn(text: str, statements: list, starts: list | None = None):
    """The statements of a script for evaluation, one at a time, each as read in the
    contexts in force when it is reached.  ``statements`` are the script's statements as
    ``parse_script(text)`` read them; the caller evaluates each one before asking for the
    next (``starts``: their offsets in ``text`` when the caller has them; a statement may be
    a WLSyntaxError of ``parse_script_resuming``, passed on as it is).  The Wolfram Language reads a package file (or a cell's lines) statement by
    statement, so after ``BeginPackage["Geometry`"]`` the names that follow are
    Geometry`'s: once a statement has changed $Context or $ContextPath, each statement
    after it is read again, alone, just before it is evaluated."""
    count = len(statements)
    if count < 2 or not _MAY_CHANGE_CONTEXTS.search(text):
        yield from statements
        return
    if starts is None:
        starts = [offset for _, offset in _statements(text)]
    bounds = list(starts) + [len(text)]
    first_key = reading_key()
    for i, statement in enumerate(statements):
        if i and reading_key() != first_key and not isinstance(statement, WLSyntaxError):
            try:
                again = parse_script(text[bounds[i]:bounds[i + 1]])
            except WLSyntaxError:
                # a slice the statement offsets cut badly (a comment before the ';' that
                # ends a statement): the statement as the whole file read it
                again = ()
            if len(again) == 1:
                statement = again[0]
        yield statement


def is_complete(text: str) -> bool | None:
    """True when ``text`` parses as a script, False when it is incomplete (a REPL should
    read another line), None when it is invalid whatever follows."""
    try:
        parse_script(text)
    except WLIncompleteInput:
        return False
    except WLSyntaxError:
        return None
    return True


@contextmanager
def _no_gc():
    """Parsing allocates many objects and creates no reference cycles: the cyclic garbage
    collector would only rescan the growing result (a third of the parse time on large
    scripts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _after_shebang(text: str) -> int:
    if text.startswith("#!"):
        newline = text.find("\n")
        return len(text) if newline < 0 else newline
    return 0
