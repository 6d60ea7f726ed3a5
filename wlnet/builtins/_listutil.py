"""Shared helpers of the list, association and functional builtins.

Private to ``lists.py``, ``associations.py`` and ``functional.py`` (the leading underscore
keeps ``load_all`` from treating it as a builtin module): list construction, small-integer
reading, level specifications and the post-order traversal that ``Map``, ``Cases``,
``Position``, ``Count``… share, the bridges to the evaluator's pattern matcher and canonical
order, number conversion, and the registration of operator forms (``Select[crit][list]``).
"""

from __future__ import annotations

import os
import sys
from fractions import Fraction

from wlnet.core.bigreal import BigFloat
from wlnet.core.expr import Expr, FALSE, Integer, Rational, Real, S, Symbol, TRUE, make_rational
from wlnet.core.opaque import is_opaque
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin_subvalue, upvalue_handler
from wlnet.core import order, pattern

LIST = S.List
ASSOCIATION = S.Association
RULE = S.Rule
RULE_DELAYED = S.RuleDelayed
INFINITY = S.Infinity
ALL = S.All
NONE = Symbol("None")


# ---------------------------------------------------------------------------- construction

def is_list(e) -> bool:
    return type(e) is Expr and e._head is LIST


def is_assoc(e) -> bool:
    return type(e) is Expr and e._head is ASSOCIATION


def is_rule(e) -> bool:
    return type(e) is Expr and (e._head is RULE or e._head is RULE_DELAYED) and len(e._args) == 2


def numeric_array(ev, data, kinds: str = "iuf"):
    """The numbers of the list ``data`` as one numpy array, evaluated numerically and
    packed (what the array and image filters compute on); None when ``data`` is not a
    full array of numbers of those dtype kinds."""
    if not is_list(data):
        return None
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, data)), coerce=True) or data)
    return arr if arr is not None and arr.dtype.kind in kinds else None


def mklist(items) -> Expr:
    return Expr.from_args(LIST, items)


def values_if_assoc(e):
    """The list of an association's values (the data Mean, Median, Variance… take from it,
    keys ignored, as in WL); any other expression as it is."""
    return mklist(a._args[1] for a in e._args if is_rule(a)) if is_assoc(e) else e


# A result of more elements than this is checked against the memory available before it is
# built (reading /proc/meminfo costs microseconds: small results are not checked).
_CHECKED_SIZE = 1 << 20
_BYTES_PER_ELEMENT = 64          # an Integer atom and its slot in the parent's tuple


