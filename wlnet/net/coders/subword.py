"""NetEncoder and NetDecoder "SubwordTokens": text cut into subwords of a given token list.

    NetEncoder[{"SubwordTokens", {token1, token2, …}, "param" -> value, …}]
    NetEncoder[{"SubwordTokens", File["model"]}]          (a SentencePiece BPE model file)

By convention a token that begins a word begins with a space (" word"), a token inside a
word does not ("tion").  The token list must hold ``_`` (every character no token covers:
the unknown code), and ``StartOfString`` and ``EndOfString`` when "IncludeTerminalTokens"
is True.  Codes are positions in the token list, 1..d.

How text becomes codes (Method "BPE", byte-pair encoding as SentencePiece's BPE models do
it): the text is preprocessed ("TextPreprocessing" f, Unicode normalization, lower case
with "IgnoreCase", runs of whitespace combined, a space put before or after it by
"WhitespacePadding"), cut into words (each word keeps the whitespace before it), and
each word, starting from its characters, has the adjacent pair whose concatenation is the
earliest token of the list merged, again and again, while some pair is a token (and, with
"Vocabulary" -> {…}, one of those).  Method "WordPiece" instead takes, from the start of
each word, the longest token the word begins with.  A piece that is no token gets the
code of ``_``.  "TargetLength" -> n cuts or pads (with the code of EndOfString if the
list has it, else that of ``_``) to n codes.

The decoder turns each probability vector into its most likely token and joins them
(StartOfString, EndOfString and ``_`` give nothing), trimming one space at the start or
the end ("WhitespaceTrimming" Left / Right, what the encoder's "WhitespacePadding" put
there).
"""

from __future__ import annotations

import functools
import re
import struct
import unicodedata

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.coders.base import Coder, CoderError, coder_evaluator, unknown_parameter
from wlnet.net.coders.entries import ANY, VIRTUAL, entries_from_expr, entry_expr, is_entry_expr
from wlnet.net.errors import NetSpecError
from wlnet.net.types import IndexIntegerT, TensorT, dim_from_expr, dim_to_expr, fresh_length

__all__ = ["SubwordTokensEncoder", "subword_encoder_from_spec", "subword_encoder_from_form",
           "token_list", "whitespace_side", "options", "bpe_segments", "read_sentencepiece_model"]

NORMALIZATIONS = ("NFC", "NFD", "NFKC", "NFKD")
METHODS = ("BPE", "WordPiece")
_WORDS = re.compile(r"\s*\S+|\s+")                 # a word with the whitespace before it
_SP_SPACE = "\u2581"                               # SentencePiece's space ("▁")


def _bool(b: bool) -> Symbol:
    return Symbol("True" if b else "False")


def _sym(e) -> str | None:
    return e.name if type(e) is Symbol else None


@functools.lru_cache(maxsize=32)
def _ranks(tokens: tuple, allowed: tuple | None) -> dict:
    """token string -> its code (the earliest wins), the tokens a merge may make."""
    table = {}
    for code, t in enumerate(tokens, 1):
        if t in VIRTUAL or t == ANY or (allowed is not None and t not in allowed):
            continue
        table.setdefault(t, code)
    return table


def bpe_segments(word: str, ranks: dict) -> list[str]:
    """``word`` as BPE pieces: from its characters, merge the adjacent pair whose
    concatenation has the lowest rank while one is in ``ranks``."""
    pieces = list(word)
    while len(pieces) > 1:
        best, where = None, -1
        for i in range(len(pieces) - 1):
            r = ranks.get(pieces[i] + pieces[i + 1])
            if r is not None and (best is None or r < best):
                best, where = r, i
        if best is None:
            break
        pieces[where:where + 2] = [pieces[where] + pieces[where + 1]]
    return pieces


def _wordpiece_segments(word: str, ranks: dict) -> list[str]:
    """``word`` as the longest tokens it begins with, left to right (a character no token
    begins with is a piece of its own)."""
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start + 1 and word[start:end] not in ranks:
            end -= 1
        pieces.append(word[start:end])
        start = end
    return pieces


