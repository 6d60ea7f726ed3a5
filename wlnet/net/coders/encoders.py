"""NetEncoder: "Characters", "Tokens", "Class", "Scalar", "Boolean", "UTF8" (and "Image", in
wlnet.net.coders.image; the audio encoders, in wlnet.net.coders.audio).

``encoder_from_spec(expr)`` reads the argument of ``NetEncoder[…]`` (``"Characters"``,
``{"Characters", alphabet, form, opts…}``…); ``encoder_from_form`` reads the stored form
``NetEncoder[name, <|params|>, type]`` back.  ``enc.encode(expr)`` encodes one input or a
list of inputs (a batch).
"""

from __future__ import annotations

import functools
import re
import string

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.audio import AUDIO_ENCODERS, audio_encoder_from_form, audio_encoder_from_spec
from wlnet.net.coders.base import (ClassCoder, Coder, CoderError, named_positional,
                                   unknown_parameter, unknown_type)
from wlnet.net.coders.entries import ANY, VIRTUAL as _VIRTUAL, entries_from_expr, entry_expr
from wlnet.net.coders.mapped import mapped
from wlnet.net.errors import NetSpecError
from wlnet.net.types import (
    IndexIntegerT, RealT, TensorT, dim_from_expr, dim_to_expr, fresh_length, fresh_size,
)

__all__ = ["CharactersEncoder", "TokensEncoder", "ClassEncoder", "ScalarEncoder", "BooleanEncoder",
           "UTF8Encoder",
           "encoder_from_spec", "encoder_from_form", "DEFAULT_ALPHABET", "parse_encoding",
           "parse_tokens", "entry_expr", "entries_from_expr", "tokens_vocabulary"]

DEFAULT_ALPHABET = ("\t", "\n") + tuple(chr(c) for c in range(32, 127))
_GROUPS = {
    "DigitCharacter": tuple(string.digits),
    "LetterCharacter": tuple(string.ascii_lowercase + string.ascii_uppercase),
    "WordCharacter": tuple(string.ascii_lowercase + string.ascii_uppercase + string.digits),
    "PunctuationCharacter": tuple(string.punctuation),
    "WhitespaceCharacter": (" ", "\t", "\n"),
}


def _sym(e) -> str | None:
    return e.name if type(e) is Symbol else None


def _parse_alphabet(e, entries: list) -> None:
    """Append the encoding entries (one per code) that ``e`` describes."""
    name = _sym(e)
    if name == "Automatic":
        entries.extend(DEFAULT_ALPHABET)
    elif name in _GROUPS:
        entries.extend(_GROUPS[name])
    elif name in _VIRTUAL:
        entries.append(name)
    elif type(e) is Expr and e.head == Symbol("Blank") and not e.args:
        entries.append(ANY)
    elif type(e) is String:
        entries.extend(e.value)
    elif type(e) is Expr and e.head is S.List:
        for a in e.args:
            _parse_alphabet(a, entries)
    elif type(e) is Expr and e.head is S.Rule and len(e.args) == 2 and _group_text(e.args[0]):
        # a character group on the left of a rule stands for its characters, as a string
        # does: {LetterCharacter -> 1, DigitCharacter -> Automatic}
        _parse_alphabet(Expr(S.Rule, String(_group_text(e.args[0])), e.args[1]), entries)
    elif (type(e) is Expr and e.head is S.Rule and type(e.args[0]) is String
          and _sym(e.args[1]) == "Automatic"):
        entries.append(e.args[0].value)          # several characters, one code
    elif (type(e) is Expr and e.head is S.Rule and _sym(e.args[1]) == "Automatic"
          and _virtual_entries(e.args[0]) is not None):
        entries.extend(_virtual_entries(e.args[0]))   # each virtual character its own code
    elif (type(e) is Expr and e.head is S.Rule and type(e.args[0]) is String
          and type(e.args[1]) is Integer and 1 <= e.args[1].value <= len(entries) + 1):
        _add_to_code(entries, e.args[1].value, e.args[0].value, e)   # several characters, code n
    elif type(e) is Expr and e.head is S.Rule and _code_span(e.args[0]) is not None:
        _parse_span(e, entries)
    else:
        raise NetSpecError("invalph", e)


