"""Changing the nesting: ``Flatten``, ``Partition``, ``Transpose``, ``Tuples``, ``Subsets``,
``Permutations``, ``Riffle``."""

from __future__ import annotations

import itertools
import math

from wlnet.core.expr import Expr, Integer, S
from wlnet.core.packed import pack, packed_array
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import (
    ALL, ASSOCIATION, LIST, RULE, affordable, all_integers, int_value, is_assoc, is_infinity,
    is_list, mklist, nonneg_int)
from wlnet.builtins.lists._shared import UPTO, _flatten_into, _product
from wlnet.builtins.lists.structure import dimensions_of


class _FlattenDepthError(Exception):
    """A level named in Flatten's groups is deeper than ``e`` goes at some position."""

    def __init__(self, level: int, depth: int):
        super().__init__(level, depth)
        self.level, self.depth = level, depth


def _flatten_dims(ev, e, groups):
    """``Flatten[e, {{s11, s12, …}, {s21, …}, …}]``: level i of the result runs over the
    levels in group i of ``e``; the levels down to the deepest one named that no group names
    follow in their order (``{{2}}`` transposes the first two levels).  ``e`` may be ragged:
    the elements at the deepest level named are placed in the lexicographic order of their
    regrouped indices (``Flatten[{{a, b, c}, {d, e}}, {2}]`` is {{a, d}, {b, e}, {c}})."""
    deepest = max(lv for grp in groups for lv in grp)
    named = {lv for grp in groups for lv in grp}
    groups = [list(grp) for grp in groups] + [[lv] for lv in range(1, deepest + 1)
                                                if lv not in named]
    fast = _flatten_packed(e, groups, deepest)
    if fast is not None:
        return fast
    entries = []                                      # (regrouped index, element)

    def walk(x, index):
        if len(index) == deepest:
            entries.append((tuple(tuple(index[lv - 1] for lv in grp) for grp in groups), x))
            return
        if type(x) is not Expr or x._head != e._head:
            raise _FlattenDepthError(deepest, len(index))
        for i, a in enumerate(x._args):
            walk(a, index + (i,))
    walk(e, ())
    entries.sort(key=lambda entry: entry[0])

    def build(chunk, g):
        if g == len(groups):
            return chunk[0][1]
        out, start = [], 0
        for stop in range(1, len(chunk) + 1):
            if stop == len(chunk) or chunk[stop][0][g] != chunk[start][0][g]:
                out.append(build(chunk[start:stop], g + 1))
                start = stop
        return Expr.from_args(e._head, out)
    return build(entries, 0)


def _flatten_packed(e, groups, deepest):
    """The regrouping of a packed array by numpy (a transpose and a reshape), None when
    ``e`` is not packed."""
    arr = packed_array(e)
    if arr is None or arr.ndim < deepest:
        return None
    order = [lv - 1 for grp in groups for lv in grp] + list(range(deepest, arr.ndim))
    sizes = [math.prod(arr.shape[lv - 1] for lv in grp) for grp in groups]
    return pack(arr.transpose(order).reshape(sizes + list(arr.shape[deepest:])))


def _level_groups(n):
    """The groups of ``Flatten[e, n]``'s level specification n: a list of lists of
    positive integers, or a list of positive integers (one group); None for anything else or
    a level named twice."""
    def level(x):
        return (int_value(x) or 0) > 0

    if not is_list(n) or not n._args:
        return None
    if all(is_list(g) and g._args and all(level(x) for x in g._args) for g in n._args):
        groups = [[x._value for x in g._args] for g in n._args]
    elif all(level(x) for x in n._args):
        groups = [[x._value for x in n._args]]
    else:
        return None
    levels = [lv for grp in groups for lv in grp]
    return groups if len(set(levels)) == len(levels) else None


@builtin("Flatten", argc=(1, 3), usage="Flatten[list] splices all nested lists; "
         "Flatten[list, n] to level n; Flatten[list, n, h] splices subexpressions with head h; "
         "Flatten[list, {{s11, …}, {s21, …}}] regroups levels.",
         examples=(("Flatten[{a, {b, {c}}}]", "{a, b, c}"),
                   ("Flatten[{a, {b, {c}}}, 1]", "{a, b, {c}}")),
         messages={"flpi": "Levels to be flattened together in `1` should be lists of "
                           "positive integers.",
                   "fldep": "Level `1` named in `2` is deeper than the `3` levels of `4` "
                            "that can be flattened together."})