@attrs.frozen(slots=True)
class SubwordTokensEncoder(Coder):
    kind = "Encoder"
    name = "SubwordTokens"
    tokens: tuple = ()                    # entries: strings, StartOfString, EndOfString, ANY
    ignore_case: bool = False
    include_terminal: bool = False
    target_length: object = "All"
    normalization: str | None = None
    method: str = "BPE"
    combine_whitespace: bool = False
    whitespace_padding: str | None = None  # None | "Left" | "Right"
    vocabulary: tuple | None = None        # the tokens it may give (None: all)
    preprocessing: object = None           # a function expression, or None
    length: object = attrs.field(factory=fresh_length)

    @property
    def count(self) -> int:
        return len(self.tokens)

    @property
    def type(self):
        n = self.target_length if isinstance(self.target_length, int) else self.length
        return TensorT((n,), IndexIntegerT(self.count))

    def _code_of(self, entry) -> int | None:
        return self.tokens.index(entry) + 1 if entry in self.tokens else None

    def _prepared(self, text: str) -> str:
        if self.preprocessing is not None:
            out = coder_evaluator().evaluate(Expr(self.preprocessing, String(text)))
            if type(out) is not String:
                raise CoderError("the text preprocessing function did not give a string")
            text = out.value
        if self.normalization is not None:
            text = unicodedata.normalize(self.normalization, text)
        if self.ignore_case:
            text = text.lower()
        if self.combine_whitespace:
            text = re.sub(r"\s+", " ", text)
        if self.whitespace_padding == "Left":
            text = " " + text
        elif self.whitespace_padding == "Right":
            text = text + " "
        return text

    def pieces(self, text: str) -> list[str]:
        """The subword pieces of ``text`` (before they are looked up)."""
        ranks = _ranks(self.tokens, self.vocabulary)
        segment = bpe_segments if self.method == "BPE" else _wordpiece_segments
        return [p for word in _WORDS.findall(self._prepared(text)) for p in segment(word, ranks)]

    def codes(self, text: str) -> list[int]:
        ranks = _ranks(self.tokens, self.vocabulary)
        unknown = self._code_of(ANY)
        out = [ranks.get(p, unknown) for p in self.pieces(text)]
        if self.include_terminal:
            out = [self._code_of("StartOfString"), *out, self._code_of("EndOfString")]
        if isinstance(self.target_length, int):
            pad = self._code_of("EndOfString") or unknown
            out = (out + [pad] * self.target_length)[:self.target_length]
        return out

    def takes(self, x) -> bool:
        return type(x) is String

    def encode_array(self, e):
        if type(e) is not String:
            raise CoderError("input was not a string")
        return np.array(self.codes(e.value), dtype=np.int64)

    def params_expr(self):
        tl = Integer(self.target_length) if isinstance(self.target_length, int) else S.All
        method = (String(self.method) if self.method == "WordPiece" else Expr(
            S.List, String("BPE"),
            Expr(S.Rule, String("CombineWhitespace"), _bool(self.combine_whitespace)),
            Expr(S.Rule, String("WhitespacePadding"),
                 Symbol(self.whitespace_padding or "None"))))
        return [("Tokens", Expr.from_args(S.List, (entry_expr(t) for t in self.tokens))),
                ("IgnoreCase", _bool(self.ignore_case)),
                ("IncludeTerminalTokens", _bool(self.include_terminal)),
                ("InputType", String("String")),
                ("Method", method),
                ("OutputProperties", String("VocabularyIndex")),
                ("TargetLength", tl),
                ("TextPreprocessing", Symbol("None") if self.preprocessing is None
                 else self.preprocessing),
                ("UnicodeNormalization", Symbol("None") if self.normalization is None
                 else String(self.normalization)),
                ("Vocabulary", Symbol("None") if self.vocabulary is None
                 else Expr.from_args(S.List, (String(t) for t in self.vocabulary))),
                ("$Length", dim_to_expr(self.length))]

    def resolve(self, u):
        return attrs.evolve(self, length=u.dim(self.length))

    def properties(self):
        return ["Tokens", "IgnoreCase", "IncludeTerminalTokens", "InputType", "Method",
                "OutputProperties", "TargetLength", "TextPreprocessing",
                "UnicodeNormalization", "Vocabulary", "Count"]


