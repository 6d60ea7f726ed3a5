"""``FeatureExtraction``: a ``FeatureExtractorFunction`` learnt from examples, which turns
an example into features, usually a numeric vector (what NetEncoder[{"FeatureExtractor", f}]
encodes with); ``FeatureExtract``: the features of the examples themselves.

An extractor is a sequence of steps, each learnt from what the steps before it make of the
training examples ({extractor1, extractor2, …} gives several):

- vector methods, Classify's and Predict's features (``machine_learning.Features``): per
  position of an example, numbers standardized, other values one-hot, strings of several
  words a TF-IDF vector over the words seen, images an 8 x 8 RGB thumbnail.  Automatic and
  "NumericVector" (that), "StandardizedVector" (numbers only), "IndicatorVector" (every
  value one-hot), "TFIDF" (strings as text), "ImageFeatures" (images as thumbnails);
- "DimensionReducedVector": those vectors projected on the principal components that
  explain 90% of their variance;
- "PixelVector": an image's pixel values, flattened, after conforming it to the first
  training image's size and colour channels;
- "DiscretizedVector": each number replaced by its bin (1, 2, …) among up to 10 bins of
  equal counts of the training values; "IntegerVector": each nominal value by its index
  (1, 2, …) among the values seen (0: unseen); "MissingImputed": each Missing[] by the
  training mean (numbers) or commonest value (others);
- transformations learnt from nothing: Identity, "LowerCasedText", "SegmentedWords",
  "SegmentedCharacters", "ConformedData" (images conformed as "PixelVector" does, other
  values unchanged), and any function f (applied to each example);
- part -> extractor (or a list of such rules): each extractor learnt on its part of the
  examples (a position, a key, a list of them, All); the parts no rule names are dropped,
  and the results are joined (vectors side by side).

``fe[x]`` is x's features; ``fe[{x1, x2, …}]`` the list of theirs.  FeatureExtraction[data,
extractor, prop] gives "ExtractorFunction" or "ExtractedFeatures" (or a list of them).
"""

from __future__ import annotations

import re

import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.builtins._features import Features, _association, _fields
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import Image, convert, resize
from wlnet.core.numeric_array import reals_expr, to_numpy_data
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare

EXTRACTOR = Symbol("FeatureExtractorFunction")
VECTOR_METHODS = ("Automatic", "NumericVector", "StandardizedVector", "IndicatorVector",
                  "TFIDF", "ImageFeatures")
LEARNT_METHODS = ("DimensionReducedVector", "PixelVector", "DiscretizedVector",
                  "IntegerVector", "MissingImputed", "ConformedData")
TRANSFORMS = ("Identity", "LowerCasedText", "SegmentedWords", "SegmentedCharacters")
METHODS = VECTOR_METHODS + LEARNT_METHODS + TRANSFORMS
PROPERTIES = ("ExtractorFunction", "ExtractedFeatures")
MAX_BINS = 10
_MESSAGES = {
    "bdfmt": "`1` is not a non-empty list of examples of one form.",
    "mthd": "`1` is not a feature extraction method wlnet has (Automatic, Identity, a "
            "function, a list of methods, or one of `2`).",
    "numeric": "The method \"StandardizedVector\" needs numeric examples.",
    "ftype": "The example `1` does not have the form of the examples the extractor was "
             "learnt from.",
    "prop": "`1` is not a property of FeatureExtraction (\"ExtractorFunction\", "
            "\"ExtractedFeatures\").",
    "iprop": "`1` is not a property Information knows of the extractor.",
}

declare("FeatureExtractorFunction", attributes=("Protected",), messages=_MESSAGES,
        usage="FeatureExtractorFunction[…] is made by FeatureExtraction: fe[x] is the "
              "features of x.")


class StepError(ValueError):
    """A step cannot be learnt from (or applied to) the examples; ``tag`` says which
    message."""

    def __init__(self, tag: str = "bdfmt"):
        super().__init__(tag)
        self.tag = tag


# ---------------------------------------------------------------------------- methods

def _method_name(e) -> str | None:
    if type(e) is Symbol and e.name in ("Automatic", "Identity"):
        return e.name
    return e.value if type(e) is String and e.value in METHODS else None