def flatten(ev, e, n=None, h=None):
    if type(e) is not Expr:
        return e if n is None else None
    depth = None
    if n is not None and not is_infinity(n):
        if int_value(n) is not None:
            depth = max(n._value, 0)
        elif is_list(n):
            groups = _level_groups(n)
            if groups is None:
                ev.message(S.Flatten, "flpi", Expr(S.Flatten, e, n))
                return None
            try:
                return _flatten_dims(ev, e, groups)
            except _FlattenDepthError as err:
                ev.message(S.Flatten, "fldep", Integer(err.level), n, Integer(err.depth), e)
                return None
        else:
            ev.message(S.Flatten, "flpi", Expr(S.Flatten, e, n))
            return None
    out: list = []
    _flatten_into(out, e._args, e._head if h is None else h, depth)
    return Expr.from_args(e._head, out)


def _partition_element(items, i, pad):
    """Element at (0-based, possibly out-of-range) position ``i`` of items padded with pad:
    the list itself cyclically (pad None) or the padding list cyclically."""
    n = len(items)
    if 0 <= i < n:
        return items[i]
    if pad is None:
        return items[i % n]
    return pad[(i - n) % len(pad)] if i >= n else pad[i % len(pad)]


def _overhang(spec, n):
    """(kL, kR) from an overhang spec, as positive positions within a block of n."""
    if int_value(spec) is not None:
        kl = kr = spec._value
    elif is_list(spec) and len(spec._args) == 2 and all_integers(spec._args):
        kl, kr = spec._args[0]._value, spec._args[1]._value
    else:
        return None
    kl = kl if kl > 0 else n + kl + 1
    kr = kr if kr > 0 else n + kr + 1
    return kl, kr


def _partition_1d(items, n, d, over=None, pad=None, ragged=False):
    size = len(items)
    if over is None:
        return [items[s:s + n] for s in range(0, size - n + 1, d)]
    kl, kr = over
    start, last_start = 1 - kl, size - kr
    out = []
    s = start
    while s <= last_start:
        if ragged:
            block = [items[i] for i in range(max(s, 0), min(s + n, size))]
        else:
            block = [_partition_element(items, i, pad) for i in range(s, s + n)]
        out.append(block)
        s += d
    return out


@builtin("Partition", argc=(2, 5), usage="Partition[list, n] splits list into blocks of n "
         "(dropping a short tail); Partition[list, n, d] with offset d; "
         "Partition[list, n, d, {kL, kR}] with overhang, padding cyclically; "
         "Partition[list, n, d, k, x] pads with x ({} for no padding); Partition[list, UpTo[n]] "
         "keeps a short last block.",
         examples=(("Partition[{a, b, c, d, e}, 2]", "{{a, b}, {c, d}}"),
                   ("Partition[{a, b, c, d}, 3, 1]", "{{a, b, c}, {b, c, d}}")))
def partition(ev, e, n, d=None, over=None, pad=None):
    if type(e) is not Expr:
        return None
    if is_list(n) and over is None:
        return _partition_nd(e, n, d)
    items = list(e._args)
    upto = type(n) is Expr and n._head is UPTO and len(n._args) == 1
    size = nonneg_int(n._args[0]) if upto else nonneg_int(n)
    if not size:
        return None
    step = size if d is None else nonneg_int(d)
    if not step:
        return None
    if upto:
        blocks = [items[s:s + size] for s in range(0, len(items), step)]
        return Expr.from_args(e._head, (Expr.from_args(e._head, b) for b in blocks))
    overhang = None
    padding = None
    ragged = False
    if over is not None:
        overhang = _overhang(over, size)
        if overhang is None:
            return None
        if pad is not None:
            if is_list(pad) and not pad._args:
                ragged = True
            else:
                padding = list(pad._args) if is_list(pad) else [pad]
        elif not items:
            return Expr.from_args(e._head, ())
    blocks = _partition_1d(items, size, step, overhang, padding, ragged)
    return Expr.from_args(e._head, (Expr.from_args(e._head, b) for b in blocks))


def _partition_nd(e, n, d):
    """Partition[array, {n1, n2, …}] (and offsets {d1, d2, …}): the blocks of n1 x n2 x …
    elements, a block's position in the result its place in the array."""
    sizes = [nonneg_int(x) for x in n._args]
    steps = sizes if d is None else ([nonneg_int(x) for x in d._args] if is_list(d) else None)
    if not sizes or not all(sizes) or steps is None or len(steps) != len(sizes) \
            or not all(steps):
        return None
    blocks = _blocks(e, sizes, steps)
    return None if blocks is None else blocks


