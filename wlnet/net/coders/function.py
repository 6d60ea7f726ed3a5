"""The "Function" coders: a Wolfram Language function as an encoder or a decoder.

``NetEncoder[{"Function", f, {d1, …}}]`` encodes an input x as the array f[x] of
dimensions d1×… (the first may be "Varying"); "Pattern" -> patt says which inputs it takes
(None: any input f turns into an array of those dimensions), "Batched" -> True gives f the
list of a batch's inputs at once.  ``NetDecoder[{"Function", f}]`` decodes an output array
(given to f as a NumericArray) as f[array]; with "Properties" -> {p1, …} it is f[array, p]
(p1 when no property is asked for).  Both evaluate in the session (``coder_evaluator``).

SaveDefinitions -> True (the default) keeps, in the coder, the definitions of the symbols
f uses (and of those their definitions use, recursively; System` symbols never, nor those
of the contexts in ExcludedContexts, and only those of IncludedContexts when it is a list),
as ``HoldComplete[lhs := rhs]`` expressions: they travel with the net (Export/Import) and
are restored in a session where those symbols have no definitions yet, when the coder is
first applied there; Initialization -> expr is evaluated then too.
"""

from __future__ import annotations

import math
import weakref

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import NumericArray, to_numpy_data
from wlnet.net.coders.base import Coder, CoderError, coder_evaluator, unknown_parameter
from wlnet.net.errors import NetSpecError
from wlnet.net.types import (
    AtomT, LengthVar, RealT, TensorT, fresh_length, fresh_rank, type_from_expr,
)

__all__ = ["FunctionEncoder", "FunctionDecoder", "SavedCode", "function_encoder_from_spec",
           "function_decoder_from_spec", "function_coder_from_form", "saved_definitions",
           "with_saved_definitions", "SAFE_SYMBOLS", "defined_symbol"]


def _none(e) -> bool:
    return type(e) is Symbol and e.name == "None"


def _bool_expr(b: bool) -> Symbol:
    return Symbol("True" if b else "False")


@attrs.frozen(slots=True)
class SavedCode:
    """What a "Function" coder keeps besides f: whether it saves definitions, the saved
    definitions (HoldComplete[…] expressions), the contexts chosen, and Initialization."""
    save: bool = True
    definitions: tuple = ()
    included: object = None               # None: All; else a tuple of context names
    excluded: tuple = ()                  # contexts never saved (Automatic: none besides System`)
    initialization: object = None

    def params(self) -> list:
        return [("SaveDefinitions", _bool_expr(self.save)),
                ("Definitions", Expr.from_args(S.List, self.definitions)),
                ("IncludedContexts", S.All if self.included is None
                 else Expr.from_args(S.List, (String(c) for c in self.included))),
                ("ExcludedContexts", Symbol("Automatic") if not self.excluded
                 else Expr.from_args(S.List, (String(c) for c in self.excluded))),
                ("Initialization", Symbol("None") if self.initialization is None
                 else Expr(Symbol("HoldComplete"), self.initialization))]

    def restore(self, ev) -> None:
        """Define, once per session, the saved definitions whose symbols have none there,
        and evaluate the initialization."""
        done = _RESTORED.setdefault(ev.definitions, set())
        if self in done:
            return
        done.add(self)
        fresh = {d for d in self.definitions if defined_symbol(d) is not None
                 and not _has_definitions(ev.definitions.get(defined_symbol(d)))}
        for d in self.definitions:
            if d in fresh:
                ev.evaluate(Expr(Symbol("ReleaseHold"), d))
        if self.initialization is not None:
            ev.evaluate(self.initialization)