def _group_text(e) -> str | None:
    """The characters of a character group (LetterCharacter…, Automatic: the printable
    ASCII ones) as one string; None for anything else."""
    name = _sym(e)
    if name == "Automatic":
        return "".join(DEFAULT_ALPHABET)
    return "".join(_GROUPS[name]) if name in _GROUPS else None


def _virtual_entries(e) -> list | None:
    """``StartOfString`` or a list of the virtual characters (``{StartOfString,
    EndOfString}``, the left side of ``… -> Automatic``) as entries; None otherwise."""
    items = e.args if type(e) is Expr and e.head is S.List else (e,)
    names = [_sym(a) for a in items]
    return names if items and all(n in _VIRTUAL for n in names) else None


def _add_to_code(entries: list, code: int, chars: str, e) -> None:
    """The characters ``chars`` get code ``code``: the next one, or one already given
    (never a virtual character's or _'s)."""
    if code == len(entries) + 1:
        entries.append(chars)
    elif not 1 <= code <= len(entries) or entries[code - 1] in _VIRTUAL or entries[code - 1] == ANY:
        raise NetSpecError("invalph", e)
    else:
        entries[code - 1] += chars


def _code_span(e):
    """``n ;; m`` (positive integers, n <= m) → (n, m); None when ``e`` is not one."""
    if (type(e) is Expr and e.head == Symbol("Span") and len(e.args) == 2
            and all(type(a) is Integer for a in e.args) and 1 <= e.args[0].value <= e.args[1].value):
        return e.args[0].value, e.args[1].value
    return None


def _parse_span(e, entries: list) -> None:
    """``n ;; m -> spec``: the codes n..m, in order, to the entries that ``spec`` describes
    (as many as the span is long), each new code the next one or merged into a code given
    before."""
    first, last = _code_span(e.args[0])
    spec: list = []
    _parse_alphabet(e.args[1], spec)
    if len(spec) != last - first + 1 or first > len(entries) + 1:
        raise NetSpecError("invalph", e)
    for code, entry in enumerate(spec, first):
        if entry in _VIRTUAL or entry == ANY:
            if code != len(entries) + 1:
                raise NetSpecError("invalph", e)
            entries.append(entry)
        else:
            _add_to_code(entries, code, entry, e)


def parse_encoding(e) -> tuple:
    """A "Characters" alphabet specification → its entries (code i+1 is entry i)."""
    entries: list = []
    _parse_alphabet(e, entries)
    if not entries:
        raise NetSpecError("invalph", e)
    return tuple(entries)


@functools.lru_cache(maxsize=64)
def _code_table(encoding: tuple, ignore_case: bool) -> dict:
    """Built once per alphabet: encoding a batch of strings looks every character up here."""
    table = {}
    for code, entry in enumerate(encoding, 1):
        if entry in _VIRTUAL or entry == ANY:
            continue
        for ch in entry:
            table.setdefault(ch, code)
            if ignore_case:
                table.setdefault(ch.lower(), code)
                table.setdefault(ch.upper(), code)
    return table


