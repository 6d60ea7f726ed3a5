"""String functions: StringJoin, StringTake, StringSplit, StringReplace, StringCases…

Patterns go through ``wlnet.core.string_patterns`` (compiled to regexes and cached).  The
functions that take a string pattern also take a list of strings as their first argument
and map over it, as in the Wolfram Language; a non-string there gets ``f::strse``.

Hot paths (the seed builds ~10,000 strings with ``StringJoin /@ Tuples[…]`` and counts
characters in each with ``StringCount[str, "x"]``) use plain ``str`` operations before any
pattern machinery.
"""

from __future__ import annotations

from wlnet.core.registry import builtin, builtin_subvalue
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, String, Symbol
from wlnet.core.string_patterns import (InvalidStringPattern, compile_string_pattern,
                                        substitute)

LIST = S.List
RULE = S.Rule
RULE_DELAYED = S.RuleDelayed

_STRING_MSG = {"string": "String expected at position `1` in `2`."}
_STRSE_MSG = {"strse": "String or list of strings expected at position `1` in `2`."}
_PATTERN_OPTIONS = {"IgnoreCase": FALSE}
_OVERLAP_OPTIONS = {"IgnoreCase": FALSE, "Overlaps": FALSE}


# ---------------------------------------------------------------------------- helpers

def _list(items) -> Expr:
    return Expr.from_args(LIST, items)


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is LIST


def _is_rule(e) -> bool:
    return type(e) is Expr and (e.head is RULE or e.head is RULE_DELAYED) and len(e.args) == 2


def _bool(b: bool):
    return TRUE if b else FALSE


def _call(name: str, args) -> Expr:
    return Expr.from_args(Symbol(name), args)


def _small_int(e) -> int | None:
    return e.value if type(e) is Integer else None


def _map_strings(ev, name: str, first, args, fn):
    """Apply ``fn(str)`` to a string, or to every string of a (nested) list of strings;
    anything else gets ``name::strse`` and the call stays unevaluated (None)."""
    if type(first) is String:
        return fn(first.value)
    if _is_list(first) and all(type(a) is String or _is_list(a) for a in first.args):
        results = []
        for item in first.args:
            r = _map_strings(ev, name, item, args, fn)
            if r is None:
                return None
            results.append(r)
        return _list(results)
    ev.message(Symbol(name), "strse", Integer(1), _call(name, args))
    return None


def _options(args, known: dict):
    """(positional args, option values): trailing ``IgnoreCase -> …``-style rules naming
    one of ``known`` are options; any other rule is a positional argument (a string rule
    such as ``"a" -> "b"``), so ``registry.split_options`` is not used here."""
    opts = dict(known)
    end = len(args)
    while end > 1:
        a = args[end - 1]
        key = a.args[0] if _is_rule(a) else None
        kname = key.name if type(key) is Symbol else None
        if kname not in known:
            break
        opts[kname] = a.args[1]
        end -= 1
    return args[:end], opts


def _compile(ev, pattern, ignore_case=False):
    """The compiled pattern, or None after ``StringExpression::invld``."""
    try:
        return compile_string_pattern(pattern, ignore_case)
    except InvalidStringPattern as exc:
        ev.message(S.StringExpression, "invld", exc.element, pattern)
        return None
    except TypeError:                    # an unhashable piece (never in practice)
        ev.message(S.StringExpression, "invld", pattern, pattern)
        return None


def _as_pattern(p):
    """A list of patterns is their alternatives."""
    return Expr.from_args(S.Alternatives, p.args) if _is_list(p) else p


def _to_text(e) -> str:
    """The text of an expression as StringRiffle and friends insert it (ToString)."""
    if type(e) is String:
        return e.value
    if type(e) is Integer:
        return str(e.value)
    from wlnet.syntax.printer import text_form      # syntax sits above core: import late
    return text_form(e)


# ---------------------------------------------------------------------------- joining and length

def _flatten_strings(args, out: list) -> int:
    """Append the strings of ``args`` (lists flattened) to ``out``; return the 1-based
    position of the first non-string argument, or 0 when all are strings."""
    for k, a in enumerate(args, 1):
        if type(a) is String:
            out.append(a.value)
        elif _is_list(a):
            if _flatten_strings(a.args, out):
                return k
        else:
            return k
    return 0


@builtin(attributes=("Flat", "OneIdentity"), messages=_STRING_MSG,
         usage='StringJoin["s1", "s2", …] or s1 <> s2 <> … joins strings; lists of strings '
               'inside are joined too.',
         examples=[('"ab" <> "cd"', '"abcd"'), ('StringJoin[{"a", {"b", "c"}}]', '"abc"')])
def StringJoin(ev, *args):
    # The seed calls this ~10,000 times on a list of one-character strings: read the
    # atoms' slots directly and fall back to the general walk at the first surprise.
    parts: list[str] = []
    append = parts.append
    for a in args:
        t = type(a)
        if t is String:
            append(a._value)
        elif t is Expr and a._head is LIST:
            for x in a._args:
                if type(x) is not String:
                    return _string_join_general(ev, args)
                append(x._value)
        else:
            return _string_join_general(ev, args)
    return String("".join(parts))


