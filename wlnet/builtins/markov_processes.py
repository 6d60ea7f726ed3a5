"""Finite Markov chains and the Poisson process, as programs use them to make data:
``DiscreteMarkovProcess[i0 | p0 | , m]`` (transition matrix m, initial state i0 or state
probabilities p0; a Graph gives each vertex's out-edges equal probability),
``PoissonProcess[μ]``, and the distributions of their states: ``proc[t]`` (as
``SliceDistribution[proc, t]``) and ``StationaryDistribution[proc]``.

A slice simplifies to a named distribution where there is one (PoissonProcess[μ][t] is
PoissonDistribution[μ t], WienerProcess[μ, σ][t] NormalDistribution[μ t, σ Sqrt[t]],
BernoulliProcess[p][t] BernoulliDistribution[p], BinomialProcess[p][t]
BinomialDistribution[t, p]); a Markov chain's slice and stationary distribution stay as
they are written and PDF, CDF, Mean, Variance, StandardDeviation and RandomVariate read
them.  Their state probabilities are computed by the evaluator (Dot, MatrixPower,
LinearSolve), so exact and symbolic matrices give exact and symbolic answers.

RandomFunction samples both processes through the samplers here (random_processes.py asks
``process_sampler``).
"""

from __future__ import annotations

import numpy as np
from scipy.sparse.csgraph import connected_components

from wlnet.builtins._listutil import float_value, is_list, mklist
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.graph import Graph
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue

MARKOV = "DiscreteMarkovProcess"
POISSON = "PoissonProcess"
SLICE = Symbol("SliceDistribution")
STATIONARY = Symbol("StationaryDistribution")
_MESSAGES = {
    "mtrx": "`1` is not a square matrix of nonnegative numbers whose rows sum to 1.",
    "init": "`1` is neither a state between 1 and `2` nor a vector of `2` nonnegative "
            "probabilities that sum to 1.",
}
_POISSON_MESSAGES = {"rate": "The rate `1` is not a positive number."}
# a row sum may miss 1 by rounding of machine numbers
_SUM_TOLERANCE = 1e-8


# ---------------------------------------------------------------------------- reading

def _numeric_or_none(ev, e) -> float | None:
    v = ev.evaluate(Expr(S.N, e))
    return float_value(v)


def _transition_matrix(ev, m) -> list[list] | None:
    """The rows of the transition matrix (expressions); a Graph's is equal probability to
    each vertex an edge leaves for."""
    if type(m) is Graph:
        adjacency = ev.evaluate(Expr(Symbol("Normal"),
                                     Expr(Symbol("AdjacencyMatrix"), m)))
        if not is_list(adjacency):
            return None
        rows = []
        for row in adjacency.args:
            total = sum(int(a.value) for a in row.args)
            if total == 0:
                return None                   # a vertex no edge leaves: no transition
            rows.append([ev.evaluate(Expr(S.Times, a, Expr(S.Power, Integer(total),
                                                            Integer(-1)))) for a in row.args])
        return rows
    if not is_list(m) or not m.args or not all(is_list(r) for r in m.args):
        return None
    n = len(m.args)
    if any(len(r.args) != n for r in m.args):
        return None
    return [list(r.args) for r in m.args]


def _stochastic(ev, rows) -> bool:
    """Whether numeric rows are nonnegative and sum to 1 (symbolic entries are taken as
    given: their values are the user's to choose)."""
    for row in rows:
        values = [_numeric_or_none(ev, a) for a in row]
        if any(v is None for v in values):
            continue
        if min(values) < 0 or abs(sum(values) - 1) > _SUM_TOLERANCE:
            return False
    return True


def _initial(ev, spec, n: int) -> list | None:
    """The initial state probabilities as expressions, None when spec is not one."""
    if type(spec) is Integer:
        if not 1 <= spec.value <= n:
            return None
        return [Integer(1) if k == spec.value else Integer(0) for k in range(1, n + 1)]
    if not is_list(spec) or len(spec.args) != n:
        return None
    values = [_numeric_or_none(ev, a) for a in spec.args]
    if all(v is not None for v in values) and (
            min(values) < 0 or abs(sum(values) - 1) > _SUM_TOLERANCE):
        return None
    return list(spec.args)