# What a net file's "Function" coder may use (wlnet.net.serialize checks its function, saved
# definitions and initialization against this): System` symbols that compute a value from
# their arguments and nothing else: no files, processes, network, evaluation of strings,
# definitions of System` symbols.  Symbols outside System` are the file's own (inert, or
# defined by its saved definitions).
SAFE_SYMBOLS = frozenset("""
    List Rule RuleDelayed Association Function Slot SlotSequence Pattern Blank BlankSequence
    BlankNullSequence Optional Condition PatternTest Alternatives HoldPattern Repeated
    RepeatedNull Except Verbatim Span All None Null True False Automatic Missing Infinity
    DirectedInfinity ComplexInfinity Indeterminate Pi E I Degree GoldenRatio
    Plus Times Power Subtract Divide Minus Sqrt Exp Log Log2 Log10 Abs Sign Round Floor Ceiling
    Mod Quotient Max Min Clip Rescale N Re Im Conjugate Sin Cos Tan Sinh Cosh Tanh ArcSin ArcCos
    ArcTan Erf Gamma LogisticSigmoid Ramp UnitStep Boole Chop IntegerPart FractionalPart
    Map MapIndexed MapThread Apply Thread Fold FoldList Nest NestList Table Range Array
    ConstantArray UnitVector IdentityMatrix Take Drop Part First Last Most Rest Length
    Dimensions Flatten Partition Join Append Prepend Reverse RotateLeft RotateRight Sort SortBy
    Transpose PadLeft PadRight ArrayPad ArrayReshape Select Cases Count Position Total
    Accumulate Differences Mean Median Variance StandardDeviation Normalize Norm Dot Outer
    Inner KroneckerProduct Tuples Riffle Tally Union Intersection Complement DeleteDuplicates
    If Which Switch And Or Not Xor Equal Unequal Less Greater LessEqual GreaterEqual SameQ
    UnsameQ MemberQ FreeQ MatchQ StringQ NumberQ NumericQ ListQ IntegerQ VectorQ MatrixQ
    ArrayQ AssociationQ Head Lookup KeyTake KeyDrop Values Keys Normal NumericArray Module
    With CompoundExpression Set Characters ToCharacterCode FromCharacterCode StringLength
    StringJoin StringSplit StringTake StringDrop StringReplace StringRiffle ToLowerCase
    ToUpperCase StringTrim StringPadRight StringPadLeft StringCount StringPosition
    StringContainsQ StringMatchQ StringStartsQ StringEndsQ TextWords LetterQ DigitQ
    UpperCaseQ LowerCaseQ WhitespaceCharacter LetterCharacter DigitCharacter WordCharacter
    PunctuationCharacter StartOfString EndOfString WordBoundary RegularExpression
    StringExpression ImageData ImageResize ImageDimensions ImageChannels ImageType
    ImageColorSpace ColorConvert Image Image3D ImageAdjust ImageCrop ColorNegate Interleaving
    ColorSpace Resampling Image3DSlices Real Integer String Rational Complex Reals Integers
    HoldComplete Attributes Listable Orderless Flat OneIdentity HoldAll HoldFirst HoldRest
    NumericFunction
""".split())


# the saved code restored in each session (its definitions object), once
_RESTORED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_SETTERS = ("Set", "SetDelayed", "UpSet", "UpSetDelayed", "TagSet", "TagSetDelayed")


def defined_symbol(d):
    """The symbol a saved definition HoldComplete[lhs := rhs] (or Attributes[f] = …)
    defines: the innermost head of its left side."""
    if not (type(d) is Expr and len(d.args) == 1 and type(d.args[0]) is Expr
            and type(d.args[0].head) is Symbol and d.args[0].head.name in ("Set", "SetDelayed")
            and d.args[0].args):
        return None
    lhs = d.args[0].args[0]
    while type(lhs) is Expr:
        if type(lhs.head) is Symbol and lhs.head.name in ("HoldPattern", "Attributes") \
                and lhs.args:
            lhs = lhs.args[0]
        else:
            lhs = lhs.head
    return lhs if type(lhs) is Symbol else None


def _has_definitions(rec) -> bool:
    return rec is not None and (rec.func is not None or rec.own is not None or bool(
        rec.down_exact or rec.down or rec.sub or rec.up or rec.attrs))


def saved_definitions(definitions, function, code: SavedCode) -> tuple:
    """HoldComplete[lhs := rhs] (or =) for the user definitions of the symbols in
    ``function`` and, recursively, in those definitions (see the module docstring);
    attributes as HoldComplete[Attributes[f] = {…}]."""
    from wlnet.core.attributes import names_of
    from wlnet.core.contexts import context_of, is_system_name
    from wlnet.core.definitions import symbols_in
    hold = Symbol("HoldComplete")
    out, seen, todo = [], set(), [function, code.initialization]
    while todo:
        for sym in sorted(symbols_in(todo.pop(), set()) - seen, key=lambda x: x.name):
            seen.add(sym)
            rec = definitions.get(sym)
            context = context_of(sym)
            if rec is None or rec.func is not None or rec.spec is not None \
                    or is_system_name(sym.name) or context == "System`" \
                    or context in code.excluded \
                    or (code.included is not None and context not in code.included):
                continue
            rules = [(Expr(sym), rec.own, rec.own_delayed)] if rec.own is not None else []
            rules += [(r.lhs, r.rhs, r.delayed)
                      for r in (*rec.down_exact.values(), *rec.down, *rec.sub, *rec.up)]
            if rec.attrs:
                out.append(Expr(hold, Expr(Symbol("Set"), Expr(Symbol("Attributes"), sym),
                                           Expr.from_args(S.List, map(Symbol, names_of(rec.attrs))))))
            for lhs, rhs, delayed in rules:
                lhs = sym if lhs == Expr(sym) else lhs
                out.append(Expr(hold, Expr(Symbol("SetDelayed" if delayed else "Set"), lhs, rhs)))
                todo += [lhs, rhs]
    return tuple(out)


