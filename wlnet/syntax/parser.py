"""WL text -> expressions: ``parse``, ``parse_script`` and friends.

The pipeline is  text --lexer.lex--> tokens --LALR driver--> Expr.  ``parse`` and
``parse_script`` run it fused (``_Tables.run_text``: the lexer's raw tokens go straight into
the driver, no token list is made) and fall back to lex + run, which place syntax errors,
for errors and the few cases the fused loop leaves to them (file names after << >>).

The LALR tables come from Lark, built from grammar/wl.lark (the one copy of the grammar).
The driver that runs them is the small loop below rather than Lark's own: with one grammar
level per precedence row, every operand climbs through ~30 single-child levels before it
can be combined, and Lark performs each of those as a separate reduction.  The driver
memoises such chains of pass-through reductions (they depend only on the state below, the
state on top and the lookahead), so an operand climbs in one dictionary lookup.  It also
lets a script be split where WL splits it: a newline at bracket depth 0 ends the statement
exactly when the tokens so far form a complete expression, which the driver can ask the
parse table (see ``_Tables.accepts_end``).  tests/syntax/test_parse_driver.py checks that the
driver and Lark's own LALR parser agree.

The callbacks that build expressions are the methods of ``_Build``, one per rule alias of
the grammar; they build FullForm shapes directly (``a - b`` is ``Plus[a, Times[-1, b]]``,
``a/b`` is ``Times[a, Power[b, -1]]``, chains of flat operators are flattened, mixed
comparisons become ``Inequality``).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager

from wlnet.core.expr import Expr, Integer, Rational, Real, String, Symbol, S, NULL
from wlnet.syntax import grammar_path
from wlnet.syntax.errors import WLIncompleteInput, WLSyntaxError
from wlnet.syntax import lexer as _lexer
from wlnet.syntax.lexer import TOKEN_TYPES, lex

__all__ = ["parse", "parse_script", "parse_script_positions", "is_complete",
           "WLSyntaxError", "WLIncompleteInput"]

_END = "$END"
# what may be looked up in a row of the parse table besides its symbols
_LEXER_ONLY_TERMINALS = TOKEN_TYPES | {_END}
# driver codes besides shifts and reductions (single-digit ints: CPython's specialised
# comparisons only take those, and the driver compares codes with them all the time)
_PASS = 1 << 20
_NONE = -(1 << 20)


# ---------------------------------------------------------------------------- public API

def parse(text: str):
    """Parse one expression.  Newlines are whitespace here, as in a notebook cell or
    ``ToExpression``; an empty text (or only comments) is ``Null``.

    Raises WLSyntaxError, or its subclass WLIncompleteInput when more text could complete it."""
    with _no_gc():
        try:
            exprs = _run_fused(text, 0, script=False)
        except _Fallback:
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
        except _Fallback:
            return [expr for expr, _ in _statements(text, positions=False)]


def parse_script_positions(text: str) -> list[tuple]:
    """Like ``parse_script``, with the place of each statement: [(expr, line, column), …]
    (both from 1; the place of the statement's first token)."""
    result = []
    line, counted = 1, 0                          # lines counted incrementally
    for expr, offset in _statements(text):
        line += text.count("\n", counted, offset)
        counted = offset
        line_start = text.rfind("\n", 0, offset) + 1
        result.append((expr, line, offset - line_start + 1))
    return result


def _statements(text: str, positions: bool = True) -> list[tuple]:
    """[(expr, offset of its first token)] for the statements of a script (the offsets
    are None without ``positions``)."""
    with _no_gc():
        start = _after_shebang(text)
        tokens, offsets = lex(text, script=True, start=start, offsets=positions)
        return _run(text, tokens, offsets, script=True, start=start)


def _run(text: str, tokens: list, offsets: list | None, script: bool, start: int = 0):
    """Run the driver; when a syntax error needs the token offsets that were not kept,
    lex again keeping them and run again, which raises it, placed."""
    try:
        return _tables().run(text, tokens, offsets, script)
    except _NeedOffsets:
        tokens, offsets = lex(text, script=script, start=start)
        return _tables().run(text, tokens, offsets, script)


class _NeedOffsets(Exception):
    """A syntax error is to be reported and the driver has no token offsets."""


class _Fallback(Exception):
    """The fused driver met something it leaves to lex + run: any error (which those
    report, placed), a file name after << >> >>>."""


def _run_fused(text: str, start: int, script: bool) -> list:
    """The expressions of the statements, by the fused driver (``_Tables.run_text``) on the
    fast raw tokens, else on the exact ones; raises _Fallback."""
    tables = _tables()
    try:
        return tables.run_text(text, _lexer._FAST_RE.findall(text, start), script, False)
    except _lexer._NeedExactPath:
        pass
    except (WLSyntaxError, _NeedOffsets):
        raise _Fallback from None
    try:
        return tables.run_text(text, _lexer._exact_raw_tokens(text, start), script, True)
    except (WLSyntaxError, _NeedOffsets, _lexer._NeedExactPath):
        raise _Fallback from None


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


# ---------------------------------------------------------------------------- tables

class _Tables:
    """The LALR tables of grammar/wl.lark in the driver's form, and the driver.

    ``action[state]`` maps a terminal or nonterminal name to an int: ``>= 0`` shift/goto to
    that state, ``< 0`` reduce by rule ``~code``.  ``rule_lhs``, ``rule_size`` and
    ``rule_callback`` describe the rules; a callback of None marks a pass-through rule
    (one child, handed up unchanged)."""

    def __init__(self, data: dict):
        self.action: list[dict[str, int]] = data["action"]
        self.start_state: int = data["start"]
        self.end_state: int = data["end"]
        self.rule_lhs: list[str] = data["lhs"]
        self.rule_size: list[int] = [len(e) for e in data["expansion"]]
        self.rule_expansion: list[list[str]] = data["expansion"]
        self.rule_name: list[str | None] = data["callback"]
        self.rule_callback = [None if name is None else getattr(_Build, name)
                              for name in self.rule_name]
        # The driver's form of ``action``: every row holds every symbol and token type,
        # so that the hot loop indexes rows instead of calling .get.  Its codes: a shift
        # ``0 <= code < _PASS``, ``_PASS`` for a pass-through reduction, ``_NONE`` for no
        # entry, else ``~rule`` for a reduction with a callback.
        symbols = {symbol for row in self.action for symbol in row} | _LEXER_ONLY_TERMINALS
        self.rows: list[dict[str, int]] = [
            {**dict.fromkeys(symbols, _NONE), **{s: self._row_code(c) for s, c in row.items()}}
            for row in self.action]
        # memo of pass-through reduction chains: [lookahead][top][below] -> (top, code)
        self._climbs: dict[str, list[dict]] = {
            t: [{} for _ in self.action] for t in _LEXER_ONLY_TERMINALS}
        # the column of each token type (the fused driver indexes it by state)
        self.columns: dict[str, list[int]] = {
            t: [row[t] for row in self.rows] for t in _LEXER_ONLY_TERMINALS}
        # memo of a goto + the pass-through chain after it: [lhs][lookahead][below] -> same
        self._gotos: dict[str, dict[str, dict]] = {
            lhs: {t: {} for t in _LEXER_ONLY_TERMINALS} for lhs in set(self.rule_lhs)}
        # per lookahead, per rule: (callback, -2 * size, the goto memo of its lhs there)
        # (the callback is _Build's function, called with the builder and the children)
        self._reductions: dict[str, list[tuple]] = {
            t: [(callback, -2 * n, self._gotos[lhs][t]) for callback, n, lhs
                in zip(self.rule_callback, self.rule_size, self.rule_lhs)]
            for t in _LEXER_ONLY_TERMINALS}
        self._climb_end: dict[tuple, int] = {}  # the same, to the end of input
        self._accepts: dict[tuple, bool] = {}  # memo of accepts_end

    def _row_code(self, code: int | None) -> int:
        if code is None:
            return _NONE
        if code < 0 and self.rule_callback[~code] is None:
            return _PASS
        return code

    # -- the driver ----------------------------------------------------------------------
    #
    # One stack holds the states and the values, interleaved: [state, value, state, …,
    # value, state]; a reduction by a rule of n symbols takes its children with one slice
    # (``stack[-2n::2]``) and drops them, states included, with one ``del``.  The codes of
    # a token type (its column of ``rows``), its memo of pass-through climbs and its
    # reductions (``_reductions``) are looked up once per token type, not per token.
    # The hot paths are memoised: a chain of pass-through reductions (``_climbs``: by the
    # lookahead, the state on top and the state below) and, after a reduction by a rule
    # with a callback, its goto followed by such a chain (``_gotos``: by the rule's
    # left-hand side, the lookahead and the state below); so the action in hand after
    # either is never a pass-through reduction.

    def run(self, text, tokens, offsets, script):
        """Parse the tokens (tuples starting with type and value, from lexer.lex); return
        [(expr, offset of the statement's first token), …].  ``offsets`` (those of the
        tokens) may be None: the statements' offsets are None then, and a syntax error
        raises _NeedOffsets.  Per token: a shift, or reductions until a shift."""
        PASS, NONE = _PASS, _NONE                 # noqa: N806 (locals: the loop is hot)
        columns, climbs, reductions = self.columns, self._climbs, self._reductions
        build = _Build()
        results = []
        start_state = self.start_state
        stack = [start_state]
        top = start_state
        begin = 0                                 # where the current statement may begin
        i = -1
        # (stack.append, not a bound append in a local: CPython 3.11 specialises the
        # method call list.append, a tenth of the driver's time here)
        for token in tokens:
            i += 1
            t = token[0]
            code = columns[t][top]
            while True:
                if code >= 0:
                    if code < PASS:               # shift
                        stack.append(token[1])
                        stack.append(code)
                        top = code
                        break
                    try:                          # pass-through rules: climb in one step
                        top, code = climbs[t][top][stack[-3]]
                    except KeyError:
                        top, code = self._climb_memo(stack[-3], top, t)
                    stack[-1] = top
                    continue
                if code != NONE:                  # a reduction with a callback
                    callback, m, after = reductions[t][~code]
                    if m:
                        args = stack[m::2]
                        del stack[m:]
                    else:
                        args = []
                    try:
                        top, code = after[stack[-1]]
                    except KeyError:
                        top, code = self._goto_memo(code, t, stack[-1])
                    stack.append(callback(build, args))
                    stack.append(top)
                    continue
                if t != "NEWLINE":
                    if offsets is None:
                        raise _NeedOffsets
                    raise _unexpected(text, offsets[_first(tokens, begin)], offsets[i], t)
                # a newline at depth 0 (only the lexer's script mode makes these): it ends
                # the statement when what precedes is complete; else it is a blank
                if len(stack) > 1 and self.accepts_end(stack):
                    results.append((self._finish(text, stack, build),
                                    offsets and offsets[_first(tokens, begin)]))
                    top = start_state
                    begin = i + 1
                elif len(stack) == 1:
                    begin = i + 1
                break
        if len(stack) > 1:
            results.append((self._finish(text, stack, build),
                            offsets and offsets[_first(tokens, begin)]))
        return results

    def run_text(self, text: str, raw_tokens: list, script: bool, exact: bool) -> list:
        """Lex and parse in one loop: the raw tokens of lexer.py (a token with the blanks
        before it) go straight to the driver, no token list is made.  Returns the
        statements' expressions; raises _Fallback (or _NeedExactPath) where ``lex`` and
        ``run`` are to do the work: any syntax error (they place it), a file name.

        The lexer's part is that of lexer._classify without offsets (the open brackets
        for ``]``/``]]``, angle brackets and newlines at depth 0); the driver's part is
        ``run``'s.  A raw token's entry (``_fused_entry``) holds what the loop needs: the
        column of its type in the parse table, its value, its lexer action, its type's
        memo of pass-through climbs and reductions, its type."""
        memory = _FUSED_TOKENS
        if len(memory) > _lexer._KNOWN_TOKENS_LIMIT:
            _lexer._forget_atoms()
        PASS, NONE = _PASS, _NONE                 # noqa: N806 (locals: the loop is hot)
        ENDS, OPEN, CLOSE, KEEP, RBRACKET, ANGLE = (   # noqa: N806
            _lexer._ENDS, _lexer._OPEN, _lexer._CLOSE, _lexer._KEEP, _lexer._RBRACKET,
            _lexer._ANGLE)
        opener_of_closer = _OPENER_OF_CLOSER
        build = _Build()
        results = []
        start_state = self.start_state
        stack = [start_state]
        top = below = start_state                 # below: the state under top
        brackets: list[str] = []                  # the lexer's open brackets (token types)
        last = None                               # the entry of the last token but _KEEP's
        raw_tokens = iter(raw_tokens)
        for raw in raw_tokens:
            entry = memory.get(raw)
            if entry is None:
                entry = self._fused_entry(raw, text, exact)
                if entry is None:                 # a comment
                    continue
            column, value, action, climb, reductions, t = entry
            if action > ENDS:                     # the lexer's context (see _classify)
                if action == OPEN:
                    brackets.append(t)
                elif action == CLOSE:
                    if not brackets or brackets.pop() != opener_of_closer[t]:
                        raise _Fallback
                elif action == KEEP:
                    entry = last                  # not an operand's end, nor its start
                elif action == RBRACKET:
                    if not brackets:
                        raise _Fallback
                    opener = brackets.pop()
                    if opener == "LPART":         # ]] closes a part
                        if next(raw_tokens, None) != "]":
                            raise _Fallback
                        entry = self._fused_special("RPART")
                        column, value, action, climb, reductions, t = entry
                    elif opener != "LBRACKET":
                        raise _Fallback
                elif action == ANGLE:
                    token = raw.lstrip(_lexer._BLANKS)
                    angle = None
                    if brackets and brackets[-1] == "LANGLE" and token[0] == ">":
                        angle = "RANGLE"          # closes an angle-bracket list
                        brackets.pop()
                    elif token[0] == "<" and not _fused_ends_operand(last):
                        angle = "LANGLE"          # starts an angle-bracket list
                        brackets.append("LANGLE")
                    if angle is not None:
                        if len(token) > 1:        # >= or >> to split: rare, left to lex
                            raise _Fallback
                        entry = self._fused_special(angle)
                        column, value, action, climb, reductions, t = entry
                elif action == _lexer._NEWLINE:
                    if not script or brackets:    # a blank here
                        continue
                else:                             # _FILE: << >> >>> and a file name
                    raise _Fallback
            last = entry
            code = column[top]
            while True:                           # as in run
                if code >= 0:
                    if code < PASS:               # shift
                        stack.append(value)
                        stack.append(code)
                        below = top
                        top = code
                        break
                    try:                          # pass-through rules: climb in one step
                        top, code = climb[top][below]
                    except KeyError:
                        top, code = self._climb_memo(below, top, t)
                    stack[-1] = top
                    continue
                if code != NONE:                  # a reduction with a callback
                    callback, m, after = reductions[~code]
                    if m:
                        args = stack[m::2]
                        del stack[m:]
                    else:
                        args = []
                    below = stack[-1]
                    try:
                        top, code = after[below]
                    except KeyError:
                        top, code = self._goto_memo(code, t, below)
                    stack.append(callback(build, args))
                    stack.append(top)
                    continue
                if t != "NEWLINE":
                    raise _Fallback
                if len(stack) > 1 and self.accepts_end(stack):
                    results.append(self._finish(text, stack, build))
                    top = start_state
                break
        if len(stack) > 1:
            results.append(self._finish(text, stack, build))
        return results

    def _fused_entry(self, raw: str, text: str, exact: bool):
        """The fused driver's entry of a raw token (None for a comment), made from the
        lexer's entry of the token and remembered like it (for the raw token and the token
        without its blanks, whose entries are the same here)."""
        token = raw.lstrip(_lexer._BLANKS)
        fused = _FUSED_TOKENS.get(token)
        if fused is None:
            entry = _lexer._KNOWN_TOKENS.get(token)
            if entry is None:
                entry = _lexer._atom_entry(token, text, 0, 0, exact)
                if entry is None:             # a comment
                    return None
            kind, value, action = entry[:3]
            fused = (self.columns[kind], value, action, self._climbs[kind],
                     self._reductions[kind], kind)
            if len(token) <= 64:
                _FUSED_TOKENS[token] = fused
        if len(raw) <= 64:
            _FUSED_TOKENS[raw] = fused
        return fused

    def _fused_special(self, kind: str) -> tuple:
        """The entry of a token the lexer's context makes: ]] (RPART), < > (LANGLE, RANGLE)."""
        return (self.columns[kind], kind, _lexer._ENDS if kind != "LANGLE" else _lexer._PLAIN,
                self._climbs[kind], self._reductions[kind], kind)

    def _finish(self, text, stack, build):
        """Feed the end of input; return the statement's expression and empty the stack
        (but its start state).  (The reductions of ``run``, with the same memos, for the
        lookahead $END.)"""
        end_state = self.end_state
        climb, reductions = self._climbs[_END], self._reductions[_END]
        top = stack[-1]
        code = self.columns[_END][top]
        while top != end_state:
            if code == _NONE or 0 <= code < _PASS:
                raise WLIncompleteInput(text)
            if code == _PASS:
                try:
                    top, code = climb[top][stack[-3]]
                except KeyError:
                    top, code = self._climb_memo(stack[-3], top, _END)
                stack[-1] = top
                continue
            callback, m, after = reductions[~code]
            if m:
                args = stack[m::2]
                del stack[m:]
            else:
                args = []
            try:
                top, code = after[stack[-1]]
            except KeyError:
                top, code = self._goto_memo(code, _END, stack[-1])
            stack.append(callback(build, args))
            stack.append(top)
        expr = stack[-2]
        del stack[1:]
        build.bare.clear()
        return expr

    def _climb_memo(self, below: int, top: int, lookahead: str) -> tuple:
        """(state, action) after the pass-through reductions from ``top`` over ``below``,
        memoised in _climbs."""
        by_below = self._climbs[lookahead][top]
        climbed = by_below.get(below)
        if climbed is None:
            climbed = by_below[below] = self._climb_with_action(below, top, lookahead)
        return climbed

    def _goto_memo(self, code: int, lookahead: str, below: int) -> tuple:
        """(state, action) after the goto from ``below`` on the left-hand side of the rule
        reduced by ``code`` and the pass-through reductions that follow, memoised in
        _gotos."""
        lhs = self.rule_lhs[~code]
        by_below = self._gotos[lhs][lookahead]
        climbed = by_below.get(below)
        if climbed is None:
            climbed = by_below[below] = self._climb_with_action(
                below, self.rows[below][lhs], lookahead)
        return climbed

    def _climb_with_action(self, below: int, top: int, lookahead: str) -> tuple:
        """(state reached by pass-through reductions, its action on the lookahead)."""
        top = self._climb_chain(below, top, lookahead)
        return top, self.rows[top][lookahead]

    def _climb_to(self, below: int, top: int, lookahead: str) -> int:
        key = (below, top, lookahead)
        target = self._climb_end.get(key)
        if target is None:
            target = self._climb_end[key] = self._climb_chain(below, top, lookahead)
        return target

    def _climb_chain(self, below: int, top: int, lookahead: str) -> int:
        """The state reached from ``top`` (over ``below``) by pass-through reductions."""
        action = self.action
        while True:
            code = action[top].get(lookahead)
            if code is None or code >= 0 or self.rule_callback[~code] is not None:
                return top
            top = action[below][self.rule_lhs[~code]]

    def accepts_end(self, stack: list) -> bool:
        """Would the tokens read so far form a complete expression?  (Simulates the end of
        input on a copy of the states of the stack; memoised, as the stack at a top-level
        newline is short and the same few shapes recur.)"""
        key = tuple(stack[::2])
        known = self._accepts.get(key)
        if known is None:
            if len(self._accepts) > 50_000:       # pathological scripts: keep memory bounded
                self._accepts.clear()
            known = self._accepts[key] = self._simulate_end(list(key))
        return known

    def _simulate_end(self, states: list[int]) -> bool:
        action = self.action
        while states[-1] != self.end_state:
            code = action[states[-1]].get(_END)
            if code is None or code >= 0:
                return False
            if self.rule_callback[~code] is None:
                states[-1] = self._climb_to(states[-2], states[-1], _END)
                continue
            n = self.rule_size[~code]
            if n:
                del states[-n:]
            states.append(action[states[-1]][self.rule_lhs[~code]])
        return True


# raw token -> entry of the fused driver (see _Tables.run_text); forgotten with the lexer's
_FUSED_TOKENS: dict[str, tuple] = {}
_lexer._DERIVED_MEMORIES.append(_FUSED_TOKENS)
_OPENER_OF_CLOSER = {"RPAREN": "LPAREN", "RBRACE": "LBRACE", "RASSOC": "LASSOC"}


def _fused_ends_operand(last) -> bool:
    """lexer._ends_operand for the fused driver, from the entry of the last token but those
    of action _KEEP."""
    return last is not None and (last[5] in _lexer._ENDING_TYPES or last[2] == _lexer._ENDS)


def _first(tokens: list, begin: int) -> int:
    """The index of the first token of a statement that begins at or after ``begin``."""
    while tokens[begin][0] == "NEWLINE":
        begin += 1
    return begin


def _unexpected(text: str, first: int, offset: int, token_type: str) -> WLSyntaxError:
    if token_type == _END:
        return WLIncompleteInput(text)
    end = offset + 1
    while end < len(text) and not text[end].isspace() and end - offset < 3:
        end += 1                                  # quote the whole operator token
    line_start = text.rfind("\n", 0, offset) + 1
    snippet = text[max(first, line_start):end].strip()
    if len(snippet) > 40:
        snippet = "\u2026" + snippet[-39:]
    return WLSyntaxError(f'Invalid syntax in or before "{snippet}"', text, offset)


# ---------------------------------------------------------------------------- building tables

_TABLES: _Tables | None = None
_TABLE_FORMAT = 1


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        _TABLES = _Tables(_load_table_data())
    return _TABLES


def _load_table_data() -> dict:
    """The driver's tables: from a cache file keyed by the grammar text and Lark's version,
    or computed with Lark (about half a second) and cached."""
    import lark
    grammar = grammar_path().read_text(encoding="utf-8")
    key = hashlib.sha256(f"{_TABLE_FORMAT}|{lark.__version__}|{grammar}".encode()).hexdigest()
    cache = os.path.join(tempfile.gettempdir(), f"wlnet-wl-lark-{key[:20]}.json")
    try:
        with open(cache, encoding="utf-8") as f:
            data = json.load(f)
        if _valid_table_data(data):
            return data
    except (OSError, ValueError):
        pass                                      # no cache yet, or an unreadable one
    data = compute_table_data(grammar)
    try:
        partial = f"{cache}.{os.getpid()}"
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(partial, cache)
    except OSError:
        pass                                      # a read-only temp dir only costs time
    return data


def _valid_table_data(data) -> bool:
    """A cache file is only data, but the temp dir is shared: check its shape and that every
    callback it names is one of _Build's rule callbacks."""
    try:
        states = len(data["action"])
        rules = len(data["lhs"])
        return (0 <= data["start"] < states and 0 <= data["end"] < states
                and len(data["expansion"]) == len(data["callback"]) == rules
                and all(name is None or (not name.startswith("_") and hasattr(_Build, name))
                        for name in data["callback"])
                and all(isinstance(code, int) and (code >= 0 and code < states
                                                  or code < 0 and ~code < rules)
                        for row in data["action"] for code in row.values()))
    except (KeyError, TypeError, AttributeError):
        return False


def lark_parser(grammar: str | None = None, transformer=None):
    """The Lark LALR parser of the grammar (its tables; and, with a transformer, Lark's own
    driver, which tests compare with ours).  It parses a list of lark Tokens."""
    from lark import Lark
    from lark.lexer import Lexer

    class TokenListLexer(Lexer):
        """Hands Lark the tokens our lexer made (``data`` is a list of lark Tokens)."""

        def __init__(self, lexer_conf):
            pass

        def lex(self, data):
            return iter(data)

    if grammar is None:
        grammar = grammar_path().read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=TokenListLexer, transformer=transformer)