# ---------------------------------------------------------------------------- SentencePiece files

def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if i >= len(data):
            raise ValueError("truncated")
        b = data[i]
        value |= (b & 0x7F) << shift
        i += 1
        if not b & 0x80:
            return value, i
        shift += 7


def _fields(data: bytes):
    """The (field number, wire type, value) of a protocol-buffer message: ints for varints,
    bytes for length-delimited fields, floats for 32-bit ones."""
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            size, i = _varint(data, i)
            value, i = data[i:i + size], i + size
            if i > len(data):
                raise ValueError("truncated")
        elif wire == 5:
            value, i = struct.unpack("<f", data[i:i + 4])[0], i + 4
        elif wire == 1:
            value, i = struct.unpack("<d", data[i:i + 8])[0], i + 8
        else:
            raise ValueError("unknown wire type")
        yield number, wire, value


# SentencePiece piece types: 1 normal, 2 unknown, 3 control (<s>, </s>), 4 user defined,
# 5 unused, 6 byte
def read_sentencepiece_model(data: bytes) -> tuple:
    """The token entries of a SentencePiece model (its ``ModelProto`` bytes), in the file's
    order (the order of BPE merges): "▁" read as a space, the unknown piece as ``_``, the
    control pieces <s> and </s> as StartOfString and EndOfString.  ValueError if the bytes
    are not such a model."""
    entries = []
    for number, wire, value in _fields(data):
        if number != 1 or wire != 2:
            continue
        piece, kind = None, 1
        for n, w, v in _fields(value):
            if n == 1 and w == 2:
                piece = v.decode("utf-8")
            elif n == 3 and w == 0:
                kind = v
        if piece is None:
            raise ValueError("a piece without text")
        if kind == 2:
            entries.append(ANY)
        elif kind == 3:
            entries.append({"<s>": "StartOfString", "</s>": "EndOfString"}.get(piece, piece))
        else:
            entries.append(piece.replace(_SP_SPACE, " "))
    if not entries:
        raise ValueError("no pieces")
    return tuple(dict.fromkeys(entries))


# ---------------------------------------------------------------------------- reading specs

def token_list(e, spec, tag="invenc") -> tuple:
    """{token1, …} or File[model]: strings, StartOfString, EndOfString and _ (which must be
    there); NetSpecError(tag) otherwise."""
    if type(e) is Expr and e.head is S.List:
        if not all(is_entry_expr(a) for a in e.args):
            raise NetSpecError(tag, spec)
        entries = entries_from_expr(e)
    elif type(e) is Expr and _sym(e.head) == "File" and len(e.args) == 1 \
            and type(e.args[0]) is String:
        try:
            with open(e.args[0].value, "rb") as fh:
                entries = read_sentencepiece_model(fh.read())
        except (OSError, ValueError, UnicodeDecodeError):
            raise NetSpecError(tag, spec)
    else:
        raise NetSpecError(tag, spec)
    if ANY not in entries or len(set(entries)) != len(entries):
        raise NetSpecError(tag, spec)
    return entries


def options(rules, spec, allowed, tag="invenc", coder: str | None = "SubwordTokens") -> dict:
    """The rules "name" -> value (or Name -> value) as a dict; a name not ``allowed`` is
    named as not a parameter of the ``coder`` (None: NetSpecError(tag), for the suboptions
    of a parameter)."""
    out = {}
    for r in rules:
        key = r.args[0] if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) else None
        name = key.value if type(key) is String else _sym(key)
        if name is None or (name not in allowed and coder is None):
            raise NetSpecError(tag, spec)
        if name not in allowed:
            raise unknown_parameter("encoder" if tag == "invenc" else "decoder", coder, name,
                                    allowed)
        out[name] = r.args[1]
    return out


