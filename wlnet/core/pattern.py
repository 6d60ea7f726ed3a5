"""Pattern matching, substitution and rule application.

``match(ev, pattern, expr)`` returns the bindings (pattern name -> expression; a name
bound by ``__``/``___`` gets ``Sequence[…]``) or None.  Matching is a backtracking
search written as generators: ``_match`` yields every way a pattern matches one
expression, ``_match_seq`` every way a list of argument patterns matches a list of
arguments, so a later failure (a repeated name, a ``Condition``) retries the earlier
choices.  Sequence patterns try the shortest run first, as the Wolfram Language does,
and an optional argument (``x_:d``) tries the argument before the default.

``Longest[p]`` / ``Shortest[p]`` (optionally with a priority, ``Longest[p, pri]``) change
that order: when an argument list holds one of them, its ways of splitting the arguments
are tried sorted by the lengths of the marked elements (highest priority first, longest or
shortest first), the unmarked elements, left to right, deciding ties (``_match_ordered``).
Inside ``Longest[p]`` every sequence element of ``p`` prefers the longest run too.
Argument lists without Longest/Shortest never reach that code (``_seq_info`` tells).
``PatternSequence[p1, p2, …]`` is a sequence element matching a run of arguments that
``p1, p2, …`` match in turn (also inside Alternatives and Repeated).

Orderless heads (``Plus``, ``Times``) match their arguments in any order, and a single
blank in a Flat head may take several arguments wrapped in the head (``a + b + c`` matches
``x_ + y_`` with ``x -> a, y -> b + c``).

``ev`` is the evaluator (for ``Condition``/``PatternTest`` and head attributes); it may
be None for purely structural matching.
"""

from __future__ import annotations

from functools import cmp_to_key
from itertools import combinations

from wlnet.core import attributes as A
from wlnet.core.expr import Expr, Integer, S, Symbol, TRUE
from wlnet.core.opaque import is_opaque

__all__ = ["match", "matches", "match_iter", "substitute", "substitute_scoped", "replace_all",
           "replace",
           "replace_repeated", "is_free_of_patterns", "specificity", "rules_of",
           "apply_rules_once", "OPTIONS_KEY", "parse_levelspec", "at_levels", "rhs_condition",
           "conditional_result"]

# Key under which OptionsPattern[] stores the options it matched, for OptionValue.
OPTIONS_KEY = "OptionsPattern"

_Blank = S.Blank
_BlankSequence = S.BlankSequence
_BlankNullSequence = S.BlankNullSequence
_Pattern = S.Pattern
_Condition = S.Condition
_PatternTest = S.PatternTest
_Alternatives = S.Alternatives
_Except = S.Except
_Optional = S.Optional
_Repeated = S.Repeated
_RepeatedNull = S.RepeatedNull
_HoldPattern = S.HoldPattern
_Verbatim = S.Verbatim
_OptionsPattern = S.OptionsPattern
_Sequence = S.Sequence
_Rule = S.Rule
_RuleDelayed = S.RuleDelayed
_List = S.List
_Longest = S.Longest
_Shortest = S.Shortest
_PatternSequence = S.PatternSequence

_PATTERN_HEADS = frozenset((_Blank, _BlankSequence, _BlankNullSequence, _Pattern, _Condition,
                            _PatternTest, _Alternatives, _Except, _Optional, _Repeated,
                            _RepeatedNull, _HoldPattern, _Verbatim, _OptionsPattern,
                            S.Longest, S.Shortest, S.PatternSequence))
_INF = 1 << 62
# The bounds of an optional element, a distinct object: such an element tries the argument
# first and the default after (Optional is implicitly Longest).
_OPT_BOUNDS = (0, 1)

# ---------------------------------------------------------------------------- queries

_free_cache: dict = {}


def is_free_of_patterns(e) -> bool:
    """True when ``e`` contains no pattern objects (so it can only match itself)."""
    if type(e) is not Expr:
        return True
    hit = _free_cache.get(e)
    if hit is not None:
        return hit
    h = e.head
    free = h not in _PATTERN_HEADS and is_free_of_patterns(h) and all(
        type(a) is not Expr or is_free_of_patterns(a) for a in e.args)
    if len(_free_cache) > 50000:
        _free_cache.clear()
    _free_cache[e] = free
    return free


def _abort_point(ev) -> None:
    """Raise AbortEvaluation when an abort (Ctrl-C) was asked for: called where the search
    makes a choice (a run length, an alternative, an argument), so that a match with
    exponentially many ways to fail ends within moments of the request."""
    if ev is not None and ev.abort_requested:
        ev.check_abort()


def _head_attrs(ev, h) -> int:
    if ev is None or type(h) is not Symbol:
        return 0
    rec = ev.definitions.records.get(h)
    return rec.attrs if rec is not None else 0


# ---------------------------------------------------------------------------- matching

def match(ev, pattern, expr, bindings: dict | None = None) -> dict | None:
    """The first way ``pattern`` matches ``expr``, as a dict of bindings, or None."""
    for b in _match(ev, pattern, expr, bindings if bindings is not None else {}):
        return b
    return None


def matches(ev, pattern, expr) -> bool:
    for _ in _match(ev, pattern, expr, {}):
        return True
    return False


def required_head(pattern):
    """The head that every expression matching ``pattern`` has (``x_ -> 3`` matches only
    rules), or None when the pattern does not fix one: a pattern object (Blank, Pattern,
    Alternatives…), a compound head, or optional arguments (``a + x_.`` matches ``a``).
    Lets a search over many parts reject most of them without matching."""
    if type(pattern) is not Expr:
        return None
    head = pattern._head
    if type(head) is not Symbol or head in _SPECIAL \
            or any(_is_optional(a) for a in pattern._args):
        return None
    return head


def match_iter(ev, pattern, expr, bindings: dict | None = None):
    """Every way ``pattern`` matches ``expr`` (a generator of bindings)."""
    return _match(ev, pattern, expr, bindings if bindings is not None else {})