def read_markov(ev, proc):
    """(initial probabilities, transition rows) of a DiscreteMarkovProcess, or None."""
    if type(proc) is not Expr or proc.head != Symbol(MARKOV) or len(proc.args) != 2:
        return None
    rows = _transition_matrix(ev, proc.args[1])
    if rows is None or not _stochastic(ev, rows):
        return None
    p0 = _initial(ev, proc.args[0], len(rows))
    return None if p0 is None else (p0, rows)


@builtin(MARKOV, argc=2, messages=_MESSAGES, attributes=("Protected", "ReadProtected"),
         usage="DiscreteMarkovProcess[i0, m] is the discrete-time Markov chain with "
               "transition matrix m (m[[i, j]] the probability of going from state i to "
               "state j) starting in state i0; DiscreteMarkovProcess[p0, m] starts in state "
               "i with probability p0[[i]]; a Graph in place of m moves along each of a "
               "vertex's out-edges with equal probability.",
         examples=(("Mean[DiscreteMarkovProcess[1, {{0, 1}, {1, 0}}][3]]", "2"),
                   ("PDF[StationaryDistribution[DiscreteMarkovProcess[1, "
                    "{{1/2, 1/2}, {1/4, 3/4}}]], 2]", "2/3")))
def discrete_markov_process(ev, spec, m):
    """Inert; a matrix that is not a transition matrix, or a start that is not a state, is
    a message."""
    rows = _transition_matrix(ev, m)
    if rows is None or not _stochastic(ev, rows):
        ev.message(Symbol(MARKOV), "mtrx", m)
        return None
    if _initial(ev, spec, len(rows)) is None:
        ev.message(Symbol(MARKOV), "init", spec, Integer(len(rows)))
    return None


@builtin(POISSON, argc=1, messages=_POISSON_MESSAGES, attributes=("Protected",),
         usage="PoissonProcess[μ] is the count of events that arrive at rate μ, from 0 at "
               "time 0: PoissonProcess[μ][t] is PoissonDistribution[μ t].",
         examples=(("PoissonProcess[3][t]", "PoissonDistribution[3 t]"),))
def poisson_process(ev, mu):
    v = _numeric_or_none(ev, mu)
    if v is not None and not v > 0:
        ev.message(Symbol(POISSON), "rate", mu)
    return None


# ---------------------------------------------------------------------------- state probabilities

def _vector_times_matrix(ev, p, rows):
    return ev.evaluate(Expr(S.Dot, mklist(p), mklist([mklist(r) for r in rows])))


def slice_probabilities(ev, p0, rows, t) -> list | None:
    """The state probabilities at a whole time t >= 0: p0 . m^t."""
    if type(t) is not Integer or t.value < 0:
        return None
    power = ev.evaluate(Expr(Symbol("MatrixPower"), mklist([mklist(r) for r in rows]), t))
    result = ev.evaluate(Expr(S.Dot, mklist(p0), power))
    return list(result.args) if is_list(result) and len(result.args) == len(rows) else None


def _pattern(ev, rows) -> np.ndarray:
    """Which transitions can happen: a symbolic probability counts as possible."""
    n = len(rows)
    out = np.zeros((n, n), dtype=bool)
    for i, row in enumerate(rows):
        for j, a in enumerate(row):
            v = _numeric_or_none(ev, a)
            out[i, j] = v is None or v != 0
    return out


def _closed_class_stationary(ev, rows, states) -> list | None:
    """The stationary probabilities of one closed communicating class: π (P - I) == 0 with
    Σ π == 1, one balance equation traded for the sum (the class is irreducible, so the
    system has one solution)."""
    k = len(states)
    sub = [[rows[i][j] for j in states] for i in states]
    # the columns of P - I are the balance equations of π (transposed system)
    equations = [[ev.evaluate(Expr(S.Plus, sub[i][j], Integer(-1 if i == j else 0)))
                  for i in range(k)] for j in range(k)]
    equations[-1] = [Integer(1)] * k
    rhs = [Integer(0)] * (k - 1) + [Integer(1)]
    return _solved(ev, equations, rhs)