@attrs.frozen(slots=True)
class FunctionEncoder(Coder):
    kind = "Encoder"
    name = "Function"
    function: object                      # the function expression f
    dims: tuple                           # of f[x]: ints, the first maybe a length
    pattern: object = None                # an expression, or None: no check
    batched: bool = False
    code: SavedCode = SavedCode()

    @property
    def type(self):
        return TensorT(self.dims, RealT)

    def _matches(self, x) -> bool:
        ev = coder_evaluator()
        self.code.restore(ev)
        return ev.evaluate(Expr(Symbol("MatchQ"), x, self.pattern)) == Symbol("True")

    def takes(self, x) -> bool:
        """Whether ``x`` is one input: it matches the pattern; with no pattern, f turns it
        into an array of the dimensions (so a list of inputs costs f an extra call)."""
        if self.pattern is not None:
            return self._matches(x)
        try:
            self.encode_array(x)
        except CoderError:
            return False
        return True

    def encode_array(self, x):
        if self.pattern is not None and not self._matches(x):
            raise CoderError("the input does not match the encoder's pattern")
        ev = coder_evaluator()
        self.code.restore(ev)
        if self.batched:
            out = ev.evaluate(Expr(self.function, Expr(S.List, x)))
            out = out.args[0] if type(out) is Expr and out.head is S.List and len(out.args) == 1 \
                else out
        else:
            out = ev.evaluate(Expr(self.function, x))
        arr = out.array if isinstance(out, NumericArray) else to_numpy_data(out)
        if arr is None or arr.dtype.kind not in "biuf" or not self._fits(arr.shape):
            raise CoderError(f"the function did not give an array of dimensions {self._dims_text()}")
        return arr.astype(np.float64)

    def _fits(self, shape) -> bool:
        return len(shape) == len(self.dims) and all(
            isinstance(d, LengthVar) or d == s for d, s in zip(self.dims, shape))

    def _dims_text(self) -> str:
        return "{" + ", ".join("n" if isinstance(d, LengthVar) else str(d) for d in self.dims) + "}"

    def params_expr(self):
        return [("Function", self.function),
                ("Pattern", Symbol("None") if self.pattern is None else self.pattern),
                ("Batched", _bool_expr(self.batched)), *self.code.params()]

    def resolve(self, u):
        return attrs.evolve(self, dims=tuple(u.dim(d) for d in self.dims))


@attrs.frozen(slots=True)
class FunctionDecoder(Coder):
    kind = "Decoder"
    name = "Function"
    function: object
    props: tuple = ()                     # property names f takes as its second argument
    code: SavedCode = SavedCode()
    rank = math.inf                       # any: one example's whole output is one input

    @property
    def type(self):
        return TensorT((), AtomT, fresh_rank())

    def decode(self, arr, prop="Decision"):
        ev = coder_evaluator()
        self.code.restore(ev)
        name = prop if isinstance(prop, str) else prop[0]
        data = NumericArray(np.asarray(arr, dtype=np.float32), "Real32")
        if not self.props:
            return ev.evaluate(Expr(self.function, data))
        chosen = self.props[0] if name == "Decision" else name
        return ev.evaluate(Expr(self.function, data, String(chosen)))

    def params_expr(self):
        return [("Function", self.function),
                ("Properties", Expr.from_args(S.List, (String(p) for p in self.props))),
                *self.code.params()]

    def properties(self):
        return list(self.props)


# ---------------------------------------------------------------------------- reading

_CODE_OPTIONS = ("SaveDefinitions", "Initialization", "ExcludedContexts", "IncludedContexts")


def _rules(rest, allowed, spec, tag) -> dict:
    """The parameters "name" -> value (or Name -> value, as the options are written)."""
    out = {}
    for r in rest:
        key = r.args[0] if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) else None
        name = key.value if type(key) is String else key.name if type(key) is Symbol else None
        if name is None:
            raise NetSpecError(tag, spec)
        if name not in allowed + _CODE_OPTIONS:
            raise unknown_parameter("encoder" if tag == "invenc" else "decoder", "Function",
                                    name, allowed + _CODE_OPTIONS)
        out[name] = r.args[1]
    return out