def _match(ev, p, e, b):
    if type(p) is not Expr:
        if p == e:
            yield b
        return
    handler = _SPECIAL.get(p._head)
    if handler is not None:
        yield from handler(ev, p, e, b)
        return
    if is_free_of_patterns(p):
        if p == e:
            yield b
        return
    ph = p._head
    found = False
    if type(e) is Expr:
        for b1 in _match(ev, ph, e._head, b):
            attrs = _head_attrs(ev, e._head)
            if attrs & A.ORDERLESS:
                matches_ = _match_orderless(ev, p._args, e._args, b1, e._head, attrs & A.FLAT)
            else:
                matches_ = _match_seq(ev, p._args, 0, e._args, 0, b1, e._head, attrs & A.FLAT)
            for b2 in matches_:
                found = True
                yield b2
    if not found and type(ph) is Symbol and (type(e) is not Expr or e._head is not ph):
        yield from _match_one_identity(ev, p, e, b)


def _is_optional(p) -> bool:
    return type(p) is Expr and p._head is _Optional


def _match_one_identity(ev, p, e, b):
    """``a + x_.`` matches ``a`` itself (x -> 0) when the head has OneIdentity: the
    optional arguments take their defaults and the one argument left matches ``e``."""
    if not any(_is_optional(a) for a in p._args):
        return
    if not _head_attrs(ev, p._head) & A.ONE_IDENTITY and p._head not in _BUILTIN_DEFAULTS:
        return
    rest = [a for a in p._args if not _is_optional(a)]
    if len(rest) != 1:
        return
    bindings = [b]
    for position, opt in ((i, a) for i, a in enumerate(p._args, 1) if _is_optional(a)):
        bindings = [b2 for b1 in bindings
                    for b2 in _bind_optional_default(ev, opt, p._head, b1, position)]
    for b1 in bindings:
        yield from _match(ev, rest[0], e, b1)


def _m_blank(ev, p, e, b):
    args = p._args
    if not args or e.head == args[0]:
        yield b


def _m_pattern(ev, p, e, b):
    if len(p._args) != 2:
        return
    name, sub = p._args
    old = b.get(name)
    if old is not None:
        if old == e:
            yield from _match(ev, sub, e, b)
        return
    for b1 in _match(ev, sub, e, b):
        nb = dict(b1)
        nb[name] = e
        yield nb


def _m_condition(ev, p, e, b):
    if len(p._args) != 2:
        return
    sub, test = p._args
    for b1 in _match(ev, sub, e, b):
        if _test_condition(ev, test, b1):
            yield b1


_SCOPING = (S.Module, S.With, S.Block)
# What a guarded scoping construct gives when its condition fails (no user can name it).
_CONDITION_FAILED = Symbol("$RuleConditionFailed$")


def rhs_condition(rhs, delayed):
    """The test of a delayed ``rhs`` of the form ``body /; test``, also when the condition is
    the body of (nested) Module/With/Block, ``Module[{y = g[x]}, body /; test[y]]``: the rule
    applies only when the test, which sees the locals, gives True.  None for other rhs."""
    if not delayed:
        return None
    while type(rhs) is Expr and rhs._head in _SCOPING and len(rhs._args) >= 2:
        rhs = rhs._args[-1]
    if type(rhs) is Expr and rhs._head is _Condition and len(rhs._args) == 2:
        return rhs._args[1]
    return None


def conditional_result(ev, rhs):
    """What a rule whose (substituted) ``rhs`` has a condition (``rhs_condition``) gives, or
    None when the test is not True.  ``body /; test`` gives body unevaluated.  In
    Module/With the locals are made once, the test evaluated with them, and the body given
    with the locals in it; in Block the body is evaluated inside the Block, as in WL."""
    if rhs._head is _Condition:
        body, test = rhs._args
        return body if ev.evaluate(test) is TRUE else None
    result = ev.evaluate(_guarded(rhs, False))
    if result is _CONDITION_FAILED:
        return None
    if type(result) is Expr and result._head is S.Hold and len(result._args) == 1:
        return result._args[0]
    return result


def _guarded(rhs, in_block):
    """``rhs`` with its innermost ``body /; test`` turned into
    ``If[TrueQ[test], Hold[body], failed]``."""
    if rhs._head is _Condition:
        body, test = rhs._args
        kept = Expr(S.Evaluate, body) if in_block else body
        return Expr(S.If, Expr(S.TrueQ, test), Expr(S.Hold, kept), _CONDITION_FAILED)
    *scopes, inner = rhs._args
    return Expr.from_args(rhs._head, [*scopes, _guarded(inner, in_block or rhs._head is S.Block)])


def _test_condition(ev, test, b) -> bool:
    if ev is None:
        return False
    return ev.evaluate(substitute(test, b)) is TRUE


def _m_pattern_test(ev, p, e, b):
    if len(p._args) != 2:
        return
    sub, test = p._args
    for b1 in _match(ev, sub, e, b):
        if ev is not None and ev.apply(test, e) is TRUE:
            yield b1


def _m_alternatives(ev, p, e, b):
    for alt in p._args:
        _abort_point(ev)
        yield from _match(ev, alt, e, b)


def _m_except(ev, p, e, b):
    args = p._args
    if not args or matches(ev, args[0], e):
        return
    if len(args) == 1:
        yield b
    else:
        yield from _match(ev, args[1], e, b)


def _m_first_arg(ev, p, e, b):
    """HoldPattern, Optional, Repeated… met where a single expression is matched."""
    if p._args:
        yield from _match(ev, p._args[0], e, b)


def _m_preferred(ev, p, e, b):
    """Longest[q] / Shortest[q] met where a single expression is matched: q, with every
    sequence element inside it marked the same way (``f[Longest[{x__, y__}]]``)."""
    if p._args:
        yield from _match(ev, _preferred(p), e, b)


def _m_pattern_sequence(ev, p, e, b):
    """PatternSequence[…] met where a single expression is matched: a run of one."""
    run = (e,)
    if _run_fits(p, run, False):
        yield from _match_run(ev, p, run, b, None, 0)


def _m_verbatim(ev, p, e, b):
    if len(p._args) == 1 and p._args[0] == e:
        yield b


def _m_options_pattern(ev, p, e, b):
    if _is_option_list(e):
        yield b