def _solved(ev, matrix, rhs) -> list | None:
    solution = ev.evaluate(Expr(Symbol("LinearSolve"), mklist([mklist(r) for r in matrix]),
                                mklist(rhs)))
    if not is_list(solution):
        return None
    return [_tidy(ev, x) for x in solution.args]


def _tidy(ev, x):
    """A symbolic probability as one fraction, simplified (numbers are left alone)."""
    if _numeric_or_none(ev, x) is not None:
        return x
    return ev.evaluate(Expr(Symbol("Simplify"), x))


def stationary_probabilities(ev, p0, rows) -> list | None:
    """The long-run state probabilities from p0: each closed class's stationary
    probabilities weighted by the probability of ending in that class (for an irreducible
    chain, its one stationary distribution; a periodic chain's is the time average)."""
    n = len(rows)
    possible = _pattern(ev, rows)
    count, labels = connected_components(possible, directed=True, connection="strong")
    classes = [list(np.flatnonzero(labels == c)) for c in range(count)]
    closed = [c for c in classes
              if not possible[np.ix_(c, [j for j in range(n) if j not in c])].any()]
    transient = [i for i in range(n) if not any(i in c for c in closed)]
    result = [Integer(0)] * n
    for cls in closed:
        pi = _closed_class_stationary(ev, rows, cls)
        weight = _arrival_probability(ev, p0, rows, cls, transient)
        if pi is None or weight is None:
            return None
        for state, p in zip(cls, pi):
            result[state] = _tidy(ev, Expr(S.Times, weight, p))
    return result


def _arrival_probability(ev, p0, rows, cls, transient):
    """The probability that the chain started from p0 ends in the closed class cls: its
    start there plus, from each transient state, the probability h of absorption in cls
    ((I - Q) h == R 1, Q the transient-to-transient block)."""
    start = [p0[i] for i in cls]
    if not transient:
        return ev.evaluate(Expr(S.Plus, *start))
    size = len(transient)
    matrix = [[ev.evaluate(Expr(S.Plus, Integer(1 if a == b else 0),
                                Expr(S.Times, Integer(-1), rows[i][j])))
               for b, j in enumerate(transient)] for a, i in enumerate(transient)]
    rhs = [ev.evaluate(Expr(S.Plus, *[rows[i][j] for j in cls])) for i in transient]
    h = _solved(ev, matrix, rhs) if size else []
    if h is None:
        return None
    terms = start + [Expr(S.Times, p0[i], h[a]) for a, i in enumerate(transient)]
    return ev.evaluate(Expr(S.Plus, *terms))


def state_probabilities(ev, dist) -> list | None:
    """The probabilities of states 1, …, n of a Markov chain's slice or stationary
    distribution, None for anything else."""
    if type(dist) is not Expr or not dist.args:
        return None
    chain = read_markov(ev, dist.args[0])
    if chain is None:
        return None
    if dist.head is STATIONARY and len(dist.args) == 1:
        return stationary_probabilities(ev, *chain)
    if dist.head is SLICE and len(dist.args) == 2:
        return slice_probabilities(ev, *chain, dist.args[1])
    return None


# ---------------------------------------------------------------------------- slices

def _named_slice(proc, t):
    """The named distribution a process's state at time t has, or None."""
    if type(proc) is not Expr or type(proc.head) is not Symbol:
        return None
    name, args = proc.head.name, proc.args
    if name == POISSON and len(args) == 1:
        return Expr(Symbol("PoissonDistribution"), Expr(S.Times, args[0], t))
    if name == "WienerProcess" and len(args) in (0, 2):
        mu, sigma = args if args else (Integer(0), Integer(1))
        return Expr(S.NormalDistribution, Expr(S.Times, mu, t),
                    Expr(S.Times, sigma, Expr(S.Sqrt, t)))
    if name == "BernoulliProcess" and len(args) == 1:
        return Expr(Symbol("BernoulliDistribution"), args[0])
    if name == "BinomialProcess" and len(args) == 1:
        return Expr(Symbol("BinomialDistribution"), t, args[0])
    return None


