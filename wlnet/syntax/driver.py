"""The LALR driver: runs the parse tables of grammar/wl.lark (built by tables.py) over the
lexer's tokens, calling the builder's reductions (builder.py).

The driver is this small loop rather than Lark's own: with one grammar level per precedence
row, every operand climbs through ~30 single-child levels before it can be combined, and Lark
performs each of those as a separate reduction.  The driver memoises such chains of
pass-through reductions (they depend only on the state below, the state on top and the
lookahead), so an operand climbs in one dictionary lookup.  It also lets a script be split
where WL splits it: a newline at bracket depth 0 ends the statement exactly when the tokens so
far form a complete expression, which the driver can ask the parse table (see
``Driver.accepts_end``).  ``Driver.run_text`` is the fused form: the lexer's raw tokens go
straight into the driver, no token list is made.  tests/syntax/test_parse_driver.py checks that
the driver and Lark's own LALR parser agree.

The reduction step is written out in each of the driver's loops (``run``, ``run_text``,
``_finish``) rather than shared through a function: a call per reduction would cost a good part
of the parse time.
"""

from __future__ import annotations

from wlnet.syntax.builder import ExprBuilder
from wlnet.syntax.errors import WLIncompleteInput, WLSyntaxError
from wlnet.syntax import lexer as _lexer
from wlnet.syntax.lexer import TOKEN_TYPES

_END = "$END"
# what may be looked up in a row of the parse table besides its symbols
_LEXER_ONLY_TERMINALS = TOKEN_TYPES | {_END}
# driver codes besides shifts and reductions (single-digit ints: CPython's specialised
# comparisons only take those, and the driver compares codes with them all the time)
_PASS = 1 << 20
_NONE = -(1 << 20)


class NeedOffsets(Exception):
    """A syntax error is to be reported and the driver has no token offsets."""


class Fallback(Exception):
    """The fused driver met something it leaves to lex + run: any error (which those
    report, placed), a file name after << >> >>>."""


class Driver:
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
        self.rule_callback = [None if name is None else getattr(ExprBuilder, name)
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
        # (the callback is ExprBuilder's function, called with the builder and the children)
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
        raises NeedOffsets.  Per token: a shift, or reductions until a shift."""
        PASS, NONE = _PASS, _NONE                 # noqa: N806 (locals: the loop is hot)
        columns, climbs, reductions = self.columns, self._climbs, self._reductions
        build = ExprBuilder()
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
                        raise NeedOffsets
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
        statements' expressions; raises Fallback (or _NeedExactPath) where ``lex`` and
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
        build = ExprBuilder()
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
                        raise Fallback
                elif action == KEEP:
                    entry = last                  # not an operand's end, nor its start
                elif action == RBRACKET:
                    if not brackets:
                        raise Fallback
                    opener = brackets.pop()
                    if opener == "LPART":         # ]] closes a part
                        if next(raw_tokens, None) != "]":
                            raise Fallback
                        entry = self._fused_special("RPART")
                        column, value, action, climb, reductions, t = entry
                    elif opener != "LBRACKET":
                        raise Fallback
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
                            raise Fallback
                        entry = self._fused_special(angle)
                        column, value, action, climb, reductions, t = entry
                elif action == _lexer._NEWLINE:
                    if not script or brackets:    # a blank here
                        continue
                else:                             # _FILE: << >> >>> and a file name
                    raise Fallback
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
                    raise Fallback
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
            if _lexer.remembered(token):
                _FUSED_TOKENS[token] = fused
        if _lexer.remembered(raw):
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


# raw token -> entry of the fused driver (see Driver.run_text); forgotten with the lexer's
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