_SPECIAL = {
    _Blank: _m_blank,
    _BlankSequence: _m_blank,          # a lone x__ matched against a single expression
    _BlankNullSequence: _m_blank,
    _Pattern: _m_pattern,
    _Condition: _m_condition,
    _PatternTest: _m_pattern_test,
    _Alternatives: _m_alternatives,
    _Except: _m_except,
    _Optional: _m_first_arg,
    _Repeated: _m_first_arg,
    _RepeatedNull: _m_first_arg,
    _HoldPattern: _m_first_arg,
    _Longest: _m_preferred,
    _Shortest: _m_preferred,
    _PatternSequence: _m_pattern_sequence,
    _Verbatim: _m_verbatim,
    _OptionsPattern: _m_options_pattern,
}


def _is_option(e) -> bool:
    return type(e) is Expr and (e._head is _Rule or e._head is _RuleDelayed) and len(e._args) == 2


def _is_option_list(e) -> bool:
    if _is_option(e):
        return True
    return type(e) is Expr and e._head is _List and all(_is_option_list(a) for a in e._args)


def compile_simple(lhs):
    """A fast matcher for the common left side ``f[x_, y_h, 3, _]`` (one-to-one argument
    patterns, distinct names): a function ``expr -> bindings or None``.  Returns None when
    ``lhs`` is not of that form (use ``match``).  The caller checks that the head is not
    Flat or Orderless."""
    if type(lhs) is not Expr or type(lhs._head) is not Symbol or lhs._head in _PATTERN_HEADS:
        return None
    head = lhs._head
    specs = []
    names = set()
    for a in lhs._args:
        if type(a) is not Expr:
            specs.append((0, None, a))
            continue
        name = None
        p = a
        if a._head is _Pattern and len(a._args) == 2 and type(a._args[0]) is Symbol:
            name, p = a._args
            if name in names:
                return None
            names.add(name)
        if type(p) is Expr and p._head is _Blank and len(p._args) <= 1:
            specs.append((1, name, p._args[0] if p._args else None))
        elif name is None and is_free_of_patterns(a):
            specs.append((0, None, a))
        else:
            return None
    n = len(specs)
    specs = tuple(specs)

    def fast_match(e):
        if type(e) is not Expr or e._head is not head:
            return None
        args = e._args
        if len(args) != n:
            return None
        b = {}
        for (kind, name, x), a in zip(specs, args):
            if kind == 0:
                if a != x:
                    return None
            else:
                if x is not None and a.head != x:
                    return None
                if name is not None:
                    b[name] = a
        return b

    return fast_match


# ---------------------------------------------------------------------------- sequences

def _run_bounds(p, flat: bool) -> tuple[int, int] | None:
    """(min, max) number of arguments a pattern element takes, or None for exactly one."""
    if type(p) is not Expr:
        return None
    h = p._head
    if h is _Blank:                    # the commonest element first
        return (1, _INF) if flat and not p._args else None
    if h is _Pattern:
        return _run_bounds(p._args[1], flat) if len(p._args) == 2 else None
    if h is _BlankSequence:
        return (1, _INF)
    if h is _BlankNullSequence or h is _OptionsPattern:
        return (0, _INF)
    if h is _Repeated or h is _RepeatedNull:       # Repeated[] and Optional[] are inert:
        return _repeat_info(p)[0] if p._args else None     # they match one element (no
    if h is _Condition or h is _PatternTest or h is _Longest or h is _Shortest or \
            h is _HoldPattern:
        return _run_bounds(p._args[0], flat) if p._args else None
    if h is _Optional:                               # element, as _m_first_arg says)
        return _OPT_BOUNDS if p._args else None
    if h is _Alternatives:
        hit = _alt_bounds_cache.get(id(p))     # inline: x_Integer | x_Real is common
        if hit is not None and hit[0] is p:
            return hit[1]
        return _alternatives_bounds(p)
    if h is _PatternSequence:
        return _elements_bounds(p._args)
    return None


_repeat_info_cache: dict = {}


def _repeat_info(p) -> tuple:
    """Repeated/RepeatedNull: (run bounds, count bounds, bounds of one repetition or None
    when that is a single element).  A sequence repeated (``PatternSequence[a, b] ..``)
    takes the count times its own length.  Cached by id, as _seq_info_cache."""
    hit = _repeat_info_cache.get(id(p))
    if hit is not None and hit[0] is p:
        return hit[1]
    counts = _repeat_bounds(p, 1 if p._head is _Repeated else 0)
    inner = _run_bounds(p._args[0], False) if p._args else None
    bounds = counts if inner is None else \
        (counts[0] * max(1, inner[0]), min(_INF, counts[1] * inner[1]))
    info = (bounds, counts, inner)
    if len(_repeat_info_cache) > 50000:
        _repeat_info_cache.clear()
    _repeat_info_cache[id(p)] = (p, info)
    return info


def _elements_bounds(pats) -> tuple[int, int]:
    """Total (min, max) run length of a list of elements (a single one counts 1)."""
    lo = hi = 0
    for q in pats:
        bounds = _run_bounds(q, False)
        if bounds is None:
            lo += 1
            hi += 1
        else:
            lo += bounds[0]
            hi += bounds[1]
    return (lo, min(hi, _INF))


_alt_bounds_cache: dict = {}


def _alternatives_bounds(p):
    """None when every alternative is a single element (the usual ``_Integer | _Real``);
    else the (min, max) run length over the alternatives (``a | PatternSequence[b, c]``)."""
    hit = _alt_bounds_cache.get(id(p))         # by id, as _seq_info_cache
    if hit is not None and hit[0] is p:
        return hit[1]
    bounds = None
    if any(_run_bounds(q, False) is not None for q in p._args):
        each = [_elements_bounds((q,)) for q in p._args]
        bounds = (min(lo for lo, _ in each), max(hi for _, hi in each))
    if len(_alt_bounds_cache) > 50000:
        _alt_bounds_cache.clear()
    _alt_bounds_cache[id(p)] = (p, bounds)
    return bounds


def _run_fits(p, run, flat) -> bool:
    """Can the (sequence or single) element ``p`` take exactly ``len(run)`` arguments?"""
    bounds = _run_bounds(p, flat)
    if bounds is None:
        return len(run) == 1
    return bounds[0] <= len(run) <= bounds[1]