def _flag(opts, name, spec, default=False) -> bool:
    v = opts.get(name, _bool(default))
    if _sym(v) not in ("True", "False"):
        raise NetSpecError("invenc", spec)
    return _sym(v) == "True"


def whitespace_side(e, spec, tag="invenc") -> str | None:
    if _sym(e) in ("None", "Left", "Right"):
        return None if _sym(e) == "None" else _sym(e)
    raise NetSpecError(tag, spec)


def _method(e, spec) -> dict:
    """Method: "BPE", {"BPE", "CombineWhitespace" -> b, "WhitespacePadding" -> side} or
    "WordPiece"."""
    if type(e) is String and e.value in METHODS:
        return dict(method=e.value)
    if type(e) is Expr and e.head is S.List and e.args and e.args[0] == String("BPE"):
        sub = options(e.args[1:], spec, ("CombineWhitespace", "WhitespacePadding"), coder=None)
        return dict(method="BPE", combine_whitespace=_flag(sub, "CombineWhitespace", spec),
                    whitespace_padding=whitespace_side(sub.get("WhitespacePadding", Symbol("None")), spec))
    raise NetSpecError("invenc", spec)


ENCODER_OPTIONS = ("IgnoreCase", "IncludeTerminalTokens", "InputType", "Method",
                   "OutputProperties", "TargetLength", "TextPreprocessing",
                   "UnicodeNormalization", "Vocabulary", "TextProcessing")


def subword_encoder_from_spec(spec, rest: list) -> SubwordTokensEncoder:
    """``NetEncoder[{"SubwordTokens", tokens or File[…], opts…}]`` (``rest``: what follows
    the name)."""
    if not rest:
        raise NetSpecError("invenc", spec)
    tokens = token_list(rest[0], spec)
    opts = options(rest[1:], spec, ENCODER_OPTIONS)
    include = _flag(opts, "IncludeTerminalTokens", spec)
    if include and not all(t in tokens for t in VIRTUAL):
        raise NetSpecError("invenc", spec)
    tl = opts.get("TargetLength", S.All)
    if not (tl is S.All or type(tl) is Integer and tl.value > 0):
        raise NetSpecError("invenc", spec)
    norm = opts.get("UnicodeNormalization", Symbol("None"))
    if not (_sym(norm) == "None" or type(norm) is String and norm.value in NORMALIZATIONS):
        raise NetSpecError("invenc", spec)
    vocab = opts.get("Vocabulary", Symbol("None"))
    if not (_sym(vocab) == "None" or type(vocab) is Expr and vocab.head is S.List
            and all(type(a) is String for a in vocab.args)):
        raise NetSpecError("invenc", spec)
    if opts.get("InputType", String("String")) != String("String") or \
            opts.get("OutputProperties", String("VocabularyIndex")) != String("VocabularyIndex"):
        raise NetSpecError("invenc", spec)
    # "TextProcessing" is the current page's name of the parameter, "TextPreprocessing" the
    # earlier one (still on the translated pages); both are read
    preprocessing = opts.get("TextProcessing", opts.get("TextPreprocessing", Symbol("None")))
    return SubwordTokensEncoder(
        tokens, _flag(opts, "IgnoreCase", spec), include,
        tl.value if type(tl) is Integer else "All",
        None if _sym(norm) == "None" else norm.value,
        **_method(opts.get("Method", String("BPE")), spec),
        vocabulary=None if _sym(vocab) == "None" else tuple(a.value for a in vocab.args),
        preprocessing=None if _sym(preprocessing) == "None" else preprocessing)


def _stored_length(params):
    length = params.get("$Length")
    return dim_from_expr(length) if length is not None else fresh_length()


def subword_encoder_from_form(params: dict) -> SubwordTokensEncoder:
    spec = Expr(S.List, String("SubwordTokens"), params["Tokens"])
    opts = {k: v for k, v in params.items() if k in ENCODER_OPTIONS}
    enc = subword_encoder_from_spec(spec, [params["Tokens"], *(Expr(S.Rule, String(k), v)
                                                              for k, v in opts.items())])
    return attrs.evolve(enc, length=_stored_length(params))