@attrs.frozen(slots=True)
class CharactersEncoder(Coder):
    kind = "Encoder"
    name = "Characters"
    allows_bypass = True                 # WL's AllowBypass
    encoding: tuple = DEFAULT_ALPHABET   # entry i (code i+1): the characters it stands for
    output_form: str = "Index"
    ignore_case: bool = False
    target_length: object = "All"        # "All" or an int
    length: object = attrs.field(factory=fresh_length)

    @property
    def count(self) -> int:
        return len(self.encoding)

    @property
    def type(self):
        n = self.target_length if isinstance(self.target_length, int) else self.length
        if self.output_form == "UnitVector":
            return TensorT((n, self.count), RealT)
        return TensorT((n,), IndexIntegerT(self.count))

    def alphabet(self) -> list:
        return [entry_expr(c) for c in self.encoding]

    def code_table(self) -> dict:
        """character -> code (shared between calls: do not modify)."""
        return _code_table(self.encoding, self.ignore_case)

    def codes(self, text: str) -> list[int]:
        table = self.code_table()
        out = []
        if "StartOfString" in self.encoding:
            out.append(self.encoding.index("StartOfString") + 1)
        other = self.encoding.index(ANY) + 1 if ANY in self.encoding else None
        for ch in text:
            code = table.get(ch, other)
            if code is None:
                raise CoderError("input was not a string, or contained invalid characters")
            out.append(code)
        if "EndOfString" in self.encoding:
            out.append(self.encoding.index("EndOfString") + 1)
        if isinstance(self.target_length, int):
            pad = (self.encoding.index("EndOfString") + 1 if "EndOfString" in self.encoding
                   else self.count)
            out = (out + [pad] * self.target_length)[:self.target_length]
        return out

    def takes(self, x) -> bool:
        return type(x) is String

    def encode_array(self, e):
        """One string → numpy array (int codes, or one-hot float rows)."""
        if type(e) is not String:
            raise CoderError("input was not a string, or contained invalid characters")
        codes = np.array(self.codes(e.value), dtype=np.int64)
        if self.output_form == "UnitVector":
            return np.eye(self.count, dtype=np.float64)[codes - 1]
        return codes

    def params_expr(self):
        tl = Integer(self.target_length) if isinstance(self.target_length, int) else S.All
        return [("Encoding", Expr.from_args(S.List, (entry_expr(c) for c in self.encoding))),
                ("OutputForm", String(self.output_form)),
                ("IgnoreCase", Symbol("True") if self.ignore_case else Symbol("False")),
                ("TargetLength", tl),
                ("$Length", dim_to_expr(self.length))]

    def resolve(self, u):
        return attrs.evolve(self, length=u.dim(self.length))

    def properties(self):
        return ["Alphabet", "Encoding", "OutputForm", "IgnoreCase", "TargetLength", "Count"]


_WORDS = re.compile(r"\w+|[^\w\s]")


def parse_tokens(e, spec) -> tuple:
    """A "Tokens" vocabulary: a list of distinct strings."""
    if not (type(e) is Expr and e.head is S.List and e.args
            and all(type(a) is String and a.value for a in e.args)):
        raise NetSpecError("invtokens", e)
    tokens = tuple(a.value for a in e.args)
    if len(set(tokens)) != len(tokens):
        raise NetSpecError("invtokens", e)
    return tokens


@functools.lru_cache(maxsize=64)
def _token_table(tokens: tuple, ignore_case: bool) -> dict:
    table = {}
    for code, token in enumerate(tokens, 1):
        table.setdefault(token.lower() if ignore_case else token, code)
    return table