def _repeat_bounds(p, lo: int) -> tuple[int, int]:
    if len(p._args) < 2:
        return (lo, _INF)
    spec = p._args[1]
    if type(spec) is Integer:
        return (lo, spec.value)
    if type(spec) is Expr and spec._head is _List:
        vals = [_count_value(a) for a in spec._args]
        if None not in vals:
            if len(vals) == 1:
                return (vals[0], vals[0])
            if len(vals) == 2:
                return (vals[0], vals[1])
    return (lo, _INF)


def _count_value(a):
    """A repeat count: an integer, or Infinity (``p..`` with ``{2, Infinity}``)."""
    if type(a) is Integer:
        return a.value
    if a is S.Infinity or (type(a) is Expr and a._head is S.DirectedInfinity):
        return _INF
    return None


def _min_needed(pats, start: int, flat: bool) -> int:
    n = 0
    for p in pats[start:]:
        bounds = _run_bounds(p, flat)
        n += 1 if bounds is None else bounds[0]
    return n


def _match_seq(ev, pats, pi, items, ii, b, head, flat):
    """Match pattern elements ``pats[pi:]`` against ``items[ii:]`` left to right."""
    npats = len(pats)
    nitems = len(items)
    # Fast path: a run of one-to-one patterns.
    while pi < npats:
        p = pats[pi]
        bounds = _run_bounds(p, flat)
        if bounds is not None:
            break
        if ii >= nitems:
            return
        if npats - pi == 1:
            if ii + 1 != nitems:
                return
            yield from _match(ev, p, items[ii], b)
            return
        gen = _match(ev, p, items[ii], b)
        first = next(gen, None)
        if first is None:
            return
        second = next(gen, None)
        if second is None:             # exactly one way: no need to keep a choice point
            b = first
            pi += 1
            ii += 1
            continue
        for b1 in _chain_first(first, second, gen):
            _abort_point(ev)
            yield from _match_seq(ev, pats, pi + 1, items, ii + 1, b1, head, flat)
        return
    if pi == npats:
        if ii == nitems:
            yield b
        return
    info = _seq_info_cache.get(id(pats))
    if info is None or info[0] is not pats:
        info = _seq_info(pats)
    if info[1]:                        # Longest/Shortest among the elements
        yield from _match_ordered(ev, pats, pi, items, ii, b, head, flat)
        return
    lo, hi = bounds
    rest_min = _min_needed(pats, pi + 1, flat) if flat else info[2][pi + 1]
    longest = min(hi, nitems - ii - rest_min)
    if pi == npats - 1:                # the last element must take everything left
        lo = max(lo, nitems - ii)
    sizes = range(longest, lo - 1, -1) if bounds is _OPT_BOUNDS else range(lo, longest + 1)
    for n in sizes:
        _abort_point(ev)
        for b1 in _match_run(ev, p, items[ii:ii + n], b, head, flat, pi + 1):
            yield from _match_seq(ev, pats, pi + 1, items, ii + n, b1, head, flat)


# ---------------------------------------------------------------------------- Longest, Shortest

# id(argument patterns) -> (those patterns, do any carry Longest/Shortest?, for each i the
# least number of arguments pats[i:] need outside a Flat head).  Keyed by id so that the
# hot path pays one dict lookup, not a tuple hash; the entry keeps the tuple alive, so the
# id cannot be reused while it is cached.
_seq_info_cache: dict = {}


def _seq_info(pats) -> tuple:
    marked = any(_preference(q)[2] for q in _spliced(pats))
    mins = [0] * (len(pats) + 1)
    for i in range(len(pats) - 1, -1, -1):
        bounds = _run_bounds(pats[i], False)
        mins[i] = mins[i + 1] + (1 if bounds is None else bounds[0])
    if len(_seq_info_cache) > 50000:
        _seq_info_cache.clear()
    entry = (pats, marked, mins)
    _seq_info_cache[id(pats)] = entry
    return entry


def _spliced(pats) -> list:
    """The elements, with an unnamed PatternSequence[…] spliced into the list."""
    out = []
    for q in pats:
        if type(q) is Expr and q._head is _PatternSequence:
            out.extend(_spliced(q._args))
        else:
            out.append(q)
    return out


def _preference(p) -> tuple:
    """(direction, priority, explicit) of a sequence element: direction 1 tries its longest
    run first, -1 its shortest; priority is the second argument of Longest/Shortest (None:
    the highest); explicit is False for the defaults (Shortest, Longest for Optional)."""
    while type(p) is Expr:
        h = p._head
        if h is _Longest or h is _Shortest:
            return (1 if h is _Longest else -1, p._args[1] if len(p._args) > 1 else None, True)
        if h is _Pattern and len(p._args) == 2:
            p = p._args[1]
        elif (h is _Condition or h is _PatternTest or h is _HoldPattern) and p._args:
            p = p._args[0]
        elif h is _Optional:
            return (1, None, False)
        else:
            break
    return (-1, None, False)


_plan_cache: dict = {}


def _order_plan(pats, pi: int, flat) -> tuple:
    """For ``pats[pi:]``: the elements as (pattern, min, max, single) and the order in which
    their lengths are chosen, as (index, direction): explicit Longest/Shortest without a
    priority, then those with one (higher priorities first, in canonical order), then the
    unmarked elements; ties in order of appearance."""
    key = (id(pats), pi, bool(flat))
    hit = _plan_cache.get(key)
    if hit is not None and hit[0] is pats:
        return hit[1]
    elems, first, ranked, rest = [], [], [], []
    for idx, q in enumerate(_spliced(pats[pi:])):
        bounds = _run_bounds(q, flat)
        if bounds is None:
            elems.append((q, 1, 1, True))
        else:
            elems.append((q, bounds[0], min(bounds[1], _INF), False))
        direction, priority, explicit = _preference(q)
        if not explicit:
            rest.append((idx, direction))
        elif priority is None:
            first.append((idx, direction))
        else:
            ranked.append((idx, direction, priority))
    if ranked:
        from wlnet.core.order import compare
        ranked.sort(key=cmp_to_key(lambda x, y: compare(y[2], x[2]) or x[0] - y[0]))
    order = first + [(idx, d) for idx, d, _ in ranked] + rest
    plan = (elems, order)
    if len(_plan_cache) > 50000:
        _plan_cache.clear()
    _plan_cache[key] = (pats, plan)
    return plan


