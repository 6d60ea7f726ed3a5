"""SparseArray: an array stored as its few elements that differ from a background value.

The evaluated form is the Wolfram Language's own::

    SparseArray[Automatic, {d1, d2, …}, background, {1, {rowptr, indices}, values}]

(``rowptr`` the running count of stored elements row by row over the first index,
``indices`` the other indices of each stored element, in order; a vector is one row whose
``indices`` are {i}), printed ``SparseArray[<n>, {d1, d2, …}]``.  It is built from rules
(``{i, j} -> v``, patterns ``{i_, i_} -> 1``, Band[{i, j}] -> v), from a full array, or
from another SparseArray; ``Normal`` gives the full array and ``ArrayRules`` the rules.

Other functions see a SparseArray as the array it stands for: Part, Dimensions, Dot, the
arithmetic and the elementwise functions work on the full array, and a result that is an
array comes back sparse, its background the function of the backgrounds (``s + 1`` has
background 1).
"""

from __future__ import annotations

from itertools import product

import numpy as np

from wlnet.builtins._listutil import is_list, is_rule
from wlnet.builtins.numbers import is_numeric, to_py
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare

SPARSE = S.SparseArray
LIST = S.List
_AUTOMATIC = S.Automatic
_ZERO = Integer(0)
_MAX_PATTERN_POSITIONS = 1_000_000       # positions a pattern rule may be tried at

declare("Band", usage="Band[{i, j}] -> v in SparseArray's rules is the diagonal from {i, j} "
        "down: v on each of its positions, or the elements of a list v in turn.")

_MESSAGES = {
    "rect": "`1` is not a rectangular array.",
    "rule": "`1` is not a rule position -> value, a list of such rules or an array.",
    "dims": "The dimensions `1` should be a list of positive integers.",
    "pos": "The position `1` lies outside the array of dimensions `2`.",
    "spdim": "The dimensions of `1` cannot be found from its rules; give them.",
    "form": "`1` is not a valid SparseArray.",
    "big": "Patterns in the positions are tried at every position; an array of dimensions "
           "`1` has too many.",
    "prop": "`1` is not a property of a SparseArray; s[\"Properties\"] lists them.",
}


class Sparse:
    """dims (tuple of ints), background (an Expr), entries {1-based index tuple: value}."""
    __slots__ = ("dims", "background", "entries")

    def __init__(self, dims, background, entries):
        self.dims = tuple(dims)
        self.background = background
        self.entries = dict(sorted(entries.items()))

    def dense(self) -> Expr:
        packed = self._dense_machine_reals()
        if packed is not None:
            return packed

        def build(prefix):
            if len(prefix) == len(self.dims):
                return self.entries.get(prefix, self.background)
            return Expr.from_args(LIST, [build(prefix + (i,))
                                         for i in range(1, self.dims[len(prefix)] + 1)])
        return build(())

    def _dense_machine_reals(self) -> Expr | None:
        """The full array packed, when the background and every stored value are machine
        reals (the array Dot and Eigenvalues then take in one step instead of element by
        element); None otherwise (exact or symbolic elements stay as they are)."""
        values = [self.background, *self.entries.values()]
        if not all(type(v) is Real and v.precision is None for v in values) or \
                not all(self.dims):
            return None
        arr = np.full(self.dims, self.background.value, dtype=np.float64)
        if self.entries:
            index = np.array(list(self.entries), dtype=np.int64) - 1
            arr[tuple(index.T)] = [v.value for v in self.entries.values()]
        return list_from_array(arr, owned=True)

    def to_expr(self) -> Expr:
        """The evaluated WL form (rows over the first index; a vector is one row)."""
        keys = list(self.entries)
        if len(self.dims) == 1:
            rowptr = [0, len(keys)]
            indices = [k for k in keys]
        else:
            counts = [0] * self.dims[0]
            for k in keys:
                counts[k[0] - 1] += 1
            rowptr = [0]
            for c in counts:
                rowptr.append(rowptr[-1] + c)
            indices = [k[1:] for k in keys]
        data = Expr(LIST, Integer(1),
                    Expr(LIST, _int_list(rowptr),
                         Expr.from_args(LIST, [_int_list(i) for i in indices])),
                    Expr.from_args(LIST, list(self.entries.values())))
        return Expr(SPARSE, _AUTOMATIC, _int_list(self.dims), self.background, data)