def _steps_of(spec) -> list | None:
    """The methods of an extractor setting, in order (a name, a function, or ("Parts",
    [(part, methods…)]) for part -> extractor rules); None when one is not a method."""
    rules = spec.args if type(spec) is Expr and spec.head is S.List and spec.args and \
        all(_is_rule(r) for r in spec.args) else (spec,) if _is_rule(spec) else None
    if rules is not None:
        parts = [(r.args[0], _steps_of(r.args[1])) for r in rules]
        return None if any(not methods for _, methods in parts) else [("Parts", parts)]
    items = spec.args if type(spec) is Expr and spec.head is S.List else (spec,)
    out = []
    for item in items:
        name = _method_name(item)
        if name is not None:
            out.append(name)
        elif type(item) is Expr and item.head is S.Function or \
                type(item) is Symbol and item.name not in ("Automatic", "Identity"):
            out.append(item)                       # a function of an example
        else:
            return None
    return out


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def _learn_pipeline(ev, methods: list, examples: list):
    """(the steps learnt in turn, what they make of the examples: a matrix or a list)."""
    steps, current = [], examples
    for m in methods:
        if isinstance(current, np.ndarray):
            current = [reals_expr(r) for r in current]
        step = _learn_step(ev, m, current)
        steps.append(step)
        current = _apply_step(ev, _fields(step), current)
    return steps, current


def _part_of(e, part):
    """The part of an example a part -> extractor rule names: All, a position (from the
    end if negative), a key (Missing[] when absent) or a list of them."""
    if type(part) is Symbol and part.name == "All":
        return e
    if type(part) is Expr and part.head is S.List:
        return Expr(S.List, *[_part_of(e, p) for p in part.args])
    if type(part) is Integer and type(e) is Expr and e.head is S.List and \
            1 <= abs(part.value) <= len(e.args):
        return e.args[part.value - 1 if part.value > 0 else part.value]
    if type(part) is String and type(e) is Expr and e.head is S.Association:
        found = [r.args[1] for r in e.args if r.args[0] == part]
        return found[0] if found else Expr(S.Missing)
    raise StepError("ftype")


def _learn_parts(ev, parts: list, examples: list) -> Expr:
    """part -> extractor rules: each extractor learnt on its parts of the examples (the
    parts no rule names are dropped)."""
    learnt, lengths = [], []
    for part, methods in parts:
        steps, result = _learn_pipeline(ev, methods, [_part_of(e, part) for e in examples])
        learnt.append(Expr(S.List, part, Expr(S.List, *steps)))
        lengths.append(result.shape[1] if isinstance(result, np.ndarray) else None)
    fields = dict(Kind=String("Parts"), Parts=Expr(S.List, *learnt))
    if None not in lengths:
        fields["Length"] = Integer(sum(lengths))
    return _association(**fields)


def _apply_parts(ev, parts, examples: list):
    """Each rule's extractor on its parts: the vectors side by side when all give vectors,
    else per example the list of what each gives."""
    results = []
    for rule in parts:
        part, steps = rule.args
        results.append(_run(ev, [_fields(st) for st in steps.args],
                            [_part_of(e, part) for e in examples]))
    if all(isinstance(r, np.ndarray) for r in results):
        return np.hstack(results) if results else np.zeros((len(examples), 0))
    if len(results) == 1:
        return results[0]
    return [Expr(S.List, *[_as_expr(r, i) for r in results]) for i in range(len(examples))]


def _learn_step(ev, method, examples: list) -> Expr:
    """A step (an association) learnt from the examples as the steps before left them."""
    if isinstance(method, tuple):
        return _learn_parts(ev, method[1], examples)
    if not isinstance(method, str):
        return _association(Kind=String("Function"), Function=method)
    if method in TRANSFORMS:
        return _association(Kind=String(method))
    if method in VECTOR_METHODS:
        name = "Automatic" if method == "NumericVector" else method
        try:
            features = Features(examples, name, text=True)
        except ValueError:
            raise StepError("numeric" if name == "StandardizedVector" else "bdfmt")
        return _association(Kind=String("Features"), Method=String(name),
                            Features=features.to_expr(), Length=Integer(features.length))
    if method == "DimensionReducedVector":
        from wlnet.builtins.clustering import pca
        matrix = _vectors(examples)
        mean, components = pca(matrix, None)
        return _association(Kind=String("Reduce"), Mean=list_from_array(mean),
                            Components=list_from_array(components),
                            Length=Integer(len(components)))
    if method in ("PixelVector", "ConformedData"):
        images = [e for e in examples if type(e) is Image]
        if not images:
            if method == "PixelVector":
                raise StepError()
            return _association(Kind=String("Identity"))
        first = images[0]
        return _association(Kind=String("Pixels" if method == "PixelVector" else "Conform"),
                            Width=Integer(first.width), Height=Integer(first.height),
                            Space=String(first.color_space),
                            Length=Integer(first.width * first.height * first.channels))
    return _learn_columns(method, examples)