def _match_ordered(ev, pats, pi, items, ii, b, head, flat):
    """Match ``pats[pi:]`` against ``items[ii:]`` trying the splits of the arguments in the
    order Longest/Shortest ask for: the run lengths are chosen element by element in
    priority order, each longest or shortest first; a full choice of lengths is then
    matched left to right."""
    elems, order = _order_plan(pats, pi, flat)
    k = len(elems)
    lo_after = [0] * (k + 1)           # least / most the elements after position t can take
    hi_after = [0] * (k + 1)
    for t in range(k - 1, -1, -1):
        _, lo, hi, _ = elems[order[t][0]]
        lo_after[t] = lo_after[t + 1] + lo
        hi_after[t] = hi_after[t + 1] + hi
    lengths = [0] * k

    def choose(t, left):
        if t == k:
            yield
            return
        idx, direction = order[t]
        _, lo, hi, _ = elems[idx]
        least = max(lo, left - hi_after[t + 1])
        most = min(hi, left - lo_after[t + 1])
        sizes = range(most, least - 1, -1) if direction > 0 else range(least, most + 1)
        for n in sizes:
            _abort_point(ev)
            lengths[idx] = n
            yield from choose(t + 1, left - n)

    for _ in choose(0, len(items) - ii):
        yield from _match_split(ev, elems, tuple(lengths), 0, items, ii, b, head, flat)


def _match_split(ev, elems, lengths, j, items, ii, b, head, flat):
    if j == len(elems):
        yield b
        return
    p, _, _, single = elems[j]
    n = lengths[j]
    if single:
        matches_ = _match(ev, p, items[ii], b)
    else:
        matches_ = _match_run(ev, p, items[ii:ii + n], b, head, flat)
    for b1 in matches_:
        yield from _match_split(ev, elems, lengths, j + 1, items, ii + n, b1, head, flat)


_preferred_cache: dict = {}


def _preferred(p):
    """The pattern inside ``Longest[q]`` / ``Shortest[q]``, with every sequence element of
    ``q`` not marked already wrapped the same way: for expressions, Longest[q] asks all
    parts of q to match the longest sequences."""
    hit = _preferred_cache.get(p)
    if hit is None:
        hit = _mark(p._args[0], p._head)
        if len(_preferred_cache) > 50000:
            _preferred_cache.clear()
        _preferred_cache[p] = hit
    return hit


def _mark(q, mode):
    if type(q) is not Expr or is_free_of_patterns(q):
        return q
    h, args = q._head, q._args
    if h is _Longest or h is _Shortest or h is _Verbatim or h is _Blank or \
            h is _BlankSequence or h is _BlankNullSequence or h is _OptionsPattern:
        return q
    if h is _Pattern and len(args) == 2:
        new = (args[0], _mark(args[1], mode))
    elif (h is _Condition or h is _PatternTest) and len(args) == 2:
        new = (_mark(args[0], mode), args[1])
    elif h is _Optional and args:
        new = (_mark(args[0], mode),) + args[1:]
    elif (h is _Repeated or h is _RepeatedNull) and args:
        new = (_mark_element(args[0], mode),) + args[1:]
    elif h is _Alternatives or h is _HoldPattern or h is _Except:
        new = tuple(_mark(a, mode) for a in args)
    else:                              # a normal expression or PatternSequence: a sequence
        new = tuple(_mark_element(a, mode) for a in args)
    return Expr.from_args(h, new)


def _mark_element(a, mode):
    a = _mark(a, mode)
    if _run_bounds(a, False) is not None and not _preference(a)[2]:
        return Expr(mode, a)
    return a


def _chain_first(first, second, gen):
    yield first
    yield second
    yield from gen


def _run_value(p, run, head, flat):
    """What a name bound to a run of arguments holds: Sequence[…], or for a single blank
    in a Flat head, the run wrapped in the head."""
    if flat and _is_plain_blank(p):
        return run[0] if len(run) == 1 else Expr.from_args(head, run)
    return Expr.from_args(_Sequence, run)


def _is_plain_blank(p) -> bool:
    return type(p) is Expr and p._head is _Blank


def _match_run(ev, p, run: tuple, b, head, flat, position: int = 0):
    """Every way the sequence pattern ``p`` matches exactly the arguments ``run``;
    ``position``: the argument position ``p`` stands at (1, 2…; 0 unknown), which picks an
    omitted optional argument's Default[f, position]."""
    h = p._head
    if h is _Pattern:
        name, sub = p._args
        value = _run_value(sub, run, head, flat)
        if type(sub) is Expr and sub._head is _Optional and not run:
            value = _optional_default(ev, sub, head, position)
            if value is None:
                return
        old = b.get(name)
        if old is not None and old != value:
            return
        for b1 in _match_run(ev, sub, run, b, head, flat, position):
            if old is None:
                b1 = dict(b1)
                b1[name] = value
            yield b1
    elif h is _BlankSequence or h is _BlankNullSequence:
        if p._args:
            want = p._args[0]
            if any(x.head != want for x in run):
                return
        yield b
    elif h is _Blank:                   # a single blank in a Flat head
        if len(run) == 1:
            yield from _match(ev, p, run[0], b)
        elif not p._args or all(x.head == p._args[0] for x in run):
            yield b
    elif h is _Repeated or h is _RepeatedNull:
        _, counts, inner_bounds = _repeat_info(p)
        if inner_bounds is None:
            yield from _match_each(ev, p._args[0], run, 0, b)
        else:
            yield from _match_chunks(ev, p._args[0], run, 0, 0, counts, b, head)
    elif h is _PatternSequence:
        yield from _match_seq(ev, p._args, 0, run, 0, b, head, flat)
    elif h is _Alternatives:
        for alt in p._args:
            if _run_fits(alt, run, False):
                if _run_bounds(alt, False) is None:
                    yield from _match(ev, alt, run[0], b)
                else:
                    yield from _match_run(ev, alt, run, b, head, flat)
    elif h is _Optional:
        if run:
            yield from _match(ev, p._args[0], run[0], b)
        else:
            yield from _bind_optional_default(ev, p, head, b, position)
    elif h is _OptionsPattern:
        if all(_is_option_list(x) for x in run):
            nb = dict(b)
            nb[OPTIONS_KEY] = nb.get(OPTIONS_KEY, ()) + tuple(run)
            yield nb
    elif h is _Condition:
        sub, test = p._args
        for b1 in _match_run(ev, sub, run, b, head, flat, position):
            if _test_condition(ev, test, b1):
                yield b1
    elif h is _PatternTest:
        sub, test = p._args
        for b1 in _match_run(ev, sub, run, b, head, flat, position):
            if ev is not None and all(ev.evaluate(Expr(test, x)) is TRUE for x in run):
                yield b1
    elif h is _HoldPattern:
        yield from _match_run(ev, p._args[0], run, b, head, flat, position)
    elif h is _Longest or h is _Shortest:
        yield from _match_run(ev, _preferred(p), run, b, head, flat, position)