@attrs.frozen(slots=True)
class TokensEncoder(Coder):
    """Text → the codes of its tokens: code i for token i, d+1 (d tokens) for a token not in
    the vocabulary (and for padding up to "TargetLength").  "SplitPattern" Automatic splits
    into words and punctuation marks; a string pattern splits at its matches (the pieces
    trimmed, those left empty dropped); None takes a list of strings, already
    tokens (a string alone is one token).  A TextElement of strings gives its tokens as
    they are.  "IgnoreCase" (True unless given) compares tokens ignoring case."""

    kind = "Encoder"
    name = "Tokens"
    allows_bypass = True                 # WL's AllowBypass
    tokens: tuple = ()
    ignore_case: bool = True
    split: object = "Automatic"          # "Automatic" | None | a string pattern expression
    target_length: object = "All"
    length: object = attrs.field(factory=fresh_length)

    @property
    def count(self) -> int:
        return len(self.tokens) + 1

    @property
    def type(self):
        n = self.target_length if isinstance(self.target_length, int) else self.length
        return TensorT((n,), IndexIntegerT(self.count))

    def words(self, text: str) -> list[str]:
        if self.split == "Automatic":
            return _WORDS.findall(text)
        if self.split is None:
            return [text] if text else []
        if type(self.split) is String:
            pieces = text.split(self.split.value)
        else:
            pieces, start = [], 0
            for begin, end in _split_points(_split_pattern_compiled(self.split), text):
                pieces.append(text[start:begin])
                start = end
            pieces.append(text[start:])
        return [w.strip() for w in pieces if w and not w.isspace()]

    def codes(self, text) -> list[int]:
        """The codes of a text (a string), or of its tokens (a list of strings)."""
        table = _token_table(self.tokens, self.ignore_case)
        unknown = self.count
        words = self.words(text) if isinstance(text, str) else text
        out = [table.get(w.lower() if self.ignore_case else w, unknown) for w in words]
        if isinstance(self.target_length, int):
            out = (out + [unknown] * self.target_length)[:self.target_length]
        return out

    def takes(self, x) -> bool:
        return type(x) is String or _given_tokens(x, self.split is None) is not None

    def encode_array(self, e):
        tokens = _given_tokens(e, self.split is None)
        if tokens is not None:
            return np.array(self.codes(tokens), dtype=np.int64)
        if type(e) is not String:
            raise CoderError("input was not a string" + (
                " or a list of strings" if self.split is None else ""))
        return np.array(self.codes(e.value), dtype=np.int64)

    def params_expr(self):
        split = (Symbol(self.split) if self.split == "Automatic" else Symbol("None")
                 if self.split is None else self.split)
        tl = Integer(self.target_length) if isinstance(self.target_length, int) else S.All
        return [("Tokens", Expr.from_args(S.List, (String(t) for t in self.tokens))),
                ("IgnoreCase", Symbol("True") if self.ignore_case else Symbol("False")),
                ("SplitPattern", split), ("TargetLength", tl),
                ("$Length", dim_to_expr(self.length))]

    def resolve(self, u):
        return attrs.evolve(self, length=u.dim(self.length))

    def properties(self):
        return ["Tokens", "IgnoreCase", "SplitPattern", "TargetLength", "Count"]


def _given_tokens(x, lists: bool) -> list[str] | None:
    """The tokens an input gives as they are: the strings of a TextElement (nested ones
    flattened) or, when ``lists`` ("SplitPattern" None), of a list of strings."""
    if lists and type(x) is Expr and x.head is S.List and all(type(a) is String for a in x.args):
        return [a.value for a in x.args]
    if type(x) is Expr and _sym(x.head) == "TextElement" and x.args:
        out: list = []
        todo = [x.args[0]]
        while todo:
            e = todo.pop()
            if type(e) is String:
                out.append(e.value)
            elif type(e) is Expr and (e.head is S.List or _sym(e.head) == "TextElement"):
                todo.extend(reversed(e.args[:1] if e.head is not S.List else e.args))
            else:
                return None
        return out
    return None


def _split_points(pattern, text: str):
    """(start, end) of each match of a compiled string pattern, empty ones (WordBoundary)
    included when the pattern is a regular expression."""
    if pattern.regex is not None:
        return ((m.start(), m.end()) for m in pattern.regex.finditer(text))
    return ((m.start, m.end) for m in pattern.finditer(text))


@functools.lru_cache(maxsize=32)
def _split_pattern_compiled(pattern):
    from wlnet.core.string_patterns import compile_string_pattern
    return compile_string_pattern(pattern)


