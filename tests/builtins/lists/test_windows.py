"""The differential table of wlnet/builtins/lists/windows.py (MovingAverage, MovingMedian,
ExponentialMovingAverage, BlockMap, ArrayFilter, Ratios, ListConvolve, ListCorrelate, BinCounts,
BinLists, Downsample, Upsample): see tests/builtins/_support.py."""

import numpy as np

from tests.builtins._support import MISSING_IN_MATHICS as LACKS, Runner, differential_table
from wlnet.core.expr import to_python

CASES = [
    ("BinLists[{1, 3, 2, 1, 4, 5, 6, 2}, {0, 10, 2}]", "{{1, 1}, {3, 2, 2}, {4, 5}, {6}, {}}",
     LACKS),
    ("BinLists[{1, 3, 2}, 2]", "{{1}, {3, 2}}", LACKS),
    ("MovingMedian[{1, 5, 2, 8, 3}, 3]", "{2, 5, 3}", LACKS),
    ("ExponentialMovingAverage[{1, 2, 3, 4}, 1/2]", "{1, 3/2, 9/4, 25/8}", LACKS),
    ("BlockMap[Total, {1, 2, 3, 4, 5, 6}, 2]", "{3, 7, 11}", LACKS),
    ("BlockMap[f, {a, b, c}, 2, 1]", "{f[{a, b}], f[{b, c}]}", LACKS),
    ("MovingMap[Total, {1, 2, 3, 4}, 1]", "{3, 5, 7}", LACKS),
    ("MovingMap[f, {a, b, c}, 2]", "{f[{a, b, c}]}", LACKS),
    ("MovingAverage[{1, 2, 3, 4}, 2]", "{3/2, 5/2, 7/2}", LACKS),
    ("MovingAverage[{a, b, c}, 2]", "{(a + b)/2, (b + c)/2}", LACKS),
    ("MovingAverage[{1., 2., 4.}, 3]", "{7. / 3}", LACKS),
    ("MovingAverage[{1, 2}, 3]", "MovingAverage[{1, 2}, 3]", ["MovingAverage::arg2"]),
    ("Ratios[{1, 2, 6, 24}]", "{2, 3, 4}", LACKS),
    ("ListConvolve[{x, y}, {a, b, c}]", "{b x + a y, c x + b y}", LACKS),
    ("ListCorrelate[{x, y}, {a, b, c}]", "{a x + b y, b x + c y}", LACKS),
    ("ListConvolve[{1, 2, 3}, {1, 0, 0, 1}]", "{3, 1}", LACKS),
    ("ListCorrelate[{1., 2.}, {1., 2., 3.}]", "{5., 8.}", LACKS),
    ("ListConvolve[{1, 2, 3}, {1}]", "ListConvolve[{1, 2, 3}, {1}]", ["ListConvolve::kernel"]),
    # overhangs: cyclic with ker[[k]] on each element, {kL, kR} alignments, padding
    ("ListConvolve[{x, y}, {a, b, c}, 1]", "{a x + c y, b x + a y, c x + b y}",
     "cyclic, worked by hand; " + LACKS),
    ("ListCorrelate[{x, y}, {a, b, c}, 1]", "{a x + b y, b x + c y, c x + a y}",
     "cyclic, worked by hand; " + LACKS),
    ("ListConvolve[{1, 1}, {1, 2, 3}, {1, -1}, 0]", "{1, 3, 5, 3}",
     "the full convolution (polynomial product), worked by hand; " + LACKS),
    ("ListConvolve[{x, y}, {a, b, c}, {1, -1}, p]", "{a x + p y, b x + a y, c x + b y, p x + c y}",
     "padded with p, worked by hand; " + LACKS),
    ("ListCorrelate[{1, 2}, {a, b, c}, {2, 1}, 0]", "{2 a, a + 2 b, b + 2 c, c}",
     "worked by hand; " + LACKS),
    ("ListConvolve[{1, 2, 3}, {a, b, c, d}, {1, -1}, {}]", "{3 a + 2 b + c, 3 b + 2 c + d}",
     "p = {}: no padding; " + LACKS),
    ("ListConvolve[{{1, 1}, {1, 1}}, {{1, 2}, {3, 4}}, {1, -1}, 0]",
     "{{1, 3, 2}, {4, 10, 6}, {3, 7, 4}}", "2-D full convolution, worked by hand; " + LACKS),
    # a periodic Laplacian stencil: every row and column wraps around
    ("ListConvolve[{{0, 1, 0}, {1, -4, 1}, {0, 1, 0}}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, {2, 2}]",
     "{{12, 9, 6}, {3, 0, -3}, {-6, -9, -12}}", "worked by hand; " + LACKS),
    ("ListConvolve[{1, 1}, {1, 2, 3}, 5]", "ListConvolve[{1, 1}, {1, 2, 3}, 5]",
     ["ListConvolve::kspec"]),
    # resampling, as the Downsample and Upsample pages describe it
    ("Downsample[{a, b, c, d, e}, 2]", "{a, c, e}", LACKS),
    ("Downsample[Range[10], 3, 2]", "{2, 5, 8}", LACKS),
    ("Downsample[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, 2]", "{{1, 3}, {7, 9}}", LACKS),
    ("Downsample[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, {1, 2}]", "{{1, 3}, {4, 6}, {7, 9}}", LACKS),
    ("Downsample[{1., 2., 3.}, 2]", "{1., 3.}", LACKS),
    ("Upsample[{a, b, c}, 2]", "{a, 0, b, 0, c, 0}", LACKS),
    ("Upsample[{1, 2}, 3, 2, x]", "{x, 1, x, x, 2, x}", LACKS),
    ("Upsample[{1., 2.}, 2, 2]", "{0., 1., 0., 2.}", LACKS),
    ("Upsample[{{1, 2}, {3, 4}}, 2]", "{{1, 0, 2, 0}, {0, 0, 0, 0}, {3, 0, 4, 0}, {0, 0, 0, 0}}",
     LACKS),
    ("Downsample[{1, 2}, 0]", "Downsample[{1, 2}, 0]", ["Downsample::factor"]),
    ("Upsample[{1, 2}, 2, 3]", "Upsample[{1, 2}, 2, 3]", ["Upsample::offset"]),
    # a kernel of depth d correlates at the first d levels of the list
    ("ListCorrelate[{{u, v}, {w, x}}, {{a, b, c}, {d, e, f}}]",
     "{{a u + b v + d w + e x, b u + c v + e w + f x}}", LACKS),
    ("ListConvolve[{{u, v}, {w, x}}, {{a, b, c}, {d, e, f}}]",
     "{{a x + b w + d v + e u, b x + c w + e v + f u}}", LACKS),
    ("ListCorrelate[{{1, 2}, {3, 4}}, {{1., 2., 3.}, {4., 5., 6.}, {7., 8., 9.}}]",
     "{{37., 47.}, {67., 77.}}", LACKS),
    ("ListConvolve[{{1, 2}, {3, 4}}, {{1., 2., 3.}, {4., 5., 6.}}]", "{{23., 33.}}", LACKS),
    ("ListCorrelate[{1, 2}, {{1, 2}, {3, 4}, {5, 6}}]", "{{7, 10}, {13, 16}}", LACKS),
    ("ListCorrelate[{{1, 2, 3}}, {{1, 2}}]", "ListCorrelate[{{1, 2, 3}}, {{1, 2}}]",
     ["ListCorrelate::kernel"]),
    ("BinCounts[{1, 3, 2, 1, 4, 5, 6, 2}, {0, 10, 2}]", "{2, 3, 2, 1, 0}", LACKS),
    ("BinCounts[{1, 3, 2, 1, 4, 5, 6, 2}]", "{2, 2, 1, 1, 1, 1}", LACKS),
    ("BinLists[{1, 3, 2, 1, 4, 5, 6, 2}, {0, 10, 2}]", "{{1, 1}, {3, 2, 2}, {4, 5}, {6}, {}}",
     LACKS),
    ("BinLists[{a, 1, 2.5}]", "{{1}, {2.5}}", LACKS),
    ("BinCounts[{0.5, 1.5, 1.7}, 1]", "{1, 2}", LACKS),
    # a last bin that max cuts short still counts; a width beyond the range is one bin
    ("BinCounts[Range[10], {0, 10, 3}]", "{2, 3, 3, 1}", LACKS),
    ("BinLists[{1, 2}, {1, 2, 3}]", "{{1}}", LACKS),
    # weights: each run weighed, over the weights' total
    ("MovingAverage[{a, b, c}, {1, 2}]", "{(a + 2 b)/3, (b + 2 c)/3}", LACKS),
    ("MovingAverage[{1., 2., 4.}, {1, 3}]", "{1.75, 3.5}", LACKS),
    # ArrayFilter: the block of radius r around each element, the edges extended
    ("ArrayFilter[Mean, {1, 2, 3, 4, 5}, 1]", "{4/3, 2, 3, 4, 14/3}", LACKS),
    ("ArrayFilter[f, {a, b, c}, 1]", "{f[{a, a, b}], f[{a, b, c}], f[{b, c, c}]}", LACKS),
    ("ArrayFilter[Max, {{1, 2}, {3, 4}}, 1]", "{{4, 4}, {4, 4}}", LACKS),
    ("ArrayFilter[Total, {{1., 2., 3.}}, {0, 1}]", "{{{1., 1., 2.}, {1., 2., 3.}, {2., 3., 3.}}}", LACKS),
    ("ArrayFilter[f, {a, b}, -1]", "ArrayFilter[f, {a, b}, -1]", ["ArrayFilter::range"]),
    # Padding: how the array goes on past its edges
    ("ArrayFilter[f, {a, b, c}, 1, Padding -> x]", "{f[{x, a, b}], f[{a, b, c}], f[{b, c, x}]}",
     LACKS),
    ("ArrayFilter[f, {a, b, c}, 1, Padding -> \"Periodic\"]",
     "{f[{c, a, b}], f[{a, b, c}], f[{b, c, a}]}", LACKS),
    ("ArrayFilter[f, {a, b, c}, 1, Padding -> \"Reflected\"]",
     "{f[{b, a, b}], f[{a, b, c}], f[{b, c, b}]}", LACKS),
    ("ArrayFilter[f, {a, b, c}, 1, Padding -> \"Reversed\"]",
     "{f[{a, a, b}], f[{a, b, c}], f[{b, c, c}]}", LACKS),
    # a block wider than the array wraps or mirrors again
    ("ArrayFilter[f, {a, b}, 3, Padding -> \"Periodic\"]",
     "{f[{b, a, b, a, b, a, b}], f[{a, b, a, b, a, b, a}]}", LACKS),
    ("ArrayFilter[f, {a}, 1, Padding -> \"Reflected\"]", "{f[{a, a, a}]}", LACKS),
    ("ArrayFilter[Total, {1, 2, 3}, 1, Padding -> 0]", "{3, 6, 5}", LACKS),
    ("ArrayFilter[Total, {1., 2., 3.}, 1, Padding -> 0]", "{3., 6., 5.}", LACKS),
    ("ArrayFilter[Max, {{1., 2.}, {3., 4.}}, 1, Padding -> 10]", "{{10, 10}, {10, 10}}",
     LACKS),
    ("ArrayFilter[Max, {{1., 2.}, {3., 4.}}, 1, Padding -> 10.]", "{{10., 10.}, {10., 10.}}",
     LACKS),
    ("ArrayFilter[Min, {{1., 2.}, {3., 4.}}, {0, 1}, Padding -> \"Periodic\"]",
     "{{1., 1.}, {3., 3.}}", LACKS),
    ("ArrayFilter[Total, {1, 2}, 1, Padding -> \"Bogus\"]",
     "ArrayFilter[Total, {1, 2}, 1, Padding -> \"Bogus\"]", ["ArrayFilter::padding"]),
    ("ArrayFilter[Total, {1, 2}, 1, Foo -> 1]", "ArrayFilter[Total, {1, 2}, 1, Foo -> 1]",
     ["ArrayFilter::optx"]),
    ("MovingMedian[{1, 5, 2, 8, 3}, 3]", "{2, 5, 3}", LACKS),
    ("MovingMedian[{1, 2}, 3]", "MovingMedian[{1, 2}, 3]", ["MovingMedian::arg2"]),
    ("ExponentialMovingAverage[{1, 3, 5}, 1/2]", "{1, 2, 7/2}", LACKS),
    ("ExponentialMovingAverage[{a, b}, c]", "{a, a + c (b - a)}", LACKS),
    ("ExponentialMovingAverage[{{1., 2.}, {3., 4.}}, 0.5]", "{{1., 2.}, {2., 3.}}", LACKS),
    ("ExponentialMovingAverage[{1, 2}, 2]", "ExponentialMovingAverage[{1, 2}, 2]",
     ["ExponentialMovingAverage::alpha"]),
    ("BlockMap[Total, Range[7], 2]", "{3, 7, 11}", LACKS),
    ("BlockMap[f, {a, b, c, d}, 2, 1]", "{f[{a, b}], f[{b, c}], f[{c, d}]}", LACKS),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.windows")


def test_packed_machine_lists_agree_with_the_exact_definition():
    r = Runner()
    r.run("SeedRandom[2]; x = RandomReal[1, 50]; k = RandomReal[1, 4];")
    fast = np.array([v.value for v in r.run("ListConvolve[k, x]").args])
    slow = np.array([v.value for v in r.run("Table[Sum[k[[j]] x[[s + 4 - j]], {j, 4}], {s, 47}]").args])
    np.testing.assert_allclose(fast, slow, rtol=1e-12)
    fast = np.array([v.value for v in r.run("MovingAverage[x, 5]").args])
    slow = np.array([v.value for v in r.run("Table[Mean[x[[s ;; s + 4]]], {s, 46}]").args])
    np.testing.assert_allclose(fast, slow, rtol=1e-12)


def test_packed_matrices_agree_with_the_exact_definition():
    r = Runner()
    r.run("SeedRandom[3]; m = RandomReal[1, {6, 7}]; k = RandomReal[1, {2, 3}];")
    fast = np.array(to_python(r.run("ListCorrelate[k, m]")))
    slow = np.array(to_python(r.run("Table[Sum[k[[i, j]] m[[s + i - 1, t + j - 1]], {i, 2}, {j, 3}], "
                                     "{s, 5}, {t, 5}]")))
    np.testing.assert_allclose(fast, slow, rtol=1e-12)
    fast = np.array(to_python(r.run("ListConvolve[k, m]")))
    slow = np.array(to_python(r.run("ListCorrelate[Reverse[Reverse /@ k], m]")))
    np.testing.assert_allclose(fast, slow, rtol=1e-12)


def test_array_filter_on_packed_arrays_agrees_with_the_blocks_taken_one_by_one():
    r = Runner()
    r.run("m = RandomReal[1, {20, 20}]; v = RandomReal[1, 300];")
    assert to_python(r.run("ArrayFilter[Max, m, 1] == Table[Max[m[[Max[1, i - 1] ;; Min[20, i + 1], "
                           "Max[1, j - 1] ;; Min[20, j + 1]]]], {i, 20}, {j, 20}]")) is True
    assert to_python(r.run("Max@Abs[ArrayFilter[Mean, v, 2] - Table[Mean[v[[Clip[Range[i - 2, "
                           "i + 2], {1, 300}]]]], {i, 300}]] < 10^-12")) is True


def test_exponential_moving_average_of_machine_numbers_is_the_recurrence():
    r = Runner()
    r.run("SeedRandom[4]; x = RandomReal[1, 40];")
    fast = np.array([v.value for v in r.run("ExponentialMovingAverage[x, 0.3]").args])
    slow = np.array([v.value for v in r.run("FoldList[#1 + 0.3 (#2 - #1) &, First[x], Rest[x]]").args])
    np.testing.assert_allclose(fast, slow, rtol=1e-12)


def test_array_filter_padding_on_packed_arrays_agrees_with_the_general_path():
    r = Runner()
    r.run("SeedRandom[5]; m = RandomReal[1, {6, 5}];")
    for padding in ('"Fixed"', '"Periodic"', '"Reflected"', '"Reversed"', "0.5", "2"):
        # Max reduces the packed blocks in numpy; Max[#] & takes every block one by one
        assert to_python(r.run(f"ArrayFilter[Max, m, {{2, 1}}, Padding -> {padding}] == "
                               f"ArrayFilter[Max[#] &, m, {{2, 1}}, Padding -> {padding}]"))
