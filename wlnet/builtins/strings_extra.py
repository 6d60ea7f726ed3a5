"""StringInsert, Alphabet, StringPartition and the longest common runs of two strings or
lists, which scripts use and strings.py lacked."""

from __future__ import annotations

import string

from wlnet.builtins._listutil import is_list, mklist
from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.registry import builtin


@builtin("StringInsert", argc=3, attributes=("Protected",),
         usage="StringInsert[s, t, n] inserts t into s so that it starts at character n "
               "(n < 0 counts from the end: -1 appends); StringInsert[s, t, {n1, n2, …}] at "
               "each of the positions of the original s.",
         examples=(('StringInsert["abc", "X", 2]', '"aXbc"'),
                   ('StringInsert["abc", "X", -1]', '"abcX"'),
                   ('StringInsert["abcd", "-", {2, 4}]', '"a-bc-d"')),
         messages={"ins": "Cannot insert at position `1` in `2`."})
def string_insert(ev, s, t, n):
    if is_list(s):
        return mklist([string_insert(ev, x, t, n) or Expr(S.StringInsert, x, t, n)
                       for x in s.args])
    if type(s) is not String or type(t) is not String:
        return None
    positions = n.args if is_list(n) else (n,)
    if not all(type(p) is Integer for p in positions):
        return None
    text, length = s.value, len(s.value)
    offsets = []
    for p in positions:
        k = p.value
        offset = k - 1 if k > 0 else length + k + 1
        if k == 0 or not 0 <= offset <= length:
            ev.message(S.StringInsert, "ins", p, s)
            return None
        offsets.append(offset)
    pieces, last = [], 0
    for offset in sorted(offsets):
        pieces += [text[last:offset], t.value]
        last = offset
    pieces.append(text[last:])
    return String("".join(pieces))


def _span_offsets(spec, length: int) -> tuple[int, int] | None:
    """0-based [start, stop) of a 1-based {m, n} (negative counts from the end)."""
    if not (is_list(spec) and len(spec.args) == 2 and all(type(x) is Integer
                                                           for x in spec.args)):
        return None
    m, n = (x.value for x in spec.args)
    start = m - 1 if m > 0 else length + m
    stop = n if n > 0 else length + n + 1
    if m == 0 or n == 0 or not 0 <= start <= length or not start <= stop <= length:
        return None
    return start, stop


@builtin("StringReplacePart", argc=3, attributes=("Protected",),
         usage="StringReplacePart[s, t, {m, n}] replaces the characters m through n of s by "
               "t; StringReplacePart[s, t, {{m1, n1}, …}] each span by t, and "
               "StringReplacePart[s, {t1, …}, {{m1, n1}, …}] span i by ti.",
         examples=(('StringReplacePart["abcdef", "X", {2, 3}]', '"aXdef"'),
                   ('StringReplacePart["abcdef", {"X", "Y"}, {{1, 1}, {-2, -1}}]', '"XbcdY"')),
         messages={"span": "`1` is not a span of characters of `2`."})
def string_replace_part(ev, s, t, spans):
    if is_list(s):
        return mklist([string_replace_part(ev, x, t, spans)
                       or Expr(S.StringReplacePart, x, t, spans) for x in s.args])
    if type(s) is not String:
        return None
    several = is_list(spans) and spans.args and is_list(spans.args[0])
    span_list = list(spans.args) if several else [spans]
    texts = list(t.args) if is_list(t) else [t] * len(span_list)
    if len(texts) != len(span_list) or not all(type(x) is String for x in texts):
        return None
    pieces = []
    for span, text in zip(span_list, texts):
        offsets = _span_offsets(span, len(s.value))
        if offsets is None:
            ev.message(S.StringReplacePart, "span", span, s)
            return None
        pieces.append((offsets, text.value))
    out, last = [], 0
    for (start, stop), text in sorted(pieces):
        out += [s.value[last:max(start, last)], text]
        last = max(last, stop)
    out.append(s.value[last:])
    return String("".join(out))


@builtin("Alphabet", argc=(0, 1), attributes=("Protected",),
         usage="Alphabet[] is the list of the lower-case letters of the English alphabet.",
         examples=(("Take[Alphabet[], 3]", '{"a", "b", "c"}'),))
def alphabet(ev, language=None):
    if language is not None and language != String("English"):
        return None
    return mklist([String(c) for c in string.ascii_lowercase])


def _upto(e) -> tuple[int, bool] | None:
    """(n, up to?) of n or UpTo[n] with n a positive integer."""
    if type(e) is Integer and e.value > 0:
        return e.value, False
    if type(e) is Expr and e.head is S.UpTo and len(e.args) == 1 \
            and type(e.args[0]) is Integer and e.args[0].value > 0:
        return e.args[0].value, True
    return None