@attrs.frozen(slots=True)
class ClassEncoder(ClassCoder):
    kind = "Encoder"
    name = "Class"
    labels: tuple | None = None          # label expressions; None: integers 1..n
    output_form: str = "Index"
    n: object = attrs.field(factory=fresh_size)
    multilabel: bool = False             # a list of labels → a multi-hot vector

    @property
    def type(self):
        if self.output_form == "UnitVector" or self.multilabel:
            return TensorT((self.count,), RealT)
        return TensorT((), IndexIntegerT(self.count))

    @property
    def allows_bypass(self) -> bool:
        """Integers are codes only when no label is an integer (WL's AllowBypass for
        "Class": FreeQ[labels, _Integer])."""
        return self.labels is None or not any(type(x) is Integer for x in self.labels)

    def takes(self, x) -> bool:
        """Whether ``x`` is one input (not a batch of them)."""
        if self.multilabel:
            return type(x) is Expr and x.head is S.List and all(self._is_label(a) for a in x.args)
        return self._is_label(x)

    def _is_label(self, x) -> bool:
        if self.labels is not None:
            return x in self.labels
        return type(x) is Integer

    def encode_array(self, e):
        if self.multilabel:
            if not (type(e) is Expr and e.head is S.List):
                raise CoderError("input was not a list of class labels")
            if not isinstance(self.count, int):
                raise CoderError("the number of classes is not known")
            out = np.zeros(self.count)
            for label in e.args:
                out[self._code(label) - 1] = 1.0
            return out
        idx = self._code(e)
        if self.output_form == "UnitVector":
            if not isinstance(self.count, int):
                raise CoderError("the number of classes is not known")
            return np.eye(self.count)[idx - 1]
        return np.int64(idx)

    def _code(self, e) -> int:
        if self.labels is not None:
            try:
                idx = self.labels.index(e) + 1
            except ValueError:
                raise CoderError(f"{_short(e)} is not one of the classes")
        elif type(e) is Integer and (not isinstance(self.count, int) or 1 <= e.value <= self.count):
            idx = e.value
        else:
            raise CoderError("input was not a class index")
        return idx

    def params_expr(self):
        pairs = [("Labels", self.labels_expr()), ("OutputForm", String(self.output_form)),
                 ("Count", dim_to_expr(self.count))]
        if self.multilabel:
            pairs.append(("Multilabel", Symbol("True")))
        return pairs

    def unshown_params(self):
        return [] if self.multilabel else [("Multilabel", Symbol("False"))]

    def properties(self):
        return ["Labels", "OutputForm", "Count", "Multilabel"]


@attrs.frozen(slots=True)
class ScalarEncoder(Coder):
    kind = "Encoder"
    name = "Scalar"

    @property
    def type(self):
        return TensorT((1,), RealT)

    def takes(self, x) -> bool:
        return type(x) in (Integer, Real) or type(x).__name__ == "Rational"

    def encode_array(self, e):
        if type(e) in (Integer, Real):
            return np.array([float(e.value)])
        if type(e).__name__ == "Rational":
            return np.array([float(e.value)])
        raise CoderError("input was not a numeric value")

    def params_expr(self):
        return []


@attrs.frozen(slots=True)
class BooleanEncoder(Coder):
    """True -> 1, False -> 0 (Boole); ``{"Boolean", {d1, …}}`` is this encoder mapped over
    arrays of Booleans."""
    kind = "Encoder"
    name = "Boolean"

    @property
    def type(self):
        return TensorT((), RealT)

    def takes(self, x) -> bool:
        return _sym(x) in ("True", "False")

    def encode_array(self, e):
        if not self.takes(e):
            raise CoderError("input was not True or False")
        return np.int64(_sym(e) == "True")

    def params_expr(self):
        return []


_UTF8_CODES = 248                      # UTF-8 never uses the bytes 248..255


@attrs.frozen(slots=True)
class UTF8Encoder(Coder):
    """A string as its UTF-8 bytes, each byte b the code b + 1 (1..248), or as unit
    vectors of length 248 ("UnitVector")."""
    kind = "Encoder"
    name = "UTF8"
    output_form: str = "Index"
    length: object = attrs.field(factory=fresh_length)

    @property
    def type(self):
        if self.output_form == "UnitVector":
            return TensorT((self.length, _UTF8_CODES), RealT)
        return TensorT((self.length,), IndexIntegerT(_UTF8_CODES))

    def takes(self, x) -> bool:
        return type(x) is String

    def encode_array(self, e):
        if type(e) is not String:
            raise CoderError("input was not a string")
        codes = np.frombuffer(e.value.encode("utf-8", "surrogatepass"), np.uint8).astype(np.int64) + 1
        if self.output_form == "UnitVector":
            return np.eye(_UTF8_CODES)[codes - 1]
        return codes

    def params_expr(self):
        return [("OutputForm", String(self.output_form)), ("$Length", dim_to_expr(self.length))]

    def resolve(self, u):
        return attrs.evolve(self, length=u.dim(self.length))