def _string_join_general(ev, args):
    """Nested lists, and the message for a non-string."""
    parts: list[str] = []
    bad = _flatten_strings(args, parts)
    if bad:
        ev.message(S.StringJoin, "string", Integer(bad), _call("StringJoin", args))
        return None
    return String("".join(parts))


@builtin(attributes=("Flat", "OneIdentity", "Protected"),
         # what the string functions say of a pattern they cannot use (_compile)
         messages={"invld": "`1` is not a string, a string pattern or a character class, so "
                            "`2` is not a string pattern."},
         usage='StringExpression[p1, p2, …] or p1 ~~ p2 ~~ … is the string pattern of the pieces '
               'in sequence; adjacent literal strings are joined ("a" ~~ "b" is "ab").',
         examples=[('"a" ~~ "b"', '"ab"'), ('StringMatchQ["ab1", "a" ~~ "b" ~~ DigitCharacter]',
                                           'True')])
def StringExpression(ev, *args):
    if not args:
        return None
    joined = _join_pieces(list(args))
    if type(joined) is Expr and len(joined.args) == len(args):
        return None                     # no adjacent strings: stays as it is
    return joined.args[0] if type(joined) is Expr and len(joined.args) == 1 else joined


@builtin(attributes=("Listable", "Protected"), argc=1, messages=_STRING_MSG,
         usage='StringLength["s"] gives the number of characters in s.',
         examples=[('StringLength["hello"]', "5"), ('StringLength[{"a", "bc"}]', "{1, 2}")])
def StringLength(ev, s):
    if type(s) is String:
        return Integer(len(s.value))
    ev.message(S.StringLength, "string", Integer(1), _call("StringLength", (s,)))
    return None


# ---------------------------------------------------------------------------- take and drop

def _seq_range(spec, n: int):
    """The 1-based (first, last, step) a StringTake/StringDrop spec names in a string of
    length ``n``, before bounds checking; None when ``spec`` is not a sequence spec."""
    k = _small_int(spec)
    if k is not None:
        return (1, k, 1) if k >= 0 else (n + k + 1, n, 1)
    if spec is S.All:
        return 1, n, 1
    if type(spec) is Expr and spec.head is S.UpTo and len(spec.args) == 1:
        m = _small_int(spec.args[0])
        return None if m is None or m < 0 else (1, min(m, n), 1)
    if _is_list(spec) and 1 <= len(spec.args) <= 3:
        nums = [_small_int(a) for a in spec.args]
        if len(spec.args) == 2 and spec.args[1] is S.All and nums[0] is not None:
            nums[1] = n
        if None in nums:
            return None
        first, last = nums[0], nums[1] if len(nums) > 1 else nums[0]
        step = nums[2] if len(nums) == 3 else 1
        first = n + first + 1 if first < 0 else first
        last = n + last + 1 if last < 0 else last
        return (first, last, step) if step != 0 else None
    return None


def _in_bounds(first: int, last: int, n: int) -> bool:
    if last == first - 1:                            # an empty range is fine anywhere inside
        return 1 <= first <= n + 1
    return 1 <= first <= n and 1 <= last <= n


def _spec_list(spec):
    """A list of sequence specs ({{1, 2}, {4}}) gives a list of results."""
    return spec.args if _is_list(spec) and spec.args and all(_is_list(a) for a in spec.args) \
        else None


def _take_or_drop(ev, name: str, tag: str, args, drop: bool):
    s, spec = args
    specs = _spec_list(spec)
    if specs is not None:
        results = [_take_or_drop(ev, name, tag, (s, sp), drop) for sp in specs]
        return None if any(r is None for r in results) else _list(results)

    def one(text: str):
        n = len(text)
        rng = _seq_range(spec, n)
        if rng is None:
            ev.message(Symbol(name), "mseqs", spec)
            return None
        first, last, step = rng
        inside = _in_bounds(first, last, n) if step > 0 else _in_bounds(last, first, n)
        if not inside:
            lo, hi = _positions_shown(spec, first, last)
            ev.message(Symbol(name), tag, lo, hi, String(text))
            return None
        positions = range(first - 1, last, step) if step > 0 else range(first - 1, last - 2, step)
        if not drop:
            return String("".join(text[i] for i in positions) if step != 1
                          else text[first - 1:last])
        if step == 1:
            return String(text[:first - 1] + text[last:])
        dropped = set(positions)
        return String("".join(c for i, c in enumerate(text) if i not in dropped))

    if type(s) is String:
        return one(s.value)
    if _is_list(s) and all(type(a) is String for a in s.args):
        results = [one(a.value) for a in s.args]
        return None if any(r is None for r in results) else _list(results)
    ev.message(Symbol(name), "strse", Integer(1), _call(name, args))
    return None


def _positions_shown(spec, first: int, last: int):
    """The 'positions m through n' of a take/drop message, as the user wrote them."""
    if type(spec) is Integer:
        k = spec.value
        return (Integer(1), spec) if k >= 0 else (spec, Integer(-1))
    if _is_list(spec) and spec.args:
        return spec.args[0], spec.args[1] if len(spec.args) > 1 else spec.args[0]
    return Integer(first), Integer(last)


