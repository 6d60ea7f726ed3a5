"""Finite Markov chains and the Poisson process (wlnet/builtins/markov_processes.py): the
state distributions proc[t] and StationaryDistribution[proc] (against hand-computed
probabilities), their sampling through RandomFunction, and the messages."""

import numpy as np
import pytest

from tests.builtins._support import check, check_example, declared_examples, run
from wlnet.core.packed import packed_array

CHAIN = "DiscreteMarkovProcess[1, {{1/2, 1/2}, {1/5, 4/5}}]"


@pytest.mark.parametrize("name,text,expected", declared_examples("markov_processes"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    # p0 . m^t: from state 1, m^3's first row
    (f"PDF[{CHAIN}[3], 2]", "139/200"),
    (f"PDF[{CHAIN}[3], {{1, 2, 3, 3/2}}]", "{61/200, 139/200, 0, 0}"),
    (f"ToString[PDF[{CHAIN}[3], x], InputForm]",
     '"Piecewise[{{61/200, x == 1}, {139/200, x == 2}}, 0]"'),
    (f"Mean[{CHAIN}[2]]", "33/20"),
    (f"CDF[{CHAIN}[1], 1]", "1/2"),
    (f"Head[{CHAIN}[3]]", "SliceDistribution"),
    # the stationary distribution solves pi . m == pi: (2/7, 5/7)
    (f"PDF[StationaryDistribution[{CHAIN}], {{1, 2}}]", "{2/7, 5/7}"),
    (f"Mean[StationaryDistribution[{CHAIN}]]", "12/7"),
    (f"Variance[StationaryDistribution[{CHAIN}]]", "10/49"),
    (f"{CHAIN}[Infinity] === StationaryDistribution[{CHAIN}]", "True"),
    # symbolic transition probabilities
    ("PDF[StationaryDistribution[DiscreteMarkovProcess[1, {{a, 1 - a}, {1 - b, b}}]], 1]",
     "(-1 + b)/(-2 + a + b)"),
    # absorbing states: where the chain ends depends on where it starts
    ("PDF[StationaryDistribution[DiscreteMarkovProcess[{1/2, 1/2, 0}, "
     "{{1, 0, 0}, {1/3, 1/3, 1/3}, {0, 0, 1}}]], {1, 2, 3}]", "{3/4, 0, 1/4}"),
    # a periodic chain: the time average
    ("PDF[StationaryDistribution[DiscreteMarkovProcess[1, RotateRight /@ IdentityMatrix[3]]], "
     "{1, 2, 3}]", "{1/3, 1/3, 1/3}"),
    # a graph: equal probability along each out-edge
    ("PDF[StationaryDistribution[DiscreteMarkovProcess[1, Graph[{1 -> 2, 2 -> 1, 2 -> 3, "
     "3 -> 1}]]], {1, 2, 3}]", "{2/5, 2/5, 1/5}"),
    # slices of other processes are named distributions
    ("PoissonProcess[2][t]", "PoissonDistribution[2 t]"),
    ("Mean[PoissonProcess[2][5]]", "10"),
    ("WienerProcess[1, 3][t]", "NormalDistribution[t, 3 Sqrt[t]]"),
    ("BinomialProcess[1/3][4]", "BinomialDistribution[4, 1/3]"),
    ("StationaryDistribution[BernoulliProcess[0.3]]", "BernoulliDistribution[0.3]"),
    # sampling: states 1..n; a chain that alternates is deterministic
    ("RandomFunction[DiscreteMarkovProcess[1, {{0, 1}, {1, 0}}], {0, 4}][\"Values\"]",
     "{1, 2, 1, 2, 1}"),
    ("RandomFunction[DiscreteMarkovProcess[2, {{0, 1}, {1, 0}}], {0, 2}, 2][\"ValueList\"]",
     "{{2, 1, 2}, {2, 1, 2}}"),
    ("RandomFunction[DiscreteMarkovProcess[1, {{0, 1}, {1, 0}}], {3, 4}][\"Values\"]",
     "{2, 1}"),
    ("RandomFunction[PoissonProcess[2], {0, 3, 1/2}][\"Times\"]",
     "{0, 1/2, 1, 3/2, 2, 5/2, 3}"),
    (f"Union[RandomVariate[StationaryDistribution[{CHAIN}], 50]] === {{1, 2}}", "True"),
])
def test_markov_and_poisson(text, expected):
    check(text, expected, evaluate_expected=True)


def test_chain_paths_visit_states_at_the_stationary_rates():
    r = run(f"SeedRandom[5]; RandomFunction[{CHAIN}, {{0, 20000}}][\"Values\"]")
    states = packed_array(r.value)
    assert abs(np.mean(states == 2) - 5 / 7) < 0.02


def test_poisson_path_without_step_steps_at_its_events():
    r = run("SeedRandom[2]; s = RandomFunction[PoissonProcess[3], {0, 10}]; "
            "{s[\"Times\"], s[\"Values\"]}")
    times, values = (np.array([float(a.value) for a in part.args]) for part in r.value.args)
    assert times[0] == 0 and times[-1] == 10 and np.all(np.diff(times) > 0)
    assert values[0] == 0 and np.all(np.diff(values[:-1]) == 1) and values[-1] == values[-2]
    assert 10 < values[-1] < 50                      # 30 expected


@pytest.mark.parametrize("text,expected,messages", [
    ("DiscreteMarkovProcess[1, {{1, 2}, {0, 1}}]", "DiscreteMarkovProcess[1, {{1, 2}, {0, 1}}]",
     ["DiscreteMarkovProcess::mtrx"]),
    ("DiscreteMarkovProcess[3, {{1, 0}, {0, 1}}]", "DiscreteMarkovProcess[3, {{1, 0}, {0, 1}}]",
     ["DiscreteMarkovProcess::init"]),
    ("PoissonProcess[-1]", "PoissonProcess[-1]", ["PoissonProcess::rate"]),
])
def test_messages(text, expected, messages):
    check(text, expected, messages)
