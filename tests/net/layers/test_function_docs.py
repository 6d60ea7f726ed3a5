"""The kinds of operations the FunctionLayer reference page names as valid (its Details:
array operations such as Det and Tr, descriptive statistics, distances such as
HammingDistance, looping constructs such as NestList and FoldList, list manipulation):
each gives what the function gives on the same data, and its gradient."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch

from _docs import message_tags, shown
from _gradcheck import check_gradients
from _layerutil import build

RNG = np.random.default_rng(11)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    # array operations
    ("FunctionLayer[Det][{{1, 2}, {3, 4}}]", "-2."),
    ("FunctionLayer[Det][{{{1, 2}, {3, 4}}, {{2, 0}, {0, 2}}}]", "{-2., 4.}"),
    ("FunctionLayer[Tr][{{1, 2}, {3, 4}}]", "5."),
    ("FunctionLayer[Inverse][{{1, 2}, {3, 4}}]", "{{-2., 1.}, {1.5, -0.5}}"),
    ("FunctionLayer[Diagonal][{{1, 2, 3}, {3, 4, 5}}]", "{1., 4.}"),
    ("FunctionLayer[IdentityMatrix[2] . # &][{1, 2}]", "{1., 2.}"),
    ("FunctionLayer[Outer[Times, #a, #b] &][<|\"a\" -> {1, 2}, \"b\" -> {3, 4, 5}|>]",
     "{{3., 4., 5.}, {6., 8., 10.}}"),
    ("FunctionLayer[Outer[Plus, #, #] &][{1, 2}]", "{{2., 3.}, {3., 4.}}"),
    # of arrays of any rank: a's levels, then b's
    ("FunctionLayer[Outer[Plus, #a, #b] &][<|\"a\" -> {{1, 2}, {3, 4}}, \"b\" -> {10, 20, 30}|>]",
     "{{{11., 21., 31.}, {12., 22., 32.}}, {{13., 23., 33.}, {14., 24., 34.}}}"),
    ("FunctionLayer[KroneckerProduct[#a, #b] &][<|\"a\" -> {1, 2}, \"b\" -> {3, 4}|>]", "{3., 4., 6., 8.}"),
    ("FunctionLayer[KroneckerProduct[#a, #b] &][<|\"a\" -> {{1, 2}, {3, 4}}, \"b\" -> {{0, 1}, {1, 0}}|>]",
     "{{0., 1., 0., 2.}, {1., 0., 2., 0.}, {0., 3., 0., 4.}, {3., 0., 4., 0.}}"),
    ("FunctionLayer[KroneckerProduct[#a, #b] &][<|\"a\" -> {{1, 2, 3}}, \"b\" -> {{1}, {2}}|>]",
     "{{1., 2., 3.}, {2., 4., 6.}}"),
    ("FunctionLayer[Cross[#a, #b] &][<|\"a\" -> {1, 0, 0}, \"b\" -> {0, 1, 0}|>]", "{0., 0., 1.}"),
    # descriptive statistics (over level 1, as Median[matrix] gives column medians)
    ("FunctionLayer[Median][{1, 2, 4, 10}]", "3."),
    ("FunctionLayer[Median][{{1, 2}, {4, 10}, {0, 0}}]", "{1., 2.}"),
    ("FunctionLayer[InterquartileRange][{1, 2, 4, 10}]", "5.5"),
    ("FunctionLayer[MeanDeviation][{1, 2, 6}]", "2."),
    # distances
    ("FunctionLayer[HammingDistance[#a, #b] &][<|\"a\" -> {1, 0, 3}, \"b\" -> {1, 2, 3}|>]", "1."),
    ("FunctionLayer[BrayCurtisDistance[#a, #b] &][<|\"a\" -> {1, 2}, \"b\" -> {3, 4}|>]", "0.4"),
    ("FunctionLayer[CanberraDistance[#a, #b] &][<|\"a\" -> {1, 2}, \"b\" -> {3, 4}|>]", "0.833333"),
    # 1 - the correlation of {1, 2, 4} and {3, 4, 1}
    ("FunctionLayer[CorrelationDistance[#a, #b] &][<|\"a\" -> {1, 2, 4}, \"b\" -> {3, 4, 1}|>]",
     "1.78571"),
    # looping constructs
    ("FunctionLayer[NestList[Sin, #, 2] &][{1, 2}]",
     "{{1., 2.}, {0.841471, 0.909297}, {0.745624, 0.789072}}"),
    ("FunctionLayer[Nest[#^2 + # &, #, 3] &][{1, 2}]", "{42., 1806.}"),
    # a value used twice is built once: twenty steps stay twenty steps (2^20 without)
    ("FunctionLayer[Nest[#^2 / 10 + # &, #, 20] &][{0.1}]", "{0.124658}"),
    ("FunctionLayer[FoldList[Plus, #] &][{1, 2, 3}]", "{1., 3., 6.}"),
    ("FunctionLayer[FoldList[Plus, 10, #] &][{1, 2, 3}]", "{10., 11., 13., 16.}"),
    ("FunctionLayer[Accumulate][{{1, 2}, {3, 4}}]", "{{1., 2.}, {4., 6.}}"),
    ('FunctionLayer[Accumulate, "Input" -> {"Varying"}][{{1, 2, 3}, {1}}]', "{{1., 3., 6.}, {1.}}"),
    # list manipulation: a constant joined to every example
    ("FunctionLayer[Append[#, 1] &][{1, 2}]", "{1., 2., 1.}"),
    ("FunctionLayer[Prepend[#, {0, 0}] &][{{1, 2}}]", "{{0., 0.}, {1., 2.}}"),
    ("FunctionLayer[Join[#, {5, 6}] &][{1, 2}]", "{1., 2., 5., 6.}"),
    ('FunctionLayer[Append[#, 0] &, "Input" -> 2][{{1, 2}, {3, 4}}]', "{{1., 2., 0.}, {3., 4., 0.}}"),
    ("FunctionLayer[MinMax][{1, 5, 3}]", "{1., 5.}"),
    ("FunctionLayer[Rescale][{1, 2, 3}]", "{0., 0.5, 1.}"),
    ("FunctionLayer[Rescale[#, {0, 10}] &][{1, 5}]", "{0.1, 0.5}"),
    # Standardize[matrix] standardizes its columns
    ("FunctionLayer[Standardize][{{1, 2}, {3, 6}, {5, 1}}]",
     "{{-1., -0.377964}, {0., 1.13389}, {1., -0.755929}}"),
    ("FunctionLayer[LogSumExp][{1, 2, 3}]", "3.40761"),
    ("FunctionLayer[LogSumExp][{1000, 1000}]", "1000.69"),
    ("FunctionLayer[Covariance[#a, #b] &][<|\"a\" -> {1, 2, 4}, \"b\" -> {3, 4, 1}|>]", "-1.83333"),
    ("FunctionLayer[Correlation[#a, #b] &][<|\"a\" -> {1, 2, 4}, \"b\" -> {3, 4, 1}|>]", "-0.785714"),
    ("FunctionLayer[Ratios][{1, 2, 6}]", "{2., 3.}"),
    # Norm of a matrix is its largest singular value
    ("FunctionLayer[Norm][{{1, 2}, {3, 4}}]", "5.46499"),
    ("FunctionLayer[Norm][{{1, 2, 3}, {3, 4, 5}}]", "7.97639"),
    ("FunctionLayer[Map[Norm, #] &][{{3, 4}, {1, 0}}]", "{5., 1.}"),
    ("FunctionLayer[Norm[#, 1] &][{3, -4}]", "7."),
    ("FunctionLayer[Norm[#, Infinity] &][{3, -4}]", "4."),
    ("FunctionLayer[Norm[#, 3] &][{3, -4}]", "4.49794"),
    # Apply[f] takes its arguments as a list, as Apply[f][{x1, x2}] is f[x1, x2]
    ("FunctionLayer[Apply[#1 + #2 &]][{{1, 2}, {3, 4}}]", "{4., 6.}"),
    ("FunctionLayer[Apply[Dot]][{{{1, 2}, {3, 4}}, {1, 1}}]", "{3., 7.}"),
    ("FunctionLayer[# / Length[#] &][{1, 2, 3}]", "{0.333333, 0.666667, 1.}"),
    ("FunctionLayer[Length][{{1, 2}, {3, 4}, {5, 6}}]", "3."),
    # a sequence's length is its own
    ('FunctionLayer[Total[#] / Length[#] &, "Input" -> {"Varying", 2}][{{1, 2}, {3, 4}, {5, 6}}]', "{3., 4.}"),
    ('FunctionLayer[Length, "Input" -> {"Varying"}][{{1, 2, 3}, {1}}]', "{3., 1.}"),
    ("FunctionLayer[RotateLeft][{1, 2, 3}]", "{2., 3., 1.}"),
    ("FunctionLayer[RotateRight[#, 2] &][{1, 2, 3, 4}]", "{3., 4., 1., 2.}"),
    ("FunctionLayer[MapThread[#1 + 2 #2 &, {#a, #b}] &][<|\"a\" -> {1, 2}, \"b\" -> {3, 4}|>]", "{7., 10.}"),
    # array construction: Table with several iterators, steps, or a count
    ("FunctionLayer[Table[#[[i]] * #[[j]], {i, 2}, {j, 3}] &][{1, 2, 3}]", "{{1., 2., 3.}, {2., 4., 6.}}"),
    ("FunctionLayer[Table[#[[i]] + j, {i, 2}, {j, i, i + 1}] &][{1, 2, 3}]", "{{2., 3.}, {4., 5.}}"),
    ("FunctionLayer[Table[#[[i]], {i, 5, 1, -2}] &][{1, 2, 3, 4, 5}]", "{5., 3., 1.}"),
    ("FunctionLayer[Table[#, 3] &][{1, 2}]", "{{1., 2.}, {1., 2.}, {1., 2.}}"),
    ("FunctionLayer[# + Array[#^2 &, 3] &][{1, 1, 1}]", "{2., 5., 10.}"),
    ("FunctionLayer[# . Array[KroneckerDelta, {3, 3}] &][{1, 2, 3}]", "{1., 2., 3.}"),
    ('FunctionLayer[Array[Function[{i, j}, i + j], {2, 3}] + # &, "Input" -> {2, 3}][{{0, 0, 0}, {0, 0, 0}}]',
     "{{2., 3., 4.}, {3., 4., 5.}}"),
    ("FunctionLayer[# * UnitVector[3, 2] &][{1, 2, 3}]", "{0., 2., 0.}"),
    ("FunctionLayer[ArrayReshape[#, {2, 2}] &][{1, 2, 3, 4}]", "{{1., 2.}, {3., 4.}}"),
    ("FunctionLayer[ArrayReshape[#, {4}] &][{{1, 2}, {3, 4}}]", "{1., 2., 3., 4.}"),
    ("FunctionLayer[Partition[#, 2] &][{1, 2, 3, 4}]", "{{1., 2.}, {3., 4.}}"),
    ("FunctionLayer[Count[#, 0] &][{1, 0, 3, 0}]", "2."),
    # Sum and Product over iterators, as the Table of their parts totalled
    ("FunctionLayer[Sum[#[[i]]^2, {i, 3}] &][{1, 2, 3}]", "14."),
    ("FunctionLayer[Sum[#[[i, j]], {i, 2}, {j, i}] &][{{1, 2}, {3, 4}}]", "8."),
    ("FunctionLayer[Product[#[[i]], {i, 2, 3}] &][{1, 2, 3}]", "6."),
    ("FunctionLayer[Sum[# * i, {i, 3}] &][{1, 2}]", "{6., 12.}"),
    # numerical functions
    ("FunctionLayer[Clip[#, {-1, 1}, {0, 2}] &][{-2, 0.5, 3}]", "{0., 0.5, 2.}"),
    ("FunctionLayer[Log[2, #] &][{8, 4}]", "{3., 2.}"),
    ("FunctionLayer[Quotient[#, 3] &][{4, 7}]", "{1., 2.}"),
    ("FunctionLayer[Boole[# > 0] &][{-1, 1}]", "{0., 1.}"),
])
def test_valid_operations(session, text, want):
    assert shown(session, text) == want


def test_output_shapes_of_the_matrix_functions(session):
    assert shown(session, 'NetExtract[FunctionLayer[Tr[#] + Det[#] &, "Input" -> {2, 2}], "Output"]') \
        == "Real"
    assert shown(session, 'NetExtract[FunctionLayer[Inverse, "Input" -> {3, 3}], "Output"]') == "{3, 3}"
    assert shown(session, 'NetExtract[FunctionLayer[NestList[Sin, #, 2] &, "Input" -> 4], "Output"]') \
        == "{3, 4}"


def test_a_singular_matrix_has_an_indeterminate_inverse(session):
    assert shown(session, "FunctionLayer[Inverse][{{1, 2}, {2, 4}}]") == \
        "{{Indeterminate, Indeterminate}, {Indeterminate, Indeterminate}}"


@pytest.mark.parametrize("text", ['FunctionLayer[Norm, "Input" -> {2, 2, 2}]',
                                  'FunctionLayer[Partition[#, 2] &, "Input" -> {2, 2}]',
                                  "FunctionLayer[Partition[#, 3] &][{1, 2, 3, 4}]",
                                  "FunctionLayer[Det][{{1, 2, 3}, {3, 4, 5}}]",
                                  "FunctionLayer[Det][{1, 2}]"])
def test_matrix_functions_of_arrays_that_are_no_matrices(session, text):
    assert message_tags(session, text) == ["FunctionLayer::funcfail"]


def test_gradients_of_the_matrix_functions(session):
    net = build(session, 'FunctionLayer[Det[#m] + Tr[Inverse[#m] . #m . #m] + Total[Diagonal[#m]^2] + Norm[#m] &, '
                         '"m" -> {3, 3}]')
    m = RNG.uniform(-1, 1, size=(2, 3, 3)) + 3 * np.eye(3)
    check_gradients(Executor.for_net(net, "Real64"), {}, {"m": Batch(m, None)})


def test_gradients_of_loops_outer_and_distances(session):
    net = build(session, 'FunctionLayer[Total[Flatten[Outer[Times, #a, Accumulate[#b]]]] + '
                         'Total[NestList[Tanh, #a, 2], 2] + CorrelationDistance[#a, #b] + '
                         'BrayCurtisDistance[#a, #b] + Median[Append[#b, 0.5]] &, "a" -> 3, "b" -> 3]')
    batches = {"a": Batch(RNG.uniform(0.2, 1, size=(2, 3)), None),
               "b": Batch(RNG.uniform(0.2, 1, size=(2, 3)), None)}
    check_gradients(Executor.for_net(net, "Real64"), {}, batches)


def test_accumulate_of_a_sequence_gradient(session):
    net = build(session, 'FunctionLayer[Accumulate, "Input" -> {"Varying", 2}]')
    x = RNG.normal(size=(2, 4, 2))
    x[1, 2:] = 0
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, np.array([4, 2]))})


def test_apply_given_too_many_arrays(session):
    assert message_tags(session, "FunctionLayer[Apply[#1 + #2 &]][{{1, 2}, {3, 4}, {5, 6}}]") == \
        ["FunctionLayer::portcount"]


def test_gradients_of_statistics(session):
    net = build(session, 'FunctionLayer[Total[Standardize[#m], 2] * 0.1 + Total[Standardize[#m]^3, 2] + '
                         'LogSumExp[Flatten[#m]] + Norm[Flatten[#m], 3] + Covariance[#m[[1]], #m[[2]]] + '
                         'Total[Rescale[#m], 2] + Total[Ratios[#m[[All, 1]]]] &, "m" -> {3, 2}]')
    m = RNG.uniform(0.5, 2, size=(2, 3, 2))
    check_gradients(Executor.for_net(net, "Real64"), {}, {"m": Batch(m, None)})


def test_parts_of_a_sequence_joined_along_its_steps_are_refused(session):
    # x[[2 ;;]] and x[[;; 1]] of a sequence would be joined past its padding (the rotated
    # element was lost): a message instead
    assert message_tags(session, 'FunctionLayer[RotateLeft, "Input" -> {"Varying"}][{{1, 2, 3}, {1, 3}}]') \
        == ["FunctionLayer::nodyn"]


def test_gradients_of_outer_and_kronecker_products(session):
    net = build(session, 'FunctionLayer[Total[Outer[Times, #a, #b]^2, 3] + Total[KroneckerProduct[#a, #a] #c, 2] &, '
                         '"a" -> {2, 2}, "b" -> 3, "c" -> {4, 4}]')
    batches = {"a": Batch(RNG.normal(size=(2, 2, 2)), None), "b": Batch(RNG.normal(size=(2, 3)), None),
               "c": Batch(RNG.normal(size=(2, 4, 4)), None)}
    check_gradients(Executor.for_net(net, "Real64"), {}, batches)


def test_a_part_at_an_index_the_net_is_given(session):
    # #x[[#i]]: the part each example's own index names (a cross-entropy written by hand)
    assert shown(session, 'FunctionLayer[#x[[#i]] &, "x" -> {3, 2}, "i" -> 2][<|"x" -> {{1, 2}, {3, 4}, '
                          '{5, 6}}, "i" -> {3, -3}|>]') == "{{5., 6.}, {1., 2.}}"
    assert message_tags(session, 'FunctionLayer[#x[[#i]] &, "x" -> 3, "i" -> "Real"][<|"x" -> {1, 2, 3}, '
                                 '"i" -> 4|>]') == ["FunctionLayer::partw"]
    net = build(session, 'NetGraph[<|"lin" -> LinearLayer[2], "loss" -> FunctionLayer[LogSumExp[#Input] - '
                         '#Input[[#Target]] &]|>, {"lin" -> NetPort["loss", "Input"], NetPort["Target"] -> '
                         'NetPort["loss", "Target"]}, "Input" -> 3, "Target" -> Restricted["Integer", 2]]')
    x, target = RNG.normal(size=(4, 3)), np.array([1, 2, 2, 1])
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    out = ex.forward(arrays, {"Input": Batch(x, None), "Target": Batch(target, None)}).outputs["Output"].data
    w, b = (np.asarray(arrays[("Nodes", "lin", "Arrays", name)], np.float64) for name in ("Weights", "Biases"))
    logits = x @ w.T + b
    want = np.log(np.exp(logits).sum(1)) - logits[np.arange(4), target - 1]
    np.testing.assert_allclose(out, want, rtol=1e-6)