def _contexts(e, spec, tag, default):
    """A list of context names (strings ending in `), or the default's symbol (All or
    Automatic): None for it."""
    if type(e) is Symbol and e.name == default:
        return None
    items = e.args if type(e) is Expr and e.head is S.List else (e,)
    if not all(type(c) is String and c.value.endswith("`") for c in items):
        raise NetSpecError(tag, spec)
    return tuple(c.value for c in items)


def _saved_code(opts: dict, spec, tag) -> SavedCode:
    """The SaveDefinitions family of parameters (the definitions themselves are saved by
    the WL face, which has the session: ``saved_definitions``)."""
    save = opts.get("SaveDefinitions", Symbol("True"))
    if not (type(save) is Symbol and save.name in ("True", "False")):
        raise NetSpecError(tag, spec)
    init = opts.get("Initialization", Symbol("None"))
    return SavedCode(save.name == "True", (),
                     _contexts(opts.get("IncludedContexts", S.All), spec, tag, "All"),
                     _contexts(opts.get("ExcludedContexts", Symbol("Automatic")), spec, tag,
                               "Automatic") or (),
                     None if _none(init) else init)


def with_saved_definitions(coder, definitions):
    """A "Function" coder (SaveDefinitions True) with the definitions its function uses
    in ``definitions`` (the session's) saved in it; other coders as they are."""
    code = getattr(coder, "code", None)
    if not isinstance(code, SavedCode) or not code.save:
        return coder
    saved = saved_definitions(definitions, coder.function, code)
    return attrs.evolve(coder, code=attrs.evolve(code, definitions=saved))


def _stored_code(params: dict) -> SavedCode:
    init = params.get("Initialization", Symbol("None"))
    included = params.get("IncludedContexts", S.All)
    excluded = params.get("ExcludedContexts", Symbol("Automatic"))
    return SavedCode(params.get("SaveDefinitions", Symbol("True")) == Symbol("True"),
                     tuple(params.get("Definitions", Expr(S.List)).args),
                     None if included is S.All else tuple(c.value for c in included.args),
                     () if type(excluded) is Symbol else tuple(c.value for c in excluded.args),
                     None if _none(init) else init.args[0])


def _output_dims(e, spec) -> tuple:
    """{d1, …} (positive integers, the first may be "Varying"), or one integer n: {n}."""
    items = e.args if type(e) is Expr and e.head is S.List else (e,)
    dims = []
    for i, d in enumerate(items):
        if type(d) is Integer and d.value > 0:
            dims.append(d.value)
        elif i == 0 and type(d) is String and d.value == "Varying":
            dims.append(fresh_length())
        else:
            raise NetSpecError("invenc", spec)
    return tuple(dims)


def function_encoder_from_spec(spec, rest: list) -> FunctionEncoder:
    if len(rest) < 2:
        raise NetSpecError("invenc", spec)
    opts = _rules(rest[2:], ("Pattern", "Batched"), spec, "invenc")
    pattern = opts.get("Pattern", Symbol("None"))
    batched = opts.get("Batched", Symbol("False"))
    if not (type(batched) is Symbol and batched.name in ("True", "False")):
        raise NetSpecError("invenc", spec)
    return FunctionEncoder(rest[0], _output_dims(rest[1], spec),
                           None if _none(pattern) else pattern, batched.name == "True",
                           _saved_code(opts, spec, "invenc"))


def function_decoder_from_spec(spec, rest: list) -> FunctionDecoder:
    if not rest:
        raise NetSpecError("invdec", spec)
    opts = _rules(rest[1:], ("Properties",), spec, "invdec")
    props = opts.get("Properties", Expr(S.List))
    if not (type(props) is Expr and props.head is S.List
            and all(type(p) is String for p in props.args)):
        raise NetSpecError("invdec", spec)
    return FunctionDecoder(rest[0], tuple(p.value for p in props.args),
                           _saved_code(opts, spec, "invdec"))


def function_coder_from_form(kind: str, params: dict, type_expr) -> Coder:
    """Rebuild a "Function" coder from ``NetEncoder["Function", <|params|>, type]``."""
    if kind == "Encoder":
        pattern = params.get("Pattern", Symbol("None"))
        return FunctionEncoder(params["Function"], type_from_expr(type_expr).dims,
                               None if _none(pattern) else pattern,
                               params.get("Batched") == Symbol("True"), _stored_code(params))
    return FunctionDecoder(params["Function"],
                           tuple(p.value for p in params.get("Properties", Expr(S.List)).args),
                           _stored_code(params))