def _blocks(e, sizes, steps):
    """Blocks along the first level, each of them partitioned along the levels below; None
    when e is not deep enough."""
    if type(e) is not Expr:
        return None
    head, items = e._head, list(e._args)
    size, step = sizes[0], steps[0]
    groups = [items[s:s + size] for s in range(0, len(items) - size + 1, step)]
    if len(sizes) == 1:
        return Expr.from_args(head, (Expr.from_args(head, g) for g in groups))
    out = []
    for group in groups:
        parts = [_blocks(row, sizes[1:], steps[1:]) for row in group]
        if any(p is None for p in parts):
            return None
        out.append(_stacked(head, parts, len(sizes) - 1))
    return Expr.from_args(head, out)


def _stacked(head, parts, depth: int):
    """The rows' block arrays (each ``depth`` levels of blocks) merged: at each block
    position, the list of the rows' blocks there."""
    if depth == 0:
        return Expr.from_args(head, parts)
    count = min(len(p._args) for p in parts)
    return Expr.from_args(head, (_stacked(head, [p._args[i] for p in parts], depth - 1)
                                 for i in range(count)))


def _transpose_perm(e, perm, dims):
    """General Transpose: result index J has original index I with I[j] = J[perm[j]-1].  A
    level named twice ({1, 1}) takes the diagonal: the result has max(perm) levels."""
    k, rank = len(perm), max(perm)
    new_dims = [None] * rank
    for j, p in enumerate(perm):
        new_dims[p - 1] = dims[j] if new_dims[p - 1] is None else min(new_dims[p - 1], dims[j])

    def build(level, jdx):
        if level == rank:
            x = e
            for j in range(k):
                x = x._args[jdx[perm[j] - 1]]
            return x
        return Expr.from_args(e._head, (build(level + 1, jdx + [i])
                                        for i in range(new_dims[level])))
    return build(0, [])


def _same_keys(rows) -> list | None:
    """The keys of associations that all have the same keys in the same order, else None."""
    if not all(is_assoc(a) for a in rows):
        return None
    keys = [tuple(r._args[0] for r in a._args) for a in rows]
    return list(keys[0]) if all(k == keys[0] for k in keys) else None


def _transpose_associations(e):
    """A list of associations with the same keys ⇄ an association of lists of one length
    (WL: Transpose[{<|a -> 1|>, <|a -> 2|>}] is <|a -> {1, 2}|>); None for other data."""
    if is_list(e) and e._args:
        keys = _same_keys(e._args)
        if keys is None:
            return None
        return Expr.from_args(ASSOCIATION, (Expr(RULE, k, mklist(a._args[i]._args[1]
                                                                 for a in e._args))
                                            for i, k in enumerate(keys)))
    if is_assoc(e) and e._args and all(is_list(r._args[1]) for r in e._args):
        columns = [r._args[1]._args for r in e._args]
        if len({len(c) for c in columns}) != 1:
            return None
        keys = [r._args[0] for r in e._args]
        return mklist(Expr.from_args(ASSOCIATION, (Expr(RULE, k, v) for k, v in zip(keys, row)))
                      for row in zip(*columns))
    return None


def _swap_as_permutation(spec):
    """Transpose[t, m <-> n] swaps levels m and n: the permutation {…, n, …, m, …}."""
    if not (type(spec) is Expr and spec._head is S.TwoWayRule and len(spec._args) == 2
            and all(nonneg_int(a) is not None and a._value > 0 for a in spec._args)):
        return spec
    m, n = (a._value for a in spec._args)
    levels = list(range(1, max(m, n) + 1))
    levels[m - 1], levels[n - 1] = n, m
    return mklist(Integer(k) for k in levels)


@builtin("TensorTranspose", argc=2,
         usage="TensorTranspose[t, {n1, n2, …}] of an explicit array t is Transpose[t, {n1, "
               "n2, …}]: level k of t at level nk (a symbolic tensor stays as it is).",
         examples=(("TensorTranspose[{{1, 2}, {3, 4}}, {2, 1}]", "{{1, 3}, {2, 4}}"),
                   ("Dimensions[TensorTranspose[ConstantArray[0, {2, 3, 4}], {3, 2, 1}]]",
                    "{4, 3, 2}")))
