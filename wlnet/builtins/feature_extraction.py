"""``FeatureExtraction``: a ``FeatureExtractorFunction`` learnt from examples, which turns
an example into a numeric vector (what NetEncoder[{"FeatureExtractor", f}] encodes with).

The features are Classify's and Predict's (``machine_learning.Features``): per position of
an example, numbers standardized, other values one-hot, and strings of several words a
TF-IDF vector over the words seen, and images an 8 x 8 RGB thumbnail.  Methods: Automatic,
"StandardizedVector" (numbers only), "IndicatorVector" (every value one-hot), "TFIDF"
(strings as text), "ImageFeatures" (images as thumbnails, as Automatic does).
``fe[x]`` is x's vector; ``fe[{x1, x2, …}]`` the list of their vectors.
``FeatureExtract[{x1, x2, …}]`` learns the extractor and applies it to the same examples;
``FeatureExtract[data, extractor]`` with a method, a FeatureExtractorFunction or a function.
"""

from __future__ import annotations

from wlnet.builtins.machine_learning import Features, _association, _fields
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import reals_expr
from wlnet.core.registry import builtin, builtin_subvalue, declare

EXTRACTOR = Symbol("FeatureExtractorFunction")
METHODS = ("Automatic", "StandardizedVector", "IndicatorVector", "TFIDF", "ImageFeatures")
_MESSAGES = {
    "bdfmt": "`1` is not a non-empty list of examples of one form.",
    "mthd": "`1` is not a feature extraction method wlnet has (Automatic, "
            "\"StandardizedVector\", \"IndicatorVector\", \"TFIDF\", \"ImageFeatures\").",
    "numeric": "The method \"StandardizedVector\" needs numeric examples.",
    "ftype": "The example `1` does not have the form of the examples the extractor was "
             "learnt from.",
}

declare("FeatureExtractorFunction", attributes=("Protected",), messages=_MESSAGES,
        usage="FeatureExtractorFunction[…] is made by FeatureExtraction: fe[x] is the "
              "feature vector of x.")


def _method_name(e) -> str | None:
    if type(e) is Symbol and e.name == "Automatic":
        return "Automatic"
    return e.value if type(e) is String and e.value in METHODS else None


@builtin("FeatureExtraction", argc=(1, 2), messages=_MESSAGES,
         usage="FeatureExtraction[{x1, x2, …}] learns a FeatureExtractorFunction that turns "
               "examples like the xi into numeric vectors; FeatureExtraction[data, method] "
               "with method \"StandardizedVector\", \"IndicatorVector\" or \"TFIDF\".",
         examples=(('FeatureExtraction[{1, 2, 3}][{1, 3}]', "{{-1.22474}, {1.22474}}"),
                   ('FeatureExtraction[{"a", "b"}]["b"]', "{0., 1.}")))
def feature_extraction(ev, data, method=Symbol("Automatic")):
    name = _method_name(method)
    if name is None:
        ev.message(S.FeatureExtraction, "mthd", method)
        return None
    if not (type(data) is Expr and data.head is S.List and data.args):
        ev.message(S.FeatureExtraction, "bdfmt", data)
        return None
    try:
        features = Features(list(data.args), name, text=True)
    except ValueError:
        if name == "StandardizedVector":
            ev.message(S.FeatureExtraction, "numeric")
        else:
            ev.message(S.FeatureExtraction, "bdfmt", data)
        return None
    return Expr(EXTRACTOR, _association(Method=String(name), Features=features.to_expr(),
                                        Length=Integer(features.length)))


def extractor_features(fe) -> Features | None:
    """The Features of a FeatureExtractorFunction expression; None if it is not one."""
    if not (type(fe) is Expr and fe.head is EXTRACTOR and len(fe.args) == 1):
        return None
    return Features.from_expr(_fields(fe.args[0]).get("Features"))


@builtin_subvalue("FeatureExtractorFunction")
def _apply_extractor(ev, fe, x=None, *extra):
    features = extractor_features(fe)
    if features is None or x is None or extra:
        return None
    one = features.encode(x)
    if one is not None:
        return reals_expr(one)
    if type(x) is Expr and x.head is S.List:
        many = features.encode_all(list(x.args))
        if many is not None:
            return reals_expr(many)
    ev.message(EXTRACTOR, "ftype", x)
    return Symbol("$Failed")


def _summary(fe) -> str | None:
    features = extractor_features(fe)
    if features is None:
        return None
    method = _fields(fe.args[0]).get("Method")
    return (f"FeatureExtractorFunction[Input type: {features.input_type}, Output: a vector "
            f"of length {features.length}, Method: {getattr(method, 'value', '?')}]")


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("FeatureExtractorFunction", _summary)


@builtin("FeatureExtract", argc=(1, 2), messages=_MESSAGES,
         usage="FeatureExtract[{x1, x2, …}] gives the feature vectors of the examples, learnt "
               "from them (as FeatureExtraction[{x1, …}][{x1, …}]); FeatureExtract[data, "
               "extractor] with a FeatureExtraction method, a FeatureExtractorFunction or a "
               "function applied to each example.",
         examples=(('FeatureExtract[{1, 2, 3}]', "{{-1.22474}, {0.}, {1.22474}}"),))
def feature_extract(ev, data, extractor=Symbol("Automatic")):
    if not (type(data) is Expr and data.head is S.List and data.args):
        ev.message(S.FeatureExtract, "bdfmt", data)
        return None
    if type(extractor) is Expr and extractor.head is EXTRACTOR:
        fe = extractor
    elif _method_name(extractor) is not None:
        fe = feature_extraction(ev, data, extractor)
        if fe is None:
            return None
    elif type(extractor) is String:             # a method name wlnet does not have
        ev.message(S.FeatureExtract, "mthd", extractor)
        return None
    else:                                       # a function: applied to each example
        return ev.evaluate(Expr(S.Map, extractor, data))
    return ev.evaluate(Expr(fe, data))
