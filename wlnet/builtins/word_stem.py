"""WordStem: the stem of an English word by Porter's suffix-stripping algorithm (1980), as
WL's WordStem uses it (text classifiers stem their words before a Tokens encoder).

The stem is found in lower case; the letters it keeps from the word keep their case, and
punctuation around the word stays.  Listable: a list of words gives their stems.
"""

from __future__ import annotations

import re

from wlnet.core.expr import String
from wlnet.core.registry import builtin

_VOWELS = frozenset("aeiou")


def _consonant(w: str, i: int) -> bool:
    """Porter's consonant: not a vowel, and y only after a vowel (or first)."""
    c = w[i]
    if c in _VOWELS:
        return False
    if c == "y":
        return i == 0 or not _consonant(w, i - 1)
    return True


def _measure(stem: str) -> int:
    """m in [C](VC)^m[V]: the number of vowel-consonant sequences."""
    m, previous_vowel = 0, False
    for i in range(len(stem)):
        vowel = not _consonant(stem, i)
        if previous_vowel and not vowel:
            m += 1
        previous_vowel = vowel
    return m


def _has_vowel(stem: str) -> bool:
    return any(not _consonant(stem, i) for i in range(len(stem)))


def _double_consonant(w: str) -> bool:
    return len(w) >= 2 and w[-1] == w[-2] and _consonant(w, len(w) - 1)


def _cvc(w: str) -> bool:
    """Ends consonant-vowel-consonant, the last not w, x or y (*o)."""
    n = len(w)
    return n >= 3 and _consonant(w, n - 3) and not _consonant(w, n - 2) \
        and _consonant(w, n - 1) and w[-1] not in "wxy"


def _step1a(w: str) -> str:
    for suffix, replacement in (("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")):
        if w.endswith(suffix):
            return w[:len(w) - len(suffix)] + replacement
    return w


def _step1b(w: str) -> str:
    if w.endswith("eed"):
        return w[:-1] if _measure(w[:-3]) > 0 else w
    for suffix in ("ed", "ing"):
        if w.endswith(suffix) and _has_vowel(w[:-len(suffix)]):
            w = w[:-len(suffix)]
            if w.endswith(("at", "bl", "iz")):
                return w + "e"
            if _double_consonant(w) and w[-1] not in "lsz":
                return w[:-1]
            if _measure(w) == 1 and _cvc(w):
                return w + "e"
            return w
    return w


def _step1c(w: str) -> str:
    return w[:-1] + "i" if w.endswith("y") and _has_vowel(w[:-1]) else w


_STEP2 = (("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"),
          ("izer", "ize"), ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"),
          ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"), ("ator", "ate"),
          ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"),
          ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"))
_STEP3 = (("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"),
          ("ful", ""), ("ness", ""))
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
          "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize")


def _replace_longest(w: str, rules, min_measure: int) -> str:
    """Of the rules whose suffix ends w, the longest: applied when the stem before it has
    a measure above min_measure (only that suffix is tried)."""
    matches = [(s, r) for s, r in rules if w.endswith(s)]
    if not matches:
        return w
    suffix, replacement = max(matches, key=lambda sr: len(sr[0]))
    stem = w[:len(w) - len(suffix)]
    return stem + replacement if _measure(stem) > min_measure else w


def _step4(w: str) -> str:
    matches = [s for s in _STEP4 if w.endswith(s)]
    if not matches:
        return w
    suffix = max(matches, key=len)
    stem = w[:len(w) - len(suffix)]
    if _measure(stem) <= 1 or suffix == "ion" and not stem.endswith(("s", "t")):
        return w
    return stem


def _step5(w: str) -> str:
    if w.endswith("e"):
        m = _measure(w[:-1])
        if m > 1 or m == 1 and not _cvc(w[:-1]):
            w = w[:-1]
    if _measure(w) > 1 and _double_consonant(w) and w.endswith("l"):
        w = w[:-1]
    return w


def porter_stem(word: str) -> str:
    """Porter's stem of a lower-case word (words of one or two letters are kept)."""
    if len(word) <= 2:
        return word
    w = _step1c(_step1b(_step1a(word)))
    w = _replace_longest(w, _STEP2, 0)
    w = _replace_longest(w, _STEP3, 0)
    return _step5(_step4(w))


_WORD = re.compile(r"^([^A-Za-z]*)([A-Za-z]+(?:[^A-Za-z]+[A-Za-z]+)*)([^A-Za-z]*)$")


def word_stem(text: str) -> str:
    """The stem of a word, its case kept on the letters the stem keeps and the punctuation
    around it kept."""
    m = _WORD.match(text)
    if m is None or not m.group(2).isalpha():
        return text if m is None else m.group(1) + _cased(m.group(2)) + m.group(3)
    return m.group(1) + _cased(m.group(2)) + m.group(3)


def _cased(word: str) -> str:
    if not word.isalpha():
        return word
    stem = porter_stem(word.lower())
    same = 0
    while same < min(len(stem), len(word)) and stem[same] == word[same].lower():
        same += 1
    tail = stem[same:].upper() if word.isupper() else stem[same:]
    return word[:same] + tail


@builtin("WordStem", argc=1, attributes=("Listable", "Protected"),
         usage="WordStem[\"word\"] is the stem of an English word, its plurals and "
               "inflections removed by Porter's algorithm (not always a word itself).",
         examples=(('WordStem["running"]', '"run"'),
                   ('WordStem[{"cats", "Connected", "happiness"}]', '{"cat", "Connect", "happi"}')))
def word_stem_builtin(ev, word):
    if type(word) is not String:
        return None
    return String(word_stem(word.value))