def _match_chunks(ev, p, run, start, count, counts, b, head):
    """``p ..`` where ``p`` is a sequence (``PatternSequence[a, b] ..``): cut ``run[start:]``
    into consecutive non-empty chunks that ``p`` matches, between counts[0] and counts[1]
    of them in all; shorter chunks first unless ``p`` is marked Longest."""
    if start == len(run):
        if count >= counts[0]:
            yield b
        return
    if count >= counts[1]:
        return
    lo, hi = _run_bounds(p, False)
    least, most = max(1, lo), min(hi, len(run) - start)
    direction, _, explicit = _preference(p)
    sizes = range(most, least - 1, -1) if explicit and direction > 0 else \
        range(least, most + 1)
    for n in sizes:
        _abort_point(ev)
        for b1 in _match_run(ev, p, run[start:start + n], b, head, 0):
            yield from _match_chunks(ev, p, run, start + n, count + 1, counts, b1, head)


def _match_each(ev, p, run, k, b):
    if k == len(run):
        yield b
        return
    for b1 in _match(ev, p, run[k], b):
        _abort_point(ev)
        yield from _match_each(ev, p, run, k + 1, b1)


def _optional_default(ev, opt, head, position: int = 0):
    """The value an omitted ``x_.`` / ``x_:d`` takes: d, else the head's Default[f, i] for
    its argument position i, else Default[f]."""
    if len(opt._args) >= 2:
        return opt._args[1]
    if ev is not None and type(head) is Symbol:
        rec = ev.definitions.records.get(head)
        if rec is not None and rec.defaults:
            found = rec.defaults.get(position) if position else None
            return found if found is not None else rec.defaults.get(0)
    return _BUILTIN_DEFAULTS.get(head)


_BUILTIN_DEFAULTS = {S.Plus: Integer(0), S.Times: Integer(1), S.Power: Integer(1)}


def _bind_optional_default(ev, opt, head, b, position: int = 0):
    default = _optional_default(ev, opt, head, position)
    if default is None:
        return
    inner = opt._args[0]
    if type(inner) is Expr and inner._head is _Pattern:
        name = inner._args[0]
        old = b.get(name)
        if old is not None:
            if old == default:
                yield b
            return
        nb = dict(b)
        nb[name] = default
        yield nb
    else:
        yield b


def _match_orderless(ev, pats, items, b, head, flat):
    """Match argument patterns against the arguments of an Orderless head in any order.
    Literal patterns go first, sequence patterns last (they take what is left)."""
    singles, runs = [], []
    for p in pats:
        (singles if _run_bounds(p, flat) is None else runs).append(p)
    singles.sort(key=lambda p: 0 if is_free_of_patterns(p) else 1)
    yield from _orderless_singles(ev, singles, 0, list(items), b, runs, head, flat)


def _orderless_singles(ev, singles, k, items, b, runs, head, flat):
    if k == len(singles):
        yield from _orderless_runs(ev, runs, 0, tuple(items), b, head, flat)
        return
    p = singles[k]
    seen = set()
    for idx, item in enumerate(items):
        if item in seen:               # equal arguments give the same matches
            continue
        seen.add(item)
        _abort_point(ev)
        for b1 in _match(ev, p, item, b):
            rest = items[:idx] + items[idx + 1:]
            yield from _orderless_singles(ev, singles, k + 1, rest, b1, runs, head, flat)


def _orderless_runs(ev, runs, k, items, b, head, flat):
    if k == len(runs):
        if not items:
            yield b
        return
    p = runs[k]
    lo, hi = _run_bounds(p, flat)
    n = len(items)
    if k == len(runs) - 1:
        if lo <= n <= hi:
            yield from _match_run(ev, p, items, b, head, flat)
        return
    for size in range(lo, min(hi, n) + 1):
        for chosen in combinations(range(n), size):
            _abort_point(ev)
            run = tuple(items[i] for i in chosen)
            rest = tuple(items[i] for i in range(n) if i not in chosen)
            for b1 in _match_run(ev, p, run, b, head, flat):
                yield from _orderless_runs(ev, runs, k + 1, rest, b1, head, flat)


# ---------------------------------------------------------------------------- substitution

def substitute(e, b: dict):
    """Replace the symbols bound in ``b`` throughout ``e``.  A name bound to
    ``Sequence[…]`` is spliced into the argument list it appears in."""
    if not b:
        return e
    t = type(e)
    if t is Symbol:
        v = b.get(e)
        return e if v is None else v
    if t is not Expr:
        return e
    return _subst(e, b)


def _subst(e, b):
    h = e._head
    th = type(h)
    if th is Symbol:
        v = b.get(h)
        nh = h if v is None else v
    elif th is Expr:
        nh = _subst(h, b)
    else:
        nh = h
    changed = nh is not h
    out = None
    args = e._args
    for i, a in enumerate(args):
        ta = type(a)
        if ta is Symbol:
            v = b.get(a)
            if v is None:
                if out is not None:
                    out.append(a)
                continue
            if out is None:
                out = list(args[:i])
            if type(v) is Expr and v._head is _Sequence:
                out.extend(v._args)
            else:
                out.append(v)
        elif ta is Expr:
            na = _subst(a, b)
            if na is not a and out is None:
                out = list(args[:i])
            if out is not None:
                out.append(na)
        elif out is not None:
            out.append(a)
    if out is None:
        return Expr.from_args(nh, args) if changed else e
    return Expr.from_args(nh, out)