_TAKE_MSGS = {"take": "Cannot take positions `1` through `2` in `3`.",
              "mseqs": "Integer or a list of sequence specifications expected at position 2.",
              **_STRSE_MSG}
_DROP_MSGS = {"drop": "Cannot drop positions `1` through `2` in `3`.",
              "mseqs": "Integer or a list of sequence specifications expected at position 2.",
              **_STRSE_MSG}


@builtin(argc=2, messages=_TAKE_MSGS,
         usage='StringTake["s", n] gives the first n characters of s; -n the last n; {n} the '
               'nth; {m, n} characters m through n; UpTo[n] at most n.',
         examples=[('StringTake["abcdef", 2]', '"ab"'), ('StringTake["abcdef", -2]', '"ef"'),
                   ('StringTake["abcdef", {2, 4}]', '"bcd"')])
def StringTake(ev, s, spec):
    if type(spec) is Integer and spec.value > 0 and type(s) is String \
            and spec.value <= len(s.value):
        return String(s.value[:spec.value])
    if type(spec) is Integer and spec.value >= 0 and type(s) is String and spec.value > len(s.value):
        ev.message(S.StringTake, "take", Integer(1), spec, s)
        return None
    return _take_or_drop(ev, "StringTake", "take", (s, spec), drop=False)


@builtin(argc=2, messages=_DROP_MSGS,
         usage='StringDrop["s", n] drops the first n characters of s; -n the last n; {n} the '
               'nth; {m, n} characters m through n.',
         examples=[('StringDrop["abcdef", 2]', '"cdef"'), ('StringDrop["abcdef", -2]', '"abcd"')])
def StringDrop(ev, s, spec):
    if type(spec) is Integer and type(s) is String and spec.value > len(s.value):
        ev.message(S.StringDrop, "drop", Integer(1), spec, s)
        return None
    return _take_or_drop(ev, "StringDrop", "drop", (s, spec), drop=True)


# ---------------------------------------------------------------------------- pattern tests

def _predicate(name: str, test, abbreviated: bool):
    """Build a ``name[s, p]`` predicate (threading over lists of strings) from
    ``test(compiled, text, ev) -> bool``; ``abbreviated``: read ``*`` and ``@`` in a
    literal pattern as metacharacters (StringMatchQ only)."""

    def run(ev, *args):
        positional, opts = _options(args, _PATTERN_OPTIONS)
        if len(positional) != 2:
            return None
        s, p = positional
        if abbreviated:
            p = _abbreviated(p)
        compiled = _compile(ev, _as_pattern(p), opts["IgnoreCase"] is TRUE)
        if compiled is None:
            return None
        return _map_strings(ev, name, s, args, lambda text: _bool(test(compiled, text, ev)))

    run.__name__ = name
    return run


def _abbreviated(p):
    """StringMatchQ reads ``*`` (any characters) and ``@`` (characters other than upper-case
    letters) in a literal string pattern as metacharacters; ``\\*`` is a literal star."""
    if type(p) is not String or ("*" not in p.value and "@" not in p.value):
        return p
    pieces, literal, text, i = [], [], p.value, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "*@":
            literal.append(text[i + 1])
            i += 2
            continue
        if c in "*@":
            if literal:
                pieces.append(String("".join(literal)))
                literal = []
            pieces.append(Expr(S.BlankNullSequence) if c == "*" else
                          Expr(S.Repeated, Expr(S.RegularExpression, String("[^A-Z]"))))
        else:
            literal.append(c)
        i += 1
    if literal:
        pieces.append(String("".join(literal)))
    return Expr.from_args(S.StringExpression, pieces)


def _declare_predicate(name, test, usage, examples, abbreviated=False):
    builtin(name, argc=(1, None),                   # one argument: the operator form
            usage=usage, examples=examples, options=_PATTERN_OPTIONS,
            messages={**_STRSE_MSG})(_predicate(name, test, abbreviated))
    _operator_form(name)


def _operator_form(name: str):
    """``name[p][s]`` means ``name[s, p]`` (StringMatchQ[p], StringReplace[rules]…)."""

    @builtin_subvalue(name)
    def apply(ev, head_expr, *args):
        if len(head_expr.args) != 1 or len(args) != 1:
            return None
        return ev.evaluate(Expr(Symbol(name), args[0], head_expr.args[0]))
    return apply


_declare_predicate(
    "StringMatchQ", lambda c, t, ev: c.fullmatch(t, ev) is not None,
    'StringMatchQ["s", patt] tests whether the whole of s matches the string pattern patt.',
    [('StringMatchQ["abc", "a" ~~ __]', "True"), ('StringMatchQ["apple", "a*"]', "True")],
    abbreviated=True)
_declare_predicate(
    "StringContainsQ", lambda c, t, ev: c.search(t, 0, ev, allow_empty=True) is not None,
    'StringContainsQ["s", patt] tests whether s has a substring matching patt.',
    [('StringContainsQ["abc", "bc"]', "True")])