def _available_bytes():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def affordable(ev, count) -> bool:
    """Whether a result of ``count`` elements fits in the memory available; if not,
    General::nomem (as the Wolfram Language says when it declines such a computation).
    Builtins that can be asked for huge results (Range[10^12], Tuples[l, 60]) check first:
    building them would hang in loops that Ctrl-C cannot interrupt, then fail."""
    if count <= _CHECKED_SIZE:
        return True
    available = _available_bytes()
    budget = (available // _BYTES_PER_ELEMENT) if available is not None else 1 << 31
    if count <= budget:
        return True
    ev.message(S.General, "nomem")
    return False


def wl_bool(b: bool) -> Symbol:
    return TRUE if b else FALSE


_INDEX_CACHE: dict = {}
_INDEX_CACHE_SIZE = 64


def remember_assoc_index(args: tuple, index: dict) -> None:
    """Record ``index`` as the key → rule table of the entries ``args`` (a builtin that
    made them from an indexed association by one change saves building it again)."""
    if not args:
        return
    if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
        _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
    _INDEX_CACHE[(len(args), id(args[0]))] = (args, index)


def own_assoc_index(assoc) -> dict:
    """The key → rule table of the association ``assoc`` for the caller to change: the
    cached table itself when the cache is the only holder of it (it is then dropped from
    the cache, and ``assoc`` will have its table built again if asked), else a copy.  Taking
    the table over spares copying it, which made a loop of ``a[k] = v`` quadratic."""
    args = assoc._args
    key = (len(args), id(args[0])) if args else None
    cached = _INDEX_CACHE.get(key) if key is not None else None
    if cached is not None and cached[0] is args:
        index = cached[1]
        del cached
        # the references: the cache's pair, the name ``index`` and getrefcount's argument
        if sys.getrefcount(index) == 3:
            del _INDEX_CACHE[key]
            return index
        return dict(index)
    return dict(assoc_index(assoc))


# key -> position of an association's entries, by the same key as _INDEX_CACHE: with_entry
# replaces an entry at its position without searching for it, and hands the table on
_POSITIONS: dict = {}


def assoc_positions(assoc) -> dict:
    """key → position (0-based) of the entries of the association ``assoc``, recorded by
    the identity of its entries (as assoc_index records its key table)."""
    args = assoc._args
    if not args:
        return {}
    key = (len(args), id(args[0]))
    cached = _POSITIONS.get(key)
    if cached is not None and cached[0] is args:
        return cached[1]
    positions = {r._args[0]: i for i, r in enumerate(args) if is_rule(r)}
    remember_assoc_positions(args, positions)
    return positions


def own_assoc_positions(assoc) -> dict:
    """The key → position table of ``assoc`` for the caller to change and hand on
    (remember_assoc_positions): taken out of the record, which nothing else reads, when
    ``assoc`` is about to change in place; the record then no longer holds its entries."""
    positions = assoc_positions(assoc)
    if assoc._args:
        _POSITIONS.pop((len(assoc._args), id(assoc._args[0])), None)
    return positions


def remember_assoc_positions(args: tuple, positions: dict) -> None:
    """Record ``positions`` as the key → position table of the entries ``args``."""
    if not args:
        return
    if len(_POSITIONS) >= _INDEX_CACHE_SIZE:
        _POSITIONS.pop(next(iter(_POSITIONS)))
    _POSITIONS[(len(args), id(args[0]))] = (args, positions)


def assoc_index(assoc) -> dict:
    """key → rule of an association, cached by the identity of its entries (the same
    entries may come wrapped in a fresh Association expression each time)."""
    args = assoc._args
    if not args:
        return {}
    key = (len(args), id(args[0]))
    cached = _INDEX_CACHE.get(key)
    if cached is not None and (cached[0] is args or cached[0] == args):
        return cached[1]
    index = {r._args[0]: r for r in args if is_rule(r)}
    if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
        _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
    _INDEX_CACHE[key] = (args, index)
    return index


# ---------------------------------------------------------------------------- integers

def int_value(e):
    """The Python int of an Integer atom, else None."""
    return e._value if type(e) is Integer else None


def nonneg_int(e):
    v = int_value(e)
    return v if v is not None and v >= 0 else None


def is_infinity(e) -> bool:
    return e is INFINITY or (type(e) is Expr and e._head is S.DirectedInfinity
                             and len(e._args) == 1 and e._args[0] == Integer(1))


# ---------------------------------------------------------------------------- numbers

def number_value(e):
    """Python value of a real number atom: int, Fraction or float; None otherwise."""
    t = type(e)
    if t is Integer:
        return e._value
    if t is Rational:
        return Fraction(e.numerator, e.denominator)
    if t is Real:
        return e._value
    return None


def float_value(e) -> float | None:
    """A real number atom (Integer, Rational, Real) as a Python float; None otherwise."""
    v = number_value(e)
    return None if v is None else float(v)


def from_number(x):
    if isinstance(x, bool):
        return TRUE if x else FALSE
    if isinstance(x, int):
        return Integer(x)
    if isinstance(x, Fraction):
        return make_rational(x.numerator, x.denominator)
    if isinstance(x, BigFloat):
        return Real(x, x.prec)
    return Real(float(x))


def all_integers(items) -> bool:
    for a in items:
        if type(a) is not Integer:
            return False
    return True


# ---------------------------------------------------------------------------- level specs

class LevelSpec:
    """A level specification ``{lmin, lmax}``; negative bounds count depth from the bottom
    (level -1 is the atoms).  ``None`` for lmax means Infinity."""

    __slots__ = ("lo", "hi", "heads")

    def __init__(self, lo: int, hi, heads: bool = False):
        self.lo, self.hi, self.heads = lo, hi, heads

    @property
    def uses_depth(self) -> bool:
        return self.lo < 0 or (self.hi is not None and self.hi < 0)

    def contains(self, level: int, depth: int) -> bool:
        lo, hi = self.lo, self.hi
        if lo >= 0:
            if level < lo:
                return False
        elif depth > -lo:
            return False
        if hi is None:
            return True
        return level <= hi if hi >= 0 else depth >= -hi

    def may_descend(self, level: int) -> bool:
        """Whether parts below ``level`` may still be in range."""
        hi = self.hi
        return hi is None or hi < 0 or level < hi


def _level_bound(e):
    if is_infinity(e):
        return None
    if type(e) is Expr and e._head is S.DirectedInfinity and len(e._args) == 1 \
            and e._args[0] == Integer(-1):
        return -(10 ** 9)
    return int_value(e)


def parse_levelspec(spec, heads: bool = False):
    """``n``, ``{n}``, ``{m, n}``, ``Infinity``, ``All`` → LevelSpec, or None if invalid."""
    if spec is ALL:
        return LevelSpec(0, None, heads)
    if is_infinity(spec):
        return LevelSpec(1, None, heads)
    n = int_value(spec)
    if n is not None:
        return LevelSpec(1, n, heads)
    if not is_list(spec) or len(spec._args) not in (1, 2):
        return None
    bounds = [_level_bound(a) for a in spec._args]
    if any(b is None and not is_infinity(a) for a, b in zip(spec._args, bounds)):
        return None
    if len(bounds) == 1:
        bounds = bounds * 2
    lo, hi = bounds
    if lo is None:                      # {Infinity, …} holds nothing that can be reached
        return None
    return LevelSpec(lo, hi, heads)


def depth_of(e) -> int:
    """``Depth``: 1 for an atom, 1 + the largest depth of the arguments otherwise."""
    if type(e) is not Expr or is_opaque(e):
        return 1
    best = 0
    for a in e._args:
        d = depth_of(a) if type(a) is Expr else 1
        if d > best:
            best = d
    return best + 1


def walk(e, spec: LevelSpec, visit, level: int = 0, pos: tuple = ()):
    """Call ``visit(part, pos)`` on every part of ``e`` within ``spec``, depth first and
    post-order (parts before the expressions containing them), as ``Level`` orders them.
    ``visit`` returning True stops the walk; ``walk`` then returns True."""
    if type(e) is Expr and spec.may_descend(level) and not is_opaque(e):
        if spec.heads:
            if walk(e._head, spec, visit, level + 1, pos + (0,)):
                return True
        if e._head is ASSOCIATION:          # an association's parts are its values
            for a in e._args:
                if is_rule(a) and walk(a._args[1], spec, visit, level + 1,
                                       pos + (Expr(S.Key, a._args[0]),)):
                    return True
        else:
            i = 0
            for a in e._args:
                i += 1
                if walk(a, spec, visit, level + 1, pos + (i,)):
                    return True
    depth = depth_of(e) if spec.uses_depth else 0
    if spec.contains(level, depth):
        return bool(visit(e, pos))
    return False


def map_levels(e, spec: LevelSpec, fn, level: int = 0):
    """Rebuild ``e`` with ``fn(part)`` replacing every part within ``spec`` (post-order:
    the parts inside are replaced first)."""
    if type(e) is Expr and spec.may_descend(level) and not is_opaque(e):
        head = e._head
        if spec.heads:
            head = map_levels(head, spec, fn, level + 1)
        if is_assoc(e):
            args = tuple(Expr(a._head, a._args[0], map_levels(a._args[1], spec, fn, level + 1))
                         if is_rule(a) else a for a in e._args)
        else:
            args = tuple(map_levels(a, spec, fn, level + 1) for a in e._args)
        e = Expr.from_args(head, args)
    depth = depth_of(e) if spec.uses_depth else 0
    if spec.contains(level, depth):
        return fn(e)
    return e


# ---------------------------------------------------------------------------- patterns

def matcher(ev, pat):
    """A predicate ``expr -> bool``: does ``expr`` match the pattern ``pat``?"""
    if pattern.is_free_of_patterns(pat):
        return lambda x: x == pat
    matches = pattern.matches
    head = pattern.required_head(pat)
    if head is not None:        # most parts of a large expression fail on the head alone
        return lambda x: type(x) is Expr and x._head is head and matches(ev, pat, x)
    return lambda x: matches(ev, pat, x)


def rule_applier(ev, rule):
    """For a rule ``lhs -> rhs`` (or a list of rules): a function ``expr -> replacement or
    None`` (None when no rule matches).  The replacement is not evaluated."""
    rules = pattern.rules_of(rule)
    apply_once = pattern.apply_rules_once
    return lambda x: apply_once(ev, rules, x)


# ---------------------------------------------------------------------------- order

def canonical_compare(a, b) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` in canonical order."""
    return order.compare(a, b)


def canonical_key(e):
    return order.canonical_key(e)


def canonical_sorted(items) -> list:
    return order.sort_canonical(items)


# ---------------------------------------------------------------------------- operator forms

def operator_form(name: str, head_args: int, position: str = "first"):
    """Register ``name[a…][x]`` (``head_args`` arguments in the head) as ``name[x, a…]``
    (``position="first"``) or ``name[a…, x]`` (``"last"``)."""
    sym = Symbol(name)

    def handler(ev, head, *args):
        if len(head._args) != head_args or len(args) != 1:
            return None
        if position == "first":
            return Expr(sym, args[0], *head._args)
        return Expr(sym, *head._args, args[0])

    builtin_subvalue(name)(handler)
    return handler


def spoken_for(outer: str, e) -> bool:
    """Whether a module registered a rule for ``outer[e, …]`` by e's head (a
    distribution's Mean, a categorical distribution's CDF): it answered, or said why it
    cannot, and the reading of e as data has nothing to add."""
    return upvalue_handler(outer, e) is not None
