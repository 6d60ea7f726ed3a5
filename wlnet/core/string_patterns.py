"""Wolfram Language string patterns, compiled to Python regular expressions.

A string pattern (``"ab" ~~ x:DigitCharacter.. ~~ ___``) is compiled once into a
``StringPattern`` and cached.  Two engines sit behind the same interface:

* the regex engine: the whole pattern becomes one ``re`` pattern; named parts ``x_`` become
  named groups and a repeated name a back reference.  Every pattern without a condition
  runs here, at C speed.
* the backtracking engine: a pattern holding ``p /; test`` or ``p ? test`` cannot be a
  regex (the test is Wolfram code), so it is compiled into matcher generators that try the
  alternatives in the order PCRE would, calling the evaluator for the tests.  Condition-free
  pieces inside it are still matched with small regexes.

Matching is Perl-like, as in the Wolfram Language: leftmost match first, repetition greedy
unless inside ``Shortest``.  ``_`` matches any one character (newlines included).

Every match can be stopped (issue 19): a backtracking pattern such as ``(a|aa)+b`` takes time
exponential in the text.  The regexes run on the third-party ``regex`` module rather than
``re``: ``re`` holds the interpreter lock for the whole match and cannot be interrupted from
the evaluation thread, while ``regex`` takes a ``timeout`` and can release the lock
(``concurrent=True``); it is also far quicker on nested quantifiers (``((.*)*)*``), which
``re`` explores exponentially.  A match runs inline for a moment; one that takes longer runs
again in a helper thread while the evaluation thread waits, checking for an abort
(``_abortable``).  The backtracking engine checks for an abort at each choice and never
explores the same state twice (``_bt_sequence``, ``_bt_repeat``), so it is polynomial where
the naive search is exponential.
"""

from __future__ import annotations

import sys
import threading
import unicodedata
from functools import lru_cache
from typing import Callable, Iterator

import regex as re

from wlnet.core.expr import TRUE, Expr, Integer, S, String, Symbol

__all__ = ["StringPattern", "StringMatch", "InvalidStringPattern", "compile_string_pattern",
           "substitute"]


class InvalidStringPattern(Exception):
    """Raised for an element that is not a string pattern; ``element`` is the culprit (the
    caller issues ``StringExpression::invld`` or similar)."""

    def __init__(self, element):
        super().__init__(repr(element))
        self.element = element


class _NeedsBacktracking(Exception):
    """A Condition or PatternTest was met while compiling to a regex."""


class StringMatch:
    """One match: ``start``/``end`` (0-based, end exclusive), the named parts and, for
    RegularExpression patterns, the numbered groups (for ``"$1"`` in replacements)."""

    __slots__ = ("start", "end", "bindings", "groups")

    def __init__(self, start: int, end: int, bindings: dict, groups: tuple = ()):
        self.start = start
        self.end = end
        self.bindings = bindings
        self.groups = groups


# ---------------------------------------------------------------------------- abortable matching

# A regex call runs inline for at most this long (the regex module's timeout, coarse under
# load); one that needs longer moves to a helper thread, where an abort can end the wait.
_INLINE_SECONDS = 0.02
# The most one regex call may take in the helper thread.  Past it the evaluation stops with
# General::rxlimit; it also bounds how long an abandoned call (after an abort) keeps a core.
_BUDGET_SECONDS = 60.0
_POLL_SECONDS = 0.02


def _abort_point(ev) -> None:
    """Raise AbortEvaluation when an abort (Ctrl-C) was asked for.  ``ev`` may be None or,
    in tests, a stand-in without abort state."""
    if getattr(ev, "abort_requested", False):
        ev.check_abort()