def _int_list(values) -> Expr:
    return Expr.from_args(LIST, [Integer(v) for v in values])


def _ints(e) -> list[int] | None:
    if is_list(e) and all(type(a) is Integer for a in e.args):
        return [a.value for a in e.args]
    return None


def read_sparse(e) -> Sparse | None:
    """The Sparse of an evaluated SparseArray[Automatic, dims, background, data]; None
    for anything else."""
    if not (type(e) is Expr and e.head is SPARSE and len(e.args) == 4
            and e.args[0] is _AUTOMATIC):
        return None
    dims = _ints(e.args[1])
    data = e.args[3]
    if dims is None or not dims or min(dims) < 0 or not (
            is_list(data) and len(data.args) == 3 and is_list(data.args[1])
            and len(data.args[1].args) == 2 and is_list(data.args[2])):
        return None
    rowptr = _ints(data.args[1].args[0])
    indices = data.args[1].args[1]
    values = data.args[2].args
    if rowptr is None or not is_list(indices) or len(indices.args) != len(values):
        return None
    rows = 1 if len(dims) == 1 else dims[0]
    if len(rowptr) != rows + 1 or rowptr[0] != 0 or rowptr[-1] != len(values):
        return None
    entries = {}
    for row in range(rows):
        for n in range(rowptr[row], rowptr[row + 1]):
            rest = _ints(indices.args[n])
            if rest is None:
                return None
            index = tuple(rest) if len(dims) == 1 else (row + 1,) + tuple(rest)
            if len(index) != len(dims) or not all(1 <= i <= d for i, d in zip(index, dims)):
                return None
            entries[index] = values[n]
    return Sparse(dims, e.args[2], entries)


# ---------------------------------------------------------------------------- building

def _same_as_background(value, background) -> bool:
    if value == background:
        return True
    if is_numeric(value) and is_numeric(background):
        try:
            return to_py(value) == to_py(background)
        except (TypeError, ValueError):
            return False
    return False


def _array_dims(e) -> list[int] | None:
    """Dimensions of a full (rectangular) array; None when it is ragged or not a list."""
    dims = []
    level = [e]
    while all(is_list(x) for x in level):
        lengths = {len(x.args) for x in level}
        if len(lengths) != 1:
            return None
        n = lengths.pop()
        dims.append(n)
        if n == 0:
            break
        level = [a for x in level for a in x.args]
    return dims or None


def _is_ragged(e) -> bool:
    level = [e]
    while level and all(is_list(x) for x in level):
        if len({len(x.args) for x in level}) > 1:
            return True
        level = [a for x in level for a in x.args]
    return bool(level) and any(is_list(x) for x in level)


def _from_dense(array, dims, background) -> Sparse:
    entries = {}

    def walk(e, prefix):
        if len(prefix) == len(dims):
            if not _same_as_background(e, background):
                entries[prefix] = e
            return
        for i, a in enumerate(e.args, 1):
            walk(a, prefix + (i,))
    walk(array, ())
    return Sparse(dims, background, entries)


def _explicit_position(lhs) -> tuple | None:
    """{i, j, …} (or i, a vector's position) as a tuple; None for a pattern or Band."""
    ints = [lhs.value] if type(lhs) is Integer else _ints(lhs)
    return tuple(ints) if ints is not None and ints and min(ints) >= 1 else None


def _expanded_rules(rules) -> list:
    """Rules one position each: {p1, p2} -> {v1, v2} is p1 -> v1, p2 -> v2."""
    out = []
    for r in rules:
        lhs, rhs = r.args
        if is_list(lhs) and lhs.args and all(_explicit_position(p) for p in lhs.args) \
                and is_list(rhs) and len(rhs.args) == len(lhs.args):
            out += [Expr(r.head, p, v) for p, v in zip(lhs.args, rhs.args)]
        else:
            out.append(r)
    return out


def _band_positions(band, dims, value):
    """(position, value) pairs of Band[{i, j, …}] -> value: the diagonal from {i, j, …}
    (a list value runs down it, a scalar fills it)."""
    start = _ints(band.args[0]) if band.args else None
    if start is None or len(start) != len(dims):
        return None
    pos = list(start)
    out = []
    k = 0
    while all(1 <= p <= d for p, d in zip(pos, dims)):
        if is_list(value):
            if k >= len(value.args):
                break
            out.append((tuple(pos), value.args[k]))
        else:
            out.append((tuple(pos), value))
        pos = [p + 1 for p in pos]
        k += 1
    return out


