"""How examples become feature vectors for Classify, Predict, FeatureExtraction,
ClusterClassify and the clustering functions (``Features``), and the association helpers
their model objects are written with."""

from __future__ import annotations

import re

import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.core.expr import Expr, Real, S, String
from wlnet.core.image import Image, convert, drop_alpha, resize

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class Features:
    """How examples become feature vectors: per position, numeric (standardized), nominal
    (one-hot over the values seen in training), image (the image as an 8 x 8 RGB thumbnail,
    192 values from 0 to 1: a simple stand-in for WL's learnt image features) or, when asked
    for (FeatureExtraction), text (TF-IDF over the words seen in training, L2-normalized).

    ``method``: "Automatic" (numbers numeric, other values nominal; with ``text``, strings
    of several words text), "IndicatorVector" (every position nominal),
    "StandardizedVector" (every position numeric: ValueError otherwise) or "TFIDF" (string
    positions text)."""

    @classmethod
    def from_expr(cls, e) -> "Features | None":
        """Features back from what ``to_expr`` wrote into a model object."""
        fields = _fields(e)
        try:
            self = cls.__new__(cls)
            self.kinds = [k.value for k in fields["Kinds"].args]
            self.levels = [list(v.args) if k in ("nominal", "text") else None
                           for k, v in zip(self.kinds, fields["Levels"].args)]
            self.centers = [a.value for a in fields["Centers"].args]
            self.scales = [a.value for a in fields["Scales"].args]
            weights = fields.get("Weights")
            self.weights = [np.array([w.value for w in v.args]) if k == "text" else None
                            for k, v in zip(self.kinds, weights.args)] if weights is not None \
                else [None] * len(self.kinds)
            if "text" in self.kinds:            # text levels are the words, strings
                self.levels = [[w.value for w in lv] if k == "text" else lv
                               for k, lv in zip(self.kinds, self.levels)]
            keys = fields.get("Keys")
            self.keys = list(keys.args) if type(keys) is Expr and keys.head is S.List else None
        except (KeyError, AttributeError):
            return None
        self.width = len(self.kinds)
        return self

    def to_expr(self) -> Expr:
        levels = [Expr(S.List, *[String(w) for w in lv]) if k == "text" else
                  Expr(S.List, *lv) if lv is not None else S.Null
                  for k, lv in zip(self.kinds, self.levels)]
        fields = dict(Kinds=Expr(S.List, *[String(k) for k in self.kinds]),
                      Levels=Expr(S.List, *levels),
                      Centers=Expr(S.List, *[Real(float(c)) for c in self.centers]),
                      Scales=Expr(S.List, *[Real(float(c)) for c in self.scales]))
        if "text" in self.kinds:
            fields["Weights"] = Expr(S.List, *[Expr(S.List, *[Real(float(x)) for x in w])
                                               if w is not None else S.Null
                                               for w in self.weights])
        if self.keys is not None:
            fields["Keys"] = Expr(S.List, *self.keys)
        return _association(**fields)

    def __init__(self, examples: list, method: str = "Automatic", text: bool = False):
        first = examples[0]
        # associations: a position per key any example has (one that lacks it: Missing)
        self.keys = list(dict.fromkeys(r.args[0] for e in examples if _is_association(e)
                                       for r in e.args)) if _is_association(first) else None
        rows = [self._positions(e) for e in examples]
        self.width = len(rows[0]) if rows[0] is not None else 0
        if any(r is None or len(r) != self.width for r in rows):
            raise ValueError("examples of different lengths")
        self.kinds, self.levels, self.centers, self.scales = [], [], [], []
        self.weights = []
        for j in range(self.width):
            self._learn_column([r[j] for r in rows], method, text)
        self.matrix = self.encode_all(examples)

    def _learn_column(self, column: list, method: str, text: bool) -> None:
        column = [v for v in column if not _is_missing(v)]      # Missing[…]: imputed
        if not column:
            raise ValueError("a position with no value")
        numbers = [float_value(v) for v in column]
        numeric = all(n is not None for n in numbers)
        strings = all(type(v) is String for v in column)
        images = all(type(v) is Image for v in column)
        if method == "StandardizedVector" and not numeric:
            raise ValueError("not numeric")
        weights = None
        if numeric and method != "IndicatorVector":
            a = np.array(numbers)
            kind, levels, center, scale = "numeric", None, a.mean(), a.std() or 1.0
        elif images and method != "IndicatorVector":
            kind, levels, center, scale = "image", None, 0.0, 1.0
        elif method != "IndicatorVector" and all(_colour(v) is not None for v in column):
            kind, levels, center, scale = "colour", None, 0.0, 1.0
        elif method != "IndicatorVector" and all(_seconds(v) is not None for v in column):
            a = np.array([_seconds(v) for v in column])
            kind, levels, center, scale = "date", None, a.mean(), a.std() or 1.0
        elif strings and (method == "TFIDF" or text and method == "Automatic"
                          and any(len(_words(v.value)) > 1 for v in column)):
            documents = [set(_words(v.value)) for v in column]
            levels = list(dict.fromkeys(w for v in column for w in _words(v.value)))
            df = np.array([sum(w in d for d in documents) for w in levels], dtype=float)
            weights = np.log((1 + len(column)) / (1 + df)) + 1.0     # smoothed IDF
            kind, center, scale = "text", 0.0, 1.0
        else:
            kind, levels, center, scale = "nominal", list(dict.fromkeys(column)), 0.0, 1.0
        self.kinds.append(kind)
        self.levels.append(levels)
        self.centers.append(center)
        self.scales.append(scale)
        self.weights.append(weights)

    @property
    def length(self) -> int:
        """The length of a feature vector."""
        return sum(self._size(k, lv) for k, lv in zip(self.kinds, self.levels))

    def nominal_columns(self) -> np.ndarray:
        """Per column of a feature vector whether it is one of a nominal value's one-hot
        columns."""
        return np.array([kind == "nominal" for kind, levels in zip(self.kinds, self.levels)
                         for _ in range(self._size(kind, levels))], dtype=bool)

    @staticmethod
    def _size(kind: str, levels) -> int:
        """How many features a position of this kind gives."""
        return 1 if kind in ("numeric", "date") else 3 if kind == "colour" else \
            _THUMBNAIL_LENGTH if kind == "image" else len(levels)

    def _positions(self, e) -> list | None:
        """The example's values by position (an association's by key: a key it lacks is
        Missing), None when it has another form."""
        if getattr(self, "keys", None) is not None:
            if type(e) is Expr and e.head is S.List and len(e.args) == len(self.keys):
                return list(e.args)             # the named positions given in order
            if len(self.keys) == 1 and not _is_association(e) and \
                    not (type(e) is Expr and e.head is S.List):
                return [e]                      # one named position: the value itself
            if not _is_association(e):
                return None
            values = {r.args[0]: r.args[1] for r in e.args}
            if not set(values) <= set(self.keys):
                return None
            return [values.get(k, Expr(S.Missing)) for k in self.keys]
        if _is_association(e):
            return None
        if type(e) is Expr and e.head is S.List:
            return list(e.args)
        return [e]

    def encode(self, e) -> np.ndarray | None:
        values = self._positions(e)
        if values is None or len(values) != self.width:
            return None
        out = []
        for v, kind, levels, c, s, w in zip(values, self.kinds, self.levels, self.centers,
                                            self.scales, self.weights):
            if _is_missing(v):                 # a missing value: the training mean (0 after
                out.extend([0.0] * self._size(kind, levels))    # standardizing), no level
                continue
            if kind == "numeric":
                x = float_value(v)
                if x is None:
                    return None
                out.append((x - c) / s)
            elif kind == "text":
                if type(v) is not String:
                    return None
                out.extend(_tfidf(_words(v.value), levels, w))
            elif kind == "image":
                if type(v) is not Image:
                    return None
                out.extend(_thumbnail(v))
            elif kind == "colour":
                rgb = _colour(v)
                if rgb is None:
                    return None
                out.extend(rgb)
            elif kind == "date":
                seconds = _seconds(v)
                if seconds is None:
                    return None
                out.append((seconds - c) / s)
            else:
                if type(v) is Expr and v.head in (S.List, S.Association) and v not in levels:
                    return None         # a list here: a list of examples, not one
                out.extend(1.0 if v == level else 0.0 for level in levels)
        return np.array(out)

    def decode(self, row: np.ndarray):
        """An example back from its feature vector: numbers and dates unstandardized (a
        date as its seconds), a nominal value its level (Missing[] for none), text, image
        and colour positions their features; a single value, a list, or an association
        by the keys."""
        values, at = [], 0
        for kind, levels, c, s in zip(self.kinds, self.levels, self.centers, self.scales):
            size = self._size(kind, levels)
            part = row[at:at + size]
            at += size
            if kind in ("numeric", "date"):
                values.append(Real(float(part[0] * s + c)))
            elif kind == "nominal":
                values.append(levels[int(np.argmax(part))] if part.max() > 0.5
                              else Expr(S.Missing))
            else:
                values.append(Expr(S.List, *[Real(float(v)) for v in part]))
        if self.keys is not None:
            return Expr(S.Association, *[Expr(S.Rule, k, v) for k, v in zip(self.keys, values)])
        return values[0] if self.width == 1 else Expr(S.List, *values)

    def decode_all(self, matrix: np.ndarray) -> list:
        return [self.decode(row) for row in matrix]

    def encode_all(self, examples) -> np.ndarray | None:
        if not examples:
            return np.zeros((0, self.length))
        rows = [self.encode(e) for e in examples]
        return None if any(r is None for r in rows) else np.stack(rows)

    @property
    def input_type(self) -> str:
        kinds = set(self.kinds)
        if kinds == {"text"} and self.width == 1:
            return "Text"
        if kinds == {"image"} and self.width == 1:
            return "Image"
        if kinds == {"colour"} and self.width == 1:
            return "Color"
        if kinds == {"date"} and self.width == 1:
            return "Date"
        if kinds == {"numeric"}:
            return "Numerical" if self.width == 1 else f"NumericalVector (length: {self.width})"
        return "Nominal" if kinds == {"nominal"} and self.width == 1 else "Mixed"