def _abortable(ev, method, *args):
    """``method(*args)`` of a compiled regex (match, fullmatch, search, or a function
    taking the same ``timeout`` and ``concurrent`` keywords), stoppable by an abort."""
    try:
        return method(*args, timeout=_INLINE_SECONDS)
    except TimeoutError:
        pass
    _abort_point(ev)
    box: dict = {}
    done = threading.Event()

    def job():
        try:
            # concurrent=True releases the interpreter lock, so the evaluation thread can
            # watch for an abort while this runs
            box["value"] = method(*args, timeout=_BUDGET_SECONDS, concurrent=True)
        except BaseException as exc:          # handed to the evaluation thread below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=job, name="wlnet-regex", daemon=True).start()
    while not done.wait(_POLL_SECONDS):
        _abort_point(ev)                      # the helper, abandoned, ends at its timeout
    error = box.get("error")
    if isinstance(error, TimeoutError):
        _refuse(ev)
    if error is not None:
        raise error
    return box["value"]


def _refuse(ev):
    """A regex call ran past its budget: General::rxlimit, and the evaluation is aborted
    (as for General::nomem: what was half done cannot be answered)."""
    from wlnet.core.evaluator import AbortEvaluation
    if hasattr(ev, "message"):
        ev.message(S.General, "rxlimit", Integer(int(_BUDGET_SECONDS)))
    raise AbortEvaluation()


def _first_nonempty(compiled, s: str, pos: int, timeout=None, concurrent=None):
    """The first non-empty match of ``compiled.finditer(s, pos)`` (empty matches in between
    are passed over as finditer passes them), or None."""
    for m in compiled.finditer(s, pos, timeout=timeout, concurrent=concurrent):
        if m.end() > m.start():
            return m
    return None


# ---------------------------------------------------------------------------- character classes

_punctuation_class: str | None = None


def _punctuation() -> str:
    """A regex class of every Unicode punctuation character (categories P*), built on first
    use: PunctuationCharacter is defined by Unicode, not by ASCII."""
    global _punctuation_class
    if _punctuation_class is None:
        chars = [chr(c) for c in range(sys.maxunicode + 1)
                 if unicodedata.category(chr(c)).startswith("P")]
        _punctuation_class = "".join(re.escape(c) for c in chars)
    return _punctuation_class


# name -> (regex matching one such character, regex matching one character that is not)
_CHAR_CLASSES: dict[str, tuple[Callable[[], str], Callable[[], str]]] = {
    "DigitCharacter": (lambda: "[0-9]", lambda: "[^0-9]"),
    "LetterCharacter": (lambda: r"[^\W\d_]", lambda: r"[\W\d_]"),
    "WhitespaceCharacter": (lambda: r"\s", lambda: r"\S"),
    "WordCharacter": (lambda: r"[^\W_]", lambda: r"[\W_]"),
    "HexadecimalCharacter": (lambda: "[0-9a-fA-F]", lambda: "[^0-9a-fA-F]"),
    "PunctuationCharacter": (lambda: f"[{_punctuation()}]", lambda: f"[^{_punctuation()}]"),
}

# other named string-pattern symbols: name -> (greedy regex, lazy regex)
_NUMBER = r"(?:-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
_SYMBOL_PATTERNS: dict[str, tuple[str, str]] = {
    "Whitespace": (r"\s+", r"\s+?"),
    "NumberString": (_NUMBER, _NUMBER),
    "StartOfString": (r"\A", r"\A"),
    "EndOfString": (r"\Z", r"\Z"),
    "StartOfLine": ("^", "^"),
    "EndOfLine": ("$", "$"),
    "WordBoundary": (r"\b", r"\b"),
}

_FLAGS = re.DOTALL | re.MULTILINE


# ---------------------------------------------------------------------------- regex compiler

class _RegexContext:
    """State of one regex compilation: the named groups opened so far and whether the
    quantifiers being emitted are lazy (inside Shortest)."""

    def __init__(self):
        self.groups: dict[str, str] = {}       # WL pattern name -> regex group name
        self.first_pattern: dict[str, object] = {}   # WL pattern name -> its pattern
        self.lazy = False
        self.has_user_regex = False
        self.repeat_depth = 0                  # repetitions around the piece being emitted
        self.nested_repeat = False             # a repetition inside a repetition
        self.back_reference = False

    def group_for(self, name: str) -> tuple[str, bool]:
        existing = self.groups.get(name)
        if existing is not None:
            return existing, True
        group = f"g{len(self.groups) + 1}"
        self.groups[name] = group
        return group, False