def _vectors(examples: list) -> np.ndarray:
    try:
        matrix = np.array([np.asarray(to_numpy_data(e) if type(e) is Expr else
                                      [float_value(e)], dtype=float).ravel()
                           for e in examples])
    except (TypeError, ValueError):
        raise StepError()
    if matrix.ndim != 2 or np.isnan(matrix).any():
        raise StepError()
    return matrix


def _columns(e) -> tuple[list, bool]:
    """(an example's values by position, whether it is a list)."""
    if type(e) is Expr and e.head is S.List:
        return list(e.args), True
    return [e], False


def _learn_columns(method: str, examples: list) -> Expr:
    """"DiscretizedVector", "IntegerVector", "MissingImputed": per position what it needs
    (bin edges, the values seen, the fill value)."""
    rows = [_columns(e)[0] for e in examples]
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise StepError()
    out = []
    for j in range(width):
        column = [r[j] for r in rows if not _is_missing(r[j])]
        numbers = [float_value(v) for v in column]
        numeric = column and all(v is not None for v in numbers)
        if method == "DiscretizedVector":
            if not numeric:
                out.append(S.Null)
                continue
            values = np.array(numbers)
            bins = min(MAX_BINS, len(np.unique(values)))
            edges = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1]))
            out.append(list_from_array(edges) if len(edges) else Expr(S.List))
        elif method == "IntegerVector":
            out.append(S.Null if numeric else Expr(S.List, *dict.fromkeys(column)))
        else:                                                  # MissingImputed
            if numeric:
                out.append(Real(float(np.mean(numbers))))
            elif column:
                counts: dict = {}
                for v in column:
                    counts[v] = counts.get(v, 0) + 1
                out.append(max(counts, key=counts.get))
            else:
                out.append(Expr(S.Missing))
    return _association(Kind=String(method), Columns=Expr(S.List, *out))


def _is_missing(e) -> bool:
    return type(e) is Expr and e.head is S.Missing


# ---------------------------------------------------------------------------- applying

_WORD = re.compile(r"\w+")


def _apply_step(ev, step: dict, examples: list):
    """The step applied to the examples: a list of expressions, or a matrix (vectors)."""
    kind = step["Kind"].value
    if kind == "Parts":
        return _apply_parts(ev, step["Parts"].args, examples)
    if kind == "Features":
        features = Features.from_expr(step["Features"])
        matrix = features.encode_all(examples)
        if matrix is None:
            raise StepError("ftype")
        return matrix
    if kind == "Reduce":
        mean, components = (np.asarray(to_numpy_data(step[k]), dtype=float)
                            for k in ("Mean", "Components"))
        matrix = _vectors(examples)
        if matrix.shape[1] != len(mean):
            raise StepError("ftype")
        return (matrix - mean) @ components.reshape(-1, len(mean)).T + 0.0
    if kind in ("Pixels", "Conform"):
        conformed = [_conformed(e, step) if type(e) is Image else e for e in examples]
        if kind == "Conform":
            return conformed
        if any(type(e) is not Image for e in conformed):
            raise StepError("ftype")
        return np.stack([e.reals().ravel() for e in conformed])
    if kind == "Function":
        return [ev.evaluate(Expr(step["Function"], e)) for e in examples]
    if kind in ("DiscretizedVector", "IntegerVector", "MissingImputed"):
        return [_apply_columns(kind, step["Columns"].args, e) for e in examples]
    return [_transform(kind, e) for e in examples]


def _conformed(image: Image, step: dict) -> Image:
    space = step["Space"].value
    out = convert(image, space) if image.color_space != space else image
    w, h = step["Width"].value, step["Height"].value
    return out if (out.width, out.height) == (w, h) else resize(out, w, h, "Bilinear")