def tensor_transpose(ev, t, perm):
    from wlnet.core.numeric_array import NumericArray
    explicit = isinstance(t, NumericArray) or (is_list(t) and t._args)
    if not explicit:
        return None
    return ev.evaluate(Expr(S.Transpose, t, perm))


@builtin("Transpose", argc=(1, 2), usage="Transpose[m] swaps the first two levels of m; "
         "Transpose[t, {n1, n2, …}] puts level k of t at level nk.",
         examples=(("Transpose[{{1, 2}, {3, 4}}]", "{{1, 3}, {2, 4}}"),),
         messages={"nmtx": "The first two levels of `1` cannot be transposed.",
                   "perm": "`1` is not a permutation."})
def transpose(ev, e, perm=None):
    if type(e) is not Expr:
        return None
    if perm is None:
        swapped = _transpose_associations(e)
        if swapped is not None:
            return swapped
        if not e._args:
            return e
        if all(type(r) is not Expr for r in e._args):
            return e                                   # a vector transposes to itself
        dims = dimensions_of(e, 2)
        if len(dims) < 2:
            ev.message(S.Transpose, "nmtx", e)
            return None
        return Expr.from_args(e._head, (Expr.from_args(e._head, col)
                                        for col in zip(*(r._args for r in e._args))))
    perm = _swap_as_permutation(perm)
    if not (is_list(perm) and perm._args and all_integers(perm._args)) or \
            sorted({a._value for a in perm._args}) != list(
                range(1, max(a._value for a in perm._args) + 1)):
        ev.message(S.Transpose, "perm", perm)
        return None
    p = [a._value for a in perm._args]
    dims = dimensions_of(e, len(p))
    if len(dims) < len(p):
        ev.message(S.Transpose, "nmtx", e)
        return None
    return _transpose_perm(e, p, dims)


@builtin("Tuples", argc=(1, 2), usage="Tuples[list, n] is every n-tuple of elements of list; "
         "Tuples[{list1, list2, …}] every tuple with one element from each list.",
         examples=(("Tuples[{0, 1}, 2]", "{{0, 0}, {0, 1}, {1, 0}, {1, 1}}"),))
def tuples(ev, e, n=None):
    if type(e) is not Expr:
        return None
    head = e._head
    if n is None:
        if not all(type(x) is Expr for x in e._args):
            return None
        pools = [x._args for x in e._args]
    elif nonneg_int(n) is not None:
        pools = [e._args] * n._value
    elif is_list(n) and all(nonneg_int(x) is not None for x in n._args):
        dims = [x._value for x in n._args]
        flat = tuples(ev, e, Integer(_product(dims)))
        if flat is None:
            return None
        result = [_reshape(t._args, dims, head) for t in flat._args]
        return mklist(result)
    else:
        if type(n) is Integer or is_list(n):      # a negative or non-integer size: intnn
            ev.message(S.Tuples, "intnn", Expr(S.Tuples, e, n), Integer(2))
        return None
    if not affordable(ev, _product(len(p) for p in pools) * max(len(pools), 1)):
        return None
    return Expr.from_args(LIST, (Expr.from_args(head, t) for t in itertools.product(*pools)))


def _reshape(items, dims, head):
    if len(dims) == 1:
        return Expr.from_args(head, items)
    step = _product(dims[1:])
    return Expr.from_args(head, (_reshape(items[i:i + step], dims[1:], head)
                                 for i in range(0, len(items), step)))


def _subset_sizes(spec, n):
    if spec is None or spec is ALL:
        return range(n + 1)
    if is_infinity(spec):
        return range(n + 1)
    if nonneg_int(spec) is not None:
        return range(min(spec._value, n) + 1)
    if is_list(spec) and all_integers(spec._args) and 1 <= len(spec._args) <= 3:
        vals = [a._value for a in spec._args]
        lo, hi = vals[0], vals[1] if len(vals) > 1 else vals[0]
        step = vals[2] if len(vals) > 2 else 1
        return [k for k in range(lo, hi + (1 if step > 0 else -1), step) if 0 <= k <= n]
    return None


@builtin("Subsets", argc=(1, 3), usage="Subsets[list] is every subset of list; "
         "Subsets[list, n] those of at most n elements; Subsets[list, {n}] exactly n; "
         "Subsets[list, {m, n}] from m to n; Subsets[list, spec, k] the first k of them.",
         examples=(("Subsets[{a, b}]", "{{}, {a}, {b}, {a, b}}"),))