def _is_single_char(p) -> bool:
    return type(p) is String and len(p.value) == 1


def _single_char_class(p) -> tuple[str, str] | None:
    """(class, negated class) when ``p`` matches exactly one character from a set."""
    if type(p) is Symbol and p.name in _CHAR_CLASSES:
        pos, neg = _CHAR_CLASSES[p.name]
        return pos(), neg()
    if _is_single_char(p):
        body = re.escape(p.value)
        return f"[{body}]", f"[^{body}]"
    if type(p) is Expr and p.head in (S.List, S.Alternatives) and p.args \
            and all(_is_single_char(a) for a in p.args):
        body = "".join(re.escape(a.value) for a in p.args)
        return f"[{body}]", f"[^{body}]"
    return None


def _quantifier(lo: int, hi: int | None, lazy: bool) -> str:
    if hi is None:
        q = "*" if lo == 0 else "+" if lo == 1 else f"{{{lo},}}"
    elif lo == hi:
        q = f"{{{lo}}}"
    else:
        q = f"{{{lo},{hi}}}"
    return q + "?" if lazy and lo != hi else q


def _repeat_bounds(p: Expr, null: bool) -> tuple[int, int | None]:
    """The (min, max) repetitions of Repeated[p, spec] / RepeatedNull[p, spec]."""
    lo = 0 if null else 1
    if len(p.args) == 1:
        return lo, None
    spec = p.args[1]
    if type(spec) is Integer:
        return lo, spec.value
    if type(spec) is Expr and spec.head is S.List and all(type(a) is Integer for a in spec.args):
        if len(spec.args) == 1:
            return spec.args[0].value, spec.args[0].value
        if len(spec.args) == 2:
            return spec.args[0].value, spec.args[1].value
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2 \
            and type(spec.args[0]) is Integer and spec.args[1] is S.Infinity:
        return spec.args[0].value, None
    raise InvalidStringPattern(p)


def _rx(p, ctx: _RegexContext) -> str:
    t = type(p)
    if t is String:
        return re.escape(p.value)
    if t is Symbol:
        name = p.name
        if name in _CHAR_CLASSES:
            return _CHAR_CLASSES[name][0]()
        if name in _SYMBOL_PATTERNS:
            greedy, lazy = _SYMBOL_PATTERNS[name]
            return lazy if ctx.lazy else greedy
        raise InvalidStringPattern(p)
    if t is not Expr:
        raise InvalidStringPattern(p)
    head, args = p.head, p.args
    if head is S.StringExpression:
        return "".join(_rx(a, ctx) for a in args)
    if head is S.Alternatives or head is S.List:
        cls = _single_char_class(p)
        if cls is not None:
            return cls[0]
        return "(?:" + "|".join(_rx(a, ctx) for a in args) + ")"
    if head in _BLANKS and not args:
        if head is not S.Blank:              # .+ or .* inside a repetition repeats too
            ctx.nested_repeat = ctx.nested_repeat or ctx.repeat_depth > 0
        return _BLANKS[head] + ("?" if ctx.lazy and head is not S.Blank else "")
    if head is S.Pattern and len(args) == 2 and type(args[0]) is Symbol:
        group, seen = ctx.group_for(args[0].name)
        if seen:
            # a back reference says "the same text"; it cannot also say "and matching a
            # different pattern", which the backtracking engine checks
            if args[1] != ctx.first_pattern[args[0].name]:
                raise _NeedsBacktracking()
            ctx.back_reference = True
            return f"(?P={group})"
        ctx.first_pattern[args[0].name] = args[1]
        return f"(?P<{group}>{_rx(args[1], ctx)})"
    if head is S.Repeated or head is S.RepeatedNull:
        if len(args) not in (1, 2):
            raise InvalidStringPattern(p)
        lo, hi = _repeat_bounds(p, head is S.RepeatedNull)
        ctx.nested_repeat = ctx.nested_repeat or ctx.repeat_depth > 0
        ctx.repeat_depth += 1
        try:
            return "(?:" + _rx(args[0], ctx) + ")" + _quantifier(lo, hi, ctx.lazy)
        finally:
            ctx.repeat_depth -= 1
    if head is S.RegularExpression and len(args) == 1 and type(args[0]) is String:
        ctx.has_user_regex = True
        return "(?:" + args[0].value + ")"
    if head is S.Except and len(args) in (1, 2):
        cls = _single_char_class(args[0])
        if len(args) == 1:
            return cls[1] if cls is not None else f"(?:(?!{_rx(args[0], ctx)}).)"
        return f"(?:(?!{_rx(args[0], ctx)}){_rx(args[1], ctx)})"
    if (head is S.Shortest or head is S.Longest) and len(args) == 1:
        saved = ctx.lazy
        ctx.lazy = head is S.Shortest
        try:
            return _rx(args[0], ctx)
        finally:
            ctx.lazy = saved
    if (head is S.Condition or head is S.PatternTest) and len(args) == 2:
        raise _NeedsBacktracking()
    raise InvalidStringPattern(p)