def _colour(e) -> tuple | None:
    """A colour's RGB values (RGBColor, GrayLevel, Hue, CMYKColor, named colours)."""
    from wlnet.graphics.style import colour_of
    rgb = colour_of(e) if type(e) is not String else None
    return None if rgb is None else tuple(rgb[:3])


def _seconds(e) -> float | None:
    """A DateObject's absolute time in seconds."""
    if not (type(e) is Expr and getattr(e.head, "name", "") == "DateObject"):
        return None
    from wlnet.builtins.dates import _absolute, moment_of
    found = moment_of(None, e)
    return None if found is None else _absolute(found[0])


def _is_association(e) -> bool:
    return type(e) is Expr and e.head is S.Association


def _is_missing(e) -> bool:
    return type(e) is Expr and e.head is S.Missing


_THUMBNAIL = 8
_THUMBNAIL_LENGTH = _THUMBNAIL * _THUMBNAIL * 3


def _thumbnail(image: Image) -> np.ndarray:
    """The image's features: an 8 x 8 RGB thumbnail (alpha over white), flattened."""
    rgb = convert(drop_alpha(image), "RGB")
    return resize(rgb, _THUMBNAIL, _THUMBNAIL, "Bilinear").reals().ravel()


def _tfidf(words: list, vocabulary: list, idf: np.ndarray) -> np.ndarray:
    """Term frequency times IDF over the vocabulary, L2-normalized (zeros for no known
    word)."""
    index = {w: i for i, w in enumerate(vocabulary)}
    counts = np.zeros(len(vocabulary))
    for word in words:
        if word in index:
            counts[index[word]] += 1.0
    v = counts / max(len(words), 1) * idf
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else v


def _association(**fields) -> Expr:
    return Expr(S.Association, *[Expr(S.Rule, String(k), v) for k, v in fields.items()])


def _fields(e) -> dict:
    if not (type(e) is Expr and e.head is S.Association):
        return {}
    return {r.args[0].value: r.args[1] for r in e.args if type(r.args[0]) is String}