def _transform(kind: str, e):
    if type(e) is Expr and e.head is S.List:
        return Expr(S.List, *[_transform(kind, a) for a in e.args])
    if type(e) is not String or kind == "Identity":
        return e
    if kind == "LowerCasedText":
        return String(e.value.lower())
    if kind == "SegmentedWords":
        return Expr(S.List, *map(String, _WORD.findall(e.value)))
    return Expr(S.List, *map(String, e.value))                  # SegmentedCharacters


def _apply_columns(kind: str, columns, e):
    values, is_list = _columns(e)
    if len(values) != len(columns):
        raise StepError("ftype")
    out = []
    for v, setting in zip(values, columns):
        if kind == "MissingImputed":
            out.append(setting if _is_missing(v) else v)
        elif setting is S.Null or _is_missing(v):
            out.append(v)
        elif kind == "IntegerVector":
            levels = list(setting.args)
            out.append(Integer(levels.index(v) + 1 if v in levels else 0))
        else:
            x = float_value(v)
            if x is None:
                raise StepError("ftype")
            edges = np.asarray(to_numpy_data(setting), dtype=float) if setting.args \
                else np.zeros(0)
            out.append(Integer(int(np.searchsorted(edges, x, side="right")) + 1))
    return Expr(S.List, *out) if is_list else out[0]


def _run(ev, steps: list, examples: list):
    """The examples through every step: a list of expressions or a matrix."""
    current = examples
    for step in steps:
        if isinstance(current, np.ndarray):
            current = [reals_expr(row) for row in current]
        current = _apply_step(ev, step, current)
    return current


def _as_expr(result, index=None):
    if isinstance(result, np.ndarray):
        return reals_expr(result if index is None else result[index])
    return Expr(S.List, *result) if index is None else result[index]


# ---------------------------------------------------------------------------- builtins

def _extractor(ev, head, data, method) -> tuple | None:
    """(the FeatureExtractorFunction, the training examples' features) of a call; None
    after a message."""
    methods = _steps_of(method)
    if not methods:
        ev.message(head, "mthd", method, String(", ".join(METHODS)))
        return None
    if not (type(data) is Expr and data.head is S.List and data.args):
        ev.message(head, "bdfmt", data)
        return None
    try:
        steps, examples = _learn_pipeline(ev, methods, list(data.args))
    except StepError as err:
        ev.message(head, err.tag if err.tag != "ftype" else "bdfmt",
                   *(() if err.tag == "numeric" else (data,)))
        return None
    length = _fields(steps[-1]).get("Length") if isinstance(examples, np.ndarray) else None
    name = methods[0] if len(methods) == 1 and isinstance(methods[0], str) else None
    fields = dict(Method=String(name) if name else method, Steps=Expr(S.List, *steps))
    if length is not None:
        fields["Length"] = length
    first = _fields(steps[0])
    if first.get("Kind") == String("Features"):
        fields["Features"] = first["Features"]          # what the input looks like
    return Expr(EXTRACTOR, _association(**fields)), examples


@builtin("FeatureExtraction", argc=(1, 3), messages=_MESSAGES,
         usage="FeatureExtraction[{x1, x2, …}] learns a FeatureExtractorFunction that turns "
               "examples like the xi into numeric vectors; FeatureExtraction[data, extractor] "
               "with a method (\"StandardizedVector\", \"IndicatorVector\", \"TFIDF\", "
               "\"DimensionReducedVector\", \"PixelVector\", \"DiscretizedVector\", "
               "\"IntegerVector\", \"MissingImputed\", \"LowerCasedText\", \"SegmentedWords\"…), "
               "a function or a list of them applied in turn; FeatureExtraction[data, "
               "extractor, \"ExtractedFeatures\"] the training examples' features.",
         examples=(('FeatureExtraction[{1, 2, 3}][{1, 3}]', "{{-1.22474}, {1.22474}}"),
                   ('FeatureExtraction[{"a", "b"}]["b"]', "{0., 1.}")))
def feature_extraction(ev, data, method=Symbol("Automatic"), prop=None):
    names = prop.args if type(prop) is Expr and prop.head is S.List else (prop,)
    if prop is not None and not all(type(n) is String and n.value in PROPERTIES
                                    for n in names):
        ev.message(S.FeatureExtraction, "prop", prop)
        return None
    made = _extractor(ev, S.FeatureExtraction, data, method)
    if made is None:
        return None
    fe, extracted = made
    if prop is None:
        return fe
    answers = [fe if n.value == "ExtractorFunction" else _as_expr(extracted) for n in names]
    return Expr(S.List, *answers) if type(prop) is Expr and prop.head is S.List else answers[0]