_BLANKS = {S.Blank: ".", S.BlankSequence: ".+", S.BlankNullSequence: ".*"}


def _compile_regex(p, ignore_case: bool):
    ctx = _RegexContext()
    source = _rx(p, ctx)
    if ctx.back_reference and ctx.nested_repeat:
        # the regex module misses matches of a back reference after nested repetitions
        # that can match empty ((a*)((.+)*)*\1 on "a", (?P<y>(?:.+)*)(?:.+)*(?P=y) on
        # "11a"): such patterns are matched by
        # the backtracking engine, which finds what PCRE finds
        raise _NeedsBacktracking()
    try:
        regex = re.compile(source, _FLAGS | (re.IGNORECASE if ignore_case else 0))
    except re.error:
        raise InvalidStringPattern(p) from None
    names = {group: name for name, group in ctx.groups.items()}
    return regex, names, ctx.has_user_regex


# ---------------------------------------------------------------------------- backtracking engine

# A matcher is f(s, i, bindings, ev) -> iterator of (end, bindings).
Matcher = Callable[[str, int, dict, object], Iterator[tuple[int, dict]]]


def _is_word_char(s: str, k: int) -> bool:
    return 0 <= k < len(s) and (s[k].isalnum() or s[k] == "_")


# zero-width assertions, checked against the whole string (never a truncated view of it)
_ANCHORS: dict[str, Callable[[str, int], bool]] = {
    "StartOfString": lambda s, i: i == 0,
    "EndOfString": lambda s, i: i == len(s),
    "StartOfLine": lambda s, i: i == 0 or s[i - 1] == "\n",
    "EndOfLine": lambda s, i: i == len(s) or s[i] == "\n",
    "WordBoundary": lambda s, i: _is_word_char(s, i - 1) != _is_word_char(s, i),
}

_BLANK_MIN = {S.Blank: (1, 1), S.BlankSequence: (1, None), S.BlankNullSequence: (0, None)}


def _bt(p, ignore_case: bool, lazy: bool) -> Matcher:
    """The backtracking matcher of ``p``.  Every structural construct is its own matcher
    (so conditions see every way of splitting the text); only character-level pieces
    (classes, Except, Whitespace, NumberString, RegularExpression) are small regexes."""
    if type(p) is String:
        return _bt_literal(p.value, ignore_case)
    if type(p) is Symbol and p.name in _ANCHORS:
        return _bt_anchor(_ANCHORS[p.name])
    if type(p) is Expr:
        head, args = p.head, p.args
        if head is S.StringExpression:
            return _bt_sequence([_bt(a, ignore_case, lazy) for a in args])
        if (head is S.Alternatives or head is S.List) and _single_char_class(p) is None:
            return _bt_alternatives([_bt(a, ignore_case, lazy) for a in args])
        if head is S.Pattern and len(args) == 2 and type(args[0]) is Symbol:
            return _bt_named(args[0].name, _bt(args[1], ignore_case, lazy))
        if (head is S.Repeated or head is S.RepeatedNull) and len(args) in (1, 2):
            lo, hi = _repeat_bounds(p, head is S.RepeatedNull)
            return _bt_repeat(_bt(args[0], ignore_case, lazy), lo, hi, lazy)
        if (head is S.Shortest or head is S.Longest) and len(args) == 1:
            return _bt(args[0], ignore_case, head is S.Shortest)
        if head is S.Condition and len(args) == 2:
            return _bt_condition(_bt(args[0], ignore_case, lazy), args[1])
        if head is S.PatternTest and len(args) == 2:
            return _bt_test(_bt(args[0], ignore_case, lazy), args[1])
        if head in _BLANK_MIN and not args:
            return _bt_blank(*_BLANK_MIN[head], lazy)
    return _bt_leaf(p, ignore_case, lazy)


