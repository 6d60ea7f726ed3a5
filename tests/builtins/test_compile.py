"""Compile / FunctionCompile: typed arguments, the fallback on other arguments, Listable."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("compile"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_body_is_held_until_applied():
    check("cf = Compile[{{n, _Integer}}, Module[{s = 0}, Do[s += i, {i, n}]; s]]; cf[10]", "55")


def test_argument_of_another_type_is_evaluated_uncompiled_with_a_message():
    r = check("Compile[{{n, _Integer}}, n + 1][2.5]", "3.5",
              ["CompiledFunction::cfsa"])
    assert "position 1" in r.messages[0]


def test_listable_threads_with_scalars_alongside():
    check("Compile[{{x, _Real}, {y, _Real}}, x y, RuntimeAttributes -> {Listable}][{1, 2}, 3]",
          "{3., 6.}")


def test_prints_as_wl_prints_it_and_counts_arguments():
    assert run("ToString[Compile[{x}, x^2]]").value.value == \
        "CompiledFunction[{x}, x^2, -CompiledCode-]"
    assert run("Compile[{x}, x^2][1, 2]").tags == ["CompiledFunction::cfct"]
    assert run("Compile[{{1, _Real}}, 2]").tags == ["Compile::cfta"]


def test_listable_threads_over_arguments_of_higher_rank_than_declared():
    # a segmentation package decodes class probabilities per voxel: a rank-1 argument given
    # a rank-3 array is threaded down to its vectors; the rank-1 partner goes with each
    check("Compile[{{p, _Real, 1}, {c, _Integer, 1}}, Total[p c], "
          "RuntimeAttributes -> {Listable}][{{{1, 0}, {0, 1}}, {{1, 1}, {2, 0}}}, {1, 2}]",
          "{{1., 2.}, {3., 2.}}")
    check("Compile[{{v, _Integer, 1}}, Length[v], RuntimeAttributes -> {Listable}][{1, 2, 3}]",
          "3")


def test_function_compile_options():
    f = 'Function[{Typed[x, "Real64"]}, x^2]'
    check(f"FunctionCompile[{f}, TargetSystem -> Automatic][3.]", "9.")
    assert run(f"FunctionCompile[{f}, Foo -> 1]").tags == ["FunctionCompile::optx"]
    assert run(f'FunctionCompile[{f}, TargetSystem -> "CUDA"]').tags == ["FunctionCompile::copt"]
    assert run(f"FunctionCompile[{f}, 2]").tags == ["FunctionCompile::nonopt"]