def _short(e) -> str:
    from wlnet.net.wltext import short_text
    return short_text(e)


# ---------------------------------------------------------------------------- reading

def _option_key(r) -> str | None:
    """The parameter a rule sets: its string key, or a symbol of a parameter's name
    (IgnoreCase -> True, as the option of the string functions is written; the image
    coders read ColorSpace so too); None for anything else."""
    if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)):
        return None
    key = r.args[0]
    if type(key) is String:
        return key.value
    if type(key) is Symbol and key.name in _OPTION_NAMES:
        return key.name
    return None


def _options(rules) -> dict:
    out = {}
    for r in rules:
        key = _option_key(r)
        if key is None:
            raise NetSpecError("invenc", r)
        out[key] = r.args[1]
    return out


def _form(e, spec) -> str:
    if type(e) is String and e.value in ("Index", "UnitVector"):
        return e.value
    if type(e) is String and e.value == "IndicatorVector":
        return "UnitVector"
    raise NetSpecError("invenc", spec)


_OPTION_NAMES = ("IgnoreCase", "TargetLength", "SplitPattern", "Multilabel", "Dimensions")


# the parameters of the encoders read here (the others' modules list their own)
ENCODER_PARAMETERS = {"Characters": ("IgnoreCase", "TargetLength"),
                      "Tokens": ("IgnoreCase", "TargetLength", "SplitPattern"),
                      "Class": ("Multilabel", "Dimensions"),
                      "Scalar": (), "UTF8": (), "Boolean": ()}
# every encoder type NetEncoder[{"type", …}] knows ("BPESubwordTokens": SubwordTokens' older
# name; "VideoFrames": documented, refused with its own message)
ENCODER_TYPES = ("Audio", "AudioMelSpectrogram", "AudioMFCC", "AudioSpectrogram", "AudioSTFT",
                 "Boolean", "Characters", "Class", "FeatureExtractor", "Function", "Image",
                 "Image3D", "Scalar", "SubwordTokens", "Tokens", "UTF8", "VideoFrames")


def _only(opts, positional, name) -> None:
    """Every parameter given is one the ``name`` encoder takes.  A rule with a string key
    among the positional arguments is a parameter of another name (the table of a
    "Characters" encoder, its first argument, may itself be a rule)."""
    allowed = ENCODER_PARAMETERS[name]
    strays = [_rule_key(a) for i, a in enumerate(positional)
              if not (name == "Characters" and i == 0) and _rule_key(a) is not None]
    for key in list(opts) + strays:
        if key not in allowed:
            raise unknown_parameter("encoder", name, key, allowed)


def _rule_key(e) -> str | None:
    """The key of a rule "key" -> value, else None."""
    if type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and type(e.args[0]) is String:
        return e.args[0].value
    return None


def _flag(opts, name, default: bool, spec, tag: str = "invenc") -> bool:
    """The True/False option ``name`` (``default`` when not given); ``tag`` names the
    message for another value ("invdec" for a decoder's)."""
    v = opts.get(name)
    if v is None:
        return default
    if _sym(v) in ("True", "False"):
        return _sym(v) == "True"
    raise NetSpecError(tag, spec)


def _dimensions(e, spec) -> tuple:
    """"Dimensions" -> {d1, …}: the dimensions of the array of inputs ({}: one input)."""
    if type(e) is Expr and e.head is S.List and all(
            type(d) is Integer and d.value > 0 for d in e.args):
        return tuple(d.value for d in e.args)
    raise NetSpecError("invenc", spec)


