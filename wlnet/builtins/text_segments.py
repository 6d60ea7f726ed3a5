"""Text segmentation that programs use to prepare training text: TextSentences and
TextWords.

    TextSentences["text"], TextSentences["text", n]   the sentences (the first n)
    TextWords["text"], TextWords["text", n]           the words (the first n)

A sentence ends at ., ! or ? (with any closing quotes or brackets) followed by white space
or the end, or at a line break; a word is a run of letters, digits, apostrophes and inner
hyphens.  Lists of texts give lists of results.
"""

from __future__ import annotations

import re

from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.registry import builtin

_SENTENCE_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s|$)|\n")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_MESSAGES = {"strse": "String or list of strings expected at position `1` in `2`.",
             "count": "`1` is not a non-negative integer."}


def _strings(parts) -> Expr:
    return Expr.from_args(S.List, (String(p) for p in parts))


def _segments(ev, name: str, split, args):
    text = args[0]
    count = None
    if len(args) == 2:
        if not (type(args[1]) is Integer and args[1].value >= 0):
            ev.message(getattr(S, name), "count", args[1])
            return None
        count = args[1].value
    if type(text) is Expr and text.head is S.List:
        if all(type(t) is String for t in text.args):
            return Expr.from_args(S.List, (_strings(split(t.value)[:count]) for t in text.args))
    elif type(text) is String:
        return _strings(split(text.value)[:count])
    ev.message(getattr(S, name), "strse", Integer(1), Expr(getattr(S, name), *args))
    return None


def sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        out.append(text[start:end].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [p for p in out if p]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@builtin(argc=(1, 2), messages=_MESSAGES,
         usage='TextSentences["text"] gives the sentences of text; TextSentences["text", n] the '
               'first n; a list of texts gives a list of results.',
         examples=(('TextSentences["One here. Two? Three!"]', '{"One here.", "Two?", "Three!"}'),
                   ('TextSentences["A b. C d. E f.", 2]', '{"A b.", "C d."}')))
def TextSentences(ev, *args):
    return _segments(ev, "TextSentences", sentences, args)


@builtin(argc=(1, 2), messages=_MESSAGES,
         usage='TextWords["text"] gives the words of text; TextWords["text", n] the first n; a '
               'list of texts gives a list of results.',
         examples=(('TextWords["It\'s a well-known fact, isn\'t it?"]',
                    '{"It\'s", "a", "well-known", "fact", "isn\'t", "it"}'),))
def TextWords(ev, *args):
    return _segments(ev, "TextWords", words, args)
