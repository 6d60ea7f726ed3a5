"""Subsequences and TensorContract, as programs build n-gram features and write einsum-like
contractions by hand.

``Subsequences[list]`` is every contiguous run of list, shortest first ({} included);
``Subsequences[list, n]`` those of length at most n, ``{n}`` exactly n, ``{m, n}`` from m
to n.  ``TensorContract[t, {{i1, j1}, …}]`` sums t over each pair of index positions set
equal (a trace); numeric arrays are contracted with numpy, others term by term.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from wlnet.builtins.numbers import from_py
from wlnet.core.expr import Expr, Integer, S
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin

LIST = S.List


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is LIST


def _length_range(spec, size: int) -> tuple[int, int] | None:
    if spec is None:
        return 0, size
    if type(spec) is Integer and spec.value >= 0:
        return 0, min(spec.value, size)
    if _is_list(spec) and 1 <= len(spec.args) <= 2 and \
            all(type(x) is Integer and x.value >= 0 for x in spec.args):
        low, high = spec.args[0].value, spec.args[-1].value
        return low, min(high, size)
    return None


@builtin("Subsequences", argc=(1, 2), attributes=("Protected",),
         usage="Subsequences[list] is every contiguous run of elements of list, shortest first; "
               "Subsequences[list, n] those of length at most n, {n} exactly n, {m, n} from m "
               "to n.",
         examples=(("Subsequences[{1, 2, 3}]", "{{}, {1}, {2}, {3}, {1, 2}, {2, 3}, {1, 2, 3}}"),
                   ("Subsequences[{a, b, c, d}, {2}]", "{{a, b}, {b, c}, {c, d}}"),
                   ("Subsequences[{a, b, c}, {2, 3}]", "{{a, b}, {b, c}, {a, b, c}}")))
def subsequences(ev, e, spec=None):
    if type(e) is not Expr:
        return None
    lengths = _length_range(spec, len(e.args))
    if lengths is None:
        return None
    items = e.args
    runs = [Expr.from_args(e.head, items[start:start + n])
            for n in range(lengths[0], lengths[1] + 1)
            for start in range(len(items) - n + 1 if n else 1)]     # one empty run
    return Expr.from_args(LIST, runs)


def _dimensions(e) -> list[int]:
    dims = []
    while _is_list(e) and e.args:
        dims.append(len(e.args))
        e = e.args[0]
    return dims


def _pairs(spec, rank: int) -> list[tuple[int, int]] | None:
    if not _is_list(spec):
        return None
    pairs = spec.args
    if len(pairs) == 2 and all(type(x) is Integer for x in pairs):   # {i, j}: one pair
        pairs = (spec,)
    found = []
    for p in pairs:
        if not (_is_list(p) and len(p.args) == 2 and all(type(x) is Integer for x in p.args)):
            return None
        i, j = (x.value for x in p.args)
        if not (1 <= i <= rank and 1 <= j <= rank and i != j):
            return None
        found.append((i - 1, j - 1))
    used = [k for p in found for k in p]
    return found if len(used) == len(set(used)) else None


@builtin("TensorContract", argc=2, attributes=("Protected",),
         usage="TensorContract[t, {{i1, j1}, …}] sums the array t over each pair of index "
               "positions set equal.",
         examples=(("TensorContract[{{1, 2}, {3, 4}}, {{1, 2}}]", "5"),
                   ("TensorContract[Array[a, {2, 2}], {{1, 2}}]", "a[1, 1] + a[2, 2]")))
def tensor_contract(ev, t, spec):
    dims = _dimensions(t)
    pairs = _pairs(spec, len(dims))
    if pairs is None or any(dims[i] != dims[j] for i, j in pairs):
        return None
    kept = [k for k in range(len(dims)) if all(k not in p for p in pairs)]
    arr = packed_array(to_packed(t))
    if arr is not None and arr.ndim == len(dims):
        letters = [chr(ord("a") + k) for k in range(len(dims))]
        for i, j in pairs:
            letters[j] = letters[i]
        result = np.einsum("".join(letters) + "->" + "".join(letters[k] for k in kept), arr)
        return list_from_array(result, owned=True) if result.ndim else from_py(result.item())

    def element(index):
        e = t
        for i in index:
            e = e.args[i]
        return e

    def entry(kept_index):
        terms = []
        for diagonal in product(*(range(dims[i]) for i, _ in pairs)):
            index = [0] * len(dims)
            for k, v in zip(kept, kept_index):
                index[k] = v
            for (i, j), v in zip(pairs, diagonal):
                index[i] = index[j] = v
            terms.append(element(index))
        return Expr(S.Plus, *terms)

    def build(prefix):
        if len(prefix) == len(kept):
            return entry(prefix)
        return Expr.from_args(LIST, [build(prefix + [v]) for v in range(dims[kept[len(prefix)]])])
    return ev.evaluate(build([]))