_declare_predicate(
    "StringFreeQ", lambda c, t, ev: c.search(t, 0, ev, allow_empty=True) is None,
    'StringFreeQ["s", patt] tests whether no substring of s matches patt.',
    [('StringFreeQ["abc", "x"]', "True")])
_declare_predicate(
    "StringStartsQ", lambda c, t, ev: c.match_at(t, 0, ev) is not None,
    'StringStartsQ["s", patt] tests whether s starts with a substring matching patt.',
    [('StringStartsQ["abc", "ab"]', "True")])


def _ends_q(ev, *args):
    positional, opts = _options(args, _PATTERN_OPTIONS)
    if len(positional) != 2:
        return None
    s, p = positional
    compiled = _compile(ev, Expr(S.StringExpression, _as_pattern(p), S.EndOfString),
                        opts["IgnoreCase"] is TRUE)
    if compiled is None:
        return None
    return _map_strings(ev, "StringEndsQ", s, args,
                        lambda text: _bool(compiled.search(text, 0, ev, allow_empty=True)
                                           is not None))


builtin("StringEndsQ", argc=(1, None), options=_PATTERN_OPTIONS, messages=_STRSE_MSG,
        usage='StringEndsQ["s", patt] tests whether s ends with a substring matching patt.',
        examples=[('StringEndsQ["abc", "bc"]', "True")])(_ends_q)
_operator_form("StringEndsQ")


# ---------------------------------------------------------------------------- rules

class _Rule:
    """One string rule (or a bare pattern, whose 'replacement' is the match itself)."""

    __slots__ = ("pattern", "rhs", "delayed", "bare")

    def __init__(self, pattern, rhs=None, delayed=False):
        self.pattern = pattern
        self.rhs = rhs
        self.delayed = delayed
        self.bare = rhs is None

    def value(self, ev, text: str, m):
        """What a match turns into: the matched text for a bare pattern, else the
        right-hand side with the named parts put in (``"$n"`` for regex groups)."""
        if self.bare:
            return String(text[m.start:m.end])
        rhs = self.rhs
        if m.groups:                   # "$n" in any string of the rhs: the n-th group
            rhs = _with_groups(rhs, m.groups)
            if type(rhs) is String:
                return rhs
        if not m.bindings:
            return ev.evaluate(rhs) if self.delayed else rhs
        values = {name: String(v) for name, v in m.bindings.items()}
        return ev.evaluate(substitute(rhs, values))


def _with_groups(e, groups: tuple):
    """``e`` with "$n" in its strings replaced by the regular expression's groups."""
    if type(e) is String:
        return String(_expand_groups(e.value, groups)) if "$" in e.value else e
    if type(e) is Expr:
        return Expr.from_args(_with_groups(e.head, groups),
                              [_with_groups(a, groups) for a in e.args])
    return e


def _expand_groups(template: str, groups: tuple) -> str:
    out, i = [], 0
    while i < len(template):
        c = template[i]
        if c == "$" and i + 1 < len(template) and template[i + 1].isdigit():
            j = i + 1
            while j < len(template) and template[j].isdigit():
                j += 1
            k = int(template[i + 1:j])
            out.append((groups[k] or "") if k < len(groups) else "")
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _rules(ev, spec, ignore_case: bool, allow_bare: bool):
    """Compile a rule, a list of rules (or, with ``allow_bare``, patterns) into _Rules;
    None after a message."""
    items = spec.args if _is_list(spec) else (spec,)
    if not items:
        return []
    if allow_bare and not any(_is_rule(r) for r in items):
        compiled = _compile(ev, _as_pattern(spec), ignore_case)
        return None if compiled is None else [_Rule(compiled)]
    rules = []
    for r in items:
        if _is_rule(r):
            compiled = _compile(ev, _as_pattern(r.args[0]), ignore_case)
            if compiled is None:
                return None
            rules.append(_Rule(compiled, r.args[1], r.head is RULE_DELAYED))
        elif allow_bare:
            compiled = _compile(ev, _as_pattern(r), ignore_case)
            if compiled is None:
                return None
            rules.append(_Rule(compiled))
        else:
            return None
    return rules


def _scan(ev, text: str, rules: list, overlaps=False):
    """Successive (match, rule) pairs: at each position the rules are tried in order, as
    StringReplace and StringCases do.  One rule takes the compiled pattern's own scan."""
    if len(rules) == 1:
        for m in rules[0].pattern.finditer(text, ev, overlaps):
            yield m, rules[0]
        return
    pending = [r.pattern.search(text, 0, ev) for r in rules]
    while True:
        best = None
        for k, m in enumerate(pending):
            if m is not None and (best is None or m.start < pending[best].start):
                best = k
        if best is None:
            return
        m = pending[best]
        yield m, rules[best]
        resume = m.start + 1 if overlaps else m.end
        for k, other in enumerate(pending):
            if other is not None and other.start < resume:
                pending[k] = rules[k].pattern.search(text, resume, ev)