def _bt_anchor(holds: Callable[[str, int], bool]) -> Matcher:
    def match(s, i, b, ev):
        if holds(s, i):
            yield i, b
    return match


def _bt_blank(lo: int, hi: int | None, lazy: bool) -> Matcher:
    def match(s, i, b, ev):
        top = len(s) if hi is None else min(len(s), i + hi)
        ends = range(i + lo, top + 1) if lazy else range(top, i + lo - 1, -1)
        for j in ends:
            yield j, b
    return match


def _state(i: int, b: dict, *rest) -> tuple:
    """A hashable key of a point of the search: position, bindings and the matcher's own
    counters."""
    return (i, frozenset(b.items())) + rest if b else (i, None) + rest


# Memoised search.  Within one call of a sequence or repetition matcher, the ways that
# continue from a state (position, bindings, part or count) are always the same (tests are
# taken to be pure), and a state is never its own descendant (each step moves to a later
# part or a later position): so a state met again has already had all its ways tried and
# handed on, and is skipped.  Only repeats are cut; the order of the ways stays PCRE's.

def _bt_sequence(parts: list[Matcher]) -> Matcher:
    def match(s, i, b, ev):
        yield from step(s, i, b, ev, 0, set())

    def step(s, i, b, ev, k, explored):
        key = _state(i, b, k)
        if key in explored:
            return
        explored.add(key)
        if k == len(parts):
            yield i, b
            return
        for j, b2 in parts[k](s, i, b, ev):
            _abort_point(ev)
            yield from step(s, j, b2, ev, k + 1, explored)
    return match


def _bt_alternatives(alternatives: list[Matcher]) -> Matcher:
    def match(s, i, b, ev):
        seen = set()                   # two alternatives may match the same way
        for alt in alternatives:
            for j, b2 in alt(s, i, b, ev):
                key = _state(j, b2)
                if key not in seen:
                    seen.add(key)
                    yield j, b2
    return match


def _bt_named(name: str, inner: Matcher) -> Matcher:
    def match(s, i, b, ev):
        for j, b2 in inner(s, i, b, ev):
            value = s[i:j]
            bound = b2.get(name)
            if bound is None:
                yield j, {**b2, name: value}
            elif bound == value:
                yield j, b2
    return match


def _bt_repeat(inner: Matcher, lo: int, hi: int | None, lazy: bool) -> Matcher:
    def match(s, i, b, ev):
        seen = set()                   # ways already handed on
        for way in step(s, i, b, ev, 0, set()):
            key = _state(*way)
            if key not in seen:
                seen.add(key)
                yield way

    def step(s, i, b, ev, count, explored):
        # past the least count, only whether the most is reached matters
        key = _state(i, b, min(count, lo) if hi is None else count)
        if key in explored:
            return
        explored.add(key)
        if lazy and count >= lo:
            yield i, b
        if hi is None or count < hi:
            for j, b2 in inner(s, i, b, ev):
                _abort_point(ev)
                if j > i:
                    yield from step(s, j, b2, ev, count + 1, explored)
                else:                  # an empty step ends the repetition, as in PCRE
                    yield j, b2
        if not lazy and count >= lo:
            yield i, b
    return match


def _bt_condition(inner: Matcher, test) -> Matcher:
    def match(s, i, b, ev):
        for j, b2 in inner(s, i, b, ev):
            values = {name: String(v) for name, v in b2.items()}
            if ev.evaluate(substitute(test, values)) is TRUE:
                yield j, b2
    return match


