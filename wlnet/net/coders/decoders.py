"""NetDecoder: "Class" (with labels or the integers 1..n), "Characters", "Tokens",
"Boolean" and "Scalar" (and "Image", in wlnet.net.coders.image).

``dec.decode(array, prop)`` gives the decision or one of the properties ("Decision",
"Probabilities", "TopProbabilities" (-> n), "TopDecisions" -> n, "Probability" -> c,
"Entropy", "RandomSample" (-> t, or -> {"Temperature" -> t, "TopProbabilities" -> k,
"TotalProbabilityCutoff" -> p})); ``dec.valid_argument(name, arg)`` says whether a
property's argument makes sense before anything runs.  "RandomSample" draws from the
session's generator (``coders.base.sampling_rng``), so SeedRandom repeats it.

A "Characters" or "Tokens" decoder takes a sequence of probability vectors (one per
character or token) and gives a string; with "InputDepth" -> 1 it takes one vector and
answers as a "Class" decoder over its characters or tokens.
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.base import (ClassCoder, Coder, CoderError, assoc, named_positional,
                                   sampling_rng, unknown_parameter, unknown_type)
from wlnet.net.coders.entries import entries_from_expr, entry_expr
from wlnet.net.coders.mapped import mapped
from wlnet.net.errors import NetSpecError
from wlnet.net.types import (
    RealT, TensorT, dim_from_expr, dim_to_expr, fresh_length, fresh_size, fresh_spatial,
)

__all__ = ["ClassDecoder", "CharactersDecoder", "TokensDecoder", "ScalarDecoder", "CTCBeamSearchDecoder",
           "BooleanDecoder",
           "ctc_beam_search",
           "decoder_from_spec", "decoder_from_form", "sample_index"]

_EPS = 2 * np.finfo(np.float64).eps
_SAMPLE_OPTIONS = ("Temperature", "TopProbabilities", "TotalProbabilityCutoff")


def _number(e):
    if type(e) is Integer or type(e) is Real:
        return float(e.value)
    if type(e).__name__ == "Rational":
        return float(e.value)
    return None


def sample_options(arg) -> dict | None:
    """"RandomSample"'s argument (None, a temperature, or rules) as a dict; None when it
    is not one."""
    if arg is None:
        return {}
    t = _number(arg) if not isinstance(arg, (int, float)) else float(arg)
    if t is not None:
        return {"Temperature": t} if t > 0 else None
    rules = arg.args if type(arg) is Expr and arg.head is S.List else (arg,)
    out = {}
    for r in rules:
        if not (type(r) is Expr and r.head is S.Rule and type(r.args[0]) is String
                and r.args[0].value in _SAMPLE_OPTIONS):
            return None
        name, value = r.args[0].value, r.args[1]
        if type(value) is Symbol and value.name == "Automatic":
            continue
        v = _number(value)
        if v is None or v <= 0 or (name == "TopProbabilities" and v != int(v)) \
                or (name == "TotalProbabilityCutoff" and v > 1):
            return None
        out[name] = v
    return out


def sample_index(probs: np.ndarray, options: dict, rng) -> int:
    """An index drawn from ``probs`` after the temperature (p^(1/t), renormalized), the
    top-k cut and the total-probability (nucleus) cut."""
    p = np.clip(np.asarray(probs, np.float64), 0, None)
    t = options.get("Temperature", 1.0)
    if t != 1.0:
        with np.errstate(divide="ignore"):
            logp = np.where(p > 0, np.log(np.where(p > 0, p, 1)) / t, -np.inf)
        p = np.exp(logp - logp.max())
    order = np.argsort(-p, kind="stable")
    keep = np.zeros(len(p), bool)
    k = int(options.get("TopProbabilities", len(p)))
    chosen = order[:k]
    cutoff = options.get("TotalProbabilityCutoff")
    if cutoff is not None:
        cumulative = np.cumsum(p[chosen]) / p.sum()
        chosen = chosen[:int(np.searchsorted(cumulative, cutoff)) + 1]
    keep[chosen] = True
    p = np.where(keep, p, 0)
    total = p.sum()
    if not total > 0:
        raise CoderError("the probabilities should not all be zero")
    return int(rng.choice(len(p), p=p / total))


@attrs.frozen(slots=True)
class ClassDecoder(ClassCoder):
    kind = "Decoder"
    name = "Class"
    labels: tuple | None = None
    n: object = attrs.field(factory=fresh_size)
    multilabel: bool = False             # one probability per class; decision: those > 0.5

    @property
    def type(self):
        return TensorT((self.count,), RealT)

    def label(self, i: int):
        return self.labels[i] if self.labels is not None else Integer(i + 1)

    def decode(self, probs: np.ndarray, prop="Decision"):
        """``probs``: a vector of class probabilities; ``prop``: a property name or a
        (name, argument) pair."""
        probs = np.asarray(probs, dtype=np.float64)
        if probs.ndim != 1 or (isinstance(self.count, int) and probs.shape[0] != self.count):
            raise CoderError(f"input should be a vector of length {self.count}")
        name, arg = (prop, None) if isinstance(prop, str) else prop
        order = sorted(range(len(probs)), key=lambda i: -probs[i])
        if name == "Decision":
            if self.multilabel:
                return Expr.from_args(S.List, (self.label(i) for i in range(len(probs))
                                               if probs[i] > 0.5))
            return self.label(int(np.argmax(probs)))
        if name == "Probabilities":
            return assoc((self.label(i), Real(float(p))) for i, p in enumerate(probs))
        if name == "Probability":
            index = self._index(arg)
            if index >= len(probs):
                raise CoderError(f"class {index + 1} is not one of the {len(probs)} classes")
            return Real(float(probs[index]))
        if name == "TopProbabilities":
            if arg is None:
                top = probs[order[0]]
                keep = [i for i in order if probs[i] > 0.1 * top]
            else:
                keep = order[:arg]
            return Expr.from_args(S.List, (Expr(S.Rule, self.label(i), Real(float(probs[i])))
                                           for i in keep))
        if name == "TopDecisions":
            return Expr.from_args(S.List, (self.label(i) for i in order[:arg or 1]))
        if name == "Entropy":
            if self.multilabel:
                terms = [q for p in probs for q in (p, 1 - p)]
            else:
                terms = probs
            return Real(float(-sum(p * math.log(p) for p in terms if p >= _EPS)))
        if name == "RandomSample":
            options = sample_options(arg)
            if options is None:
                raise CoderError("the sampling specification is not valid")
            return self.label(sample_index(probs, options, sampling_rng()))
        raise KeyError(name)

    def _index(self, label) -> int:
        if isinstance(label, int):
            label = Integer(label)
        if self.labels is None and not isinstance(self.count, int):
            # NetDecoder["Class"] on its own: the classes are 1, 2, … up to the input's length
            if type(label) is Integer and label.value >= 1:
                return label.value - 1
            raise CoderError(f"{label} is not one of the classes")
        for i in range(len(self.labels) if self.labels is not None else int(self.count)):
            if self.label(i) == label:
                return i
        raise CoderError(f"{label} is not one of the classes")

    def is_class(self, label) -> bool:
        """Whether ``label`` is one of the classes ("Probability" -> label)."""
        try:
            self._index(label)
        except CoderError:
            return False
        return True

    def valid_argument(self, name: str, arg) -> bool:
        """Whether a property's argument makes sense ("TopDecisions" -> 2, "Probability" ->
        a label, "RandomSample" -> a temperature or sampling rules)."""
        if name in ("TopProbabilities", "TopDecisions"):
            return arg is None or (isinstance(arg, int) and arg > 0)
        if name == "Probability":
            return self.is_class(arg)
        if name == "RandomSample":
            return not self.multilabel and sample_options(arg) is not None
        return arg is None

    def params_expr(self):
        pairs = [("Labels", self.labels_expr()), ("InputDepth", Integer(1)),
                 ("Count", dim_to_expr(self.count))]
        if self.multilabel:
            pairs.append(("Multilabel", Symbol("True")))
        return pairs

    def unshown_params(self):
        return [] if self.multilabel else [("Multilabel", Symbol("False"))]

    def properties(self):
        return ["Decision", "Probabilities", "Probability", "TopProbabilities",
                "TopDecisions", "Entropy", "RandomSample"]


@attrs.frozen(slots=True)
class _SequenceDecoder(Coder):
    """What the "Characters" and "Tokens" decoders share: ``entries`` (code i+1 decodes to
    entry i), a sequence of probability vectors → a string (the entries joined by
    ``separator``, virtual ones such as EndOfString left out; one vector alone → a string of
    its one entry, as the pages say the input is "either a vector of probabilities or a
    sequence of probability vectors"), or with ``depth`` 1 one vector → one entry, with the
    "Class" decoder's properties."""

    kind = "Decoder"
    separator = ""

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def rank(self) -> int:
        return self.depth

    @property
    def type(self):
        if self.depth == 1:
            return TensorT((self.count,), RealT)
        return TensorT((self.length, self.count), RealT)

    def entry_expr(self, entry):
        raise NotImplementedError

    def encoder(self) -> Coder:
        """The matching encoder (index form)."""
        raise NotImplementedError

    @property
    def labels(self):
        """With "InputDepth" 1, the classes (as a "Class" decoder's labels); else None."""
        return tuple(self.entry_expr(e) for e in self.entries) if self.depth == 1 else None

    def target_codes(self, e):
        """A training target (a string) as the codes of its characters or tokens; None when
        it is not one (NetTrain's targets for this output)."""
        try:
            return self.encoder().encode_array(e)
        except CoderError:
            return None

    def decoded_expr(self, entry):
        """What a code decodes to (``entry_expr`` unless an entry stands for several)."""
        return self.entry_expr(entry)

    def _classes(self) -> ClassDecoder:
        return ClassDecoder(tuple(self.decoded_expr(e) for e in self.entries), self.count)

    def _text(self, codes) -> String:
        words = (self.decoded_expr(self.entries[c]) for c in codes)
        return String(self.separator.join(w.value for w in words if type(w) is String))

    def decode(self, probs: np.ndarray, prop="Decision"):
        probs = np.asarray(probs, dtype=np.float64)
        name, arg = (prop, None) if isinstance(prop, str) else prop
        if self.depth == 1:
            return self._classes().decode(probs, prop)
        if probs.ndim == 1 and probs.shape[0] == self.count:
            probs = probs[None]        # one probability vector: a string of one character/token
        if probs.ndim != 2 or probs.shape[1] != self.count:
            raise CoderError(f"input should be a sequence of vectors of length {self.count}")
        if name == "Decision":
            return self._text(np.argmax(probs, axis=1))
        if name == "RandomSample":
            options = sample_options(arg)
            if options is None:
                raise CoderError("the sampling specification is not valid")
            rng = sampling_rng()
            return self._text([sample_index(row, options, rng) for row in probs])
        raise KeyError(name)

    def valid_argument(self, name, arg) -> bool:
        if self.depth == 1:
            return self._classes().valid_argument(name, arg)
        return sample_options(arg) is not None if name == "RandomSample" else arg is None

    def properties(self):
        if self.depth == 1:
            return self._classes().properties()
        return ["Decision", "RandomSample"]

    def resolve(self, u):
        return attrs.evolve(self, length=u.dim(self.length))


@attrs.frozen(slots=True)
class CharactersDecoder(_SequenceDecoder):
    name = "Characters"
    entries: tuple = ()                  # as the "Characters" encoder's encoding
    depth: int = 2
    length: object = attrs.field(factory=fresh_length)

    def entry_expr(self, entry):
        return entry_expr(entry)

    def decoded_expr(self, entry):
        # a code several characters share ({"ab" -> 1}, LetterCharacter -> 1) decodes to
        # one character, the first of them: each vector gives one character of the string
        e = entry_expr(entry)
        return String(e.value[0]) if type(e) is String and len(e.value) > 1 else e

    def alphabet(self) -> list:
        """The characters it gives (decoder[["Alphabet"]], as the encoder's)."""
        return [self.entry_expr(e) for e in self.entries]

    def encoder(self):
        from wlnet.net.coders.encoders import CharactersEncoder
        return CharactersEncoder(self.entries)

    def params_expr(self):
        return [("Encoding", Expr.from_args(S.List, (self.entry_expr(e) for e in self.entries))),
                ("InputDepth", Integer(self.depth)), ("$Length", dim_to_expr(self.length))]


@attrs.frozen(slots=True)
class TokensDecoder(_SequenceDecoder):
    """The "Tokens" decoder.  Its "IgnoreCase" (True unless given) is the matching
    encoder's: WL's decoder carries it from NetDecoder[NetEncoder[…]] to NetEncoder[decoder]
    and to the target encoder NetTrain makes, while the encoder's "SplitPattern" is not a
    decoder parameter (WL's EncoderToDecoder and DecoderToEncoder pass the tokens and
    IgnoreCase only)."""

    name = "Tokens"
    separator = " "
    entries: tuple = ()                  # the tokens, then the unknown-token code
    depth: int = 2
    length: object = attrs.field(factory=fresh_length)
    ignore_case: bool = True

    def entry_expr(self, entry):
        if entry is None:
            return Expr(Symbol("Missing"), String("UnknownToken"))
        # WL: with "IgnoreCase" -> True (the default) the tokens are lower case after decoding
        return String(entry.lower() if self.ignore_case else entry)

    def encoder(self):
        from wlnet.net.coders.encoders import TokensEncoder
        return TokensEncoder(tuple(self.entries[:-1]), ignore_case=self.ignore_case)

    def params_expr(self):
        return [("Tokens", Expr.from_args(S.List, (String(t) for t in self.entries[:-1]))),
                ("IgnoreCase", Symbol("True") if self.ignore_case else Symbol("False")),
                ("InputDepth", Integer(self.depth)), ("$Length", dim_to_expr(self.length))]


@attrs.frozen(slots=True)
class SubwordTokensDecoder(_SequenceDecoder):
    """The "SubwordTokens" decoder (see wlnet.net.coders.subword): the most likely tokens
    joined, one space trimmed at the start or the end ("WhitespaceTrimming" Left / Right,
    what the encoder's "WhitespacePadding" put there)."""
    name = "SubwordTokens"
    entries: tuple = ()                  # as the encoder's tokens
    trimming: str | None = None          # None | "Left" | "Right"
    depth: int = 2
    length: object = attrs.field(factory=fresh_length)

    def entry_expr(self, entry):
        return entry_expr(entry)

    def encoder(self):
        from wlnet.net.coders.subword import SubwordTokensEncoder
        return SubwordTokensEncoder(self.entries, whitespace_padding=self.trimming)

    def _text(self, codes) -> String:
        text = _SequenceDecoder._text(self, codes).value
        if self.trimming == "Left" and text.startswith(" "):
            text = text[1:]
        elif self.trimming == "Right" and text.endswith(" "):
            text = text[:-1]
        return String(text)

    def params_expr(self):
        return [("Tokens", Expr.from_args(S.List, (entry_expr(t) for t in self.entries))),
                ("WhitespaceTrimming", Symbol(self.trimming or "None")),
                ("InputDepth", Integer(self.depth)), ("$Length", dim_to_expr(self.length))]


def _subword_decoder_from_spec(spec, rest: list) -> SubwordTokensDecoder:
    """``NetDecoder[{"SubwordTokens", tokens, "WhitespaceTrimming" -> side,
    "InputDepth" -> 1 | 2}]``."""
    from wlnet.net.coders.subword import options, token_list, whitespace_side
    if not rest:
        raise NetSpecError("invdec", spec)
    tokens = token_list(rest[0], spec, "invdec")
    opts = options(rest[1:], spec, ("WhitespaceTrimming", "InputDepth", "Method"), "invdec")
    if opts.get("Method", String("BPE")) != String("BPE"):
        raise NetSpecError("invdec", spec)
    return SubwordTokensDecoder(
        tokens, whitespace_side(opts.get("WhitespaceTrimming", Symbol("None")), spec, "invdec"),
        _depth(opts, spec))


def _logaddexp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    top = max(a, b)
    return top + math.log1p(math.exp(-abs(a - b)))


def ctc_beam_search(probs: np.ndarray, beam: int) -> list:
    """CTC prefix beam search over ``probs`` (T, n+1; the last class is the blank): the
    best decodings as (codes, negative log-likelihood), most likely first.  A prefix's
    probability sums every alignment of it (ending in a blank or not); a repeated
    element needs a blank between.  Beam 1 is greedy search: the most likely class at
    each step, repeats merged and blanks removed."""
    with np.errstate(divide="ignore"):
        logp = np.log(np.clip(np.asarray(probs, np.float64), 0, None))
    blank = logp.shape[1] - 1
    if beam == 1:
        best = np.argmax(logp, axis=1)
        codes = [int(c) for i, c in enumerate(best)
                 if c != blank and (i == 0 or c != best[i - 1])]
        return [(tuple(codes), -float(logp[np.arange(len(best)), best].sum()))]
    beams = {(): (0.0, -math.inf)}          # prefix -> (log p ending in blank, in non-blank)
    for row in logp:
        # only the classes that can matter: the beam's best extensions come from these
        candidates = [int(c) for c in np.argsort(-row)[:beam] if c != blank and row[c] > -math.inf]
        new: dict = {}

        def add(prefix, b=-math.inf, nb=-math.inf):
            ob, onb = new.get(prefix, (-math.inf, -math.inf))
            new[prefix] = (_logaddexp(ob, b), _logaddexp(onb, nb))

        for prefix, (pb, pnb) in beams.items():
            total = _logaddexp(pb, pnb)
            add(prefix, b=total + row[blank])
            for c in candidates:
                if prefix and prefix[-1] == c:
                    add(prefix, nb=pnb + row[c])             # the same element continued
                    add(prefix + (c,), nb=pb + row[c])       # a new one after a blank
                else:
                    add(prefix + (c,), nb=total + row[c])
        ranked = sorted(new.items(), key=lambda kv: -_logaddexp(*kv[1]))
        beams = dict(ranked[:beam])
    ranked = sorted(beams.items(), key=lambda kv: -_logaddexp(*kv[1]))
    return [(prefix, -_logaddexp(*lp)) for prefix, lp in ranked]


@attrs.frozen(slots=True)
class CTCBeamSearchDecoder(Coder):
    """NetDecoder[{"CTCBeamSearch", alphabet, "BeamSize" -> n}]: a sequence of vectors of
    n+1 probabilities (the last one the blank's) → the most likely sequence of alphabet
    elements (a string when they are all strings), by beam search."""

    kind = "Decoder"
    name = "CTCBeamSearch"
    alphabet: tuple = ()                 # element expressions
    beam_size: int = 100
    length: object = attrs.field(factory=fresh_length)
    rank = 2

    @property
    def count(self) -> int:
        return len(self.alphabet) + 1

    @property
    def type(self):
        return TensorT((self.length, self.count), RealT)

    def _decoding(self, codes):
        elems = [self.alphabet[c] for c in codes]
        if all(type(x) is String for x in self.alphabet):
            return String("".join(x.value for x in elems))
        return Expr.from_args(S.List, elems)

    def decode(self, probs: np.ndarray, prop="Decoding"):
        probs = np.asarray(probs, dtype=np.float64)
        if probs.ndim != 2 or probs.shape[1] != self.count:
            raise CoderError(f"input should be a sequence of vectors of length {self.count}")
        name, arg = (prop, None) if isinstance(prop, str) else prop
        arg = _count(arg)
        # a decoding the input cannot produce (probability 0: "bb" from fewer than three
        # vectors, the repeat needs a blank between) is no candidate
        found = ctc_beam_search(probs, self.beam_size)
        found = [f for f in found if math.isfinite(f[1])] or found[:1]
        if name in ("Decoding", "Decision"):
            return self._decoding(found[0][0])
        if name in ("TopDecodings", "TopNegativeLogLikelihoods") and arg is not None:
            found = found[:arg]
        if name in ("Decodings", "TopDecodings"):
            return Expr.from_args(S.List, (self._decoding(c) for c, _ in found))
        if name in ("NegativeLogLikelihoods", "TopNegativeLogLikelihoods"):
            return Expr.from_args(S.List, (Expr(S.Rule, self._decoding(c), Real(nll))
                                           for c, nll in found))
        raise KeyError(name)

    def valid_argument(self, name, arg) -> bool:
        if name in ("TopDecodings", "TopNegativeLogLikelihoods"):
            arg = _count(arg)
            return arg is None or (isinstance(arg, int) and arg > 0)
        return arg is None

    def params_expr(self):
        return [("Alphabet", Expr.from_args(S.List, self.alphabet)),
                ("BeamSize", Integer(self.beam_size)), ("$Length", dim_to_expr(self.length))]

    def properties(self):
        return ["Decoding", "Decodings", "TopDecodings", "NegativeLogLikelihoods",
                "TopNegativeLogLikelihoods"]

    def resolve(self, u):
        return attrs.evolve(self, length=u.dim(self.length))


def _count(arg):
    """A property's count argument as a Python int (callers pass an Integer or an int)."""
    return arg.value if type(arg) is Integer else arg


def _ctc_alphabet(e, spec) -> tuple:
    """A list of distinct elements, or a string (its characters)."""
    if type(e) is String and e.value:
        elems = tuple(String(c) for c in e.value)
    elif type(e) is Expr and e.head is S.List and e.args:
        elems = tuple(e.args)
    else:
        raise NetSpecError("invdec", spec)
    if len(set(elems)) != len(elems):
        raise NetSpecError("invdec", spec)
    return elems


@attrs.frozen(slots=True)
class ScalarDecoder(Coder):
    kind = "Decoder"
    name = "Scalar"

    @property
    def type(self):
        return TensorT((1,), RealT)

    def decode(self, vec, prop="Decision"):
        vec = np.asarray(vec, dtype=np.float64)
        if vec.shape != (1,):
            raise CoderError("input should be a vector of length 1")
        return Real(float(vec[0]))

    def params_expr(self):
        return []

    def properties(self):
        return ["Decision"]


@attrs.frozen(slots=True)
class BooleanDecoder(Coder):
    """A probability p of True -> True when p >= 0.5, else False; "InputDepth" -> n maps it
    over arrays of depth n.  As WL's, the decision and the probability read any number
    (a net's raw output too: 1.7 is True); the entropy and a random sample need p in [0, 1]."""
    kind = "Decoder"
    name = "Boolean"
    rank = 0

    @property
    def type(self):
        return TensorT((), RealT)

    def decode(self, p, prop="Decision"):
        p = np.asarray(p, dtype=np.float64)
        if p.ndim != 0:
            raise CoderError("input should be a number")
        p = float(p)
        name, arg = (prop, None) if isinstance(prop, str) else prop
        if name in ("Entropy", "RandomSample") and not 0 <= p <= 1:
            raise CoderError("input should be a probability between 0 and 1")
        if name == "Decision":
            return Symbol("True" if p >= 0.5 else "False")
        if name == "Probability":
            return Real(p)
        if name == "Entropy":
            return Real(float(-sum(q * math.log(q) for q in (p, 1 - p) if q >= _EPS)))
        if name == "RandomSample":
            options = sample_options(arg)
            if options is None:
                raise CoderError("the sampling specification is not valid")
            chosen = sample_index(np.array([1 - p, p]), options, sampling_rng())
            return Symbol("True" if chosen == 1 else "False")
        raise KeyError(name)

    def valid_argument(self, name: str, arg) -> bool:
        if name == "RandomSample":
            return sample_options(arg) is not None
        return arg is None

    def params_expr(self):
        return [("InputDepth", Integer(0))]

    def properties(self):
        return ["Decision", "Probability", "Entropy", "RandomSample"]


def _options(rules, spec, allowed) -> dict:
    """The parameter rules (string keys, as ``_split`` leaves them) as a dict."""
    out = {}
    for r in rules:
        if r.args[0].value not in allowed:
            raise unknown_parameter("decoder", spec.args[0].value, r.args[0].value, allowed)
        out[r.args[0].value] = r.args[1]
    return out


# the decoder types NetDecoder[{"type", …}] knows ("BPESubwordTokens": SubwordTokens' older name)
DECODER_TYPES = ("Boolean", "Characters", "Class", "CTCBeamSearch", "Function", "Image",
                 "Image3D", "Scalar", "SubwordTokens", "Tokens")


def _split(rest):
    """Positional arguments, then option rules."""
    n = len(rest)
    while n and type(rest[n - 1]) is Expr and rest[n - 1].head in (S.Rule, S.RuleDelayed) \
            and type(rest[n - 1].args[0]) is String:
        n -= 1
    return rest[:n], rest[n:]


def _depth(opts, spec) -> int:
    d = opts.get("InputDepth", Integer(2))
    if type(d) is Integer and d.value in (1, 2):
        return d.value
    raise NetSpecError("invdec", spec)


def decoder_from_spec(spec) -> Coder:
    if type(spec) is String:
        name, rest = spec.value, []
    elif type(spec) is Expr and spec.head is S.List and spec.args and type(spec.args[0]) is String:
        name, rest = spec.args[0].value, list(spec.args[1:])
    else:
        raise NetSpecError("invdec", spec)
    positional, rules = _split(rest)
    if name == "Class":
        named = [r for r in rules if r.args[0].value == "Labels"]
        rules = [r for r in rules if r.args[0].value != "Labels"]
        positional = named_positional(positional + named, ("Labels",), spec, "invdec")
        opts = _options(rules, spec, ("Multilabel", "InputDepth"))
        multilabel = opts.get("Multilabel", Symbol("False"))
        depth = opts.get("InputDepth", Integer(1))
        if not (type(multilabel) is Symbol and multilabel.name in ("True", "False")) \
                or len(positional) > 1 or type(depth) is not Integer or depth.value < 1:
            raise NetSpecError("invdec", spec)
        multilabel = multilabel.name == "True"
        lab = positional[0] if positional else Symbol("Automatic")
        if type(lab) is Symbol and lab.name == "Automatic":
            labels = None
        elif type(lab) is Expr and lab.head is S.List and lab.args:
            labels = tuple(lab.args)
        elif type(lab) is Integer and lab.value > 0:
            labels = tuple(Integer(i) for i in range(1, lab.value + 1))
        else:
            raise NetSpecError("invdec", spec)
        # "InputDepth" -> n: one decision per vector of a rank-n array (a sequence, an image…);
        # its dimensions are sizes that may also be sequence lengths (SpatialVar), so the
        # decoder fits an image's sizes not computed yet (ResizeLayer[Scaled[…]] after an
        # Image encoder) as well as a varying sequence
        return mapped(ClassDecoder(labels, multilabel=multilabel),
                      tuple(fresh_spatial() for _ in range(depth.value - 1)))
    if name == "Characters":
        from wlnet.net.coders.encoders import parse_encoding
        opts = _options(rules, spec, ("InputDepth",))
        if len(positional) > 1:
            raise NetSpecError("invdec", spec)
        return CharactersDecoder(parse_encoding(positional[0] if positional else Symbol("Automatic")),
                                 _depth(opts, spec))
    if name == "Tokens":
        from wlnet.net.coders.encoders import _flag, tokens_vocabulary
        opts = _options(rules, spec, ("InputDepth", "IgnoreCase"))
        return TokensDecoder(tokens_vocabulary(positional, spec, "invdec") + (None,), _depth(opts, spec),
                             ignore_case=_flag(opts, "IgnoreCase", True, spec, "invdec"))
    if name == "Scalar" and not rest:
        return ScalarDecoder()
    if name == "Boolean":
        opts = _options(rules, spec, ("InputDepth",))
        depth = opts.get("InputDepth", Integer(0))
        if positional or type(depth) is not Integer or depth.value < 0:
            raise NetSpecError("invdec", spec)
        return mapped(BooleanDecoder(), tuple(fresh_spatial() for _ in range(depth.value)))
    if name == "CTCBeamSearch":
        opts = _options(rules, spec, ("BeamSize",))
        beam = opts.get("BeamSize", Integer(100))
        if len(positional) != 1 or type(beam) is not Integer or beam.value < 1:
            raise NetSpecError("invdec", spec)
        return CTCBeamSearchDecoder(_ctc_alphabet(positional[0], spec), beam.value)
    if name == "Image":
        from wlnet.net.coders.image import image_decoder_from_spec
        return image_decoder_from_spec(spec, rest)
    if name == "Function":
        from wlnet.net.coders.function import function_decoder_from_spec
        return function_decoder_from_spec(spec, rest)
    if name in ("SubwordTokens", "BPESubwordTokens"):   # the second: the older name
        return _subword_decoder_from_spec(spec, rest)
    if name == "Image3D":
        from wlnet.net.coders.image3d import image3d_decoder_from_spec
        return image3d_decoder_from_spec(spec, rest)
    if name not in DECODER_TYPES:
        raise unknown_type("decoder", name, DECODER_TYPES)
    raise NetSpecError("invdec", spec)


def _stored_length(params):
    length = params.get("$Length")
    return dim_from_expr(length) if length is not None else fresh_length()


def decoder_from_form(name: str, params: dict, type_expr) -> Coder:
    if name == "Class":
        labels = params.get("Labels")
        labels = tuple(labels.args) if type(labels) is Expr else None
        count = params.get("Count")
        n = dim_from_expr(count) if count is not None and labels is None else fresh_size()
        multilabel = params.get("Multilabel")
        return ClassDecoder(labels, n, type(multilabel) is Symbol and multilabel.name == "True")
    if name == "Characters":
        return CharactersDecoder(entries_from_expr(params["Encoding"]),
                                 params["InputDepth"].value, _stored_length(params))
    if name == "Tokens":
        return TokensDecoder(tuple(t.value for t in params["Tokens"].args) + (None,),
                             params["InputDepth"].value, _stored_length(params),
                             params.get("IgnoreCase", Symbol("True")) != Symbol("False"))
    if name == "Scalar":
        return ScalarDecoder()
    if name == "Boolean":
        return BooleanDecoder()
    if name == "CTCBeamSearch":
        return CTCBeamSearchDecoder(tuple(params["Alphabet"].args), params["BeamSize"].value,
                                    _stored_length(params))
    if name == "Image":
        from wlnet.net.coders.image import image_decoder_from_form
        return image_decoder_from_form(params)
    if name == "Function":
        from wlnet.net.coders.function import function_coder_from_form
        return function_coder_from_form("Decoder", params, type_expr)
    if name == "Image3D":
        from wlnet.net.coders.image3d import image3d_decoder_from_form
        return image3d_decoder_from_form(params)
    if name == "SubwordTokens":
        trimming = params.get("WhitespaceTrimming", Symbol("None")).name
        return SubwordTokensDecoder(entries_from_expr(params["Tokens"]),
                                    None if trimming == "None" else trimming,
                                    params["InputDepth"].value, _stored_length(params))
    raise KeyError(name)