def _split_pattern(e, spec):
    """"SplitPattern": Automatic (words and punctuation), None (the input is already a list
    of tokens) or a string pattern (a string, RegularExpression[…], WordBoundary, …)."""
    if _sym(e) in ("Automatic", "None"):
        return "Automatic" if _sym(e) == "Automatic" else None
    if type(e) is String:
        if e.value:
            return e
        raise NetSpecError("invenc", spec)
    from wlnet.core.string_patterns import InvalidStringPattern
    try:
        _split_pattern_compiled(e)
    except (InvalidStringPattern, TypeError, ValueError):
        raise NetSpecError("invenc", spec)
    return e


# the languages of the standard vocabularies: NetEncoder[{"Tokens", "English"}]
STANDARD_VOCABULARIES = ("English", "French", "German", "Spanish", "Portuguese", "Italian",
                         "Russian", "Chinese", "Japanese", "Dutch", "Swedish")


def tokens_vocabulary(positional: list, spec, tag: str = "invenc") -> tuple:
    """The vocabulary of {"Tokens", vocabulary}: a list of tokens; a language (or none
    given: English) names a standard vocabulary, which wlnet does not have ("tokvocab")."""
    if not positional or (len(positional) == 1 and type(positional[0]) is String
                          and positional[0].value in STANDARD_VOCABULARIES):
        raise NetSpecError("tokvocab", positional[0].value if positional else "English")
    if len(positional) != 1:
        raise NetSpecError(tag, spec)
    return parse_tokens(positional[0], spec)


def encoder_from_spec(spec) -> Coder:
    """``NetEncoder[spec]`` → a coder; raises NetSpecError("invenc"/"invalph")."""
    if type(spec) is String:
        name, rest = spec.value, []
    elif type(spec) is Expr and spec.head is S.List and spec.args and type(spec.args[0]) is String:
        name, rest = spec.args[0].value, list(spec.args[1:])
    else:
        raise NetSpecError("invenc", spec)
    if name == "Image":
        from wlnet.net.coders.image import image_encoder_from_spec
        return image_encoder_from_spec(spec, rest)
    if name == "Function":
        from wlnet.net.coders.function import function_encoder_from_spec
        return function_encoder_from_spec(spec, rest)
    if name in AUDIO_ENCODERS:
        return audio_encoder_from_spec(spec, name, rest)
    if name == "FeatureExtractor":
        from wlnet.net.coders.feature import feature_encoder_from_spec
        return feature_encoder_from_spec(spec, rest)
    if name == "Image3D":
        from wlnet.net.coders.image3d import image3d_encoder_from_spec
        return image3d_encoder_from_spec(spec, rest)
    if name in ("SubwordTokens", "BPESubwordTokens"):   # the second: the older name
        from wlnet.net.coders.subword import subword_encoder_from_spec
        return subword_encoder_from_spec(spec, rest)
    if name == "VideoFrames":            # a documented encoder whose input wlnet lacks
        raise NetSpecError("videona", "VideoFrames")
    positional = [a for a in rest if _option_key(a) not in _OPTION_NAMES]
    opts = _options(rest[len(positional):])
    tl = opts.get("TargetLength", S.All)
    if not (tl is S.All or (type(tl) is Integer and tl.value > 0)):
        raise NetSpecError("invenc", spec)
    target_length = tl.value if type(tl) is Integer else "All"
    if name == "Characters":
        _only(opts, positional, name)
        if len(positional) > 2:
            raise NetSpecError("invenc", spec)
        entries = parse_encoding(positional[0] if positional else Symbol("Automatic"))
        form = _form(positional[1], spec) if len(positional) > 1 else "Index"
        return CharactersEncoder(entries, form, _flag(opts, "IgnoreCase", False, spec),
                                 target_length)
    if name == "Tokens":
        _only(opts, positional, name)
        return TokensEncoder(tokens_vocabulary(positional, spec),
                             _flag(opts, "IgnoreCase", True, spec),
                             _split_pattern(opts.get("SplitPattern", Symbol("Automatic")), spec),
                             target_length)
    if name == "Class":
        positional = named_positional(positional, ("Labels", "OutputForm"), spec, "invenc")
        _only(opts, positional, name)
        if len(positional) > 2:
            raise NetSpecError("invenc", spec)
        labels = None
        if positional:
            lab = positional[0]
            if type(lab) is Expr and lab.head is S.List and lab.args:
                labels = tuple(lab.args)
            elif type(lab) is Integer and lab.value > 0:
                labels = tuple(Integer(i) for i in range(1, lab.value + 1))
            elif _sym(lab) != "Automatic":
                raise NetSpecError("invenc", spec)
        form = _form(positional[1], spec) if len(positional) > 1 else "Index"
        enc = ClassEncoder(labels, form, multilabel=_flag(opts, "Multilabel", False, spec))
        return mapped(enc, _dimensions(opts.get("Dimensions", Expr(S.List)), spec))
    if name in ("Scalar", "UTF8", "Boolean"):
        _only(opts, positional, name)
    if name == "Scalar":
        if positional:
            raise NetSpecError("invenc", spec)
        return ScalarEncoder()
    if name == "UTF8":
        if len(positional) > 1:
            raise NetSpecError("invenc", spec)
        return UTF8Encoder(_form(positional[0], spec) if positional else "Index")
    if name == "Boolean":
        if len(positional) > 1:
            raise NetSpecError("invenc", spec)
        return mapped(BooleanEncoder(), _dimensions(positional[0], spec) if positional else ())
    if name not in ENCODER_TYPES:
        raise unknown_type("encoder", name, ENCODER_TYPES)
    raise NetSpecError("invenc", spec)