def _bt_test(inner: Matcher, test) -> Matcher:
    # As in the Wolfram Language, p?test on a multi-character match applies the test to
    # each character (so __?DigitQ and __?(# == "a" &) both mean "every character").
    def match(s, i, b, ev):
        for j, b2 in inner(s, i, b, ev):
            if all(ev.apply(test, String(c)) is TRUE for c in s[i:j]):
                yield j, b2
    return match


def _bt_leaf(p, ignore_case: bool, lazy: bool) -> Matcher:
    """A condition-free piece: a small regex, tried for every possible end (longest first,
    or shortest first under Shortest).  Named parts it binds must agree with those bound
    before it.  Trying ends in length order is PCRE's order for a single greedy or lazy
    piece; for a piece mixing both inside (only a RegularExpression can) it is an
    approximation."""
    if type(p) is String:
        return _bt_literal(p.value, ignore_case)
    if type(p) is Expr and (p.head is S.Shortest or p.head is S.Longest) and len(p.args) == 1:
        lazy = p.head is S.Shortest
    try:
        regex, names, _ = _compile_regex(Expr(S.Shortest if lazy else S.Longest, p),
                                         ignore_case)
    except _NeedsBacktracking:          # a test somewhere _bt does not look (inside Except)
        raise InvalidStringPattern(p) from None
    width = _fixed_width(p)

    def ends(s, i):
        if width is not None:
            return (i + width,) if i + width <= len(s) else ()
        return range(i, len(s) + 1) if lazy else range(len(s), i - 1, -1)

    def match(s, i, b, ev):
        if width is None and _abortable(ev, regex.match, s, i) is None:
            return                      # no end can work: skip trying them one by one
        for j in ends(s, i):
            m = _abortable(ev, regex.fullmatch, s, i, j)
            if m is None:
                continue
            b2 = b
            for group, name in names.items():
                value = m.group(group)
                bound = b2.get(name)
                if bound is None:
                    b2 = {**b2, name: value}
                elif bound != value:
                    break
            else:
                yield j, b2
    return match


def _bt_literal(text: str, ignore_case: bool) -> Matcher:
    n = len(text)
    folded = text.casefold()

    def match(s, i, b, ev):
        piece = s[i:i + n]
        if piece == text or (ignore_case and piece.casefold() == folded):
            yield i + n, b
    return match


def _fixed_width(p) -> int | None:
    """The number of characters ``p`` always matches, when that is fixed."""
    if type(p) is String:
        return len(p.value)
    if _single_char_class(p) is not None:
        return 1
    if type(p) is Expr:
        if p.head is S.Blank and not p.args:
            return 1
        if p.head is S.Except and len(p.args) == 1:
            return 1
        if p.head is S.StringExpression:
            widths = [_fixed_width(a) for a in p.args]
            return None if None in widths else sum(widths)
        if p.head is S.Pattern and len(p.args) == 2:
            return _fixed_width(p.args[1])
    return None


# ---------------------------------------------------------------------------- the compiled pattern