def _split_points(ev, text: str, rules: list):
    """The delimiters StringSplit cuts at: as _scan finds them, and also the empty matches
    inside the string (a lookaround: RegularExpression["(?=[A-Z])"] splits "CamelCase"),
    except at either end and right after a delimiter (so "\\s*" splits "a b" once)."""
    n, i, last_end = len(text), 0, None
    while i <= n:
        found = None
        for rule in rules:
            m = rule.pattern.search(text, i, ev, allow_empty=True)
            if m is not None and (found is None or m.start < found[0].start):
                found = (m, rule)
        if found is None:
            return
        m, rule = found
        if m.end == m.start and (m.start in (0, n) or m.start == last_end):
            i = m.start + 1
            continue
        yield m, rule
        last_end = m.end
        i = m.end if m.end > m.start else m.end + 1


def _join_pieces(pieces: list):
    """The pieces of a replaced string: one String when all are strings, else a
    StringExpression (as the Wolfram Language returns for non-string replacements)."""
    merged: list = []
    for p in pieces:
        if type(p) is String and merged and type(merged[-1]) is String:
            merged[-1] = String(merged[-1].value + p.value)
        elif not (type(p) is String and p.value == ""):
            merged.append(p)
    if all(type(p) is String for p in merged):
        return String("".join(p.value for p in merged))
    return Expr.from_args(S.StringExpression, merged)


# ---------------------------------------------------------------------------- replace, cases, count

def _limit(ev, name, n, args):
    if n is None:
        return None
    if n is S.Infinity:
        return -1
    if type(n) is Integer and n.value >= 0:
        return n.value
    ev.message(Symbol(name), "innf", Integer(3), _call(name, args))
    return False


_INNF = {"innf": "Non-negative integer or Infinity expected at position `1` in `2`."}


@builtin(argc=(1, None), options=_PATTERN_OPTIONS,
         messages={**_STRSE_MSG, **_INNF,
                   "srep": "`1` is not a valid string replacement rule."},
         usage='StringReplace["s", lhs -> rhs] replaces each substring of s matching lhs by '
               'rhs; a list of rules is tried in order at each position; '
               'StringReplace["s", rules, n] does at most n replacements.',
         examples=[('StringReplace["abcab", "ab" -> "X"]', '"XcX"'),
                   ('StringReplace["a1b22", d:DigitCharacter.. :> "<" <> d <> ">"]',
                    '"a<1>b<22>"')])
def StringReplace(ev, *args):
    positional, opts = _options(args, _PATTERN_OPTIONS)
    if len(positional) not in (2, 3):
        return None
    s, spec = positional[0], positional[1]
    limit = _limit(ev, "StringReplace", positional[2] if len(positional) == 3 else None, args)
    if limit is False:
        return None
    rules = _rules(ev, spec, opts["IgnoreCase"] is TRUE, allow_bare=False)
    if rules is None:
        ev.message(S.StringReplace, "srep", spec)
        return None

    def replace(text: str):
        if len(rules) == 1 and rules[0].pattern.literal and limit is None \
                and type(rules[0].rhs) is String:          # plain text for plain text
            return String(text.replace(rules[0].pattern.literal, rules[0].rhs.value))
        pieces, at, done = [], 0, 0
        for m, rule in _scan(ev, text, rules):
            if limit is not None and limit >= 0 and done >= limit:
                break
            pieces.append(String(text[at:m.start]))
            pieces.append(rule.value(ev, text, m))
            at, done = m.end, done + 1
        pieces.append(String(text[at:]))
        return _join_pieces(pieces)

    return _map_strings(ev, "StringReplace", s, args, replace)


_operator_form("StringReplace")


@builtin(argc=(1, None), options=_OVERLAP_OPTIONS, messages={**_STRSE_MSG, **_INNF},
         usage='StringCases["s", patt] lists the substrings of s matching patt; '
               'StringCases["s", lhs -> rhs] gives rhs for each; StringCases["s", patt, n] '
               'the first n.',
         examples=[('StringCases["a1b22c333", DigitCharacter..]', '{"1", "22", "333"}'),
                   ('StringCases["a1b2", x_ ~~ d:DigitCharacter :> d <> x]', '{"1a", "2b"}')])
def StringCases(ev, *args):
    positional, opts = _options(args, _OVERLAP_OPTIONS)
    if len(positional) not in (2, 3):
        return None
    s, spec = positional[0], positional[1]
    limit = _limit(ev, "StringCases", positional[2] if len(positional) == 3 else None, args)
    if limit is False:
        return None
    rules = _rules(ev, spec, opts["IgnoreCase"] is TRUE, allow_bare=True)
    if rules is None:
        return None
    overlaps = _overlaps(opts["Overlaps"])

    def cases(text: str):
        out = []
        for m, rule in _scan(ev, text, rules, overlaps):
            if limit is not None and limit >= 0 and len(out) >= limit:
                break
            out.append(rule.value(ev, text, m))
        return _list(out)

    return _map_strings(ev, "StringCases", s, args, cases)


def _overlaps(value):
    if value is TRUE:
        return True
    if value is S.All:
        return "All"
    return False