_SCOPING = frozenset((S.Function, S.Module, S.With, S.Block))


def substitute_scoped(e, b: dict):
    """Like ``substitute``, but a nested Function, Module, With or Block that binds one of
    the names keeps its own meaning of it (``Function[x, Function[x, x]]``)."""
    if not b:
        return e
    t = type(e)
    if t is Symbol:
        v = b.get(e)
        return e if v is None else v
    if t is not Expr:
        return e
    if e._head in _SCOPING and e._args:
        shadowed = _locals_of(e)
        if shadowed & b.keys():
            inner = {k: v for k, v in b.items() if k not in shadowed}
            return substitute_scoped(e, inner) if inner else e
    nh = substitute_scoped(e._head, b)
    out = []
    changed = nh is not e._head
    for a in e._args:
        na = substitute_scoped(a, b)
        if na is not a:
            changed = True
            if type(na) is Expr and na._head is _Sequence and type(a) is Symbol:
                out.extend(na._args)
                continue
        out.append(na)
    return Expr.from_args(nh, out) if changed else e


def _locals_of(e) -> set:
    spec = e._args[0]
    if e._head is S.Function:
        if len(e._args) < 2:
            return set()
        items = spec._args if type(spec) is Expr and spec._head is _List else (spec,)
    else:
        items = spec._args if type(spec) is Expr and spec._head is _List else ()
    out = set()
    for it in items:
        if type(it) is Symbol:
            out.add(it)
        elif type(it) is Expr and it._head in (S.Set, S.SetDelayed) and it._args and \
                type(it._args[0]) is Symbol:
            out.add(it._args[0])
    return out


# ---------------------------------------------------------------------------- rules

def rules_of(e) -> list | None:
    """A rule, or a list of rules, as ``[(lhs, rhs, delayed)…]``; None when ``e`` is not.
    (A list of lists of rules is not flattened here: ReplaceAll maps over it.)"""
    if type(e) is Expr:
        h = e._head
        if (h is _Rule or h is _RuleDelayed) and len(e._args) == 2:
            return [(e._args[0], e._args[1], h is _RuleDelayed)]
        if h is _List:
            out = []
            for r in e._args:
                if type(r) is Expr and (r._head is _Rule or r._head is _RuleDelayed) \
                        and len(r._args) == 2:
                    out.append((r._args[0], r._args[1], r._head is _RuleDelayed))
                else:
                    return None
            return out
        if type(h) is Symbol and h.name in ("Association", "Dispatch"):
            inner = e._args[0] if h.name == "Dispatch" and len(e._args) == 1 else e
            if inner is not e:
                return rules_of(inner)
            return rules_of(Expr.from_args(_List, e._args))
    return None


def apply_rules_once(ev, rules, e):
    """The result of the first rule that matches ``e`` (rhs substituted, not evaluated),
    or None.  A RuleDelayed whose rhs is ``body /; test`` applies only when the test
    gives True."""
    for lhs, rhs, delayed in rules:
        r = _apply_rule(ev, lhs, rhs, delayed, e)
        if r is not None:
            return r
    return None


def _apply_rule(ev, lhs, rhs, delayed, e):
    if type(lhs) is not Expr:
        return rhs if lhs == e else None
    if is_free_of_patterns(lhs) and lhs == e:
        return rhs
    r = _rule_result(ev, lhs, rhs, delayed, e)
    if r is None and type(e) is Expr and e._head is lhs._head and len(e._args) > len(lhs._args):
        return _apply_rule_to_part(ev, lhs, rhs, delayed, e)
    return r


def _rule_result(ev, lhs, rhs, delayed, e):
    if is_free_of_patterns(lhs):
        return None
    conditional = rhs_condition(rhs, delayed) is not None
    for b in _match(ev, lhs, e, {}):
        if conditional:
            if ev is None:
                return None
            r = conditional_result(ev, substitute(rhs, b))
            if r is not None:
                return r
            continue
        return substitute(rhs, b)
    return None


_MAX_PART_ARGS = 16


def _apply_rule_to_part(ev, lhs, rhs, delayed, e):
    """In a Flat head, ``lhs`` may match some of the arguments, the rest staying beside the
    replacement: ``a + b + c /. a + b -> x`` is ``x + c``.  Orderless heads take any subset
    of the arguments, Flat ones a contiguous run."""
    attrs = _head_attrs(ev, e._head)
    if not attrs & A.FLAT or len(e._args) > _MAX_PART_ARGS:
        return None
    head, args, n = e._head, e._args, len(lhs._args)
    if attrs & A.ORDERLESS:
        choices = combinations(range(len(args)), n)
    else:
        choices = (tuple(range(i, i + n)) for i in range(len(args) - n + 1))
    for chosen in choices:
        part = Expr.from_args(head, [args[i] for i in chosen])
        r = rhs if lhs == part else _rule_result(ev, lhs, rhs, delayed, part)
        if r is not None:
            rest = [a for i, a in enumerate(args) if i not in chosen]
            return Expr.from_args(head, [r] + rest if attrs & A.ORDERLESS else
                                  rest[:chosen[0]] + [r] + rest[chosen[0]:])
    return None


def _normalised(rules):
    """Rules given as an expression (a rule, a list of rules) or as ``rules_of`` triples."""
    if isinstance(rules, list):
        return rules
    out = rules_of(rules)
    if out is None:
        raise ValueError(f"not a rule or a list of rules: {rules!r}")
    return out


def replace_all(ev, expr, rules):
    """``expr /. rules``: try the rules on the whole expression, then on head and
    arguments of anything no rule matched (parts that were replaced are not searched).
    ``rules`` is a rule or list of rules (an expression) or ``rules_of``'s triples."""
    rules = _normalised(rules)
    new, _ = _replace_all(ev, expr, rules, _sharing_memo(rules))
    return new


def _sharing_memo(rules) -> dict | None:
    """A memo for one ReplaceAll pass (id of a part -> (part, result)) when the rules hold no
    test: then the same part always gives the same result, and a part that occurs many times
    (``{x, x}`` shares one x) is replaced once and its result shared.  So
    ``Nest[# /. x -> {x, x} &, x, 40]`` stays 40 expressions, not 2^40.  With a Condition or
    PatternTest (which may have effects) every occurrence is matched anew."""
    for lhs, rhs, delayed in rules:
        if _has_test(lhs) or rhs_condition(rhs, delayed) is not None:
            return None
    return {}


