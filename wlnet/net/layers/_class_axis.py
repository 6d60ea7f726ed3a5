"""Ports whose last axis holds classes, after dimensions that may not be known yet.

UnitVectorLayer's output and CrossEntropyLossLayer's probability vectors have the type
``dims + (classes,)``.  While ``dims`` still ends in an unknown tail its rank is not known,
so the port gets a loose type (any rank, real) instead, and ``post`` ties the two once
either side is learnt.
"""

from __future__ import annotations

from wlnet.net.types import RealT, SizeList, TensorT


def class_vectors_type(dims: SizeList, classes, rank) -> TensorT:
    """``dims`` followed by a class axis of size ``classes``; the loose type of rank
    ``rank`` while ``dims`` has an unknown tail."""
    if dims.tail is None:
        return TensorT(dims.dims + (classes,), RealT)
    return TensorT((), RealT, rank)


def tie_class_vectors(u, dims: SizeList, classes, rank, *, forwards: bool = True) -> None:
    """Tie the loose type of ``class_vectors_type`` to what it stands for: backwards (the
    loose type is known, so are the dimensions and the class count) always, forwards (the
    dimensions are known now, so is the loose type) when ``forwards``."""
    known = u.resolve(dims)
    loose = u.resolve(TensorT((), RealT, rank))
    if known.tail is not None and loose.tail is None and loose.dims:
        u.unify_shape(known, SizeList(loose.dims[:-1]))
        u.unify_dim(classes, loose.dims[-1])
        return
    if forwards and known.tail is None and dims.tail is not None:
        u.unify(TensorT(known.dims + (classes,), RealT), TensorT((), RealT, rank))
