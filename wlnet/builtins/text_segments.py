"""Text segmentation that programs use to prepare training text: TextSentences,
TextWords and DeleteStopwords.

    TextSentences["text"], TextSentences["text", n]   the sentences (the first n)
    TextWords["text"], TextWords["text", n]           the words (the first n)
    DeleteStopwords["text" | {words…}]                 without the stopwords

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


# English function words that carry little meaning on their own: articles, pronouns,
# auxiliaries, prepositions, conjunctions and common adverbs (the project's own list).
STOPWORDS = frozenset("""
a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't
doing don't down during each few for from further had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if
in into is isn't it it's its itself just let's me more most mustn't my myself no nor not of
off on once only or other ought our ours ourselves out over own same shan't she she'd she'll
she's should shouldn't so some such than that that's the their theirs them themselves then
there there's these they they'd they'll they're they've this those through to too under until
up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
where's which while who who's whom why why's will with won't would wouldn't you you'd you'll
you're you've your yours yourself yourselves also may might must shall upon yet
""".split())


def _is_stopword(word: str) -> bool:
    return word.lower().replace("\u2019", "'") in STOPWORDS


def _without_stopwords(text: str) -> str:
    """text with its stopwords taken out, each with the spaces before it (or, when none
    precede it, the spaces after it), so what is left keeps its spacing and punctuation."""
    parts = re.split(f"({_WORD.pattern})", text)       # separators at even places
    for i in range(1, len(parts), 2):
        if not _is_stopword(parts[i]):
            continue
        parts[i] = ""
        trimmed = parts[i - 1].rstrip(" \t")
        if trimmed != parts[i - 1]:
            parts[i - 1] = trimmed
        else:
            parts[i + 1] = parts[i + 1].lstrip(" \t")
    return "".join(parts).strip()


@builtin(argc=1, messages=_MESSAGES,
         usage='DeleteStopwords["text"] removes the stopwords (a, the, is, of, …) from text; '
               'DeleteStopwords[{w1, w2, …}] drops the words that are stopwords.',
         examples=(('DeleteStopwords["Something is rotten in the state of Denmark"]',
                    '"Something rotten state Denmark"'),
                   ('DeleteStopwords[{"the", "cat", "sat", "on", "a", "mat"}]',
                    '{"cat", "sat", "mat"}')))
def DeleteStopwords(ev, text):
    if type(text) is String:
        return String(_without_stopwords(text.value))
    if type(text) is Expr and text.head is S.List and all(type(t) is String for t in text.args):
        return Expr.from_args(S.List, (t for t in text.args if not _is_stopword(t.value)))
    ev.message(S.DeleteStopwords, "strse", Integer(1), Expr(S.DeleteStopwords, text))
    return None
