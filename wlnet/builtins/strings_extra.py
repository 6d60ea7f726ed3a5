"""StringInsert and Alphabet, which scripts use and strings.py lacked."""

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


@builtin("Alphabet", argc=(0, 1), attributes=("Protected",),
         usage="Alphabet[] is the list of the lower-case letters of the English alphabet.",
         examples=(("Take[Alphabet[], 3]", '{"a", "b", "c"}'),))
def alphabet(ev, language=None):
    if language is not None and language != String("English"):
        return None
    return mklist([String(c) for c in string.ascii_lowercase])
