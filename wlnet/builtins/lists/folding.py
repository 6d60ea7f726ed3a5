"""Folds that carry more than one value: ``FoldPairList``/``FoldPair`` (f returns an output
and the next state at each step) and ``SequenceFoldList``/``SequenceFold`` (f sees the last
n results and the next elements), as programs build state-space simulations and
recurrences such as Fibonacci's."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import is_list, mklist

FOLD_PAIR_LIST = Symbol("FoldPairList")
FOLD_PAIR = Symbol("FoldPair")
_PAIR_MESSAGES = {"pair": "`1` returned by the function is not a pair {output, state}."}


def _pair_steps(ev, sym, f, y0, items, g) -> list | None:
    """g[{x_i, y_i}] for each step of f[y_(i-1), a_i] = {x_i, y_i}; None (after a
    message) when f returns something other than a pair."""
    out, state = [], y0
    for a in items:
        pair = ev.apply(f, state, a)
        if not (is_list(pair) and len(pair.args) == 2):
            ev.message(sym, "pair", pair)
            return None
        out.append(pair.args[0] if g is None else ev.apply(g, pair))
        state = pair.args[1]
    return out


def _pair_args(y0, lst):
    """(seed, elements) of FoldPair[List][f, y0, list] and of the seedless form."""
    if lst is None:
        if type(y0) is not Expr or not y0.args:
            return None
        return y0.args[0], y0.args[1:]
    return (y0, lst.args) if type(lst) is Expr else None


@builtin("FoldPairList", argc=(2, 4), messages=_PAIR_MESSAGES,
         usage="FoldPairList[f, y0, {a1, a2, …}] applies f to the state and each element in "
               "turn, f[y_(i-1), a_i] giving {x_i, y_i}, and lists the x_i; "
               "FoldPairList[f, y0, list, g] lists g[{x_i, y_i}]; FoldPairList[f, {a0, a1, …}] "
               "starts from a0.",
         examples=(("FoldPairList[QuotientRemainder, 498, {100, 50, 20, 5, 1}]",
                    "{4, 1, 2, 1, 3}"),
                   ("FoldPairList[TakeDrop, {a, b, c, d, e, f}, {1, 3, 2}]",
                    "{{a}, {b, c, d}, {e, f}}")))
def fold_pair_list(ev, f, y0, lst=None, g=None):
    parts = _pair_args(y0, lst)
    if parts is None:
        return None
    out = _pair_steps(ev, FOLD_PAIR_LIST, f, *parts, g)
    return None if out is None else mklist(out)


@builtin("FoldPair", argc=(2, 4), messages=_PAIR_MESSAGES,
         usage="FoldPair[f, y0, list] is the last element of FoldPairList[f, y0, list] "
               "(FoldPair[f, y0, list, g] of FoldPairList[f, y0, list, g]).",
         examples=(("FoldPair[QuotientRemainder, 498, {100, 50, 20, 5, 1}]", "3"),))
def fold_pair(ev, f, y0, lst=None, g=None):
    parts = _pair_args(y0, lst)
    if parts is None or not parts[1]:                 # no step, no last element
        return None
    out = _pair_steps(ev, FOLD_PAIR, f, *parts, g)
    return None if out is None else out[-1]


def _sequence_fold(ev, f, seeds, items, k) -> list | None:
    """The seeds, then one result per step: f of the last n results and k - n consecutive
    elements of items (the window moving on by one each step)."""
    if not is_list(seeds) or type(items) is not Expr:
        return None
    results, n = list(seeds.args), len(seeds.args)
    width = n + 1 if k is None else (k.value if type(k) is Integer else -1)
    if width < n:
        return None                                    # f would take fewer than the seeds
    taken = width - n
    steps = len(items.args) - taken + 1         # WL's length: Max[2n + m - k + 1, n]
    for i in range(max(steps, 0)):
        recent = results[len(results) - n:] if n else []
        results.append(ev.apply(f, *recent, *items.args[i:i + taken]))
    return results


@builtin("SequenceFoldList", argc=(3, 4),
         usage="SequenceFoldList[f, {x1, …, xn}, {a1, a2, …}] is {x1, …, xn, f[x1, …, xn, a1], "
               "f[x2, …, xn, f[x1, …, xn, a1], a2], …}; SequenceFoldList[f, xs, as, k] gives f "
               "k arguments each step, the last k - n taken from the a_i.",
         examples=(("SequenceFoldList[#1 + #2 &, {1, 1}, {0, 0, 0, 0}, 2]",
                    "{1, 1, 2, 3, 5, 8, 13}"),
                   ("SequenceFoldList[f, {x, y}, {a, b}]", "{x, y, f[x, y, a], f[y, f[x, y, a], b]}")))
def sequence_fold_list(ev, f, seeds, items, k=None):
    results = _sequence_fold(ev, f, seeds, items, k)
    return None if results is None else mklist(results)


@builtin("SequenceFold", argc=(3, 4),
         usage="SequenceFold[f, {x1, …, xn}, {a1, a2, …}] is the last element of "
               "SequenceFoldList[f, {x1, …, xn}, {a1, a2, …}] (and with a fourth argument k).",
         examples=(("SequenceFold[f, {x}, {a, b}]", "f[f[x, a], b]"),))
def sequence_fold(ev, f, seeds, items, k=None):
    results = _sequence_fold(ev, f, seeds, items, k)
    return None if not results else results[-1]