_SLICED = (POISSON, MARKOV, "WienerProcess", "BernoulliProcess", "BinomialProcess")


@builtin("SliceDistribution", argc=2, attributes=("Protected", "ReadProtected"),
         usage="SliceDistribution[proc, t] (written proc[t]) is the distribution of the "
               "state of the process proc at time t; it is a named distribution where one "
               "is known, and SliceDistribution[proc, Infinity] is "
               "StationaryDistribution[proc].",
         examples=(("SliceDistribution[WienerProcess[], 4]",
                    "NormalDistribution[0, 2]"),))
def slice_distribution(ev, proc, t):
    if t == ev.evaluate(S.Infinity):
        return ev.evaluate(Expr(STATIONARY, proc))
    named = _named_slice(proc, t)
    return ev.evaluate(named) if named is not None else None


def _slice_call(ev, proc, *args):
    """proc[t] is SliceDistribution[proc, t]."""
    if len(args) != 1 or is_list(args[0]):
        return None
    return ev.evaluate(Expr(SLICE, proc, args[0]))


for _name in _SLICED:
    builtin_subvalue(_name)(_slice_call)


@builtin("StationaryDistribution", argc=1, attributes=("Protected", "ReadProtected"),
         usage="StationaryDistribution[proc] is the distribution of the state of proc in "
               "the long run (a Markov chain's may depend on where it starts).",
         examples=(("StationaryDistribution[BernoulliProcess[1/3]]",
                    "BernoulliDistribution[1/3]"),))
def stationary_distribution(ev, proc):
    if type(proc) is Expr and proc.head == Symbol("BernoulliProcess") and len(proc.args) == 1:
        return Expr(Symbol("BernoulliDistribution"), proc.args[0])
    return None


# ---------------------------------------------------------------------------- as distributions

def _pdf(ev, dist, x=None, *rest):
    """PDF[dist, k] is state k's probability (0 elsewhere); a symbol x gives the
    Piecewise of the states; PDF[dist] the pure function."""
    probs = state_probabilities(ev, dist)
    if probs is None or rest:
        return None
    if x is None:
        slot = Symbol("x$")
        return Expr(S.Function, slot, _pdf(ev, dist, slot))
    if is_list(x):
        return mklist([_pdf(ev, dist, a) for a in x.args])
    v = _numeric_or_none(ev, x)
    if v is not None:
        k = int(round(v))
        return probs[k - 1] if v == k and 1 <= k <= len(probs) else Integer(0)
    cases = [mklist([p, Expr(S.Equal, x, Integer(k))]) for k, p in enumerate(probs, 1)]
    return ev.evaluate(Expr(S.Piecewise, mklist(cases), Integer(0)))


def _cdf(ev, dist, x=None, *rest):
    probs = state_probabilities(ev, dist)
    if probs is None or rest or x is None:
        return None
    if is_list(x):
        return mklist([_cdf(ev, dist, a) for a in x.args])
    v = _numeric_or_none(ev, x)
    if v is None:
        return None
    below = [p for k, p in enumerate(probs, 1) if k <= v]
    return ev.evaluate(Expr(S.Plus, *below)) if below else Integer(0)


def _moment(power: int):
    def moment(ev, dist, *rest):
        probs = state_probabilities(ev, dist)
        if probs is None or rest:
            return None
        terms = [Expr(S.Times, Integer(k ** power), p) for k, p in enumerate(probs, 1)]
        return _tidy(ev, Expr(S.Plus, *terms))
    return moment


def _variance(ev, dist, *rest):
    if rest:
        return None
    second, first = _moment(2)(ev, dist), _moment(1)(ev, dist)
    if second is None:
        return None
    return _tidy(ev, Expr(S.Plus, second, Expr(S.Times, Integer(-1),
                                                Expr(S.Power, first, Integer(2)))))


