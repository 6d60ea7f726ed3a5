"""More string and text functions scripts use to prepare text data and report results:
``StringDelete``, ``Capitalize``, ``WordCount``, ``WordCounts``, ``WordFrequency``, ``Alphabet``, ``LetterNumber``, ``EditDistance``,
``HammingDistance``, ``StringTemplate``/``TemplateApply``, ``Compress``/``Uncompress``,
``Hash``, ``ByteArray``, ``StringToByteArray``/``ByteArrayToString``,
``BaseEncode``/``BaseDecode``.

Pattern-based ones go through the string-pattern machinery (``StringDelete`` is a
``StringReplace`` by ""); the rest are plain Python string work.  TextWords and
TextSentences are in text_segments.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from fractions import Fraction

import numpy as np

from wlnet.builtins._listutil import is_list, operator_form
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare, \
    read_options

_LISTABLE = ("Listable", "Protected")
_MESSAGES = {"string": "String expected at position `1` in `2`.",
             "ins": "Cannot insert at position `1` in `2`.",
             "idim": "`1` and `2` must be strings or lists of the same length.",
             "nocomp": "`1` is not a string made by Compress.",
             "hash": "`1` is not a known hash type.",
             "bytes": "`1` is not a list of integers from 0 to 255.",
             "tmpl": "The template slot `1` has no value among `2`."}
BYTE_ARRAY = Symbol("ByteArray")
TEMPLATE = Symbol("StringTemplate")

declare("TemplateSlot", attributes=("Protected",),
        usage="TemplateSlot[n] or TemplateSlot[\"name\"] in a template is filled with the "
              "n-th argument or the named value.")
declare("TemplateObject", attributes=("Protected",),
        usage="TemplateObject[…] is a template (StringTemplate gives one as StringTemplate"
              "[text] in wlnet).")



def _text(ev, e) -> str:
    """An inserted value as text: a string as it is, anything else as ToString gives it."""
    if type(e) is String:
        return e.value
    return ev.evaluate(Expr(S.ToString, e)).value


# ---------------------------------------------------------------------------- editing

@builtin("StringDelete", argc=(1, 3),
         usage="StringDelete[s, patt] deletes the substrings of s that match the string "
               "pattern patt.",
         examples=(('StringDelete["a1b22c", DigitCharacter]', '"abc"'),
                   ('StringDelete["hello world", "o"]', '"hell wrld"')))
def string_delete(ev, s, patt=None, *rest):
    if patt is None:
        return None
    return ev.evaluate(Expr(S.StringReplace, s, Expr(S.Rule, patt, String("")), *rest))


operator_form("StringDelete", 1)


@builtin("Capitalize", argc=(1, 2), attributes=_LISTABLE,
         usage="Capitalize[s] makes the first character of s upper case; Capitalize[s, "
               "\"AllWords\"] the first of every word; \"TitleCase\" too.",
         examples=(('Capitalize["hello world"]', '"Hello world"'),
                   ('Capitalize["hello world", "AllWords"]', '"Hello World"')))
def capitalize(ev, s, how=None):
    if type(s) is not String:
        return None
    text = s.value
    if how is not None and type(how) is String and how.value in ("AllWords", "TitleCase"):
        return String(re.sub(r"\b(\w)", lambda m: m.group(1).upper(), text))
    return String(text[:1].upper() + text[1:])


@builtin("Decapitalize", argc=1, attributes=_LISTABLE,
         usage="Decapitalize[s] makes the first character of s lower case.",
         examples=(('Decapitalize["Hello World"]', '"hello World"'),))
def decapitalize(ev, s):
    if type(s) is not String:
        return None
    return String(s.value[:1].lower() + s.value[1:])


def _character_counts(ev, sym, s, keep, n=None):
    """<|c -> count, …|> of the characters of s that ``keep`` accepts, most frequent first
    (ties in order of first appearance); the n-grams of length n with n."""
    if type(s) is not String:
        ev.message(sym, "string", Integer(1), Expr(sym, s) if n is None else Expr(sym, s, n))
        return None
    size = 1 if n is None else (n.value if type(n) is Integer and n.value >= 1 else None)
    if size is None:
        return None
    text = s.value
    tally: dict = {}
    for i in range(len(text) - size + 1):
        piece = text[i:i + size]
        if all(keep(c) for c in piece):
            tally[piece] = tally.get(piece, 0) + 1
    ordered = sorted(tally.items(), key=lambda kv: -kv[1])       # stable: first seen first
    return Expr.from_args(S.Association, (Expr(S.Rule, String(k), Integer(v)) for k, v in ordered))


@builtin("CharacterCounts", argc=(1, 2), messages=_MESSAGES,
         usage="CharacterCounts[s] is an association of the characters of s with their "
               "counts, most common first; CharacterCounts[s, n] counts the n-grams.",
         examples=(('CharacterCounts["abracadabra"]', '<|"a" -> 5, "b" -> 2, "r" -> 2, '
                    '"c" -> 1, "d" -> 1|>'),))
def character_counts(ev, s, n=None):
    return _character_counts(ev, S.CharacterCounts, s, lambda c: True, n)


@builtin("LetterCounts", argc=(1, 2), messages=_MESSAGES,
         usage="LetterCounts[s] is an association of the letters of s with their counts, "
               "most common first (other characters are left out); LetterCounts[s, n] counts "
               "the n-letter runs.",
         examples=(('LetterCounts["a b, a!"]', '<|"a" -> 2, "b" -> 1|>'),))
def letter_counts(ev, s, n=None):
    return _character_counts(ev, S.LetterCounts, s, str.isalpha, n)


_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


@builtin("WordCount", argc=1,
         usage="WordCount[text] is the number of words in text.",
         examples=(('WordCount["a b, c."]', "3"),))
def word_count(ev, text):
    if type(text) is not String:
        return None
    return Integer(len(_WORD.findall(text.value)))


@builtin("WordCounts", argc=(1, 3), options={"IgnoreCase": Symbol("False")},
         messages={"ngram": "`1` is not a positive number of words."},
         usage="WordCounts[text] is an association of each word of text to how often it "
               "occurs, most frequent first (IgnoreCase -> True merges cases); "
               "WordCounts[text, n] of each run of n consecutive words ({w1, …, wn}).",
         examples=(('WordCounts["a b a"]', '<|"a" -> 2, "b" -> 1|>'),
                   ('WordCounts["a b a b", 2]', '<|{"a", "b"} -> 2, {"b", "a"} -> 1|>')))
def word_counts(ev, text, *rest):
    split = read_options(ev, Expr(S.WordCounts, text, *rest), rest,
                         {"IgnoreCase": Symbol("False")}, positional=1)
    if split is None or type(text) is not String:
        return None
    n = split[0][0] if split[0] else Integer(1)
    if not (type(n) is Integer and n.value >= 1):
        ev.message(S.WordCounts, "ngram", n)
        return None
    ignore_case = ev.evaluate(split[1]["IgnoreCase"]) is Symbol("True")
    words = [w.lower() if ignore_case else w for w in _WORD.findall(text.value)]
    counts: dict = {}
    for i in range(len(words) - n.value + 1):
        key = tuple(words[i:i + n.value])
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])          # stable: first seen first

    def key_expr(key):
        return String(key[0]) if n.value == 1 else Expr(S.List, *map(String, key))
    return Expr(S.Association, *[Expr(S.Rule, key_expr(k), Integer(c)) for k, c in ordered])


def _frequency(words: list[str], phrase: str, ignore_case: bool) -> Fraction | None:
    """How often the word (or n-word phrase) occurs among ``words``, over the number of
    n-word runs; None when there are no runs."""
    target = _WORD.findall(phrase.lower() if ignore_case else phrase)
    n = len(target)
    runs = len(words) - n + 1
    if n == 0 or runs <= 0:
        return None if n == 0 else Fraction(0)
    hits = sum(1 for i in range(runs) if words[i:i + n] == target)
    return Fraction(hits, runs)


def _phrases(spec) -> list | None:
    """The strings a word specification names (a string or w1 | w2 | …)."""
    if type(spec) is String:
        return [spec.value]
    if type(spec) is Expr and spec.head is S.Alternatives and spec.args \
            and all(type(a) is String for a in spec.args):
        return [a.value for a in spec.args]
    return None


def _case_variants(text_words: list[str], phrase: str) -> list[str]:
    """The spellings of a one-word phrase that occur in the text, in order of appearance."""
    seen: dict = {}
    for w in text_words:
        if w.lower() == phrase.lower():
            seen.setdefault(w, None)
    return list(seen) or [phrase]


@builtin("WordFrequency", argc=(2, 4), options={"IgnoreCase": Symbol("False")},
         usage="WordFrequency[text, word] is the number of occurrences of word in text over "
               "the number of words (of n-word runs for an n-word phrase); word1 | word2 "
               "adds them, {word1, …} gives an association, {text1, …} a list; "
               "WordFrequency[text, word, \"CaseVariants\"] the frequency of each spelling "
               "that occurs; IgnoreCase -> True counts all cases as one.",
         examples=(('WordFrequency["a b a c", "a"]', "0.5"),
                   ('WordFrequency["a b a c", {"a", "z"}]', '<|"a" -> 0.5, "z" -> 0.|>'),
                   ('WordFrequency["the cat and the hat", "the cat"]', "0.25")))
def word_frequency(ev, text, spec, *rest):
    split = read_options(ev, Expr(Symbol("WordFrequency"), text, spec, *rest), rest,
                         {"IgnoreCase": Symbol("False")}, positional=1)
    if split is None:
        return None
    variants = bool(split[0]) and split[0][0] == String("CaseVariants")
    if split[0] and not variants:
        return None
    if is_list(text):
        if not all(type(t) is String for t in text.args):
            return None
        return Expr(S.List, *[word_frequency(ev, t, spec, *rest) for t in text.args])
    if type(text) is not String:
        return None
    ignore_case = ev.evaluate(split[1]["IgnoreCase"]) is Symbol("True")
    raw = _WORD.findall(text.value)
    words = [w.lower() for w in raw] if ignore_case else raw

    def frequency(phrases: list[str]):
        total = Fraction(0)
        for p in phrases:
            f = _frequency(words, p, ignore_case)
            if f is None:
                return None
            total += f
        return _fraction_expr(total)

    def one(item):
        phrases = _phrases(item)
        if phrases is None:
            return None
        if variants and len(phrases) == 1:
            spellings = _case_variants(raw, phrases[0])
            parts = [(String(v), _fraction_expr(_frequency(raw, v, False))) for v in spellings]
            return Expr(S.Association, *[Expr(S.Rule, k, v) for k, v in parts])
        return frequency(phrases)

    if is_list(spec):
        values = [one(item) for item in spec.args]
        if any(v is None for v in values):
            return None
        if variants:
            return Expr(S.List, *values)
        kept: dict = {}
        for item, v in zip(spec.args, values):
            key = item.value.lower() if ignore_case and type(item) is String else item
            kept.setdefault(key, (item, v))           # case duplicates: the first one
        return Expr(S.Association, *[Expr(S.Rule, k, v) for k, v in kept.values()])
    return one(spec)


def _fraction_expr(q: Fraction):
    """A frequency as WL gives it: a machine real."""
    return Real(float(q))


_ALPHABETS = {"English": "abcdefghijklmnopqrstuvwxyz",
              "Greek": "αβγδεζηθικλμνξοπρστυφχψω",
              "Russian": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
              "French": "abcdefghijklmnopqrstuvwxyz", "German": "abcdefghijklmnopqrstuvwxyzäöüß",
              "Spanish": "abcdefghijklmnñopqrstuvwxyz"}


@builtin("LetterNumber", argc=(1, 2), attributes=_LISTABLE,
         usage="LetterNumber[c] is the position of the letter c in the English alphabet (0 "
               "for a character that is not one); for a string, the list of its letters' "
               "positions.",
         examples=(('LetterNumber["c"]', "3"), ('LetterNumber["ab!"]', "{1, 2, 0}")))
def letter_number(ev, c, language=None):
    if type(c) is not String:
        return None
    letters = _ALPHABETS.get(language.value if type(language) is String else "English", "")
    numbers = [Integer(letters.index(ch.lower()) + 1 if ch.lower() in letters else 0)
               for ch in c.value]
    return numbers[0] if len(numbers) == 1 else Expr(S.List, *numbers)


@builtin("FromLetterNumber", argc=(1, 2), attributes=_LISTABLE,
         usage="FromLetterNumber[n] is the lowercase letter at position n of the English "
               "alphabet (negative n counts from its end, 0 gives \" \"); "
               "FromLetterNumber[n, \"alphabet\"] of another alphabet.",
         examples=(("FromLetterNumber[{1, 2, 26}]", '{"a", "b", "z"}'),
                   ("FromLetterNumber[-1]", '"z"'), ("FromLetterNumber[0]", '" "')))
def from_letter_number(ev, n, language=None):
    letters = _ALPHABETS.get(language.value if type(language) is String else "English")
    if type(n) is not Integer or letters is None or abs(n.value) > len(letters):
        return None
    if n.value == 0:
        return String(" ")
    return String(letters[n.value - 1 if n.value > 0 else n.value])


@builtin("StringExtract", argc=2,
         usage="StringExtract[\"s\", n] is the n-th whitespace-separated piece of s (n may be a "
               "list, All or a Span); StringExtract[\"s\", sep -> n] splits at sep; "
               "StringExtract[\"s\", {sep1 -> n1, sep2 -> n2, …}] splits again inside each "
               "piece.",
         examples=(('StringExtract["a b c", 2]', '"b"'),
                   ('StringExtract["a,b;c,d", {";" -> 2, "," -> 1}]', '"c"')))
def string_extract(ev, text, spec):
    if is_list(text):
        return Expr.from_args(S.List, [ev.evaluate(Expr(S.StringExtract, t, spec))
                                       for t in text.args])
    if type(text) is not String:
        return None
    steps = list(spec.args) if is_list(spec) and spec.args and all(
        type(r) is Expr and r.head is S.Rule for r in spec.args) else [spec]
    return _extract_steps(ev, text, steps)


def _extract_steps(ev, text, steps):
    """Split ``text`` by the first step's separator (whitespace for a bare part spec), take
    its parts, and go on with the next step inside each piece taken."""
    step, rest = steps[0], steps[1:]
    if type(step) is Expr and step.head is S.Rule and len(step.args) == 2:
        pieces, part = ev.evaluate(Expr(S.StringSplit, text, step.args[0])), step.args[1]
    else:
        pieces, part = ev.evaluate(Expr(S.StringSplit, text)), step
    taken = ev.evaluate(Expr(S.Part, pieces, part))
    if type(taken) is Expr and taken.head is S.Part:       # no such part (Part's message)
        return None
    if not rest:
        return taken
    if type(taken) is String:
        return _extract_steps(ev, taken, rest)
    pieces = [_extract_steps(ev, t, rest) for t in taken.args]
    return None if None in pieces else Expr.from_args(S.List, pieces)


# ---------------------------------------------------------------------------- distances

def _sequence(e):
    if type(e) is String:
        return e.value
    if is_list(e):
        return list(e.args)
    return None


@builtin("EditDistance", argc=(2, None), messages=_MESSAGES,
         options={"IgnoreCase": Symbol("False")},
         usage="EditDistance[u, v] is the least number of one-element insertions, deletions "
               "and substitutions turning u into v (strings or lists); IgnoreCase -> True for "
               "strings.",
         examples=(('EditDistance["kitten", "sitting"]', "3"),
                   ("EditDistance[{1, 2, 3}, {1, 3}]", "1")))
def edit_distance(ev, u, v, *rest):
    split = read_options(ev, Expr(S.EditDistance, u, v, *rest), rest,
                         {"IgnoreCase": Symbol("False")})
    if split is None:
        return None
    a, b = _sequence(u), _sequence(v)
    if a is None or b is None:
        ev.message(S.EditDistance, "idim", u, v)
        return None
    if type(a) is str and ev.evaluate(split[1]["IgnoreCase"]) is Symbol("True"):
        a, b = a.lower(), b.lower()
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (x != y)))
        previous = current
    return Integer(previous[-1])


@builtin("HammingDistance", argc=(2, None), messages=_MESSAGES,
         options={"IgnoreCase": Symbol("False")},
         usage="HammingDistance[u, v] is the number of positions where the strings or lists "
               "u and v (of one length) differ.",
         examples=(('HammingDistance["abcd", "abed"]', "1"),
                   ("HammingDistance[{1, 0, 1}, {0, 0, 1}]", "1")))
def hamming_distance(ev, u, v, *rest):
    split = read_options(ev, Expr(S.HammingDistance, u, v, *rest), rest,
                         {"IgnoreCase": Symbol("False")})
    if split is None:
        return None
    a, b = _sequence(u), _sequence(v)
    if a is None or b is None or len(a) != len(b):
        ev.message(S.HammingDistance, "idim", u, v)
        return None
    if ev.evaluate(split[1]["IgnoreCase"]) is Symbol("True") and type(u) is String \
            and type(v) is String:
        a, b = a.casefold(), b.casefold()         # strings: letters compared without case
    return Integer(sum(x != y for x, y in zip(a, b)))


# ---------------------------------------------------------------------------- templates

_SLOT = re.compile(r"``|`([^`]*)`|<\*(.*?)\*>", re.S)


_TEMPLATE_OPTIONS = {"InsertionFunction": S.Automatic, "CombinerFunction": S.Automatic}


@builtin("StringTemplate", argc=(1, None), messages=_MESSAGES, options=_TEMPLATE_OPTIONS,
         usage="StringTemplate[\"text `a` `1` ``\"] is a template: applied to an association "
               "it fills `a` with the value of \"a\", applied to arguments it fills `1`, `2` "
               "(and `` with the next one in turn); <* expr *> inserts expr evaluated with #, "
               "#a standing for the arguments.  InsertionFunction -> f inserts f[value] "
               "(default: the value's text), CombinerFunction -> g gives g[{fragments…}] "
               "(default: the fragments joined into one string; a format name: the fragments "
               "exported in it).",
         examples=(('StringTemplate["x = `1`, y = `2`"][3, 4]', '"x = 3, y = 4"'),
                   ('StringTemplate["Hi `name`!"][<|"name" -> "Ann"|>]', '"Hi Ann!"'),
                   ('StringTemplate["`` + `` = <* #1 + #2 *>"][1, 2]', '"1 + 2 = 3"'),
                   ('StringTemplate["a`1`b", CombinerFunction -> Identity][7]', '{"a", "7", "b"}')))
def string_template(ev, text, *rest):
    read_options(ev, Expr(TEMPLATE, text, *rest), rest, _TEMPLATE_OPTIONS)   # optx, nonopt
    return None                           # a template stays as it is until applied


def _template_options(ev, template) -> dict | None:
    """{"InsertionFunction": f or None, "CombinerFunction": g or None} of a template (None
    for the defaults); None after an optx / nonopt message."""
    rest = template.args[1:]
    split = read_options(ev, template, rest, _TEMPLATE_OPTIONS)
    if split is None:
        return None
    return {name: None if value is S.Automatic else value
            for name, value in split[1].items()}


@builtin_subvalue("StringTemplate")
def _apply_template(ev, template, *args):
    if len(template.args) < 1 or type(template.args[0]) is not String:
        return None
    options = _template_options(ev, template)
    if options is None:
        return None
    return _fill(ev, template.args[0].value, args, options["InsertionFunction"],
                 options["CombinerFunction"])


declare("InsertionFunction", usage="InsertionFunction -> f is an option of StringTemplate: "
        "each value is inserted as f[value] (ToString[#, InputForm] & keeps quotes).")
declare("CombinerFunction", usage="CombinerFunction -> g is an option of StringTemplate: "
        "the template's fragments (its text between slots and the inserted values) are "
        "combined as g[{fragments…}] (Identity keeps them apart); a format name such as "
        "\"JSON\" exports the list of fragments in that format.")


def _fill(ev, text: str, args, insert=None, combine=None):
    """``text`` with its slots filled from ``args``: the fragments (literal text and the
    values inserted, as ``insert`` makes them) joined as text, or ``combine[{…}]``."""
    from wlnet.syntax.parser import parse
    named = {}
    if len(args) == 1 and type(args[0]) is Expr and args[0].head is S.Association:
        for rule in args[0].args:
            key = rule.args[0]
            named[key.value if type(key) is String else getattr(key, "name", None)] = \
                rule.args[1]
    counter = [0]

    def value_of(name: str):
        if name.isdigit():
            i = int(name)
            if 1 <= i <= len(args):
                return args[i - 1]
            return None
        return named.get(name)

    def inserted(m):
        if m.group(0) == "``":
            counter[0] += 1
            v = value_of(str(counter[0]))
        elif m.group(2) is not None:
            body = parse(m.group(2))
            v = ev.evaluate(Expr(Expr(S.Function, body), *args))
        else:
            name = m.group(1)
            v = value_of(name)
            if name.isdigit():
                counter[0] = int(name)
        if v is None:
            raise KeyError(m.group(0))
        if insert is not None:
            return ev.evaluate(Expr(insert, v))
        return String(_text(ev, v))

    fragments, at = [], 0
    try:
        for m in _SLOT.finditer(text):
            if m.start() > at:
                fragments.append(String(text[at:m.start()]))
            fragments.append(inserted(m))
            at = m.end()
    except KeyError as missing:
        ev.message(S.StringTemplate, "tmpl", String(str(missing.args[0])),
                   Expr(S.List, *args))
        return None
    if at < len(text):
        fragments.append(String(text[at:]))
    if type(combine) is String:                 # an export format: the fragments exported
        return ev.evaluate(Expr(S.ExportString, Expr(S.List, *fragments), combine))
    if combine is not None:
        return ev.evaluate(Expr(combine, Expr(S.List, *fragments)))
    return String("".join(_text(ev, f) for f in fragments))


@builtin("TemplateApply", argc=(1, 2),
         usage="TemplateApply[template, args] fills a StringTemplate (or a template string) "
               "with args (an association or a list of positional values).",
         examples=(('TemplateApply["Hi `a`", <|"a" -> 1|>]', '"Hi 1"'),
                   ('TemplateApply[StringTemplate["`1`-`2`"], {x, y}]', '"x-y"')))
def template_apply(ev, template, args=None):
    text = template.value if type(template) is String else (
        template.args[0].value if type(template) is Expr and template.head is TEMPLATE
        and template.args and type(template.args[0]) is String else None)
    if text is None:
        return None
    values = () if args is None else (tuple(args.args) if is_list(args) else (args,))
    options = {"InsertionFunction": None, "CombinerFunction": None}
    if type(template) is Expr:
        options = _template_options(ev, template)
        if options is None:
            return None
    return _fill(ev, text, values, options["InsertionFunction"], options["CombinerFunction"])


# ---------------------------------------------------------------------------- bytes

def _byte_values(e) -> np.ndarray | None:
    arr = packed_array(to_packed(e)) if is_list(e) or packed_array(e) is not None else None
    if arr is None and is_list(e) and not e.args:
        return np.zeros(0, np.uint8)
    if arr is None or arr.ndim != 1 or arr.dtype.kind not in "iu" or (
            arr.size and (arr.min() < 0 or arr.max() > 255)):
        return None
    return arr.astype(np.uint8)


def byte_array_expr(data: bytes) -> Expr:
    return Expr(BYTE_ARRAY, list_from_array(np.frombuffer(data, np.uint8).astype(np.int64)))


def bytes_of(e) -> bytes | None:
    """The bytes of a ByteArray (or of a list of byte values)."""
    if type(e) is Expr and e.head is BYTE_ARRAY and len(e.args) == 1:
        e = e.args[0]
    arr = _byte_values(e)
    return None if arr is None else arr.tobytes()


@builtin("ByteArray", argc=(0, 1), messages=_MESSAGES,
         usage="ByteArray[{b1, b2, …}] is an array of bytes (integers 0 to 255); "
               "ByteArray[\"base64\"] decodes a Base64 string; Normal gives the list.",
         examples=(("Normal[ByteArray[{1, 2, 255}]]", "{1, 2, 255}"),
                   ('Normal[ByteArray["AQI="]]', "{1, 2}")))
def byte_array(ev, data=None):
    if data is None:
        return byte_array_expr(b"")
    if type(data) is String:
        try:
            return byte_array_expr(base64.b64decode(data.value, validate=True))
        except ValueError:
            ev.message(BYTE_ARRAY, "bytes", data)
            return None
    arr = _byte_values(data)
    if arr is None:
        ev.message(BYTE_ARRAY, "bytes", data)
        return None
    held = packed_array(data)
    if held is not None and held.dtype == np.int64:
        return None                       # already a byte array's canonical form
    return Expr(BYTE_ARRAY, list_from_array(arr.astype(np.int64)))


@builtin_upvalue("Normal", "ByteArray")
def _normal_byte_array(ev, b, *rest):
    return b.args[0] if len(b.args) == 1 and not rest else None


@builtin_upvalue("Length", "ByteArray")
def _length_byte_array(ev, b, *rest):
    data = bytes_of(b)
    return None if data is None else Integer(len(data))


def _byte_array_text(b) -> str | None:
    data = bytes_of(b)
    return None if data is None else f"ByteArray[<{len(data)}>]"


@builtin("StringToByteArray", argc=(1, 2),
         usage="StringToByteArray[s] is the UTF-8 bytes of s as a ByteArray.",
         examples=(('Normal[StringToByteArray["é"]]', "{195, 169}"),))
def string_to_byte_array(ev, s, encoding=None):
    if type(s) is not String:
        return None
    codec = encoding.value if type(encoding) is String else "UTF-8"
    try:
        return byte_array_expr(s.value.encode(codec))
    except LookupError:
        return None


@builtin("ByteArrayToString", argc=(1, 2),
         usage="ByteArrayToString[b] decodes the bytes of a ByteArray as UTF-8 text.",
         examples=(('ByteArrayToString[StringToByteArray["abc"]]', '"abc"'),))
def byte_array_to_string(ev, b, encoding=None):
    data = bytes_of(b)
    if data is None:
        return None
    codec = encoding.value if type(encoding) is String else "UTF-8"
    try:
        return String(data.decode(codec))
    except (UnicodeDecodeError, LookupError):
        return None


_ENCODINGS = {"Base64": (base64.b64encode, base64.b64decode),
              "Base64URL": (base64.urlsafe_b64encode, base64.urlsafe_b64decode),
              "Base32": (base64.b32encode, base64.b32decode),
              "Base16": (base64.b16encode, base64.b16decode),
              "Base85": (base64.b85encode, base64.b85decode)}


@builtin("BaseEncode", argc=(1, 2),
         usage="BaseEncode[b] is the Base64 text of a ByteArray b; BaseEncode[b, \"Base32\"] "
               "(\"Base16\", \"Base64URL\", \"Base85\") another encoding.",
         examples=(("BaseEncode[ByteArray[{1, 2}]]", '"AQI="'),))
def base_encode(ev, b, encoding=None):
    data = bytes_of(b)
    name = encoding.value if type(encoding) is String else "Base64"
    if data is None or name not in _ENCODINGS:
        return None
    return String(_ENCODINGS[name][0](data).decode("ascii"))


@builtin("BaseDecode", argc=(1, 2),
         usage="BaseDecode[\"text\"] is the ByteArray of Base64 text (or another encoding "
               "named as BaseEncode names them).",
         examples=(('Normal[BaseDecode["AQI="]]', "{1, 2}"),))
def base_decode(ev, text, encoding=None):
    name = encoding.value if type(encoding) is String else "Base64"
    if type(text) is not String or name not in _ENCODINGS:
        return None
    try:
        return byte_array_expr(_ENCODINGS[name][1](text.value))
    except ValueError:
        return None


@builtin("Compress", argc=(1, 2),
         usage="Compress[expr] is a compressed string form of expr (its InputForm, "
               "zlib-compressed and Base64-encoded); Uncompress gives expr back.",
         examples=(("Uncompress[Compress[{1, x, \"a\"}]]", '{1, x, "a"}'),))
def compress(ev, expr, *rest):
    from wlnet.syntax.printer import full_form
    if rest and read_options(ev, Expr(S.Compress, expr, *rest), rest, {}) is None:
        return None                   # it takes no options (optx, or nonopt for a non-rule)
    packed = zlib.compress(full_form(expr).encode("utf-8"), 9)
    return String("1:" + base64.b64encode(packed).decode("ascii"))


@builtin("Uncompress", argc=(1, 2), messages=_MESSAGES,
         usage="Uncompress[\"c\"] is the expression Compress made c from (evaluated), "
               "also for strings Compress wrote in the Wolfram Language; "
               "Uncompress[c, h] wraps it in h before evaluation.",
         examples=(("Uncompress[Compress[1 + 1]]", "2"),))
def uncompress(ev, text, wrapper=None):
    from wlnet.core.compressed_data import CompressedDataError, decode
    if type(text) is not String:
        ev.message(S.Uncompress, "nocomp", text)
        return None
    try:
        expr = decode(text.value)       # wlnet's Compress text, or the Wolfram Language's
    except CompressedDataError:         # binary form (strings from Mathematica, notebooks)
        ev.message(S.Uncompress, "nocomp", text)
        return None
    return ev.evaluate(Expr(wrapper, expr) if wrapper is not None else expr)


@builtin("CompressedData", argc=1, messages=_MESSAGES,
         usage="CompressedData[\"1:…\"] is the expression the compressed string holds, as "
               "notebooks and saved packages store images, arrays and net weights inside "
               "boxes (RawArray[\"Real32\", CompressedData[\"1:…\"]]): Uncompress of it.")
def compressed_data(ev, text):
    if type(text) is not String:
        return None
    return uncompress(ev, text)


_HASHES = {"MD5": "md5", "SHA": "sha1", "SHA1": "sha1", "SHA256": "sha256",
           "SHA384": "sha384", "SHA512": "sha512", "SHA3-256": "sha3_256",
           "SHA3-512": "sha3_512", "CRC32": None, "Adler32": None}


@builtin("Hash", argc=(1, 3), messages=_MESSAGES,
         usage="Hash[expr, \"type\"] is a hash code of expr (\"MD5\", \"SHA\", \"SHA256\", "
               "\"SHA512\", \"CRC32\", \"Adler32\"…; strings and ByteArrays are hashed as their "
               "bytes); Hash[expr, type, \"HexString\"] gives it as hexadecimal text.",
         examples=(('Hash["abc", "SHA256", "HexString"]',
                    '"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"'),
                   ('Hash["abc", "CRC32"]', "891568578")))
def hash_(ev, expr, kind=None, form=None):
    from wlnet.syntax.printer import full_form
    name = kind.value if type(kind) is String else "Expression"
    data = expr.value.encode("utf-8") if type(expr) is String else bytes_of(expr)
    if data is None:
        data = full_form(expr).encode("utf-8")
    if name == "Expression":
        # WL's own expression hash is a 64-bit integer (its algorithm unpublished): the
        # first 8 bytes of the SHA-256 of the expression's full form
        if form is None or type(form) is String and form.value == "Integer":
            digest = hashlib.sha256(data).digest()
            return Integer(int.from_bytes(digest[:8], "big"))
        name = "SHA256"
    if name not in _HASHES:
        ev.message(S.Hash, "hash", kind)
        return None
    return _hash_value(data, name, form)


def _hash_value(data: bytes, name: str, form):
    """The hash of type ``name`` of the bytes, in the output form ``form`` (a String, or
    None for "Integer")."""
    if name == "CRC32":
        value = zlib.crc32(data)
        digest = value.to_bytes(4, "big")
    elif name == "Adler32":
        value = zlib.adler32(data)
        digest = value.to_bytes(4, "big")
    else:
        digest = hashlib.new(_HASHES[name], data).digest()
        value = int.from_bytes(digest, "big")
    output = form.value if type(form) is String else "Integer"
    if output == "HexString":
        return String(digest.hex())
    if output == "ByteArray":
        return byte_array_expr(digest)
    if output == "Base64Encoding":
        return String(base64.b64encode(digest).decode("ascii"))
    return Integer(value)


@builtin("FileHash", argc=(1, 3), messages={**_MESSAGES, "nffil": "File `1` not found."},
         usage="FileHash[\"file\", \"type\"] is a hash code of the file's bytes (\"SHA256\" by "
               "default; the types and output forms of Hash: FileHash[file, \"SHA256\", "
               "\"HexString\"]), as a program records which saved net it froze.",
         examples=())
def file_hash(ev, file, kind=None, form=None):
    import os
    if type(file) is not String:
        return None
    name = kind.value if type(kind) is String else "SHA256"
    if name not in _HASHES:
        ev.message(S.FileHash, "hash", kind)
        return None
    path = os.path.expanduser(file.value)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        ev.message(S.FileHash, "nffil", file)
        return S["$Failed"]
    return _hash_value(data, name, form)


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("ByteArray", _byte_array_text)