def _rules_dims(rules) -> list[int] | None:
    """The smallest dimensions that hold every explicit position."""
    positions = [_explicit_position(r.args[0]) for r in rules]
    positions = [p for p in positions if p is not None]
    if not positions or len({len(p) for p in positions}) != 1:
        return None
    return [max(p[i] for p in positions) for i in range(len(positions[0]))]


def _from_rules(ev, rules, dims, background) -> Sparse | tuple:
    """The array the rules give (the first rule for a position wins); (message tag, its
    arguments) when they do not make one."""
    entries: dict = {}
    patterned = []
    for r in rules:
        lhs, rhs = r.args
        position = _explicit_position(lhs)
        if position is not None:
            if len(position) != len(dims) or not all(
                    p <= d for p, d in zip(position, dims)):
                return "pos", (lhs, _int_list(dims))
            entries.setdefault(position, ev.evaluate(rhs))
        elif type(lhs) is Expr and lhs.head is S.Band:
            pairs = _band_positions(lhs, dims, ev.evaluate(rhs))
            if pairs is None:
                return "rule", (r,)
            for p, v in pairs:
                entries.setdefault(p, v)
        else:
            patterned.append(r)
    if patterned:
        count = 1
        for d in dims:
            count *= d
        if count > _MAX_PATTERN_POSITIONS:
            return "big", (_int_list(dims),)
        for position in product(*(range(1, d + 1) for d in dims)):
            if position in entries:
                continue
            index = _int_list(position)
            for r in patterned:
                found = ev.evaluate(Expr(S.Replace, index, r))
                if found is not index and found != index:
                    entries[position] = found
                    break
    kept = {p: v for p, v in entries.items() if not _same_as_background(v, background)}
    return Sparse(dims, background, kept)


def _rule_list(e) -> list | None:
    if is_rule(e):
        return [e]
    if is_list(e) and e.args and all(is_rule(r) for r in e.args):
        return list(e.args)
    return None


def _dims_argument(e) -> list[int] | None:
    dims = _ints(e)
    if dims is None and type(e) is Integer:
        dims = [e.value]
    return dims if dims and min(dims) > 0 else None


@builtin("SparseArray", argc=(1, 4), messages=_MESSAGES,
         usage="SparseArray[{pos1 -> v1, pos2 -> v2, …}] is an array with the given "
               "elements and 0 elsewhere; SparseArray[rules, {d1, d2, …}] of those "
               "dimensions, SparseArray[rules, dims, val] with val elsewhere; "
               "SparseArray[list] stores the elements of a full array that are not 0.  "
               "Positions may be patterns ({i_, i_} -> 1) or Band[{i, j}].",
         examples=(("ArrayRules[SparseArray[{{1, 1} -> 1, {3, 3} -> 2}]]",
                    "{{1, 1} -> 1, {3, 3} -> 2, {_, _} -> 0}"),
                   ("Normal[SparseArray[{1 -> a, 3 -> b}]]", "{a, 0, b}")))
def sparse_array(ev, *args):
    if args[0] is _AUTOMATIC:
        if len(args) == 4 and read_sparse(Expr.from_args(SPARSE, args)) is not None:
            return None                                   # already the evaluated form
        ev.message(SPARSE, "form", Expr.from_args(SPARSE, args))
        return None
    first = args[0]
    dims = None
    if len(args) >= 2:
        dims = _dims_argument(args[1])
        if dims is None:
            ev.message(SPARSE, "dims", args[1])
            return None
    background = args[2] if len(args) >= 3 else _ZERO
    if len(args) == 4:
        return None
    given = read_sparse(first)
    if given is not None:
        return _respecified(ev, given, dims, background if len(args) >= 3 else None)
    rules = _rule_list(first)
    if rules is not None:
        rules = _expanded_rules(rules)
        dims = dims or _rules_dims(rules)
        if dims is None:
            ev.message(SPARSE, "spdim", Expr.from_args(SPARSE, args))
            return None
        made = _from_rules(ev, rules, dims, background)
        if isinstance(made, tuple):
            ev.message(SPARSE, made[0], *made[1])
            return None
        return made.to_expr()
    if is_list(first):
        if _is_ragged(first):
            ev.message(SPARSE, "rect", first)
            return None
        own = _array_dims(first)
        made = _from_dense(first, own, background)
        return (made if dims is None else _resized(made, dims)).to_expr()
    ev.message(SPARSE, "rule", first)
    return None


