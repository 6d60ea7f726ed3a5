"""The parallel functions give what their sequential counterparts give (one kernel)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples


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
