"""What encoders and decoders share: a kind, a name, a port type, a WL form.

A coder is a frozen value.  Its ``type`` is the type it gives the port it is attached to
(an encoder's output type, a decoder's input type); sizes it does not know yet (a
``NetDecoder["Class"]`` learns its class count from the net) are variables, learnt by
inference through ``resolve``.
"""

from __future__ import annotations

import contextvars

import attrs
import numpy as np

from wlnet.core.expr import Expr, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.types import SizeVar, type_to_expr

__all__ = ["Coder", "ClassCoder", "CoderError", "assoc", "sampling_with", "sampling_rng",
           "coder_evaluator", "unknown_parameter", "unknown_type"]

# The random generator of decoder properties that sample ("RandomSample"): the session's
# (reseeded by SeedRandom), set by the WL face around an evaluation.
_SAMPLING_RNG = contextvars.ContextVar("wlnet_sampling_rng", default=None)


# The evaluator that "Function" coders apply their functions with: the session's, set by
# the WL face around whatever encodes or decodes (net[x], NetTrain, a coder applied).
_EVALUATOR = contextvars.ContextVar("wlnet_coder_evaluator", default=None)


class sampling_with:
    """Decoders sample with ``rng`` within this block, and "Function" coders evaluate with
    ``ev`` (when given).  (A class, not a generator context manager: it is entered on
    every ``net[x]``, and costs a third as much.)"""

    __slots__ = ("rng", "ev", "token", "ev_token")

    def __init__(self, rng, ev=None):
        self.rng = rng
        self.ev = ev

    def __enter__(self):
        self.token = _SAMPLING_RNG.set(self.rng)
        self.ev_token = _EVALUATOR.set(self.ev) if self.ev is not None else None

    def __exit__(self, *exc):
        _SAMPLING_RNG.reset(self.token)
        if self.ev_token is not None:
            _EVALUATOR.reset(self.ev_token)


def sampling_rng():
    rng = _SAMPLING_RNG.get()
    return rng if rng is not None else np.random.default_rng()


def coder_evaluator():
    """The session's evaluator, for coders that evaluate Wolfram Language functions."""
    ev = _EVALUATOR.get()
    if ev is None:
        raise CoderError("its function cannot be evaluated here")
    return ev


class CoderError(Exception):
    """Encoding/decoding failed on some data (the WL face issues encfail/decfail)."""


def assoc(pairs) -> Expr:
    from wlnet.core.expr import S
    return Expr.from_args(S.Association, (Expr(S.Rule, String(k) if isinstance(k, str) else k, v)
                                          for k, v in pairs))


@attrs.frozen(slots=True)
class Coder:
    kind = "Encoder"                     # "Encoder" | "Decoder"
    name = ""

    @property
    def gives_numeric_array(self) -> bool:
        """Whether ``encoder[input]`` is a "Real32" NumericArray rather than a list (the
        pages that say so: the "AudioSpectrogram" encoder's)."""
        return False

    @property
    def type(self):
        raise NotImplementedError

    def params_expr(self) -> list:
        """(key, expr) pairs for the WL parameter association."""
        raise NotImplementedError

    def unshown_params(self) -> list:
        """(key, expr) pairs of parameters that the association leaves out at their default
        (a Class coder's "Multilabel" -> False) but that NetExtract and [[…]] still give."""
        return []

    def to_expr(self) -> Expr:
        # the parameters end with the framework version, as Wolfram's coders print
        from wlnet.net.wltext import VERSION
        head = Symbol("Net" + self.kind)
        params = [*self.params_expr(), ("Version", String(VERSION))]
        return Expr(head, String(self.name), assoc(params), type_to_expr(self.type))

    def resolve(self, u) -> "Coder":
        return self

    def map_vars(self, f) -> "Coder":
        return self

    def properties(self) -> list[str]:
        return []

    # Whether an input that is already the encoding passes through (applying the encoder
    # twice is applying it once): WL's AllowBypass, True for the "Image", "Image3D", audio,
    # "Characters", "Tokens" and "Class" encoders (these set it), not for the others
    # ("Boolean", "Function", "Scalar", "UTF8", "SubwordTokens", "FeatureExtractor").
    allows_bypass = False


@attrs.frozen(slots=True)
class ClassCoder(Coder):
    """What the "Class" encoder and decoder share: their classes are ``labels`` (a tuple of
    label expressions) or, when ``labels`` is None, the integers 1..n, with n a size that
    inference may learn.  The subclasses declare the ``labels`` and ``n`` fields (their own
    field order is their constructors' argument order)."""

    @property
    def count(self):
        return len(self.labels) if self.labels is not None else self.n

    def labels_expr(self) -> Expr:
        """The "Labels" parameter: the list of labels, or Automatic."""
        from wlnet.core.expr import S
        return Expr.from_args(S.List, self.labels) if self.labels is not None else Symbol("Automatic")

    def resolve(self, u):
        return attrs.evolve(self, n=u.dim(self.n)) if self.labels is None else self

    def map_vars(self, f):
        return attrs.evolve(self, n=f(self.n)) if isinstance(self.n, SizeVar) else self


# ---------------------------------------------------------------------------- messages

def unknown_parameter(kind: str, coder: str, key, allowed):
    """The error for a parameter ``key`` (a name, or the rule's left side) that the
    ``coder`` encoder or decoder (``kind``) does not take: naming it and the parameters it
    does take says more than "not a valid specification" of the whole list (a misspelt
    "Normalisation" among ten parameters)."""
    name = String(key) if isinstance(key, str) else key
    if not allowed:
        return NetSpecError("codernoparam", name, coder, kind)
    return NetSpecError("coderparam", name, coder, kind, ", ".join(f'"{a}"' for a in allowed))


def named_positional(args: list, names: tuple, spec, tag: str) -> list:
    """The positional parameters of a coder spec, with those given by name ("Labels" -> …
    for a "Class" coder's first, as its Normal names them) put in their places.  ``args`` are
    the arguments after the type name that are not other parameters' rules; ``names`` the
    positional parameters' names in order.  Places before one given by name that nothing
    fills are Automatic ({"Class", "OutputForm" -> "UnitVector"}); a parameter given both
    ways is the ``tag`` error ("invenc"/"invdec") of the whole spec."""
    from wlnet.core.expr import S
    given, positional = {}, []
    for a in args:
        key = a.args[0] if type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) else None
        if type(key) is String and key.value in names:
            given[key.value] = a.args[1]
        else:
            positional.append(a)
    for i, name in enumerate(names):
        if name not in given:
            continue
        if i < len(positional):
            raise NetSpecError(tag, spec)
        positional.extend([Symbol("Automatic")] * (i - len(positional)))
        positional.append(given.pop(name))
    return positional


def unknown_type(kind: str, name: str, types):
    """The error for ``NetEncoder["name"]`` / ``NetDecoder["name"]`` of a type that is not
    one of ``types``."""
    return NetSpecError("codertype", String(name), kind, ", ".join(f'"{t}"' for t in types))
