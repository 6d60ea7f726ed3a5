"""NetDecoder: "Class" (with labels or the integers 1..n) and "Scalar" (and "Image", in
wlnet.net.coders.image).

``dec.decode(vector, prop)`` gives the decision or one of the properties ("Decision",
"Probabilities", "TopProbabilities", "TopDecisions" -> n, "Probability" -> c, "Entropy").
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.base import ClassCoder, Coder, CoderError, assoc
from wlnet.net.errors import NetSpecError
from wlnet.net.types import RealT, TensorT, dim_from_expr, dim_to_expr, fresh_size

__all__ = ["ClassDecoder", "ScalarDecoder", "decoder_from_spec", "decoder_from_form"]

_EPS = 2 * np.finfo(np.float64).eps


@attrs.frozen(slots=True)
class ClassDecoder(ClassCoder):
    kind = "Decoder"
    name = "Class"
    labels: tuple | None = None
    n: object = attrs.field(factory=fresh_size)

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
            return self.label(int(np.argmax(probs)))
        if name == "Probabilities":
            return assoc((self.label(i), Real(float(p))) for i, p in enumerate(probs))
        if name == "Probability":
            return Real(float(probs[self._index(arg)]))
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
            return Real(float(-sum(p * math.log(p) for p in probs if p >= _EPS)))
        raise KeyError(name)

    def _index(self, label) -> int:
        for i in range(len(self.labels) if self.labels is not None else int(self.count)):
            if self.label(i) == label:
                return i
        raise CoderError(f"{label} is not one of the classes")

    def params_expr(self):
        return [("Labels", self.labels_expr()), ("InputDepth", Integer(1)),
                ("Count", dim_to_expr(self.count))]

    def properties(self):
        return ["Decision", "Probabilities", "Probability", "TopProbabilities",
                "TopDecisions", "Entropy"]


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


def decoder_from_spec(spec) -> Coder:
    if type(spec) is String:
        name, rest = spec.value, []
    elif type(spec) is Expr and spec.head is S.List and spec.args and type(spec.args[0]) is String:
        name, rest = spec.args[0].value, list(spec.args[1:])
    else:
        raise NetSpecError("invdec", spec)
    if name == "Class":
        if len(rest) > 1:
            raise NetSpecError("invdec", spec)
        if not rest or (type(rest[0]) is Symbol and rest[0].name == "Automatic"):
            return ClassDecoder(None)
        lab = rest[0]
        if type(lab) is Expr and lab.head is S.List and lab.args:
            return ClassDecoder(tuple(lab.args))
        if type(lab) is Integer and lab.value > 0:
            return ClassDecoder(tuple(Integer(i) for i in range(1, lab.value + 1)))
        raise NetSpecError("invdec", spec)
    if name == "Scalar" and not rest:
        return ScalarDecoder()
    if name == "Image":
        from wlnet.net.coders.image import image_decoder_from_spec
        return image_decoder_from_spec(spec, rest)
    raise NetSpecError("invdec", spec)


def decoder_from_form(name: str, params: dict, type_expr) -> Coder:
    if name == "Class":
        labels = params.get("Labels")
        labels = tuple(labels.args) if type(labels) is Expr else None
        count = params.get("Count")
        n = dim_from_expr(count) if count is not None and labels is None else fresh_size()
        return ClassDecoder(labels, n)
    if name == "Scalar":
        return ScalarDecoder()
    if name == "Image":
        from wlnet.net.coders.image import image_decoder_from_form
        return image_decoder_from_form(params)
    raise KeyError(name)