class StringPattern:
    """A compiled string pattern.  Methods take the evaluator ``ev`` only because patterns
    with conditions call back into it; pure patterns ignore it."""

    __slots__ = ("regex", "group_names", "user_groups", "_matcher", "literal")

    def __init__(self, pattern, ignore_case: bool = False):
        # a plain string matched case-sensitively: callers may use str methods instead
        self.literal: str | None = pattern.value if type(pattern) is String \
            and not ignore_case else None
        self._matcher: Matcher | None = None
        self.regex = None
        self.group_names: dict[str, str] = {}
        self.user_groups = False
        try:
            self.regex, self.group_names, self.user_groups = _compile_regex(pattern, ignore_case)
        except _NeedsBacktracking:
            self._matcher = _bt(pattern, ignore_case, False)

    # -- the three questions everything else is built from

    def fullmatch(self, s: str, ev=None) -> StringMatch | None:
        if self.regex is not None:
            m = _abortable(ev, self.regex.fullmatch, s)
            return None if m is None else self._from_re(m)
        for j, b in self._matcher(s, 0, {}, ev):
            if j == len(s):
                return StringMatch(0, j, b)
        return None

    def match_at(self, s: str, i: int, ev=None) -> StringMatch | None:
        """The first match starting exactly at ``i`` (possibly empty)."""
        if self.regex is not None:
            m = _abortable(ev, self.regex.match, s, i)
            return None if m is None else self._from_re(m)
        for j, b in self._matcher(s, i, {}, ev):
            return StringMatch(i, j, b)
        return None

    def finditer(self, s: str, ev=None, overlaps=False) -> Iterator[StringMatch]:
        """Successive non-empty matches, leftmost first.  ``overlaps``: False resumes after
        each match, True tries again from the next character after each match's start,
        ``"All"`` yields every match at every start (all ends)."""
        if overlaps == "All":
            yield from self._all_matches(s, ev)
            return
        if self.regex is not None and not overlaps:
            # one search per match, each abortable; a fresh search from the end of a
            # non-empty match continues exactly as finditer would
            pos = 0
            while True:
                m = _abortable(ev, _first_nonempty, self.regex, s, pos)
                if m is None:
                    return
                yield self._from_re(m)
                pos = m.end()
        i = 0
        while True:
            m = self.search(s, i, ev)
            if m is None:
                return
            yield m
            i = m.start + 1 if overlaps else m.end

    def search(self, s: str, i: int = 0, ev=None, allow_empty: bool = False):
        """The leftmost match starting at or after ``i`` (non-empty unless
        ``allow_empty``), or None."""
        n = len(s)
        while i <= n:
            m = self._search(s, i, ev)
            if m is None or allow_empty or m.end > m.start:
                return m
            i = m.start + 1
        return None

    def _search(self, s: str, i: int, ev) -> StringMatch | None:
        """The leftmost match at or after ``i``, possibly empty."""
        if self.regex is not None:
            m = _abortable(ev, self.regex.search, s, i)
            return None if m is None else self._from_re(m)
        for start in range(i, len(s) + 1):
            _abort_point(ev)
            for j, b in self._matcher(s, start, {}, ev):
                if j > start:
                    return StringMatch(start, j, b)
            for j, b in self._matcher(s, start, {}, ev):
                return StringMatch(start, j, b)
        return None

    def _all_matches(self, s: str, ev) -> Iterator[StringMatch]:
        for start in range(len(s)):
            for end in range(start + 1, len(s) + 1):
                _abort_point(ev)
                if self.regex is not None:
                    m = _abortable(ev, self.regex.fullmatch, s, start, end)
                    if m is not None:
                        yield self._from_re(m)
                else:
                    for j, b in self._matcher(s[:end], start, {}, ev):
                        if j == end:
                            yield StringMatch(start, j, b)
                            break

    def _from_re(self, m: re.Match) -> StringMatch:
        names = self.group_names
        bindings = {name: m.group(group) for group, name in names.items()} if names else {}
        groups = (m.group(0),) + m.groups() if self.user_groups else ()
        return StringMatch(m.start(), m.end(), bindings, groups)


@lru_cache(maxsize=1024)
def _cached(pattern, ignore_case: bool) -> StringPattern:
    return StringPattern(pattern, ignore_case)


def compile_string_pattern(pattern, ignore_case: bool = False) -> StringPattern:
    """The compiled form of a WL string pattern (cached).  Raises InvalidStringPattern."""
    return _cached(pattern, bool(ignore_case))


# ---------------------------------------------------------------------------- substitution

def substitute(expr, values: dict):
    """``expr`` with every symbol named in ``values`` (name -> expression) replaced, as a
    rule's right-hand side receives the parts its left-hand side named."""
    if not values:
        return expr
    t = type(expr)
    if t is Symbol:
        return values.get(expr.name, expr)
    if t is Expr:
        head = substitute(expr.head, values)
        args = tuple(substitute(a, values) for a in expr.args)
        if head is expr.head and all(a is b for a, b in zip(args, expr.args)):
            return expr
        return Expr.from_args(head, args)
    return expr

