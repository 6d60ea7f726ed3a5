"""The shape of an expression: ``Length``, ``Dimensions``, ``Depth``."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import depth_of, is_infinity, mklist, nonneg_int


@builtin("Length", argc=1, usage="Length[expr] is the number of elements of expr "
         "(0 for an atom).", examples=(("Length[{a, b, c}]", "3"),))
def length(ev, e):
    return Integer(len(e._args)) if type(e) is Expr else Integer(0)


def dimensions_of(e, limit=None) -> list[int]:
    """The dimensions of the rectangular array that ``e``'s same-head subexpressions form."""
    if type(e) is not Expr:
        return []
    head, dims, layer = e._head, [], [e]
    while limit is None or len(dims) < limit:
        if type(layer[0]) is not Expr:
            return dims
        n = len(layer[0]._args)
        for x in layer:
            if type(x) is not Expr or len(x._args) != n or x._head != head:
                return dims
        dims.append(n)
        if n == 0:
            break
        layer = [a for x in layer for a in x._args]
    return dims


def _levels_of_data(e, limit=None) -> list[int]:
    """Dimensions of data whose levels are lists or associations (an association's values
    are its elements), as WL's Dimensions counts rows of records: {2, 2} for two
    associations of two keys."""
    kinds = (S.List, S.Association)
    dims, layer = [], [e]
    while limit is None or len(dims) < limit:
        if not all(type(x) is Expr and x._head in kinds for x in layer):
            return dims
        heads = {x._head for x in layer}
        if len(heads) != 1:
            return dims
        n = len(layer[0]._args)
        if any(len(x._args) != n for x in layer):
            return dims
        dims.append(n)
        if n == 0:
            break
        if heads.pop() is S.Association:
            layer = [r._args[1] for x in layer for r in x._args]
        else:
            layer = [a for x in layer for a in x._args]
    return dims


@builtin("Dimensions", argc=(1, 2), usage="Dimensions[expr] is the list of dimensions of a "
         "rectangular array; Dimensions[expr, n] looks at most n levels down.",
         examples=(("Dimensions[{{1, 2, 3}, {4, 5, 6}}]", "{2, 3}"),))
def dimensions(ev, e, n=None):
    limit = None
    if n is not None:
        if is_infinity(n):
            limit = None
        elif nonneg_int(n) is not None:
            limit = n._value
        else:
            return None
    found = dimensions_of(e, limit)
    if type(e) is Expr and (e._head is S.Association or e._head is S.List and len(found) == 1
                            and e._args and type(e._args[0]) is Expr
                            and e._args[0]._head is S.Association):
        found = _levels_of_data(e, limit)       # records: associations are a level
    return mklist(Integer(d) for d in found)


@builtin("Depth", argc=1, usage="Depth[expr] is one more than the largest number of indices "
         "needed to reach a part of expr.", examples=(("Depth[{{a}, b}]", "3"),))
def depth(ev, e):
    return Integer(depth_of(e))