@builtin(argc=(2, None), options=_OVERLAP_OPTIONS, messages=_STRSE_MSG,
         usage='StringCount["s", patt] counts the substrings of s matching patt '
               '(non-overlapping unless Overlaps -> True).',
         examples=[('StringCount["xyxx", "x"]', "3"),
                   ('StringCount["a1b22", DigitCharacter..]', "2")])
def StringCount(ev, *args):
    if len(args) == 2:                                  # the seed's hot path
        s, p = args
        if type(s) is String and type(p) is String and p._value:
            return Integer(s._value.count(p._value))
    positional, opts = _options(args, _OVERLAP_OPTIONS)
    if len(positional) != 2:
        return None
    s, p = positional
    compiled = _compile(ev, _as_pattern(p), opts["IgnoreCase"] is TRUE)
    if compiled is None:
        return None
    overlaps = _overlaps(opts["Overlaps"])
    return _map_strings(ev, "StringCount", s, args,
                        lambda text: Integer(sum(1 for _ in compiled.finditer(text, ev,
                                                                              overlaps))))


_operator_form("StringCases")
_operator_form("StringCount")


@builtin(argc=(2, None), options={"IgnoreCase": FALSE, "Overlaps": TRUE},
         messages={**_STRSE_MSG, **_INNF},
         usage='StringPosition["s", patt] lists the {start, end} positions of the substrings '
               'of s matching patt (overlapping ones included by default).',
         examples=[('StringPosition["abcabc", "bc"]', "{{2, 3}, {5, 6}}")])
def StringPosition(ev, *args):
    positional, opts = _options(args, {"IgnoreCase": FALSE, "Overlaps": TRUE})
    if len(positional) not in (2, 3):
        return None
    s, p = positional[0], positional[1]
    limit = _limit(ev, "StringPosition", positional[2] if len(positional) == 3 else None, args)
    if limit is False:
        return None
    compiled = _compile(ev, _as_pattern(p), opts["IgnoreCase"] is TRUE)
    if compiled is None:
        return None
    overlaps = _overlaps(opts["Overlaps"])

    def positions(text: str):
        out = []
        for m in compiled.finditer(text, ev, overlaps):
            if limit is not None and limit >= 0 and len(out) >= limit:
                break
            out.append(_list((Integer(m.start + 1), Integer(m.end))))
        return _list(out)

    return _map_strings(ev, "StringPosition", s, args, positions)


# ---------------------------------------------------------------------------- split, trim, riffle

@builtin(argc=(1, None), options=_PATTERN_OPTIONS, messages={**_STRSE_MSG, **_INNF},
         usage='StringSplit["s"] splits s at whitespace; StringSplit["s", patt] at substrings '
               'matching patt (empty pieces at the ends dropped, kept with All); '
               'StringSplit["s", patt, n] gives at most n pieces; patt -> val keeps val '
               'in place of each delimiter.',
         examples=[('StringSplit["a b  c"]', '{"a", "b", "c"}'),
                   ('StringSplit["a,,b", ","]', '{"a", "", "b"}')])
def StringSplit(ev, *args):
    positional, opts = _options(args, _PATTERN_OPTIONS)
    if not 1 <= len(positional) <= 3:
        return None
    s = positional[0]
    if len(positional) == 1:
        if type(s) is String:
            return _list(String(w) for w in s.value.split())
        spec = S.Whitespace
    else:
        spec = positional[1]
    keep_ends = len(positional) == 3 and positional[2] is S.All
    limit = None
    if len(positional) == 3 and not keep_ends:
        limit = _limit(ev, "StringSplit", positional[2], args)
        if limit is False:
            return None
    if spec == String(""):                  # the empty delimiter: between every character
        def characters(text: str):
            cut = len(text) if limit is None or limit <= 0 else max(limit - 1, 0)
            pieces = list(text[:cut]) + ([text[cut:]] if text[cut:] else [])
            return _list(String(c) for c in pieces)
        return _map_strings(ev, "StringSplit", s, args, characters)
    rules = _rules(ev, spec, opts["IgnoreCase"] is TRUE, allow_bare=True)
    if rules is None:
        return None

    def split(text: str):
        pieces, at = [], 0
        for m, rule in _split_points(ev, text, rules):
            if limit is not None and limit >= 0 and len(pieces) >= max(limit - 1, 0) \
                    and not (pieces and not rule.bare):
                break
            pieces.append(String(text[at:m.start]))
            if not rule.bare:
                pieces.append(rule.value(ev, text, m))
            at = m.end
        pieces.append(String(text[at:]))
        if not keep_ends:
            if pieces and pieces[0] == String(""):
                pieces.pop(0)
            if pieces and pieces[-1] == String(""):
                pieces.pop()
        return _list(pieces)

    return _map_strings(ev, "StringSplit", s, args, split)


@builtin(argc=(1, 2), messages=_STRSE_MSG,
         usage='StringTrim["s"] removes whitespace at the start and end of s; '
               'StringTrim["s", patt] removes substrings matching patt there.',
         examples=[('StringTrim["  ab c  "]', '"ab c"'), ('StringTrim["xxaxx", "x"..]', '"a"')])
