"""The list builtins as a whole, beyond the tables of the package's modules: part assignment
(``a[[i]] = x``), the messages a user sees, bad arguments, large inputs, the seed page's data
cells, random arguments, the declared examples, results too large for memory."""

from __future__ import annotations

import pytest

from wlnet.core.expr import Expr, Integer, S, String
from tests.builtins._support import Runner, builtins_of, check_example, declared_examples, parse


@pytest.fixture
def runner():
    return Runner()


# ---------------------------------------------------------------------------- end to end

@pytest.mark.parametrize("script, expected", [
    ("v = {1, 2, 3}; v[[2]] = 10; v", "{1, 10, 3}"),
    ("m = {{1, 2}, {3, 4}}; m[[All, 1]] = {a, b}; m", "{{a, 2}, {b, 4}}"),
    ("x = {1}; AppendTo[x, 2]; x", "{1, 2}"),
    ("x = {1}; PrependTo[x, 2]; x", "{2, 1}"),
    ("as = <|\"a\" -> 1|>; as[\"b\"] = 2; as", "<|\"a\" -> 1, \"b\" -> 2|>"),
    ("as = <|x -> 1|>; AssociateTo[as, y -> 2]; as", "<|x -> 1, y -> 2|>"),
    ("as = <|x -> 1, y -> 2|>; KeyDropFrom[as, x]; as", "<|y -> 2|>"),
])
def test_assignment_forms(runner, script, expected):
    assert runner.run(script) == parse(expected)


@pytest.mark.parametrize("text, message", [
    ("{a, b, c}[[5]]", "Part::partw: Part 5 of {a, b, c} does not exist."),
    ("First[{}]", "First::nofirst: {} has zero length and no first element."),
    ("Last[{}]", "Last::nolast: {} has zero length and no last element."),
    ("Rest[{}]", "Rest::norest: Cannot take Rest of expression {} with length zero."),
    ("Take[{a, b}, 5]", "Take::take: Cannot take positions 1 through 5 in {a, b}."),
    ("Drop[{a, b}, {3}]", "Drop::drop: Cannot drop positions 3 through 3 in {a, b}."),
    ("Range[x]", "Range::range: Range specification in Range[x] does not have appropriate "
                 "bounds."),
    ("Thread[f[{a, b}, {c}]]", "Thread::tdlen: Objects of unequal length in f[{a, b}, {c}] "
                               "cannot be combined."),
    ("AssociationThread[{a}, {1, 2}]", "AssociationThread::idim: {a} and {1, 2} must have "
                                       "the same length."),
    ("Transpose[{{1, 2}, {3}}]", "Transpose::nmtx: The first two levels of {{1, 2}, {3}} "
                                 "cannot be transposed."),
    ("Map[f, {a}, x]", "Map::level: Level specification x is not of the form n, {n}, "
                       "or {m, n}."),
])
def test_messages(runner, text, message):
    result = runner.run(text)
    assert message in runner.messages
    assert result == parse(text) or text.startswith("Thread")   # left unevaluated


@pytest.mark.parametrize("text", [
    "Part[{a}, 1, 2, 3]", "Take[5, 1]", "Flatten[{a}, x]", "Partition[{a, b}, 0]",
    "Join[{a}, f[b]]", "Extract[{a}, {{9}}]", "Lookup[5, a]", "Keys[7]", "MapThread[f, 3]",
    "Nest[f, x, -1]", "Sort[5]", "Insert[{a}, x, 9]", "Delete[{a}, 5]", "Tuples[x, y]",
])
def test_bad_arguments_leave_the_call_unevaluated(runner, text):
    assert runner.run(text) == parse(text)
    assert not any("pyerr" in m for m in runner.messages), runner.messages


def test_nothing_is_removed_when_it_comes_from_evaluation(runner):
    assert runner.run("{1, If[False, 2, Nothing], 3}") == parse("{1, 3}")


# ---------------------------------------------------------------------------- large inputs