def encoder_from_form(name: str, params: dict, type_expr) -> Coder:
    """Rebuild an encoder from ``NetEncoder[name, <|params|>, type]``."""
    if name == "Characters":
        enc = params["Encoding"]
        entries = entries_from_expr(enc)
        tl = params.get("TargetLength", S.All)
        length = params.get("$Length")
        return CharactersEncoder(entries, params["OutputForm"].value,
                                 _sym(params.get("IgnoreCase")) == "True",
                                 tl.value if type(tl) is Integer else "All",
                                 dim_from_expr(length) if length is not None else fresh_length())
    if name == "Class":
        labels = params.get("Labels")
        labels = tuple(labels.args) if type(labels) is Expr else None
        count = params.get("Count")
        n = dim_from_expr(count) if count is not None and labels is None else fresh_size()
        return ClassEncoder(labels, params["OutputForm"].value, n,
                            _sym(params.get("Multilabel")) == "True")
    if name == "Tokens":
        tl = params.get("TargetLength", S.All)
        length = params.get("$Length")
        split = params.get("SplitPattern")
        return TokensEncoder(tuple(t.value for t in params["Tokens"].args),
                             _sym(params.get("IgnoreCase")) == "True",
                             _split_pattern(split, None),
                             tl.value if type(tl) is Integer else "All",
                             dim_from_expr(length) if length is not None else fresh_length())
    if name == "Scalar":
        return ScalarEncoder()
    if name == "Boolean":
        return BooleanEncoder()
    if name == "UTF8":
        length = params.get("$Length")
        return UTF8Encoder(params["OutputForm"].value,
                           dim_from_expr(length) if length is not None else fresh_length())
    if name == "Image":
        from wlnet.net.coders.image import image_encoder_from_form
        return image_encoder_from_form(params)
    if name == "Function":
        from wlnet.net.coders.function import function_coder_from_form
        return function_coder_from_form("Encoder", params, type_expr)
    if name in AUDIO_ENCODERS:
        return audio_encoder_from_form(name, params)
    if name == "FeatureExtractor":
        from wlnet.net.coders.feature import feature_encoder_from_form
        return feature_encoder_from_form(params)
    if name == "Image3D":
        from wlnet.net.coders.image3d import image3d_encoder_from_form
        return image3d_encoder_from_form(params)
    if name == "SubwordTokens":
        from wlnet.net.coders.subword import subword_encoder_from_form
        return subword_encoder_from_form(params)
    raise KeyError(name)