def StringTrim(ev, *args):
    s = args[0]
    if len(args) == 1:
        # WL trims the Whitespace pattern, i.e. Unicode whitespace, as str.strip does
        return _map_strings(ev, "StringTrim", s, args, lambda text: String(text.strip()))
    p = _as_pattern(args[1])
    start = _compile(ev, Expr(S.StringExpression, S.StartOfString, p))
    end = _compile(ev, Expr(S.StringExpression, p, S.EndOfString))
    if start is None or end is None:
        return None

    def trim(text: str):
        m = start.match_at(text, 0, ev)
        lo = m.end if m is not None else 0
        m = end.search(text, lo, ev, allow_empty=True)
        hi = m.start if m is not None else len(text)
        return String(text[lo:hi])

    return _map_strings(ev, "StringTrim", s, args, trim)


def _riffle(ev, items, seps: list, depth: int):
    sep = seps[depth] if depth < len(seps) else seps[-1]
    if isinstance(sep, tuple):
        left, mid, right = sep
    else:
        left, mid, right = "", sep, ""
    texts = [(_riffle(ev, a.args, seps, depth + 1) if _is_list(a) else _to_text(a))
             for a in items]
    return left + mid.join(texts) + right


@builtin(argc=(1, None),
         messages={"string": "String expected at position `1` in `2`."},
         usage='StringRiffle[{s1, s2, …}] joins the strings with spaces between them; '
               'StringRiffle[list, sep] with sep; StringRiffle[list, {left, sep, right}]; '
               'StringRiffle[list, sep1, sep2] uses sep1 at the top level and sep2 within '
               'sublists.',
         examples=[('StringRiffle[{"a", "b", "c"}]', '"a b c"'),
                   ('StringRiffle[{"a", "b"}, ", "]', '"a, b"')])
def StringRiffle(ev, lst, *seps):
    if not _is_list(lst):
        return None
    depth = _list_depth(lst)
    if not seps:
        seps_py = [" "] if depth <= 1 else ["\n", " "]
    else:
        seps_py = []
        for k, sep in enumerate(seps, 2):
            if type(sep) is String:
                seps_py.append(sep.value)
            elif _is_list(sep) and len(sep.args) == 3 and all(type(a) is String for a in sep.args):
                seps_py.append(tuple(a.value for a in sep.args))
            else:
                ev.message(S.StringRiffle, "string", Integer(k), _call("StringRiffle",
                                                                         (lst, *seps)))
                return None
    return String(_riffle(ev, lst.args, seps_py, 0))


def _list_depth(e) -> int:
    if not _is_list(e):
        return 0
    return 1 + max((_list_depth(a) for a in e.args), default=0)


# ---------------------------------------------------------------------------- padding, repeat

