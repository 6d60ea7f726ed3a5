"""Port specifications: ``"Input" -> spec`` and ``"Output" -> spec`` values.

``port_spec(expr, is_input)`` returns a TensorT constraint, a coder, or None for
``Automatic``.  Forms: ``n``, ``{n1, n2, …}`` (entries may be ``Automatic``, the first may
be ``"Varying"`` or a length), ``"Varying"``, ``"Real"``, ``"Integer"``,
``Restricted["Integer", n]``, ``Restricted["Integer", {m, n}]`` (also ending a list:
``{"Varying", Restricted["Integer", n]}``), ``RepeatingElement[spec]`` (a sequence of
elements of spec),
a ``NetEncoder[…]``/``NetDecoder[…]``, a coder name
(``"Scalar"``, ``"Class"``) that makes one, or a coder mapped over an array of inputs
(``{"Varying", NetEncoder[…]}``, ``{n, NetDecoder[…]}``).

A constraint's element type is ``AtomT`` (neutral): a shape spec fixes dimensions, the
layer decides whether its port holds reals or integers.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.coders.mapped import mapped
from wlnet.net.errors import NetSpecError
from wlnet.net.shape import NetTypeError, Unifier
from wlnet.net.types import (
    AtomT, IndexIntegerT, LengthVar, RealT, SizeVar, TensorT, fresh_length, fresh_size, fresh_spatial,
)

__all__ = ["port_spec", "port_form", "fitted_coder"]


def _dim(e, first: bool):
    if type(e) is Integer and e.value > 0:
        return e.value
    if type(e) is Symbol and e.name == "Automatic":
        # a first dimension left to inference may turn out a sequence's length
        # (LongShortTermMemoryLayer[n, "Input" -> {Automatic, 16}] takes sequences)
        return fresh_spatial() if first else fresh_size()
    if first and type(e) is String and e.value not in ("Real", "Integer"):
        return fresh_length()           # "Varying", or a name WL gives a length ({"n", 16})
    raise ValueError


def _element(e):
    """The element type that ends a list specification (``{"Varying", Restricted["Integer",
    n]}``, what ``port_form`` writes): "Real", "Integer" or Restricted["Integer", n]; None
    for anything else."""
    if type(e) is String and e.value == "Real":
        return RealT
    if type(e) is String and e.value == "Integer":
        return IndexIntegerT(fresh_size())
    return _restricted_integer(e)


def _restricted_integer(e):
    """Restricted["Integer", n] (integers 1..n) or Restricted["Integer", {m, n}] (m..n, m ≤ n)
    as an element type; None for anything else."""
    if not (type(e) is Expr and e.head is Symbol("Restricted") and len(e.args) == 2
            and e.args[0] == String("Integer")):
        return None
    bound = e.args[1]
    if type(bound) is Integer and bound.value > 0:
        return IndexIntegerT(bound.value)
    if type(bound) is Expr and bound.head is S.List and len(bound.args) == 2 \
            and all(type(b) is Integer for b in bound.args) and bound.args[0].value <= bound.args[1].value:
        return IndexIntegerT(bound.args[1].value, bound.args[0].value)
    return None


def port_spec(e, is_input: bool, port: str = "Input"):
    from wlnet.net.coders.expr import coder_from_expr
    if type(e) is Symbol and e.name == "Automatic":
        return None
    if type(e) is Expr and type(e.head) is Symbol and e.head.name in ("NetEncoder", "NetDecoder"):
        coder = coder_from_expr(e)
        if coder is None:
            raise NetSpecError("invportspec", e, port)
        if (coder.kind == "Encoder") != is_input:
            # named as the user wrote it, not with the coder's internals
            raise NetSpecError("codersideport", f'Net{coder.kind}["{coder.name}"]', port,
                               "an input" if is_input else "an output",
                               "an encoder" if is_input else "a decoder")
        return coder
    extractor = _feature_extractor(e, is_input, port)
    if extractor is not None:
        return extractor
    mapped = _mapped_coder(e, is_input, port)
    if mapped is not None:
        return mapped
    repeated = _repeated(e, is_input, port)
    if repeated is not None:
        return repeated
    try:
        if type(e) is Integer:
            return TensorT((_dim(e, False),), AtomT)
        if type(e) is Expr and e.head is S.List:
            dims, elem = e.args, AtomT
            if len(dims) >= 2 and _element(dims[-1]) is not None:   # {"Varying", "Integer"}
                dims, elem = dims[:-1], _element(dims[-1])
            return TensorT(tuple(_dim(a, i == 0) for i, a in enumerate(dims)), elem)
        if type(e) is String:
            if e.value == "Varying":
                return TensorT((fresh_length(),), AtomT)
            if e.value == "Real":
                return TensorT((), RealT)
            if e.value == "Integer":
                return TensorT((), IndexIntegerT(fresh_size()))
            from wlnet.net.coders.decoders import decoder_from_spec
            from wlnet.net.coders.encoders import encoder_from_spec
            return encoder_from_spec(e) if is_input else decoder_from_spec(e)
        if _restricted_integer(e) is not None:
            return TensorT((), _restricted_integer(e))
    except NetSpecError as err:
        if err.tag == "tokvocab":                # a coder that exists but lacks its data
            raise
    except ValueError:
        pass
    raise NetSpecError("invportspec", e, port)


_REPEATING = Symbol("RepeatingElement")


def _feature_extractor(e, is_input: bool, port: str):
    """A FeatureExtractorFunction[…] given as an input port's shape (NetChain's and
    NetGraph's pages list it among the shapes) is that extractor's "FeatureExtractor"
    encoder; None for any other form."""
    from wlnet.net.coders.feature import EXTRACTOR, FeatureExtractorEncoder, extractor_length
    if not (type(e) is Expr and type(e.head) is Symbol and e.head.name == EXTRACTOR):
        return None
    n = extractor_length(e)
    if not is_input or n is None:
        raise NetSpecError("invportspec", e, port)
    return FeatureExtractorEncoder(e, n=n)


def _repeated(e, is_input: bool, port: str):
    """RepeatingElement[spec] (CTCLossLayer's "Target" -> RepeatingElement[Restricted[
    "Integer", c]]): a sequence of any length whose elements are of ``spec`` ("Real",
    "Integer", Restricted[…], n or {n1, …}); None for any other form.  A range of counts
    (RepeatingElement[spec, {min, max}]) is not checked: the length varies."""
    if not (type(e) is Expr and e.head is _REPEATING and len(e.args) in (1, 2)):
        return None
    element = port_spec(e.args[0], is_input, port)
    if not isinstance(element, TensorT) or element.tail is not None:
        raise NetSpecError("invportspec", e, port)
    return TensorT((fresh_length(),) + tuple(element.dims), element.elem)


def fitted_coder(coder, port_type, is_input: bool):
    """The coder to attach to a port of type ``port_type`` (None: not known): ``coder``
    itself, or, when it does not fit the port but a list of its codes does, ``coder`` mapped
    over the port's first dimension, as WL raises a coder that is not a sequence coder to
    the sequence level when it is attached (NetEncoder[{"Class", …}] on a port that takes a
    sequence of class indices encodes a list of labels, as {"Varying", NetEncoder[…]} does).
    A coder that cannot fit either way is returned as it is: inference reports the clash."""
    if not isinstance(port_type, TensorT) or not port_type.dims \
            or _fits(coder.type, port_type, is_input):
        return coder
    if coder.type.dims and isinstance(coder.type.dims[0], LengthVar):
        return coder                     # a sequence coder already ("Characters", "Tokens"…)
    first = port_type.dims[0]
    lengthened = _with_free_size_as_length(coder, first)
    if lengthened is not None and _fits(lengthened.type, port_type, is_input):
        return lengthened
    dim = first if isinstance(first, int) else \
        fresh_length() if isinstance(first, LengthVar) else fresh_size()
    raised = mapped(coder, (dim,))
    return raised if _fits(raised.type, port_type, is_input) else coder


def _with_free_size_as_length(coder, first):
    """An array coder (rank 2 or more) whose first dimension is a size it leaves free (the
    "Image" decoder's channel count), with that size made a sequence length when the port's
    first dimension is one: SequenceReverseLayer with "Output" -> NetDecoder["Image"]
    reverses an image's colour channels, the channels being the sequence (WL lets an
    unknown size take a length there); elsewhere a plain size never becomes a length.
    None when this does not apply."""
    dims = coder.type.dims
    if not (isinstance(first, LengthVar) and len(dims) >= 2 and isinstance(dims[0], SizeVar)):
        return None
    free, length = dims[0], fresh_length()
    return coder.map_vars(lambda d: length if d is free else d)


def _fits(coder_type, port_type, is_input: bool) -> bool:
    """Whether a coder of ``coder_type`` can be attached to a port of ``port_type``: same
    rank (when both are known) and the two unify."""
    if coder_type.tail is None and port_type.tail is None \
            and len(coder_type.dims) != len(port_type.dims):
        return False
    try:
        if is_input:
            Unifier().unify(coder_type, port_type)
        else:
            Unifier().unify(port_type, coder_type)
    except NetTypeError:
        return False
    return True


def _mapped_coder(e, is_input: bool, port: str):
    """``{d1, …, NetEncoder[…]}`` (or a NetDecoder): the coder mapped over arrays of
    dimensions d1×… (the first may be "Varying"); None for other forms."""
    if not (type(e) is Expr and e.head is S.List and len(e.args) >= 2):
        return None
    last = e.args[-1]
    if not (type(last) is Expr and type(last.head) is Symbol
            and last.head.name in ("NetEncoder", "NetDecoder")):
        return None
    try:
        coder = port_spec(last, is_input, port)
        dims = tuple(_dim(a, i == 0) for i, a in enumerate(e.args[:-1]))
    except (ValueError, NetSpecError):
        raise NetSpecError("invportspec", e, port) from None
    if any(isinstance(d, LengthVar) for d in coder.type.dims):
        # a sequence of sequences (strings through "Characters"…): only the first
        # dimension of an array may vary
        raise NetSpecError("invportspec", e, port)
    return mapped(coder, dims)


def port_form(t) -> Expr:
    """A port type as the specification a user writes for it (what ``port_spec`` reads
    back): ``3``, ``{"Varying", 2}``, ``"Real"``, ``{"Varying", Restricted["Integer", 11]}``,
    ``Automatic`` where nothing is known yet."""
    if not isinstance(t, TensorT) or t.tail is not None:
        return Symbol("Automatic")
    element = None
    if isinstance(t.elem, IndexIntegerT):
        n = t.elem.n
        element = String("Integer")
        if isinstance(n, int):
            bound = Integer(n) if t.elem.low == 1 else Expr(S.List, Integer(t.elem.low), Integer(n))
            element = Expr(Symbol("Restricted"), String("Integer"), bound)
    dims = [Integer(d) if isinstance(d, int) else String("Varying") if isinstance(d, LengthVar)
            else Symbol("Automatic") for d in t.dims]
    if not dims:
        return element if element is not None else String("Real")
    if element is None and len(dims) == 1 and type(dims[0]) is Integer:
        return dims[0]
    return Expr.from_args(S.List, dims + ([element] if element is not None else []))
