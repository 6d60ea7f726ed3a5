"""WordList, RandomWord and DeleteStopwords over wlnet's own small word list
(wlnet.builtins._common_words).

``WordList[]`` is every word, in alphabetical order; ``WordList["Noun"]`` (or "Verb",
"Adjective", "Adverb", "Preposition", "Conjunction", "Pronoun", "Determiner",
"Interjection") the words of one part of speech, ``WordList["Stopwords"]`` the very common
ones.  ``RandomWord`` picks from those lists with the session's generator, so SeedRandom
repeats its words.  The Wolfram Language's dictionary is far larger; the words differ.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wlnet.builtins import _common_words as words
from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.registry import builtin, split_options

_ALL_WORDS = ("CommonWords", "KnownWords")
_MESSAGES = {"type": "`1` is not a known word type: \"CommonWords\", \"KnownWords\", "
                     "\"Stopwords\" or a part of speech such as \"Noun\".",
             "intnm": "Non-negative machine-sized integer expected at position `2` in `1`.",
             "lang": "wlnet has words of English only, not of the language `1`."}


def _english_only(ev, head, args):
    """The arguments without a Language option, or None (after head::lang) when the
    option names a language other than English: wlnet's word list is English."""
    split = split_options(args, {"Language": S.Automatic})
    if split is None:
        ev.message(head, "optx", args[-1], Expr(head, *args))
        return None
    language = split[1]["Language"]
    if language is not S.Automatic and not (
            type(language) is String and language.value.lower() == "english"):
        ev.message(head, "lang", language)
        return None
    return split[0]


@lru_cache(maxsize=None)
def _words(kind: str) -> tuple[str, ...] | None:
    """The words of a type, alphabetical; None for an unknown type."""
    if kind in _ALL_WORDS:
        text = " ".join(words.PARTS_OF_SPEECH.values())
    elif kind == "Stopwords":
        text = words.STOPWORDS
    elif kind in words.PARTS_OF_SPEECH:
        text = words.PARTS_OF_SPEECH[kind]
    else:
        return None
    return tuple(sorted(set(text.split())))


def _word_type(ev, head, spec, call):
    if type(spec) is String and _words(spec.value) is not None:
        return _words(spec.value)
    ev.message(head, "type", spec)
    return None


@builtin("WordList", argc=(0, 2), messages=_MESSAGES,
         usage="WordList[] is a list of common English words (wlnet's own small list); "
               "WordList[\"Noun\"], WordList[\"Verb\"], … those of one part of speech, "
               "WordList[\"Stopwords\"] the very common ones; Language -> \"English\" only.",
         examples=(("Take[WordList[\"Conjunction\"], 3]",
                    "{\"although\", \"and\", \"because\"}"),))
def word_list(ev, *args):
    args = _english_only(ev, S.WordList, args)
    if args is None or len(args) > 1:
        return None
    kind = args[0] if args else None
    found = _words("CommonWords") if kind is None else _word_type(
        ev, S.WordList, kind, Expr(S.WordList, kind))
    if found is None:
        return None
    return Expr.from_args(S.List, [String(w) for w in found])


@builtin("RandomWord", argc=(0, 3), messages=_MESSAGES,
         usage="RandomWord[] is a common English word picked at random; RandomWord[n] n of "
               "them; RandomWord[type] and RandomWord[type, n] pick among the words of a "
               "type (\"Noun\", \"Verb\", \"Adjective\", …, \"CommonWords\").",
         examples=(("StringQ[RandomWord[\"Noun\"]]", "True"),
                   ("Length[RandomWord[5]]", "5")))
def random_word(ev, *args):
    args = _english_only(ev, S.RandomWord, args)
    if args is None or len(args) > 2:
        return None
    call = Expr.from_args(S.RandomWord, args)
    kind, count = None, None
    if len(args) == 2:
        kind, count = args
    elif len(args) == 1:
        kind, count = (None, args[0]) if type(args[0]) is Integer else (args[0], None)
    pool = _words("CommonWords") if kind is None else _word_type(ev, S.RandomWord, kind, call)
    if pool is None:
        return None
    if count is None:
        return String(pool[int(ev.rng.integers(len(pool)))])
    if type(count) is not Integer or count.value < 0:
        ev.message(S.RandomWord, "intnm", call, Integer(len(args)))
        return None
    picks = ev.rng.integers(len(pool), size=count.value)
    return Expr.from_args(S.List, [String(pool[int(i)]) for i in picks])


_WORD = re.compile(r"[A-Za-z']+")


def _is_stopword(word: str) -> bool:
    return word.lower() in _stopwords()


@lru_cache(maxsize=None)
def _stopwords() -> frozenset:
    return frozenset(_words("Stopwords"))


def _without_stopwords(text: str) -> str:
    """The text with its stopwords taken out, and the space that separated each."""
    kept = _WORD.sub(lambda m: "" if _is_stopword(m.group(0)) else m.group(0), text)
    return re.sub(r"[ \t]{2,}", " ", kept).strip()


@builtin("DeleteStopwords", argc=1,
         usage="DeleteStopwords[list] drops the very common words (\"the\", \"and\", …, "
               "WordList[\"Stopwords\"], any case) from a list of words; "
               "DeleteStopwords[\"text\"] from a text.",
         examples=(("DeleteStopwords[{\"The\", \"fox\", \"and\", \"dog\"}]",
                    "{\"fox\", \"dog\"}"),
                   ("DeleteStopwords[\"the fox and the dog\"]", "\"fox dog\"")))
def delete_stopwords(ev, e):
    if type(e) is String:
        return String(_without_stopwords(e.value))
    if type(e) is Expr and e.head is S.List and all(type(w) is String for w in e.args):
        return Expr.from_args(S.List, [w for w in e.args if not _is_stopword(w.value)])
    return None