def _pad(ev, name: str, args, left: bool):
    s = args[0]
    n = args[1] if len(args) > 1 else None
    pad = args[2] if len(args) > 2 else String(" ")
    if type(pad) is not String or (n is not None and _small_int(n) is None) \
            or (n is not None and n.value < 0):
        return None
    if n is None:
        if not (_is_list(s) and all(type(a) is String for a in s.args)):
            return None
        width = max((len(a.value) for a in s.args), default=0)
    else:
        width = n.value

    def one(text: str):
        if len(text) >= width:                     # too long: keep the end nearest the pad side
            return String(text[len(text) - width:] if left else text[:width])
        missing = width - len(text)
        if not pad.value:
            return String(text)
        repeated = pad.value * (missing // len(pad.value) + 1)
        return String(repeated[len(repeated) - missing:] + text if left
                      else text + repeated[:missing])

    return _map_strings(ev, name, s, args, one)


@builtin(argc=(1, 3), messages=_STRSE_MSG,
         usage='StringPadLeft["s", n] pads s on the left with spaces to length n (or drops '
               'characters on the left); StringPadLeft["s", n, "pad"] pads with pad; '
               'StringPadLeft[{s1, s2, …}] pads all to the longest.',
         examples=[('StringPadLeft["ab", 4]', '"  ab"'), ('StringPadLeft["abc", 5, "0"]',
                                                          '"00abc"')])
def StringPadLeft(ev, *args):
    return _pad(ev, "StringPadLeft", args, left=True)


@builtin(argc=(1, 3), messages=_STRSE_MSG,
         usage='StringPadRight["s", n] pads s on the right with spaces to length n (or drops '
               'characters on the right); StringPadRight["s", n, "pad"] pads with pad.',
         examples=[('StringPadRight["ab", 4, "."]', '"ab.."')])
def StringPadRight(ev, *args):
    return _pad(ev, "StringPadRight", args, left=False)


@builtin(argc=(2, 3),
         usage='StringRepeat["s", n] repeats s n times; StringRepeat["s", n, max] stops at '
               'max characters.',
         examples=[('StringRepeat["ab", 3]', '"ababab"')])
def StringRepeat(ev, s, n, *rest):
    if type(s) is not String or type(n) is not Integer or n.value < 1:
        return None
    text = s.value * n.value
    if rest:
        if type(rest[0]) is not Integer or rest[0].value < 0:
            return None
        text = text[:rest[0].value]
    return String(text)


# ---------------------------------------------------------------------------- characters and case

def _string_function(name: str, fn, usage: str, examples, msg_tag="strse"):
    """A one-argument Listable function on strings."""

    def run(ev, s):
        if type(s) is String:
            return fn(s.value)
        if msg_tag:
            ev.message(Symbol(name), msg_tag, Integer(1), _call(name, (s,)))
        return None

    run.__name__ = name
    builtin(name, attributes=("Listable", "Protected"), argc=1, usage=usage, examples=examples,
            messages={**_STRSE_MSG, **_STRING_MSG})(run)


_string_function("ToUpperCase", lambda t: String(t.upper()),
                 'ToUpperCase["s"] turns every letter of s to upper case.',
                 [('ToUpperCase["abc"]', '"ABC"')], msg_tag=None)
_string_function("ToLowerCase", lambda t: String(t.lower()),
                 'ToLowerCase["s"] turns every letter of s to lower case.',
                 [('ToLowerCase["AbC"]', '"abc"')], msg_tag=None)
_string_function("Characters", lambda t: _list(String(c) for c in t),
                 'Characters["s"] lists the characters of s.',
                 [('Characters["abc"]', '{"a", "b", "c"}')], msg_tag=None)
_string_function("StringReverse", lambda t: String(t[::-1]),
                 'StringReverse["s"] reverses the order of the characters in s.',
                 [('StringReverse["abc"]', '"cba"')], msg_tag=None)


def _char_test(name: str, test, usage: str, examples):
    def run(ev, s):
        if type(s) is String:
            return _bool(all(test(c) for c in s.value))
        return FALSE
    run.__name__ = name
    builtin(name, argc=1, usage=usage, examples=examples)(run)


_char_test("LetterQ", str.isalpha, 'LetterQ["s"] is True when every character of s is a letter.',
           [('LetterQ["abc"]', "True"), ('LetterQ["a1"]', "False")])
_char_test("DigitQ", lambda c: "0" <= c <= "9",
           'DigitQ["s"] is True when every character of s is a digit 0-9.',
           [('DigitQ["123"]', "True")])
_char_test("UpperCaseQ", str.isupper,
           'UpperCaseQ["s"] is True when every character of s is an upper-case letter.',
           [('UpperCaseQ["AB"]', "True")])
_char_test("LowerCaseQ", str.islower,
           'LowerCaseQ["s"] is True when every character of s is a lower-case letter.',
           [('LowerCaseQ["ab"]', "True")])


@builtin(argc=(1, 2), messages=_STRSE_MSG,
         usage='ToCharacterCode["s"] lists the Unicode code points of the characters of s; '
               'ToCharacterCode["s", "UTF8"] the bytes of its UTF-8 encoding.',
         examples=[('ToCharacterCode["AB"]', "{65, 66}"),
                   ('ToCharacterCode["\u00e9", "UTF8"]', "{195, 169}")])
def ToCharacterCode(ev, s, encoding=None):
    if encoding is None or encoding in (String("Unicode"), String("UTF16")):
        codes = lambda t: _list(Integer(ord(c)) for c in t)
    elif encoding == String("UTF8"):
        codes = lambda t: _list(Integer(b) for b in t.encode("utf-8", "surrogatepass"))
    else:
        return None
    return _map_strings(ev, "ToCharacterCode", s, (s,) if encoding is None else (s, encoding),
                        codes)


@builtin(argc=1,
         messages={"intnm": "Non-negative machine-sized integer expected at position `1` in "
                            "`2`."},
         usage='FromCharacterCode[n] is the character with code n; FromCharacterCode[{n1, n2, '
               '…}] the string of those characters; a list of such lists gives a list of '
               'strings.',
         examples=[('FromCharacterCode[{72, 105}]', '"Hi"')])
def FromCharacterCode(ev, codes):
    def char(e):
        if type(e) is Integer and 0 <= e.value <= 0x10FFFF:
            return chr(e.value)
        raise ValueError

    try:
        if type(codes) is Integer:
            return String(char(codes))
        if _is_list(codes) and all(_is_list(a) for a in codes.args) and codes.args:
            return _list(String("".join(char(c) for c in a.args)) for a in codes.args)
        if _is_list(codes):
            return String("".join(char(c) for c in codes.args))
    except ValueError:
        pass
    ev.message(S.FromCharacterCode, "intnm", Integer(1), _call("FromCharacterCode", (codes,)))
    return None


@builtin(argc=2,
         usage='CharacterRange["a", "z"] lists the characters from a to z in code order.',
         examples=[('CharacterRange["a", "e"]', '{"a", "b", "c", "d", "e"}')])
def CharacterRange(ev, a, b):
    if type(a) is String and type(b) is String and len(a.value) == 1 and len(b.value) == 1:
        return _list(String(chr(c)) for c in range(ord(a.value), ord(b.value) + 1))
    if type(a) is Integer and type(b) is Integer and 0 <= a.value and b.value <= 0x10FFFF:
        return _list(String(chr(c)) for c in range(a.value, b.value + 1))
    return None