@builtin("StringPartition", argc=(2, 3), attributes=("Protected",),
         usage="StringPartition[s, n] cuts s into pieces of n characters (a shorter rest "
               "dropped; UpTo[n] keeps it); StringPartition[s, n, d] starts a piece every d "
               "characters.",
         examples=(('StringPartition["abcdefg", 3]', '{"abc", "def"}'),
                   ('StringPartition["abcdefg", UpTo[3]]', '{"abc", "def", "g"}'),
                   ('StringPartition["abcde", 3, 1]', '{"abc", "bcd", "cde"}')))
def string_partition(ev, s, n, d=None):
    if is_list(s):
        return mklist([string_partition(ev, x, n, d) or Expr(S.StringPartition, x, n)
                       for x in s.args])
    size = _upto(n)
    if type(s) is not String or size is None:
        return None
    step = size[0] if d is None else (d.value if type(d) is Integer and d.value > 0 else None)
    if step is None:
        return None
    text, (length, up_to) = s.value, size
    pieces = []
    for start in range(0, len(text), step):
        piece = text[start:start + length]
        if len(piece) < length and not up_to:
            break
        pieces.append(String(piece))
        if start + length >= len(text):
            break
    return mklist(pieces)


def _items(e):
    """(the elements, how to rebuild) of a string or a list; None for anything else."""
    if type(e) is String:
        return e.value, lambda part: String("".join(part))
    if is_list(e):
        return e.args, mklist
    return None


@builtin("LongestCommonSubsequence", argc=2, attributes=("Protected",),
         usage="LongestCommonSubsequence[s1, s2] is the longest run of consecutive "
               "characters (or list elements) that s1 and s2 both contain; the first one in "
               "s1 on a tie.",
         examples=(('LongestCommonSubsequence["abcdxyz", "xyzabq"]', '"xyz"'),))
def longest_common_subsequence(ev, a, b):
    pa, pb = _items(a), _items(b)
    if pa is None or pb is None:
        return None
    x, y = list(pa[0]), list(pb[0])
    best, best_end = 0, 0
    previous = [0] * (len(y) + 1)
    for i in range(1, len(x) + 1):
        row = [0] * (len(y) + 1)
        for j in range(1, len(y) + 1):
            if x[i - 1] == y[j - 1]:
                row[j] = previous[j - 1] + 1
                if row[j] > best:
                    best, best_end = row[j], i
        previous = row
    return pa[1](x[best_end - best:best_end])


@builtin("LongestCommonSequence", argc=2, attributes=("Protected",),
         usage="LongestCommonSequence[s1, s2] is the longest sequence of characters (or list "
               "elements), not necessarily consecutive, that appears in order in both.",
         examples=(('LongestCommonSequence["abcde", "ace"]', '"ace"'),))
def longest_common_sequence(ev, a, b):
    pa, pb = _items(a), _items(b)
    if pa is None or pb is None:
        return None
    x, y = list(pa[0]), list(pb[0])
    table = [[0] * (len(y) + 1) for _ in range(len(x) + 1)]
    for i in range(len(x) - 1, -1, -1):
        for j in range(len(y) - 1, -1, -1):
            table[i][j] = (table[i + 1][j + 1] + 1 if x[i] == y[j]
                           else max(table[i + 1][j], table[i][j + 1]))
    out, i, j = [], 0, 0
    while i < len(x) and j < len(y):
        if x[i] == y[j]:
            out.append(x[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pa[1](out)


@builtin("StringReplaceList", argc=(2, 3), attributes=("Protected",),
         usage="StringReplaceList[\"s\", lhs -> rhs] is the list of the strings made by one "
               "replacement each, at every place lhs matches (a list of rules: each rule in "
               "turn); a third argument n keeps the first n.",
         examples=(('StringReplaceList["aba", "a" -> "X"]', '{"Xba", "abX"}'),
                   ('StringReplaceList["abc", {"a" -> "1", "c" -> "3"}]', '{"1bc", "ab3"}')))
def string_replace_list(ev, s, rules, n=None):
    if type(s) is not String:
        return None
    items = rules.args if is_list(rules) else (rules,)
    if not all(type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2
               for r in items):
        return None
    limit = n.value if type(n) is Integer and n.value >= 0 else None
    if n is not None and limit is None:
        return None
    text, out = s.value, []
    for rule in items:
        spans = ev.evaluate(Expr(S.StringPosition, s, rule.args[0]))
        if not is_list(spans):
            return None
        for span in spans.args:
            i, j = span.args[0].value, span.args[1].value
            piece = ev.evaluate(Expr(S.StringReplace, String(text[i - 1:j]), rule))
            if type(piece) is not String:
                return None
            out.append(String(text[:i - 1] + piece.value + text[j:]))
    return mklist(out if limit is None else out[:limit])