def compute_table_data(grammar: str | None = None) -> dict:
    """Turn Lark's LALR analysis of the grammar into plain lists and dicts."""
    from lark.parsers.lalr_analysis import IntParseTable, Shift

    table = IntParseTable.from_ParseTable(lark_parser(grammar).parser.parser.parser.parse_table)
    rules: dict = {}
    action: list[dict[str, int]] = [dict() for _ in range(len(table.states))]
    for state, entries in table.states.items():
        for symbol, (kind, arg) in entries.items():
            if kind is Shift:
                action[state][symbol] = arg
            else:
                action[state][symbol] = ~rules.setdefault(arg, len(rules))
    lhs, expansion, callback = [], [], []
    for rule in sorted(rules, key=rules.get):
        lhs.append(rule.origin.name)
        expansion.append([s.name for s in rule.expansion])
        name = rule.alias
        if name is None:
            if len(rule.expansion) != 1:
                raise ValueError(f"grammar rule needs an alias naming its callback: {rule}")
            callback.append(None)
        else:
            if not hasattr(_Build, name):
                raise ValueError(f"no callback _Build.{name} for grammar rule {rule}")
            callback.append(name)
    (start,) = table.start_states.values()
    (end,) = table.end_states.values()
    return {"action": action, "start": start, "end": end, "lhs": lhs,
            "expansion": expansion, "callback": callback}