def _has_test(p) -> bool:
    if type(p) is not Expr:
        return False
    if p._head is _Condition or p._head is _PatternTest:
        return True
    return _has_test(p._head) or any(_has_test(a) for a in p._args)


def _replace_all(ev, e, rules, memo=None):
    if memo is not None and type(e) is Expr:
        hit = memo.get(id(e))
        if hit is not None and hit[0] is e:
            return hit[1]
    _abort_point(ev)
    r = apply_rules_once(ev, rules, e)
    if r is not None:
        result = r, True
    elif type(e) is not Expr or is_opaque(e):          # an atom, or a net (core/opaque.py)
        return e, False
    else:
        nh, changed = _replace_all(ev, e._head, rules, memo)
        out = []
        for a in e._args:
            na, c = _replace_all(ev, a, rules, memo)
            changed = changed or c
            out.append(na)
        result = (Expr.from_args(nh, out), True) if changed else (e, False)
    if memo is not None and type(e) is Expr:
        memo[id(e)] = (e, result)         # the part is kept alive: its id is not reused
    return result


def replace_repeated(ev, expr, rules, max_iterations: int = 65536):
    """``expr //. rules``: ReplaceAll until nothing changes.  Returns (result, converged)."""
    rules = _normalised(rules)
    for _ in range(max_iterations):
        new, changed = _replace_all(ev, expr, rules, _sharing_memo(rules))
        if not changed or new == expr:
            return new, True
        expr = new
        if ev is not None:
            hits = ev.recursion_limit_hits
            expr = ev.evaluate(expr)
            if ev.recursion_limit_hits != hits:
                # grown deeper than evaluation goes ({a} //. a -> {a}): $RecursionLimit
                # said so, and the expression can no longer be evaluated; stop here
                return expr, True
    return expr, False


def parse_levelspec(spec) -> tuple[int, int] | None:
    """n, {n}, {m, n}, Infinity, All → (lo, hi) with Infinity as a large int (negative
    levels count from the bottom and are kept negative); None for anything else."""
    def num(x):
        if type(x) is Integer:
            return x.value
        if x is S.Infinity or (type(x) is Expr and x.head is S.DirectedInfinity):
            return _INF
        return None

    if spec is S.All:
        return (0, _INF)
    n = num(spec)
    if n is not None:
        return (1, n)
    if type(spec) is Expr and spec._head is _List:
        vals = [num(a) for a in spec._args]
        if None in vals:
            return None
        if len(vals) == 1:
            return (vals[0], vals[0])
        if len(vals) == 2:
            return (vals[0], vals[1])
    return None


def _depth(e) -> int:
    if type(e) is not Expr or is_opaque(e):
        return 1
    return 1 + max((_depth(a) for a in e._args), default=0)


def _in_levels(level: int, depth: int, lo: int, hi: int) -> bool:
    lo_ok = level >= lo if lo >= 0 else -depth >= lo
    hi_ok = level <= hi if hi >= 0 else -depth <= hi
    return lo_ok and hi_ok


def at_levels(e, lo: int, hi: int, fn, level: int = 0, heads: bool = False):
    """Rebuild ``e`` applying ``fn`` (bottom-up) to every part at a level in [lo, hi].
    ``fn`` returns a replacement or None to keep the part."""
    if type(e) is Expr and not is_opaque(e):
        out = []
        changed = False
        for a in e._args:
            na = at_levels(a, lo, hi, fn, level + 1, heads)
            changed = changed or na is not a
            out.append(na)
        if changed:
            e = Expr.from_args(e._head, out)
    if (lo < 0 or hi < 0) and not _in_levels(level, _depth(e), lo, hi):
        return e
    if lo >= 0 and hi >= 0 and not (lo <= level <= hi):
        return e
    r = fn(e)
    return e if r is None else r


def replace(ev, expr, rules, levelspec=(0, 0)):
    """``Replace[expr, rules, levelspec]``: rules tried on each part at the given levels
    (level 0, the whole expression, by default); parts are visited bottom-up."""
    lo, hi = levelspec
    rules = _normalised(rules)
    return at_levels(expr, lo, hi, lambda part: apply_rules_once(ev, rules, part))


# ---------------------------------------------------------------------------- specificity

def specificity(lhs) -> tuple:
    """A sort key for definitions: smaller is more specific and is tried first."""
    if type(lhs) is not Expr:
        return (0,)
    h = lhs._head
    if h is _HoldPattern and lhs._args:
        return specificity(lhs._args[0])
    if h is _Condition and lhs._args:
        base = specificity(lhs._args[0])
        return base[:-1] + (base[-1] - 0.5,) if base else base
    return tuple(_arg_rank(a) for a in lhs._args) + (_seq_rank(lhs),)


def _seq_rank(lhs) -> float:
    """Definitions with sequence patterns come after all fixed-length ones."""
    return sum(1 for a in lhs._args if _run_bounds(a, False) is not None)


def _arg_rank(p) -> float:
    if type(p) is not Expr or is_free_of_patterns(p):
        return 0
    h = p._head
    if h is _Pattern and len(p._args) == 2:
        return _arg_rank(p._args[1])
    if h is _Blank:
        return 2 if p._args else 3
    if h is _BlankSequence:
        return 5 if p._args else 6
    if h is _BlankNullSequence:
        return 7 if p._args else 8
    if (h is _Condition or h is _PatternTest) and p._args:      # Condition[] is inert
        return _arg_rank(p._args[0]) - 0.5
    if h is _Optional and p._args:
        return _arg_rank(p._args[0]) + 0.25
    if h is _Alternatives or h is _PatternSequence:
        return max((_arg_rank(a) for a in p._args), default=0)
    if (h is _Longest or h is _Shortest) and p._args:
        return _arg_rank(p._args[0])
    if h is _Except:
        return 3
    if h is _Repeated or h is _RepeatedNull:
        return 5.5
    if h is _OptionsPattern:
        return 7.5
    if h is _HoldPattern and p._args:
        return _arg_rank(p._args[0])
    return 1          # a structure with patterns inside: more specific than a blank