def _resized(s: Sparse, dims) -> Sparse:
    """s cut or padded (with its background) to new dimensions of the same rank."""
    if len(dims) != len(s.dims):
        return s
    kept = {p: v for p, v in s.entries.items() if all(i <= d for i, d in zip(p, dims))}
    return Sparse(dims, s.background, kept)


def _respecified(ev, s: Sparse, dims, background) -> Expr:
    if background is not None and not _same_as_background(background, s.background):
        s = _from_dense(s.dense(), list(s.dims), background)
    return (s if dims is None else _resized(s, dims)).to_expr()


# ---------------------------------------------------------------------------- reading

@builtin_upvalue("Normal", "SparseArray")
def _normal(ev, s, *rest):
    sparse = read_sparse(s)
    return None if sparse is None or rest else sparse.dense()


@builtin("ArrayRules", argc=(1, 2),
         usage="ArrayRules[s] is the list of rules {i, j, …} -> v of the stored elements of "
               "a SparseArray, or of the elements of a full array that are not 0, the last "
               "rule {_, _, …} -> background.",
         examples=(("ArrayRules[SparseArray[{1 -> a, 3 -> b}]]",
                    "{{1} -> a, {3} -> b, {_} -> 0}"),))
def array_rules(ev, e, background=None):
    s = read_sparse(e)
    if s is None:
        if not is_list(e) or _is_ragged(e):
            return None
        s = _from_dense(e, _array_dims(e), background if background is not None else _ZERO)
    elif background is not None and not _same_as_background(background, s.background):
        s = _from_dense(s.dense(), list(s.dims), background)
    rules = [Expr(S.Rule, _int_list(p), v) for p, v in s.entries.items()]
    blanks = Expr.from_args(LIST, [Expr(S.Blank)] * len(s.dims))
    return Expr.from_args(LIST, rules + [Expr(S.Rule, blanks, s.background)])


# ---------------------------------------------------------------------------- properties

def _row_columns(s: Sparse) -> Expr:
    """For each row of a matrix, the columns of its stored elements."""
    rows = [[] for _ in range(s.dims[0])]
    for i, j in s.entries:
        rows[i - 1].append(j)
    return Expr.from_args(LIST, [_int_list(r) for r in rows])


def _stored_form(s: Sparse, index: int) -> Expr:
    """Part of the evaluated form's data {1, {rowptr, indices}, values}: 0 rowptr,
    1 indices."""
    return s.to_expr().args[3].args[1].args[index]


_PROPERTIES = {
    "Background": lambda s: s.background,
    "NonzeroValues": lambda s: Expr.from_args(LIST, list(s.entries.values())),
    "NonzeroPositions": lambda s: Expr.from_args(LIST, [_int_list(p) for p in s.entries]),
    "Density": lambda s: Real(len(s.entries) / max(1, _count(s.dims))),
    "RowPointers": lambda s: _stored_form(s, 0),
    "ColumnIndices": lambda s: _stored_form(s, 1),
    "AdjacencyLists": lambda s: _row_columns(s) if len(s.dims) == 2 else None,
    "MatrixColumns": lambda s: _row_columns(s) if len(s.dims) == 2 else None,
}


def _count(dims) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


@builtin_subvalue("SparseArray")
def _property(ev, e, *args):
    """s["prop"]: the stored elements' positions and values, the background, the density
    and the row-compressed form's parts, as the SparseArray page lists them."""
    s = read_sparse(e)
    if s is None or len(args) != 1 or type(args[0]) is not String:
        return None
    name = args[0].value
    if name == "Properties":
        return Expr.from_args(LIST, [String(k) for k in sorted(_PROPERTIES)])
    get = _PROPERTIES.get(name)
    value = get(s) if get is not None else None
    if value is None:
        ev.message(SPARSE, "prop", args[0])
    return value


def sparse_text(e) -> str | None:
    """OutputForm: SparseArray[<n>, {d1, d2, …}] (n the stored elements)."""
    s = read_sparse(e)
    if s is None:
        return None
    return f"SparseArray[<{len(s.entries)}>, {{{', '.join(str(d) for d in s.dims)}}}]"