def subsets(ev, e, spec=None, count=None):
    if type(e) is not Expr:
        return None
    n = len(e._args)
    sizes = _subset_sizes(spec, n)
    if sizes is None:
        return None
    if count is None and not affordable(ev, sum(math.comb(n, k) * max(k, 1) for k in sizes)):
        return None
    gen = (Expr.from_args(e._head, c) for k in sizes for c in itertools.combinations(e._args, k))
    if count is not None:
        if nonneg_int(count) is not None:
            gen = itertools.islice(gen, count._value)
        elif is_list(count) and len(count._args) == 1 and int_value(count._args[0]):
            k = count._args[0]._value
            picked = list(itertools.islice(gen, k))
            return mklist(picked[-1:]) if len(picked) == k else mklist(())
        else:
            return None
    return mklist(gen)


def _distinct_permutations(items, k):
    """Distinct k-permutations of items, in the order of first occurrence."""
    counts: dict = {}
    for x in items:
        counts[x] = counts.get(x, 0) + 1
    keys = list(counts)
    out = []

    def rec(prefix):
        if len(prefix) == k:
            out.append(tuple(prefix))
            return
        for x in keys:
            if counts[x]:
                counts[x] -= 1
                prefix.append(x)
                rec(prefix)
                prefix.pop()
                counts[x] += 1
    rec([])
    return out


def _distinct_permutation_count(items, sizes) -> int:
    """About how many elements the distinct k-permutations of items (k in sizes) hold:
    k! times the x^k coefficient of prod over distinct values of sum_j x^j / j!, in floats
    (only for the memory check, and only when the plain bound n!/(n-k)! is large)."""
    n = len(items)
    plain = sum(math.perm(n, k) * max(k, 1) for k in sizes)
    if plain <= 1 << 20:
        return plain
    counts: dict = {}
    for x in items:
        counts[x] = counts.get(x, 0) + 1
    poly = [1.0]
    for c in counts.values():
        term = [1.0 / math.factorial(j) for j in range(c + 1)]
        product = [0.0] * (len(poly) + c)
        for i, a in enumerate(poly):
            for j, b in enumerate(term):
                product[i + j] += a * b
        poly = product
    total = 0.0
    for k in sizes:
        total += math.factorial(k) * poly[k] * max(k, 1) if k < len(poly) else 0.0
    return int(min(total, 1e300))


@builtin("Permutations", argc=(1, 2), usage="Permutations[list] is every distinct "
         "permutation of list; Permutations[list, n] of at most n elements; {n} exactly n.",
         examples=(("Permutations[{a, b, c}]",
                    "{{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b}, {c, b, a}}"),))
def permutations(ev, e, spec=None):
    if type(e) is not Expr:
        return None
    n = len(e._args)
    sizes = [n] if spec is None else _subset_sizes(spec, n)
    if sizes is None:
        return None
    if not affordable(ev, _distinct_permutation_count(e._args, sizes)):
        return None
    return mklist(Expr.from_args(e._head, p) for k in sizes
                  for p in _distinct_permutations(e._args, k))


@builtin("Riffle", argc=(2, 3), usage="Riffle[list, x] puts x between consecutive elements; "
         "Riffle[list, {x1, x2, …}] interleaves the xi.",
         examples=(("Riffle[{a, b, c}, x]", "{a, x, b, x, c}"),))
def riffle(ev, e, x, n=None):
    if type(e) is not Expr:
        return None
    items = e._args
    if n is not None:
        step = nonneg_int(n)
        if not step or step < 2:
            return None
        fill = list(x._args) if is_list(x) else None
        out, j = [], 0
        for i, a in enumerate(items):
            if i and i % (step - 1) == 0:
                out.append(fill[j % len(fill)] if fill else x)
                j += 1
            out.append(a)
        return Expr.from_args(e._head, out)
    if is_list(x) and len(x._args) in (len(items), len(items) - 1) and items:
        fill = x._args
        out = []
        for i, a in enumerate(items):
            out.append(a)
            if i < len(fill):
                out.append(fill[i])
        return Expr.from_args(e._head, out)
    if is_list(x) and x._args:
        fill = x._args
        out = []
        for i, a in enumerate(items):
            if i:
                out.append(fill[(i - 1) % len(fill)])
            out.append(a)
        return Expr.from_args(e._head, out)
    out = []
    for i, a in enumerate(items):
        if i:
            out.append(x)
        out.append(a)
    return Expr.from_args(e._head, out)