# ---------------------------------------------------------------------------- building exprs

_NUMBER_TYPES = (Integer, Real, Rational)
_MINUS_ONE = Integer(-1)
_TIMES, _PLUS, _POWER, _LIST, _PART, _ASSOCIATION, _COMPOUND_EXPRESSION = (
    S.Times, S.Plus, S.Power, S.List, S.Part, S.Association, S.CompoundExpression)


# The hottest callbacks build their Expr as Expr.from_args does, inline: a function call
# less per node, a tenth of the callbacks' time.  (They set every slot of Expr; the parse
# tests compare what they build with Expr(...).)
_new_expr = object.__new__


class _OneEmpty(list):
    """The items of ``[]``, ``{}``, ``<||>``: one empty item, which stands for no items."""

    __slots__ = ()


_EMPTY = object()                                 # the value of an empty item

_CHAIN_HEADS = {"Equal", "Unequal", "Less", "LessEqual", "Greater", "GreaterEqual"}


class _Build:
    """Callbacks of the grammar rules, named by rule alias.  Each takes the list of the
    rule's children (expressions, or for operator tokens their string values).

    ``bare`` remembers the Times/Plus/Derivative/MessageName expressions built by operators
    (not wrapped in parentheses): those are flattened into an enclosing chain of the same
    operator, as WL does (``-a b`` is ``Times[-1, a, b]`` but ``(-a) b`` is
    ``Times[Times[-1, a], b]``)."""

    __slots__ = ("bare",)

    def __init__(self):
        self.bare: dict[int, Expr] = {}

    def _mark(self, e):
        self.bare[id(e)] = e
        return e

    def _is_bare(self, e, head) -> bool:
        return type(e) is Expr and e._head is head and id(e) in self.bare

    def _is_bare_times(self, e) -> bool:
        return type(e) is Expr and e._head is _TIMES and id(e) in self.bare

    # -- sequences, brackets, atoms ------------------------------------------------------

    # An empty item is Null (f[a, , b]); a sequence of one empty item is no items at all
    # (f[]): seq_first marks that case with the list type _OneEmpty.

    def seq_first(self, c):
        return _OneEmpty((NULL,)) if c[0] is _EMPTY else c    # c: a fresh list, [item]

    def seq_more(self, c):
        seq = c[0]
        item = c[2]
        if type(seq) is _OneEmpty:
            seq = [NULL]
        seq.append(NULL if item is _EMPTY else item)
        return seq

    def empty_item(self, c):
        return _EMPTY

    def call(self, c):
        seq = c[2]
        e = _new_expr(Expr)                       # Expr.from_args, inlined: a hot callback
        e._head = c[0]
        e._args = () if type(seq) is _OneEmpty else tuple(seq)
        e._hash = None
        return e

    def part(self, c):
        seq = c[2]
        return Expr.from_args(_PART, [c[0]] if type(seq) is _OneEmpty else [c[0], *seq])

    def list(self, c):
        seq = c[1]
        e = _new_expr(Expr)                       # Expr.from_args, inlined: a hot callback
        e._head = _LIST
        e._args = () if type(seq) is _OneEmpty else tuple(seq)
        e._hash = None
        return e

    def association(self, c):
        seq = c[1]
        return Expr.from_args(_ASSOCIATION, () if type(seq) is _OneEmpty else seq)

    def parenthesized(self, c):
        self.bare.pop(id(c[1]), None)
        return c[1]

    def get(self, c):
        return Expr(S.Get, c[1])

    def put(self, c):
        return Expr(S.Put, c[0], c[2])

    def put_append(self, c):
        return Expr(S.PutAppend, c[0], c[2])

    # -- compound expressions ------------------------------------------------------------

    def cseq_first(self, c):
        return [c[0]]

    def cseq_more(self, c):
        c[0].append(c[1])
        return c[0]

    def cseq_null(self, c):
        c[0].append(NULL)
        return c[0]

    def compound_expression(self, c):
        items = c[0] + [c[1]] if len(c) == 2 else c[0] + [NULL]
        return Expr.from_args(_COMPOUND_EXPRESSION, items)

    # -- binary operators with a head of their own ---------------------------------------

    def _binary(head):
        def build(self, c):
            e = _new_expr(Expr)                   # Expr(head, c[0], c[2]) without __init__
            e._head = head
            e._args = (c[0], c[2])
            e._hash = None
            return e
        build.__name__ = head.name
        return build

    set = _binary(S.Set)
    set_delayed = _binary(S.SetDelayed)
    up_set = _binary(S.UpSet)
    up_set_delayed = _binary(S.UpSetDelayed)
    add_to = _binary(S.AddTo)
    subtract_from = _binary(S.SubtractFrom)
    times_by = _binary(S.TimesBy)
    divide_by = _binary(S.DivideBy)
    replace_all = _binary(S.ReplaceAll)
    replace_repeated = _binary(S.ReplaceRepeated)
    rule = _binary(S.Rule)
    rule_delayed = _binary(S.RuleDelayed)
    condition = _binary(S.Condition)
    optional = _binary(S.Optional)
    pattern = _binary(S.Pattern)
    power = _binary(S.Power)
    map = _binary(S.Map)
    map_all = _binary(S.MapAll)
    apply = _binary(S.Apply)
    # f @@@ x is MapApply[f, x] in Wolfram 13.1+ (Mathics3 10 gives Apply[f, x, {1}])
    apply1 = _binary(S.MapApply)
    pattern_test = _binary(S.PatternTest)
    function_mapsto = _binary(S.Function)
    del _binary

    def tag_set(self, c):
        return Expr(S.TagSet, c[0], c[2], c[4])

    def tag_set_delayed(self, c):
        return Expr(S.TagSetDelayed, c[0], c[2], c[4])

    def pattern_optional(self, c):
        return Expr(S.Optional, Expr(S.Pattern, c[0], c[2]), c[4])

    def infix_operator(self, c):
        return Expr(Symbol(c[1]), c[0], c[2])

    def postfix_apply(self, c):
        return Expr(c[2], c[0])

    def prefix_apply(self, c):
        return Expr(c[0], c[2])

    def infix_apply(self, c):
        return Expr(c[2], c[0], c[4])

    # -- prefix and postfix operators ----------------------------------------------------

    def _unary(head, position):
        def build(self, c):
            e = _new_expr(Expr)                   # Expr(head, c[position]), see _binary
            e._head = head
            e._args = (c[position],)
            e._hash = None
            return e
        build.__name__ = head.name
        return build

    unset = _unary(S.Unset, 0)
    function_amp = _unary(S.Function, 0)
    repeated = _unary(S.Repeated, 0)
    repeated_null = _unary(S.RepeatedNull, 0)
    factorial = _unary(S.Factorial, 0)
    factorial2 = _unary(S.Factorial2, 0)
    increment = _unary(S.Increment, 0)
    decrement = _unary(S.Decrement, 0)
    not_ = _unary(S.Not, 1)
    pre_increment = _unary(S.PreIncrement, 1)
    pre_decrement = _unary(S.PreDecrement, 1)
    del _unary

    def not_not(self, c):
        return Expr(S.Not, Expr(S.Not, c[1]))

    def negate(self, c):
        return self._negative(c[1])

    def _negative(self, x):
        """-x: a negative literal for a number written as such, else Times[-1, x]."""
        kind = type(x)
        if kind is Integer:                       # the most frequent case, inline
            if x._value >= 0:
                return Integer(-x._value)
        elif kind in _NUMBER_TYPES and _non_negative(x):
            return _negated_number(x)
        if type(x) is Expr and x._head is _TIMES and id(x) in self.bare:
            e = Expr.from_args(_TIMES, (_MINUS_ONE, *x._args))
        else:
            e = Expr(_TIMES, _MINUS_ONE, x)
        self.bare[id(e)] = e
        return e

    def unary_plus(self, c):
        return self._mark(Expr(_PLUS, c[1]))

    def derivative(self, c):
        f = c[0]
        if (self._is_derivative(f)):
            order = f._head._args[0]._value + 1
            return self._mark(Expr(Expr(S.Derivative, Integer(order)), f._args[0]))
        return self._mark(Expr(Expr(S.Derivative, Integer(1)), f))

    def _is_derivative(self, f) -> bool:
        return (type(f) is Expr and id(f) in self.bare and type(f._head) is Expr
                and f._head._head is S.Derivative and len(f._head._args) == 1
                and type(f._head._args[0]) is Integer and len(f._args) == 1)

    def message_name(self, c):
        tag = c[2]
        tag = String(tag.name) if type(tag) is Symbol else tag
        if self._is_bare(c[0], S.MessageName):
            return self._mark(Expr.from_args(S.MessageName, (*c[0]._args, tag)))
        return self._mark(Expr(S.MessageName, c[0], tag))

    # -- chains of infix operators -------------------------------------------------------

    def chain_first(self, c):
        return c                                  # [operand, op, operand]

    def chain_more(self, c):
        chain = c[0]
        chain.append(c[1])
        chain.append(c[2])
        return chain

    def chain_implicit_first(self, c):
        return [c[0], "STAR", c[1]]

    def chain_implicit_more(self, c):
        chain = c[0]
        chain.append("STAR")
        chain.append(c[1])
        return chain

    def _flat(head):
        def build(self, c):
            e = _new_expr(Expr)                   # Expr.from_args(head, c[0][0::2])
            e._head = head
            e._args = tuple(c[0][0::2])
            e._hash = None
            return e
        build.__name__ = head.name
        return build

    string_expression = _flat(S.StringExpression)
    alternatives = _flat(S.Alternatives)
    or_ = _flat(S.Or)
    and_ = _flat(S.And)
    dot = _flat(S.Dot)
    string_join = _flat(S.StringJoin)
    composition = _flat(S.Composition)
    right_composition = _flat(S.RightComposition)
    del _flat

    def plus(self, c):
        chain = c[0]
        bare = self.bare
        terms = []
        op = None
        for x in chain:
            if type(x) is str:                    # the operator before the next term
                op = x
            elif op == "MINUS":
                terms.append(self._negative(x))
            elif type(x) is Expr and x._head is _PLUS and id(x) in bare:
                terms.extend(x._args)             # unary plus inside a sum: a + +b
            else:
                terms.append(x)
        return Expr.from_args(_PLUS, terms)

    def times(self, c):
        chain = c[0]
        bare = self.bare
        factors = []
        op = None
        for x in chain:
            if type(x) is str:                    # the operator before the next factor
                op = x
            elif op == "SLASH":
                factors.append(Expr(_POWER, x, _MINUS_ONE))
            elif type(x) is Expr and x._head is _TIMES and id(x) in bare:
                factors.extend(x._args)
            else:
                factors.append(x)
        e = Expr.from_args(_TIMES, factors)
        bare[id(e)] = e
        return e

    def comparison(self, c):
        """a == b == c -> Equal[a, b, c]; a < b <= c -> Inequality[a, Less, b, LessEqual, c];
        SameQ/UnsameQ runs group left to right (a === b == c -> Equal[SameQ[a, b], c])."""
        chain = c[0]
        result = chain[0]
        k = 1
        while k < len(chain):
            run_ops = [chain[k]]
            run_args = [result, chain[k + 1]]
            k += 2
            family = _comparison_family(run_ops[0])
            while k < len(chain) and _comparison_family(chain[k]) == family:
                run_ops.append(chain[k])
                run_args.append(chain[k + 1])
                k += 2
            result = _comparison_run(run_ops, run_args)
        return result

    # -- spans ---------------------------------------------------------------------------

    def span(self, c):
        """i;;j;;k with any part missing: start 1, end All, no step."""
        parts = [[]]
        for x in c:
            if x == "SPAN" and type(x) is str:
                parts.append([])
            else:
                parts[-1].append(x)
        start = parts[0][0] if parts[0] else Integer(1)
        end = parts[1][0] if parts[1] else S.All
        if len(parts) == 3:
            return Expr(S.Span, start, end, parts[2][0])
        return Expr(S.Span, start, end)


# `not`, `or` and `and` are Python keywords: the grammar's aliases map to these methods
setattr(_Build, "not", _Build.not_)
setattr(_Build, "or", _Build.or_)
setattr(_Build, "and", _Build.and_)


def _non_negative(x) -> bool:
    if type(x) is Rational:
        return x.numerator >= 0
    return x.value >= 0


def _negated_number(x):
    if type(x) is Integer:
        return Integer(-x.value)
    if type(x) is Real:
        return Real(-x.value, x.precision)
    return Rational(-x.numerator, x.denominator)


def _comparison_family(op: str) -> str:
    return "Inequality" if op in _CHAIN_HEADS else op


def _comparison_run(ops: list[str], args: list):
    if all(op == ops[0] for op in ops):
        return Expr.from_args(Symbol(ops[0]), args)
    mixed = [args[0]]
    for op, arg in zip(ops, args[1:]):
        mixed.append(Symbol(op))
        mixed.append(arg)
    return Expr.from_args(S.Inequality, mixed)
