"""CellularAutomaton: the evolution of one- and more-dimensional cellular automata.

    CellularAutomaton[rule, init, t]       the states at steps 0 … t
    CellularAutomaton[rule, init]          the state after one step
    CellularAutomaton[rule, init, {tspec, xspec, …}]    parts of the evolution
    CellularAutomaton[rule][init]          the operator form (one step)

Rules: n (elementary), {n, k}, {n, k, r}, {n, k, {r1, r2, …}} (general rules: the
neighbourhood read as a base-k number picks a digit of n), {n, {k, 1}, rspec}
(totalistic: the sum of the neighbourhood), {n, {k, weights}, rspec} (the weighted sum
picks the digit: {224, {2, {{2,2,2},{2,1,2},{2,2,2}}}, {1,1}} is the Game of Life),
{fun, {}, rspec} (fun[neighbourhood, step] gives the new value, step 1 the first), {lhs -> rhs, …}
(replacements of neighbourhoods), and associations with "RuleNumber", "TotalisticCode",
"OuterTotalisticCode", "GrowthCases", "GrowthSurvivalCases" or "GrowthDecayCases" and
"Dimension", "Colors", "Range", "Neighborhood".

Initial conditions: an array of values (cyclic boundaries), or {block, bg} (the block on
an unbounded background of value bg; the result covers every cell the block can affect
in the steps asked for, offsets counted from the block's first cell).

tspec: t (steps 0 … t), {t} (steps 0 … t), {{t}}… as in WL's page: inside the spec list,
t gives steps 0 … t, {t} step t alone in a list, {{t}} step t bare, {t1, t2} and
{t1, t2, dt} ranges.  xspec: All or Automatic (the whole region), {x1, x2} offsets,
{x} one cell in a list, {{x}} one cell bare.

Each step is whole-array work: the neighbourhoods are a sliding window over the padded
state, a table rule is one tensordot with the weights and one look-up; a function or
replacement rule is evaluated once per distinct neighbourhood.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from wlnet.builtins._listutil import int_value, is_list, operator_form
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin

_MESSAGES = {
    "rule": "`1` is not a cellular automaton rule of a form this implementation knows.",
    "init": "`1` is not an initial condition for a `2`-dimensional rule: give an array of "
            "values (cyclic) or {block, background}.",
    "vals": "The initial condition `1` has values outside 0 … `2` for a `3`-colour rule.",
    "steps": "`1` is not a step specification: give t, or {tspec, xspec, …}.",
    "rfun": "The rule gave `1`, not a number, for the neighbourhood `2`.",
}


class _Rule:
    """A rule ready to run: its dimension, the radius of its window in each dimension,
    and how a stack of windows becomes new values (``update``)."""

    def __init__(self, radii, k=None, weights=None, table=None, fun=None, replacements=None):
        self.radii = tuple(radii)
        self.dim = len(self.radii)
        self.k = k
        self.weights = weights            # table rules: weights of the window's cells
        self.table = table                # new value indexed by the weighted sum
        self.fun = fun                    # {fun, {}, rspec}
        self.replacements = replacements  # {lhs -> rhs, …}

    @property
    def window(self):
        return tuple(2 * r + 1 for r in self.radii)

    def update(self, ev, windows: np.ndarray, step: int):
        """New values of every cell: ``windows`` has the grid's shape then the window's."""
        if self.table is not None:
            sums = np.tensordot(windows, self.weights, axes=self.dim).astype(np.int64)
            inside = sums < len(self.table)
            return np.where(inside, self.table[np.where(inside, sums, 0)], 0)
        return self._by_evaluation(ev, windows, step)

    def _by_evaluation(self, ev, windows, step):
        """Function and replacement rules: each distinct neighbourhood evaluated once."""
        grid_shape = windows.shape[:self.dim]
        flat = windows.reshape(-1, int(np.prod(self.window)))
        distinct, inverse = np.unique(flat, axis=0, return_inverse=True)
        values = []
        for row in distinct:
            hood = list_from_array(row.reshape(self.window))
            if self.fun is not None:
                result = ev.evaluate(Expr(self.fun, hood, Integer(step)))
            else:
                result = ev.evaluate(Expr(S.Replace, hood, self.replacements))
            if type(result) not in (Integer, Real):
                ev.message(S.CellularAutomaton, "rfun", result, hood)
                return None
            values.append(result._value)
        out = np.array(values)[inverse.reshape(-1)]
        return out.reshape(grid_shape)


# ---------------------------------------------------------------------------- rules

def _digits_table(n: int, k: int, size: int) -> np.ndarray:
    """The base-k digits of n, least significant first, as many as ``size`` (zeros past
    n's own digits): the new value for each weighted sum 0 … size-1."""
    table = np.zeros(size, dtype=np.int64)
    for i in range(size):
        if n == 0:
            break
        n, table[i] = divmod(n, k)
    return table


def _table_rule(n: int, k: int, weights: np.ndarray) -> _Rule:
    radii = [(s - 1) // 2 for s in weights.shape]
    size = int(weights.sum()) * (k - 1) + 1
    return _Rule(radii, k=k, weights=weights, table=_digits_table(n, k, size))


def _radii(spec):
    """rspec: r (one dimension) or {r1, r2, …}; None when not of that form."""
    r = int_value(spec)
    if r is not None and r >= 0:
        return (r,)
    if is_list(spec) and spec._args:
        rs = [int_value(a) for a in spec._args]
        if all(x is not None and x >= 0 for x in rs):
            return tuple(rs)
    return None


def _general_weights(k: int, radii) -> np.ndarray:
    """A general rule's weights: the window read as a base-k number, first cell most
    significant."""
    shape = tuple(2 * r + 1 for r in radii)
    size = int(np.prod(shape))
    dtype = np.int64 if k ** size < 2 ** 62 else object
    return np.array([k ** (size - 1 - i) for i in range(size)], dtype=dtype).reshape(shape)


def _int_array(e):
    p = to_packed(e)
    arr = packed_array(p) if p is not None else None
    return arr if arr is not None and arr.dtype.kind == "i" else None


def _number_rule(args) -> _Rule | None:
    """{n, k}, {n, k, rspec}, {n, {k, 1}, rspec}, {n, {k, weights}, rspec}."""
    n = int_value(args[0])
    if n is None or n < 0 or len(args) not in (2, 3):
        return None
    colours = args[1]
    k = int_value(colours)
    if k is not None:
        radii = _radii(args[2]) if len(args) == 3 else (1,)
        if k < 2 or radii is None:
            return None
        return _table_rule(n, k, _general_weights(k, radii))
    if not (is_list(colours) and len(colours._args) == 2):
        return None
    k = int_value(colours._args[0])
    if k is None or k < 2:
        return None
    spec = colours._args[1]
    if int_value(spec) == 1:                             # totalistic
        radii = _radii(args[2]) if len(args) == 3 else (1,)
        if radii is None:
            return None
        return _table_rule(n, k, np.ones(tuple(2 * r + 1 for r in radii), dtype=np.int64))
    weights = _int_array(spec)
    if weights is None or any(s % 2 == 0 for s in weights.shape) or (weights < 0).any():
        return None
    if len(args) == 3:
        radii = _radii(args[2])
        if radii is None or tuple(2 * r + 1 for r in radii) != weights.shape:
            return None
    return _table_rule(n, k, weights)


def _function_rule(args) -> _Rule | None:
    """{fun, {}, rspec}."""
    if len(args) != 3 or not (is_list(args[1]) and not args[1]._args):
        return None
    radii = _radii(args[2])
    return None if radii is None else _Rule(radii, fun=args[0])


def _replacement_rule(rule) -> _Rule | None:
    """{lhs -> rhs, …}: the window is the shape of the first explicit left-hand side."""
    for r in rule._args:
        if type(r) is not Expr or r._head not in (S.Rule, S.RuleDelayed):
            return None
    shape = _list_shape(rule._args[0]._args[0])
    if not shape or any(s % 2 == 0 for s in shape):
        return None
    return _Rule([(s - 1) // 2 for s in shape], replacements=rule)


def _list_shape(e):
    shape = []
    while is_list(e) and e._args:
        shape.append(len(e._args))
        e = e._args[0]
    return shape


_NEIGHBOURHOODS = {"Moore": 9, "VonNeumann": 5}


def _association_rule(ev, assoc) -> _Rule | None:
    """Rules given by "RuleNumber", "TotalisticCode", "OuterTotalisticCode" or the growth
    cases, with "Dimension", "Colors", "Range" and "Neighborhood"."""
    keys = {}
    for r in assoc._args:
        key = r._args[0]
        if type(key) is not String:
            return None
        keys[key.value] = r._args[1]
    dim = int_value(keys.get("Dimension", Integer(1)))
    k = int_value(keys.get("Colors", Integer(2)))
    r = int_value(keys.get("Range", Integer(1)))
    if dim is None or dim < 1 or k is None or k < 2 or r is None or r < 0:
        return None
    radii = (r,) * dim
    mask = _neighbourhood_mask(keys.get("Neighborhood"), radii)
    if mask is None:
        return None
    centre = tuple(radii)
    if "RuleNumber" in keys:
        n = int_value(keys["RuleNumber"])
        return None if n is None or n < 0 else _table_rule(n, k, _general_weights(k, radii))
    if "TotalisticCode" in keys:
        n = int_value(keys["TotalisticCode"])
        return None if n is None or n < 0 else _table_rule(n, k, mask.astype(np.int64))
    outer = mask.astype(np.int64) * k
    outer[centre] = 1
    if "OuterTotalisticCode" in keys:
        n = int_value(keys["OuterTotalisticCode"])
        return None if n is None or n < 0 else _table_rule(n, k, outer)
    growth = _growth_code(keys, int(mask.sum()) - 1)
    if growth is None:
        return None
    outer = mask.astype(np.int64) * 2          # growth cases are two-colour rules
    outer[centre] = 1
    return _table_rule(growth, 2, outer)


def _neighbourhood_mask(spec, radii):
    """Which cells of the window count: all (Moore, the default) or those within the
    range in the city-block distance (von Neumann)."""
    shape = tuple(2 * r + 1 for r in radii)
    if spec is None:
        return np.ones(shape, dtype=bool)
    name = spec.value if type(spec) is String else None
    size = _NEIGHBOURHOODS.get(name, int_value(spec))
    offsets = np.indices(shape) - np.array(radii).reshape((-1,) + (1,) * len(shape))
    if size == int(np.prod(shape)):
        return np.ones(shape, dtype=bool)
    von_neumann = np.abs(offsets).sum(axis=0) <= max(radii)
    if size == int(von_neumann.sum()):
        return von_neumann
    return None


def _growth_code(keys, neighbours: int) -> int | None:
    """The outer totalistic code (sum = 2 × live neighbours + centre) of the growth cases:
    growth makes a cell 1, survival leaves it as it is, decay makes it 0, anything else
    makes it 0 (growth-survival) or leaves it (growth, growth-decay)."""
    def cases(e):
        vals = [int_value(a) for a in e._args] if is_list(e) else [None]
        return None if None in vals else set(vals)

    if "GrowthCases" in keys:
        grow, keep, kill, otherwise = cases(keys["GrowthCases"]), None, set(), "keep"
    elif "GrowthSurvivalCases" in keys or "GrowthDecayCases" in keys:
        pair = keys.get("GrowthSurvivalCases", keys.get("GrowthDecayCases"))
        if not (is_list(pair) and len(pair._args) == 2):
            return None
        grow, other = cases(pair._args[0]), cases(pair._args[1])
        if "GrowthSurvivalCases" in keys:
            keep, kill, otherwise = other, set(), "zero"
        else:
            keep, kill, otherwise = set(), other, "keep"
    else:
        return None
    if grow is None or keep is None and otherwise == "zero" or kill is None:
        return None
    code = 0
    for count in range(neighbours + 1):
        for centre in (0, 1):
            if count in grow:
                new = 1
            elif count in kill:
                new = 0
            elif (keep and count in keep) or otherwise == "keep":
                new = centre
            else:
                new = 0
            code += new << (2 * count + centre)
    return code


def parse_rule(ev, rule) -> _Rule | None:
    n = int_value(rule)
    if n is not None:
        return _table_rule(n, 2, np.array([4, 2, 1])) if n >= 0 else None
    if type(rule) is Expr and rule._head is S.Association:
        return _association_rule(ev, rule)
    if not is_list(rule) or not rule._args:
        return None
    first = rule._args[0]
    if type(first) is Expr and first._head in (S.Rule, S.RuleDelayed):
        return _replacement_rule(rule)
    if type(first) is Integer:
        return _number_rule(rule._args)
    return _function_rule(rule._args)


# ---------------------------------------------------------------------------- evolution

def _values(e, dim):
    """An initial array of numbers of rank ``dim``, or None."""
    p = to_packed(e, coerce=True)
    arr = packed_array(p) if p is not None else None
    if arr is None or arr.ndim != dim or arr.dtype.kind not in "if":
        return None
    return arr


def _initial(init, dim):
    """(array, background) with background None for cyclic boundaries, or None."""
    arr = _values(init, dim)
    if arr is not None:
        return arr, None
    if is_list(init) and len(init._args) == 2:
        block = _values(init._args[0], dim)
        bg = init._args[1]
        if block is not None and type(bg) in (Integer, Real):
            return block, bg._value
    return None


def _run(ev, rule, state, steps, pads, background):
    """The states at steps 0 … steps (a list of arrays), or None after a message.  With a
    background the state is first padded by ``pads`` ((before, after) per dimension)."""
    bg = background
    if bg is not None:
        state = np.pad(state, pads, constant_values=bg)
    states = [state]
    width = [(r, r) for r in rule.radii]
    for step in range(1, steps + 1):
        if bg is None:
            padded = np.pad(state, width, mode="wrap")
        else:
            padded = np.pad(state, width, constant_values=bg)
            uniform = np.full(rule.window, bg, dtype=state.dtype)
            bg_next = rule.update(ev, uniform.reshape((1,) * rule.dim + rule.window), step)
            if bg_next is None:
                return None
            bg = bg_next.reshape(-1)[0]
        state = rule.update(ev, sliding_window_view(padded, rule.window), step)
        if state is None:
            return None
        states.append(state)
    return states


def _index_spec(spec, top):
    """A tspec or xspec as (indices, bare): n → 0 … n, {n} → [n], {{n}} → n bare,
    {a, b} and {a, b, d} ranges; None when not of those forms."""
    n = int_value(spec)
    if n is not None:
        return list(range(0, n + 1)) if n >= 0 else None, False
    if not is_list(spec):
        return None
    vals = spec._args
    if len(vals) == 1 and is_list(vals[0]) and len(vals[0]._args) == 1:
        one = int_value(vals[0]._args[0])
        return (None if one is None else [one]), True
    ints = [int_value(v) for v in vals]
    if None in ints or not 1 <= len(ints) <= 3:
        return None
    if len(ints) == 1:
        return [ints[0]], False
    step = ints[2] if len(ints) == 3 else 1
    if step == 0:
        return None
    return list(range(ints[0], ints[1] + (1 if step > 0 else -1), step)), False


def _step_spec(spec, dim):
    """The third argument as (step indices, step bare, [cell spec per dimension]); a
    cell spec is None for all cells, else (offsets, bare)."""
    if int_value(spec) is not None:
        steps = _index_spec(spec, None)
        return None if steps[0] is None else (steps[0], False, [None] * dim)
    if not is_list(spec) or not spec._args or len(spec._args) > dim + 1:
        return None
    steps = _index_spec(spec._args[0], None)
    if steps is None or steps[0] is None or min(steps[0]) < 0:
        return None
    cells = []
    for x in list(spec._args[1:]) + [S.All] * (dim + 1 - len(spec._args)):
        if x in (S.All, S.Automatic):
            cells.append(None)
            continue
        offsets = _index_spec(x, None) if int_value(x) is None else None
        if offsets is None or offsets[0] is None:
            return None
        cells.append(offsets)
    return steps[0], steps[1], cells


def _pads(rule, shape, last, cells):
    """How far to grow an initial block on a background: every cell it can reach in
    ``last`` steps, and the cells asked for."""
    pads = []
    for r, size, cell in zip(rule.radii, shape, cells):
        before = after = r * last
        if cell is not None:
            before = max(before, -min(cell[0]))
            after = max(after, max(cell[0]) - size + 1)
        pads.append((before, after))
    return pads


def _select(arr, cells, pads, cyclic):
    """The cells asked for along each dimension (offsets from the initial block's first
    cell), one dimension at a time; a bare cell spec drops its dimension."""
    axis = 0
    for cell, (before, _) in zip(cells, pads):
        if cell is None:
            axis += 1
            continue
        offsets = np.array(cell[0])
        positions = offsets % arr.shape[axis] if cyclic else offsets + before
        if cell[1]:
            arr = np.take(arr, int(positions[0]), axis=axis)
        else:
            arr = np.take(arr, positions, axis=axis)
            axis += 1
    return arr


@builtin(argc=(1, 3), messages=_MESSAGES,
         usage="CellularAutomaton[rule, init, t] gives the evolution of a cellular automaton "
               "from init for t steps; CellularAutomaton[rule, init] one step; "
               "CellularAutomaton[rule, init, {tspec, xspec, …}] parts of it.",
         examples=(("CellularAutomaton[30, {{1}, 0}, 2]",
                    "{{0, 0, 1, 0, 0}, {0, 1, 1, 1, 0}, {1, 1, 0, 0, 1}}"),
                   ("CellularAutomaton[90, {0, 1, 0, 0}]", "{1, 0, 1, 0}")))
def CellularAutomaton(ev, rule, init=None, spec=None):
    if init is None:
        return None                      # the operator form waits for its init
    parsed = parse_rule(ev, rule)
    if parsed is None:
        ev.message(S.CellularAutomaton, "rule", rule)
        return None
    start = _initial(init, parsed.dim)
    if start is None:
        ev.message(S.CellularAutomaton, "init", init, Integer(parsed.dim))
        return None
    state, background = start
    if parsed.k is not None:
        values = state if background is None else np.append(state.reshape(-1), background)
        if values.dtype.kind != "i" or values.min() < 0 or values.max() >= parsed.k:
            ev.message(S.CellularAutomaton, "vals", init, Integer(parsed.k - 1),
                       Integer(parsed.k))
            return None
    if spec is None:
        steps, bare, cells = [1], True, [None] * parsed.dim
    else:
        read = _step_spec(spec, parsed.dim)
        if read is None:
            ev.message(S.CellularAutomaton, "steps", spec)
            return None
        steps, bare, cells = read
    last = max(steps)
    pads = _pads(parsed, state.shape, last, cells)
    states = _run(ev, parsed, state, last, pads, background)
    if states is None:
        return None
    chosen = [_select(states[t], cells, pads, background is None) for t in steps]
    if bare:
        return list_from_array(chosen[0])
    return list_from_array(np.stack(chosen))


operator_form("CellularAutomaton", 1, position="last")