def _deviation(ev, dist, *rest):
    v = _variance(ev, dist, *rest)
    return None if v is None else ev.evaluate(Expr(S.Sqrt, v))


def _random_variate(ev, dist, *rest):
    probs = state_probabilities(ev, dist)
    if probs is None or len(rest) > 1:
        return None
    p = np.array([_numeric_or_none(ev, x) for x in probs], dtype=object)
    if any(x is None for x in p):
        return None
    p = np.asarray(p, dtype=np.float64)
    from wlnet.builtins.random import _with_shape

    def draw(count):
        return [Integer(int(k) + 1) for k in ev.rng.choice(len(p), size=count, p=p / p.sum())]
    return _with_shape(ev, "RandomVariate", (dist, *rest), draw)


for _head in ("SliceDistribution", "StationaryDistribution"):
    builtin_upvalue("PDF", _head)(_pdf)
    builtin_upvalue("CDF", _head)(_cdf)
    builtin_upvalue("Mean", _head)(_moment(1))
    builtin_upvalue("Variance", _head)(_variance)
    builtin_upvalue("StandardDeviation", _head)(_deviation)
    builtin_upvalue("RandomVariate", _head)(_random_variate)


# ---------------------------------------------------------------------------- sampling

class _MarkovChain:
    """Paths of a finite chain: the state at tmin drawn from p0 . m^tmin, then each step
    from the current state's row.  Each step depends on the one before, so the loop runs
    over time, each step for all paths at once (one comparison of uniforms with the rows'
    cumulative sums)."""

    discrete = True

    def __init__(self, p0: np.ndarray, matrix: np.ndarray):
        self.p0, self.matrix = p0, matrix

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        start = self.p0 @ np.linalg.matrix_power(self.matrix, int(times[0]))
        cumulative = np.cumsum(self.matrix, axis=1)
        cumulative[:, -1] = 1.0                      # rounding must not let a draw pass it
        states = np.empty((n, len(times)), dtype=np.int64)
        states[:, 0] = rng.choice(len(start), size=n, p=start / start.sum())
        uniforms = rng.random((n, len(times) - 1))
        for k in range(1, len(times)):
            rows = cumulative[states[:, k - 1]]
            states[:, k] = (uniforms[:, k - 1, None] >= rows).sum(axis=1)
        return states + 1


class _Poisson:
    """Counts from 0 at time 0 with independent Poisson increments of mean μ dt."""

    discrete = False
    events = True

    def __init__(self, mu: float):
        self.mu = mu

    def sample(self, rng, times: np.ndarray, n: int) -> np.ndarray:
        dts = np.diff(np.concatenate([[0.0], times]))
        return np.cumsum(rng.poisson(self.mu * np.abs(dts), size=(n, len(times))), axis=1)

    def events_path(self, rng, lo: float, hi: float):
        """(times, counts) of one path: tmin, each arrival in (tmin, tmax), and tmax (the
        count it ends with)."""
        start = rng.poisson(self.mu * lo) if lo > 0 else 0
        count = rng.poisson(self.mu * (hi - lo)) if hi > lo else 0
        arrivals = np.sort(rng.uniform(lo, hi, size=count))
        counts = start + np.arange(count + 1, dtype=np.int64)
        if hi > lo:
            return np.concatenate([[lo], arrivals, [hi]]), np.append(counts, counts[-1])
        return np.array([lo]), counts


def process_sampler(ev, proc):
    """The sampler of a Markov chain or Poisson process with numeric parameters, or None."""
    if type(proc) is not Expr or type(proc.head) is not Symbol:
        return None
    if proc.head.name == POISSON and len(proc.args) == 1:
        mu = float_value(proc.args[0])
        return _Poisson(mu) if mu is not None and mu > 0 else None
    chain = read_markov(ev, proc)
    if chain is None:
        return None
    p0 = [_numeric_or_none(ev, p) for p in chain[0]]
    matrix = [[_numeric_or_none(ev, a) for a in row] for row in chain[1]]
    if None in p0 or any(None in row for row in matrix):
        return None
    return _MarkovChain(np.array(p0), np.array(matrix))