def extractor_features(fe) -> Features | None:
    """The Features of a FeatureExtractorFunction expression whose first step is a vector
    method; None otherwise."""
    if not (type(fe) is Expr and fe.head is EXTRACTOR and len(fe.args) == 1):
        return None
    return Features.from_expr(_fields(fe.args[0]).get("Features"))


def _steps(fe) -> list | None:
    if not (type(fe) is Expr and fe.head is EXTRACTOR and len(fe.args) == 1):
        return None
    fields = _fields(fe.args[0])
    steps = fields.get("Steps")
    if type(steps) is Expr and steps.head is S.List:
        return [_fields(s) for s in steps.args]
    if "Features" in fields:                          # made before extractors had steps
        return [{"Kind": String("Features"), "Features": fields["Features"]}]
    return None


@builtin_subvalue("FeatureExtractorFunction")
def _apply_extractor(ev, fe, x=None, *extra):
    steps = _steps(fe)
    if steps is None or x is None or extra:
        return None
    for attempt in ([x], list(x.args) if type(x) is Expr and x.head is S.List and x.args
                    else None):
        if attempt is None:
            continue
        try:
            result = _run(ev, steps, attempt)
        except StepError:
            continue
        return _as_expr(result, 0) if attempt[0] is x else _as_expr(result)
    ev.message(EXTRACTOR, "ftype", x)
    return Symbol("$Failed")


@builtin("FeatureExtract", argc=(1, 2), messages=_MESSAGES,
         usage="FeatureExtract[{x1, x2, …}] gives the features of the examples, learnt from "
               "them (as FeatureExtraction[{x1, …}][{x1, …}]); FeatureExtract[data, "
               "extractor] with a method, a list of methods, a FeatureExtractorFunction or a "
               "function applied to each example.",
         examples=(('FeatureExtract[{1, 2, 3}]', "{{-1.22474}, {0.}, {1.22474}}"),))
def feature_extract(ev, data, extractor=Symbol("Automatic")):
    if not (type(data) is Expr and data.head is S.List and data.args):
        ev.message(S.FeatureExtract, "bdfmt", data)
        return None
    if type(extractor) is Expr and extractor.head is EXTRACTOR:
        return ev.evaluate(Expr(extractor, data))
    made = _extractor(ev, S.FeatureExtract, data, extractor)
    return None if made is None else _as_expr(made[1])


def _summary(fe) -> str | None:
    steps = _steps(fe)
    if steps is None:
        return None
    fields = _fields(fe.args[0])
    features = extractor_features(fe)
    from wlnet.syntax.printer import output_form
    method = fields.get("Method")
    method_text = method.value if type(method) is String else output_form(method)
    length = fields.get("Length")
    output = f"a vector of length {length.value}" if type(length) is Integer else "features"
    first = steps[0]["Kind"].value
    kind = features.input_type if features is not None else \
        "Image" if first in ("Pixels", "Conform") else \
        "Text" if first in TRANSFORMS[1:] else "Any"
    return f"FeatureExtractorFunction[Input type: {kind}, Output: {output}, Method: {method_text}]"


@builtin_upvalue("Information", "FeatureExtractorFunction")
def _information(ev, fe, prop=None, *rest):
    """Information[fe] (an association), Information[fe, "prop"] or a list of names: the
    extractor's "Method", "InputType" and "OutputLength" (Missing when it does not give
    vectors of one length)."""
    from wlnet.builtins.learn_distribution import information_answer
    steps = _steps(fe)
    if steps is None or rest:
        return None
    text = _summary(fe)                       # "FeatureExtractorFunction[Input type: …]"
    kind = text.split("Input type: ", 1)[1].split(",", 1)[0]
    fields = _fields(fe.args[0])
    method = fields.get("Method", String("Automatic"))
    length = fields.get("Length")
    values = {"Method": method, "InputType": String(kind),
              "OutputLength": length if type(length) is Integer else
              Expr(S.Missing, String("NotApplicable"))}
    return information_answer(ev, values, prop, EXTRACTOR, "iprop")


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("FeatureExtractorFunction", _summary)