def test_large_inputs(runner):
    """Sizes a net-building script meets: the builtins work element-wise without
    per-element evaluator round trips (timing is the benchmark's job, not this test's)."""
    n = 100_000
    assert runner.run(f"Length[Range[{n}]]") == Integer(n)
    assert runner.run(f"Total[Range[{n}]]") == Integer(n * (n + 1) // 2)
    assert runner.run("Length[Flatten[Table[{i, j}, {i, 300}, {j, 100}]]]") == Integer(60_000)
    assert runner.run("Length[Tuples[{0, 1}, 16]]") == Integer(2 ** 16)
    assert runner.run(f"Last[Map[f, Range[{n}]]]") == parse(f"f[{n}]")
    assert runner.run(f"Last[Accumulate[Range[{n}]]]") == Integer(n * (n + 1) // 2)


# ---------------------------------------------------------------------------- the seed page

def _strings_ready() -> bool:
    from wlnet.core.registry import BUILTINS
    return all(name in BUILTINS for name in ("StringJoin", "IntegerString", "StringCount",
                                             "Switch", "Sign"))


def test_seed_addition_data(runner):
    """The first application's data cell builds exactly 10,000 rules like "18+41" -> 59."""
    if not _strings_ready():
        pytest.skip("the string/number builtins the cell uses are not there yet")
    runner.run('makeRule[a_, b_] := IntegerString[a] <> "+" <> IntegerString[b] -> a + b;'
               "trainingData = Flatten@Table[makeRule[i, j], {i, 0, 99}, {j, 0, 99}];")
    assert runner.run("Length[trainingData]") == Integer(10_000)
    assert runner.run("trainingData[[1842]]") == parse('"18+41" -> 59')
    assert runner.run("Count[trainingData, _String -> _Integer]") == Integer(10_000)


def test_seed_xy_data(runner):
    """The second application's data cell builds 9,840 x/y strings with their labels."""
    if not _strings_ready():
        pytest.skip("the string/number builtins the cell uses are not there yet")
    runner.run('alphabet = {"x", "y", " "};'
               "inputs = Flatten@Table[StringJoin /@ Tuples[alphabet, n], {n, 1, 8}];"
               'cmpXY[str_] := Switch[Sign[StringCount[str, "x"] - StringCount[str, "y"]], '
               "-1, Less, 0, Equal, 1, Greater];"
               "outputs = cmpXY /@ inputs;"
               "trainingData = Thread[inputs -> outputs];")
    assert runner.run("Length[trainingData]") == Integer(9_840)
    assert runner.run("Counts[outputs][Equal] + Counts[outputs][Less] "
                      "+ Counts[outputs][Greater]") == Integer(9_840)
    assert runner.run('Cases[trainingData, ("xxxxxyyy" -> l_) :> l]') == parse("{Greater}")
    assert runner.run('Cases[trainingData, (" xy   " -> l_) :> l]') == parse("{Equal}")


# ---------------------------------------------------------------------------- robustness

LINE = ("lists", "associations", "functional")


def _line_builtins():
    held = {"AppendTo", "PrependTo", "AssociateTo", "KeyDropFrom",    # assignments
            # iterate until the result stops changing, which random functions never do
            "FixedPoint", "FixedPointList", "NestWhile", "NestWhileList"}
    return [n for n in builtins_of(*LINE) if n not in held]


def _random_arguments():
    from hypothesis import strategies as st
    from wlnet.core.expr import Rational, Real
    atoms = st.sampled_from([
        Integer(0), Integer(1), Integer(-1), Integer(2), Integer(5), Real(0.5),
        Rational(1, 2), String("a"), S.x, S.All, S.Infinity, S["None"], S.f, S.EvenQ,
        S["True"], Expr(S.UpTo, Integer(2)), Expr(S.Span, Integer(1), S.All),
        Expr(S.Key, S.x)])

    def extend(children):
        return st.one_of(
            st.lists(children, max_size=3).map(lambda xs: Expr.from_args(S.List, xs)),
            st.lists(st.tuples(atoms, children), max_size=3).map(
                lambda kv: Expr.from_args(S.Association, (Expr(S.Rule, k, v) for k, v in kv))),
            st.tuples(children, children).map(lambda p: Expr(S.Rule, *p)),
            st.lists(children, max_size=2).map(lambda xs: Expr.from_args(S.g, xs)))
    return st.recursive(atoms, extend, max_leaves=8)


def test_random_arguments_give_messages_not_python_errors():
    """Every builtin of this line, called with random small expressions, returns an
    expression; a Python exception inside a builtin would show as a ::pyerr message."""
    from hypothesis import given, settings, strategies as st
    session = Runner().session
    names = _line_builtins()

    @settings(max_examples=150)
    @given(st.sampled_from(names), st.lists(_random_arguments(), max_size=4))
    def check(name, args):
        session.evaluate(Expr.from_args(S[name], args))
        assert not [m for m in session.messages if "::pyerr" in m], (name, args)
    check()


EXAMPLES = declared_examples(*LINE)


@pytest.mark.parametrize("name, text, expected", EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_declared_examples_hold(name, text, expected):
    """The examples each builtin declares (shown by ?Name) are what it gives."""
    check_example(name, text, expected)


# ---------------------------------------------------------------------------- huge requests

@pytest.mark.parametrize("text", [
    "Range[10^12]", "Range[1, 10^13, 2]", "Range[0., 10.^12]", "Array[f, {10^6, 10^6}]",
    "ConstantArray[0, {10^6, 10^6}]", "Tuples[{1, 2}, 60]", "Tuples[{Range[10^4], Range[10^4], Range[10^4]}]",
    "Subsets[Range[60]]", "Permutations[Range[20]]",
])
def test_results_too_large_for_memory_are_declined_at_once(text):
    # they used to build element by element, in loops Ctrl-C cannot interrupt, then fail
    from wlnet.core.session import Session
    s = Session(echo=False)
    result = s.evaluate(text)
    assert [m.split(":")[0] for m in s.messages] == ["General"]
    assert "nomem" in s.messages[0]
    assert result.head is not S.List                            # the call, unevaluated


@pytest.mark.parametrize("text, length", [
    ("Range[2^21]", 2 ** 21),                                   # checked, and affordable
    ("Permutations[ConstantArray[a, 30]]", 1),                  # 30! orderings, one distinct
    ("Permutations[Join[ConstantArray[a, 12], {b, c}]]", 182),
    ("Subsets[Range[60], {2}]", 1770),
])
def test_large_but_affordable_results_are_built(text, length):
    from wlnet.core.session import Session
    s = Session(echo=False)
    result = s.evaluate(text)
    assert not s.messages and len(result.args) == length
