"""NetEncoder: "Characters", "Class", "Scalar" (and "Image", in wlnet.net.coders.image).

``encoder_from_spec(expr)`` reads the argument of ``NetEncoder[…]`` (``"Characters"``,
``{"Characters", alphabet, form, opts…}``…); ``encoder_from_form`` reads the stored form
``NetEncoder[name, <|params|>, type]`` back.  ``enc.encode(expr)`` encodes one input or a
list of inputs (a batch).
"""

from __future__ import annotations

import functools
import string

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.base import ClassCoder, Coder, CoderError
from wlnet.net.errors import NetSpecError
from wlnet.net.types import (
    IndexIntegerT, RealT, TensorT, dim_from_expr, dim_to_expr, fresh_length, fresh_size,
)

__all__ = ["CharactersEncoder", "ClassEncoder", "ScalarEncoder", "encoder_from_spec",
           "encoder_from_form", "DEFAULT_ALPHABET"]

DEFAULT_ALPHABET = ("\t", "\n") + tuple(chr(c) for c in range(32, 127))
_GROUPS = {
    "DigitCharacter": tuple(string.digits),
    "LetterCharacter": tuple(string.ascii_lowercase + string.ascii_uppercase),
    "WordCharacter": tuple(string.ascii_lowercase + string.ascii_uppercase + string.digits),
    "PunctuationCharacter": tuple(string.punctuation),
    "WhitespaceCharacter": (" ", "\t", "\n"),
}
_VIRTUAL = ("StartOfString", "EndOfString")


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
    elif type(e) is String:
        entries.extend(e.value)
    elif type(e) is Expr and e.head is S.List:
        for a in e.args:
            _parse_alphabet(a, entries)
    elif (type(e) is Expr and e.head is S.Rule and type(e.args[0]) is String
          and _sym(e.args[1]) == "Automatic"):
        entries.append(e.args[0].value)          # several characters, one code
    else:
        raise NetSpecError("invalph", e)


@functools.lru_cache(maxsize=64)
def _code_table(encoding: tuple, ignore_case: bool) -> dict:
    """Built once per alphabet: encoding a batch of strings looks every character up here."""
    table = {}
    for code, entry in enumerate(encoding, 1):
        if entry in _VIRTUAL:
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
        return [c if c not in _VIRTUAL else Symbol(c) for c in self.encoding]

    def code_table(self) -> dict:
        """character -> code (shared between calls: do not modify)."""
        return _code_table(self.encoding, self.ignore_case)

    def codes(self, text: str) -> list[int]:
        table = self.code_table()
        out = []
        if "StartOfString" in self.encoding:
            out.append(self.encoding.index("StartOfString") + 1)
        for ch in text:
            code = table.get(ch)
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
        return [("Encoding", Expr.from_args(S.List, (Symbol(c) if c in _VIRTUAL else String(c)
                                                       for c in self.encoding))),
                ("OutputForm", String(self.output_form)),
                ("IgnoreCase", Symbol("True") if self.ignore_case else Symbol("False")),
                ("TargetLength", tl),
                ("$Length", dim_to_expr(self.length))]

    def resolve(self, u):
        return attrs.evolve(self, length=u.dim(self.length))

    def properties(self):
        return ["Alphabet", "Encoding", "OutputForm", "IgnoreCase", "TargetLength", "Count"]


@attrs.frozen(slots=True)
class ClassEncoder(ClassCoder):
    kind = "Encoder"
    name = "Class"
    labels: tuple | None = None          # label expressions; None: integers 1..n
    output_form: str = "Index"
    n: object = attrs.field(factory=fresh_size)

    @property
    def type(self):
        if self.output_form == "UnitVector":
            return TensorT((self.count,), RealT)
        return TensorT((), IndexIntegerT(self.count))

    def encode_array(self, e):
        if self.labels is not None:
            try:
                idx = self.labels.index(e) + 1
            except ValueError:
                raise CoderError(f"{_short(e)} is not one of the classes")
        elif type(e) is Integer and (not isinstance(self.count, int) or 1 <= e.value <= self.count):
            idx = e.value
        else:
            raise CoderError("input was not a class index")
        if self.output_form == "UnitVector":
            if not isinstance(self.count, int):
                raise CoderError("the number of classes is not known")
            return np.eye(self.count)[idx - 1]
        return np.int64(idx)

    def params_expr(self):
        return [("Labels", self.labels_expr()), ("OutputForm", String(self.output_form)),
                ("Count", dim_to_expr(self.count))]

    def properties(self):
        return ["Labels", "OutputForm", "Count"]


@attrs.frozen(slots=True)
class ScalarEncoder(Coder):
    kind = "Encoder"
    name = "Scalar"

    @property
    def type(self):
        return TensorT((1,), RealT)

    def encode_array(self, e):
        if type(e) in (Integer, Real):
            return np.array([float(e.value)])
        if type(e).__name__ == "Rational":
            return np.array([float(e.value)])
        raise CoderError("input was not a numeric value")

    def params_expr(self):
        return []


def _short(e) -> str:
    from wlnet.net.wltext import short_text
    return short_text(e)


# ---------------------------------------------------------------------------- reading

def _options(rules) -> dict:
    out = {}
    for r in rules:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String:
            out[r.args[0].value] = r.args[1]
        else:
            raise NetSpecError("invenc", r)
    return out


def _form(e, spec) -> str:
    if type(e) is String and e.value in ("Index", "UnitVector"):
        return e.value
    if type(e) is String and e.value == "IndicatorVector":
        return "UnitVector"
    raise NetSpecError("invenc", spec)


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
    positional = [a for a in rest if not (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed)
                                          and type(a.args[0]) is String and a.args[0].value
                                          in ("IgnoreCase", "TargetLength"))]
    opts = _options(rest[len(positional):])
    if name == "Characters":
        if len(positional) > 2:
            raise NetSpecError("invenc", spec)
        entries: list = []
        _parse_alphabet(positional[0] if positional else Symbol("Automatic"), entries)
        if not entries:
            raise NetSpecError("invalph", positional[0])
        form = _form(positional[1], spec) if len(positional) > 1 else "Index"
        ignore = opts.get("IgnoreCase", Symbol("False"))
        tl = opts.get("TargetLength", S.All)
        if not (tl is S.All or (type(tl) is Integer and tl.value > 0)):
            raise NetSpecError("invenc", spec)
        return CharactersEncoder(tuple(entries), form, _sym(ignore) == "True",
                                 tl.value if type(tl) is Integer else "All")
    if name == "Class":
        if opts or len(positional) > 2:
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
        return ClassEncoder(labels, form)
    if name == "Scalar":
        if positional or opts:
            raise NetSpecError("invenc", spec)
        return ScalarEncoder()
    raise NetSpecError("invenc", spec)


def encoder_from_form(name: str, params: dict, type_expr) -> Coder:
    """Rebuild an encoder from ``NetEncoder[name, <|params|>, type]``."""
    if name == "Characters":
        enc = params["Encoding"]
        entries = tuple(a.value if type(a) is String else a.name for a in enc.args)
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
        return ClassEncoder(labels, params["OutputForm"].value, n)
    if name == "Scalar":
        return ScalarEncoder()
    if name == "Image":
        from wlnet.net.coders.image import image_encoder_from_form
        return image_encoder_from_form(params)
    raise KeyError(name)