# ---------------------------------------------------------------------------- as arrays

# functions that see the full array and give their own result as it is
_ON_FULL_ARRAY = ("Dimensions", "Length", "ArrayDepth", "ArrayQ", "MatrixQ", "VectorQ",
                  "SquareMatrixQ", "Total", "Max", "Min", "Mean", "Tr", "Det", "Flatten",
                  "Apply", "Map", "Select", "Position", "Count", "MemberQ", "FreeQ",
                  "Accumulate", "Differences", "ListPlot", "ArrayPlot", "MatrixPlot",
                  "MatrixForm", "TableForm", "Equal", "Unequal", "Norm", "Eigenvalues",
                  "Eigenvectors", "Eigensystem",
                  "MatrixRank", "LinearSolve", "Total", "Sort", "Reverse", "Union")
# functions whose array result is sparse again, over the backgrounds
_ELEMENTWISE = ("Plus", "Times", "Power", "Abs", "Sqrt", "Exp", "Log", "Sin", "Cos", "Tan",
                "Tanh", "Round", "Floor", "Ceiling", "N", "Chop", "Re", "Im", "Conjugate",
                "Sign", "Clip", "Mod", "Quotient", "Minus", "Subtract", "Divide")
# functions whose array result is sparse again with background 0
_STRUCTURAL = ("Transpose", "Dot", "Inverse", "KroneckerProduct", "Part", "Take", "Drop",
               "ArrayReshape", "Outer")


def _full(a):
    s = read_sparse(a)
    return a if s is None else s.dense()


def _has_sparse(args) -> bool:
    return any(type(a) is Expr and a.head is SPARSE for a in args)


def _sparse_again(ev, value, background) -> Expr:
    if not is_list(value) or _is_ragged(value):
        return value
    return _from_dense(value, _array_dims(value), background).to_expr()


def _on_full_array(name: str):
    def handler(ev, *args):
        if not _has_sparse(args):
            return None
        return Expr(Symbol(name), *(_full(a) for a in args))
    return handler


def _readable(args) -> list | None:
    """The Sparse of each argument (None for the others); None when a SparseArray among
    them is not a valid one."""
    parts = [read_sparse(a) for a in args]
    if any(p is None and type(a) is Expr and a.head is SPARSE for p, a in zip(parts, args)):
        return None
    return parts


def _unevaluated(value, name: str) -> bool:
    return type(value) is Expr and type(value.head) is Symbol and value.head.name == name


def _elementwise(name: str):
    def handler(ev, *args):
        parts = _readable(args) if _has_sparse(args) else None
        if parts is None:
            return None
        value = ev.evaluate(Expr(Symbol(name), *(_full(a) for a in args)))
        if _unevaluated(value, name):
            return None
        if any(p is None and is_list(a) for p, a in zip(parts, args)):
            background = _ZERO              # a full array among the arguments
        else:
            background = ev.evaluate(Expr(Symbol(name), *(
                p.background if p is not None else a for p, a in zip(parts, args))))
        return _sparse_again(ev, value, background)
    return handler


def _structural(name: str):
    """Transpose, Part, … keep the background; Dot, Inverse, … give background 0."""
    keeps_background = name in ("Transpose", "Part", "Take", "Drop", "ArrayReshape")

    def handler(ev, *args):
        parts = _readable(args) if _has_sparse(args) else None
        if parts is None:
            return None
        value = ev.evaluate(Expr(Symbol(name), *(_full(a) for a in args)))
        if _unevaluated(value, name):
            return None
        backgrounds = [p.background for p in parts if p is not None]
        background = backgrounds[0] if keeps_background else _ZERO
        return _sparse_again(ev, value, background)
    return handler


for _name in dict.fromkeys(_ON_FULL_ARRAY):
    builtin_upvalue(_name, "SparseArray")(_on_full_array(_name))
for _name in _ELEMENTWISE:
    builtin_upvalue(_name, "SparseArray")(_elementwise(_name))
for _name in _STRUCTURAL:
    builtin_upvalue(_name, "SparseArray")(_structural(_name))


def _register_display():
    from wlnet.syntax.printer import register_output_format
    register_output_format("SparseArray", sparse_text)


_register_display()
