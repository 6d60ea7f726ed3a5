"""The parallel functions give what their sequential counterparts give (one kernel)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("parallel_kernels"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("parallel,sequential", [
    ("ParallelTable[{i, j}, {i, 3}, {j, i}]", "Table[{i, j}, {i, 3}, {j, i}]"),
    ("ParallelMap[f, {{1, 2}, {3}}, {2}]", "Map[f, {{1, 2}, {3}}, {2}]"),
    ("ParallelSum[1/i^2, {i, 1, 5}]", "Sum[1/i^2, {i, 1, 5}]"),
    ("ParallelArray[f, {2, 2}]", "Array[f, {2, 2}]"),
    ("ParallelTable[i, {i, 3}, Method -> \"FinestGrained\"]", "Table[i, {i, 3}]"),
])
def test_parallel_forms_equal_the_sequential_ones(parallel, sequential):
    check(parallel, sequential, evaluate_expected=True)


def test_kernels_launch_and_close_once():
    check("LaunchKernels[]; LaunchKernels[]; {$KernelCount, Length[Kernels[]]}", "{1, 1}")
    check("LaunchKernels[]; CloseKernels[]; $KernelCount", "0")


def test_parallelize_gives_the_value():
    check("Parallelize[Table[i^2, {i, 3}]]", "{1, 4, 9}")


def test_combiner_and_kernel_arguments_are_honoured():
    check("ParallelCombine[Total, {1, 2, 3}, Plus]", "6")
    check("ParallelCombine[Map[Sqrt, #] &, {1, 4, 9}, Join]", "{1, 2, 3}")
    # one kernel named: its result; a list of them: a result each
    check("ParallelEvaluate[1 + 1, First[LaunchKernels[]]]", "2")
    check("LaunchKernels[]; ParallelEvaluate[1 + 1, Kernels[]]", "{2}")
    assert run("ParallelEvaluate[1 + 1, 7]").tags == ["ParallelEvaluate::kernel"]
    # closing a kernel that is not running closes nothing
    check("LaunchKernels[]; {CloseKernels[5], $KernelCount}", "{{}, 1}")
    check("LaunchKernels[]; {Length[CloseKernels[1]], $KernelCount}", "{1, 0}")
    assert run("LaunchKernels[4]").tags == ["LaunchKernels::one"]
    assert run("LaunchKernels[-1]").tags == ["LaunchKernels::count"]
