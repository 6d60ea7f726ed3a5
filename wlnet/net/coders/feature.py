"""NetEncoder "FeatureExtractor": an input turned into a numeric vector by a
FeatureExtractorFunction (what ``FeatureExtraction[data]`` learns; wlnet.builtins.
feature_extraction).

    NetEncoder[{"FeatureExtractor", fe}]        fe = FeatureExtraction[data]
    NetEncoder["FeatureExtractor"]              learnt by NetTrain from the training inputs
    NetEncoder[{"FeatureExtractor", "method"}]  the same, with a FeatureExtraction method

The encoder applies ``fe`` in the session (``coder_evaluator``): fe[x] must be a vector of
fe's length.  An encoder still to be learnt has no length yet; NetTrain learns ``fe`` with
FeatureExtraction[inputs, method] before it trains (``learnt``), and the net's sizes follow.
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import to_numpy_data
from wlnet.net.coders.base import Coder, CoderError, coder_evaluator
from wlnet.net.errors import NetSpecError
from wlnet.net.types import RealT, SizeVar, TensorT, dim_from_expr, dim_to_expr, fresh_size

__all__ = ["FeatureExtractorEncoder", "feature_encoder_from_spec", "feature_encoder_from_form",
           "extractor_length", "METHODS"]

METHODS = ("Automatic", "StandardizedVector", "IndicatorVector", "TFIDF", "ImageFeatures")
EXTRACTOR = "FeatureExtractorFunction"


def extractor_length(fe) -> int | None:
    """The vector length of a FeatureExtractorFunction[<|…, "Length" -> n|>]; None if it
    is not one."""
    if not (type(fe) is Expr and type(fe.head) is Symbol and fe.head.name == EXTRACTOR
            and len(fe.args) == 1 and type(fe.args[0]) is Expr
            and fe.args[0].head is S.Association):
        return None
    for rule in fe.args[0].args:
        if rule.args[0] == String("Length") and type(rule.args[1]) is Integer:
            return rule.args[1].value
    return None


@attrs.frozen(slots=True)
class FeatureExtractorEncoder(Coder):
    kind = "Encoder"
    name = "FeatureExtractor"
    extractor: object = None              # the FeatureExtractorFunction, or None: to learn
    method: str = "Automatic"
    n: object = attrs.field(factory=fresh_size)

    @property
    def type(self):
        return TensorT((self.n,), RealT)

    def _vector(self, x):
        if self.extractor is None:
            raise CoderError("the feature extractor is not learnt yet (NetTrain learns it "
                             "from the training inputs)")
        ev = coder_evaluator()
        out = ev.evaluate(Expr(Symbol("Quiet"), Expr(self.extractor, x)))
        return to_numpy_data(out)

    def takes(self, x) -> bool:
        """Whether ``x`` is one input: fe gives one vector for it (for a list of inputs it
        gives a matrix)."""
        try:
            arr = self._vector(x)
        except CoderError:
            return False
        return arr is not None and arr.ndim == 1

    def encode_array(self, x):
        arr = self._vector(x)
        if arr is None or arr.ndim != 1 or arr.dtype.kind not in "biuf" \
                or (isinstance(self.n, int) and arr.shape[0] != self.n):
            raise CoderError("the feature extractor does not take it")
        return arr.astype(np.float64)

    def learnt(self, extractor) -> "FeatureExtractorEncoder":
        """This encoder with the extractor NetTrain learnt (its length now known)."""
        return attrs.evolve(self, extractor=extractor, n=extractor_length(extractor))

    def params_expr(self):
        return [("FeatureExtractor", Symbol("None") if self.extractor is None
                 else self.extractor),
                ("Method", Symbol("Automatic") if self.method == "Automatic"
                 else String(self.method)),
                ("$Length", dim_to_expr(self.n))]

    def resolve(self, u):
        return attrs.evolve(self, n=u.dim(self.n))

    def map_vars(self, f):
        return attrs.evolve(self, n=f(self.n)) if isinstance(self.n, SizeVar) else self

    def properties(self):
        return ["FeatureExtractor", "Method"]


def feature_encoder_from_spec(spec, rest: list) -> FeatureExtractorEncoder:
    """``NetEncoder["FeatureExtractor"]``, ``{"FeatureExtractor", fe}`` or
    ``{"FeatureExtractor", "method"}``."""
    if not rest:
        return FeatureExtractorEncoder()
    if len(rest) == 1 and type(rest[0]) is String and rest[0].value in METHODS:
        return FeatureExtractorEncoder(method=rest[0].value)
    if len(rest) == 1 and extractor_length(rest[0]) is not None:
        return FeatureExtractorEncoder(rest[0], n=extractor_length(rest[0]))
    raise NetSpecError("invenc", spec)


def feature_encoder_from_form(params: dict) -> FeatureExtractorEncoder:
    fe = params.get("FeatureExtractor", Symbol("None"))
    method = params.get("Method", Symbol("Automatic"))
    length = params.get("$Length")
    return FeatureExtractorEncoder(
        None if fe == Symbol("None") else fe,
        method.value if type(method) is String else "Automatic",
        dim_from_expr(length) if length is not None else fresh_size())
