"""SparseArray (wlnet/builtins/sparse_arrays.py): construction, the WL evaluated form,
display, Normal, ArrayRules, and the array functions on it.  Mathics3's SparseArray keeps
another internal form and little arithmetic, so the answers are WL's, by hand."""

from __future__ import annotations

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples
from wlnet.syntax.printer import input_form, output_form

S2 = "SparseArray[{{1, 1} -> 1, {3, 3} -> 2}]"

CASES = [
    (f"Normal[{S2}]", "{{1, 0, 0}, {0, 0, 0}, {0, 0, 2}}"),
    (f"ArrayRules[{S2}]", "{{1, 1} -> 1, {3, 3} -> 2, {_, _} -> 0}"),
    ("Normal[SparseArray[{1 -> a, 3 -> b}]]", "{a, 0, b}"),
    ("Normal[SparseArray[{{1, 2}, {2, 1}} -> {x, y}]]", "{{0, x}, {y, 0}}"),
    ("Normal[SparseArray[{{1, 2} -> 3}, {2, 3}, x]]", "{{x, 3, x}, {x, x, x}}"),
    ("Normal[SparseArray[{{1, 1} -> 1, {1, 1} -> 2}]]", "{{1}}"),          # first rule wins
    ("Normal[SparseArray[{i_, i_} -> 1, {3, 3}]]", "{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}"),
    ("Normal[SparseArray[{{i_, j_} /; i > j :> i + j}, {3, 3}]]",
     "{{0, 0, 0}, {3, 0, 0}, {4, 5, 0}}"),
    ("Normal[SparseArray[Band[{1, 1}] -> {a, b, c}, {3, 3}]]",
     "{{a, 0, 0}, {0, b, 0}, {0, 0, c}}"),
    ("Normal[SparseArray[Band[{1, 2}] -> 7, {2, 3}]]", "{{0, 7, 0}, {0, 0, 7}}"),
    ("ArrayRules[SparseArray[{1, 0, 2.}]]", "{{1} -> 1, {3} -> 2., {_} -> 0}"),
    ("ArrayRules[{0, a, 0, b}]", "{{2} -> a, {4} -> b, {_} -> 0}"),
    # as arrays: parts, dimensions, arithmetic over the background, products
    (f"{S2}[[3, 3]]", "2"),
    (f"Normal[{S2}[[1]]]", "{1, 0, 0}"),
    (f"Normal[{S2}[[All, 3]]]", "{0, 0, 2}"),
    (f"Dimensions[{S2}]", "{3, 3}"),
    (f"{{Length[{S2}], MatrixQ[{S2}], ArrayDepth[{S2}]}}", "{3, True, 2}"),
    (f"Normal[{S2} + {S2}]", "{{2, 0, 0}, {0, 0, 0}, {0, 0, 4}}"),
    (f"Normal[{S2} + 1]", "{{2, 1, 1}, {1, 1, 1}, {1, 1, 3}}"),
    (f"ArrayRules[{S2} + 1]", "{{1, 1} -> 2, {3, 3} -> 3, {_, _} -> 1}"),
    (f"Normal[3 {S2}]", "{{3, 0, 0}, {0, 0, 0}, {0, 0, 6}}"),
    (f"{S2} . {{1, 2, 3}}", "SparseArray[{1, 0, 6}]"),
    (f"Normal[{S2} . {S2}]", "{{1, 0, 0}, {0, 0, 0}, {0, 0, 4}}"),
    (f"Total[{S2}]", "{1, 0, 2}"),
    ("Normal[Transpose[SparseArray[{{1, 2} -> 5}]]]", "{{0}, {5}}"),
    ("Normal[Sin[SparseArray[{0, Pi/2}]]]", "{0, 1}"),
    (f"{S2} == Normal[{S2}]", "True"),
    (f"SparseArray[{S2}] === {S2}", "True"),
    (f"Normal[SparseArray[{S2}, {{2, 2}}]]", "{{1, 0}, {0, 0}}"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_sparse_arrays(text, expected):
    check(text, expected, evaluate_expected=True)


def test_the_evaluated_form_and_its_display():
    r = Runner()
    s = r.run(S2)
    assert input_form(s) == ("SparseArray[Automatic, {3, 3}, 0, "
                             "{1, {{0, 1, 1, 2}, {{1}, {3}}}, {1, 2}}]")
    assert output_form(s) == "SparseArray[<2>, {3, 3}]"
    assert output_form(r.run("SparseArray[{1, 0, 2}]")) == "SparseArray[<2>, {3}]"
    assert r.run("ToString[SparseArray[{0, 0, 5}]]").value == "SparseArray[<1>, {3}]"
    # the evaluated form read back is the same array
    again = r.run(input_form(s))
    assert again == s and r.messages == []
    assert input_form(r.run("N[" + S2 + "]")).startswith("SparseArray[Automatic, {3, 3}, 0., ")


@pytest.mark.parametrize("text, tag", [
    ("SparseArray[{{1, 2}, {3}}]", "SparseArray::rect"),
    ("SparseArray[{{5, 5} -> 1}, {2, 2}]", "SparseArray::pos"),
    ("SparseArray[{{1, 1} -> 1}, {0, 2}]", "SparseArray::dims"),
    ("SparseArray[{i_ -> 1}]", "SparseArray::spdim"),
    ("SparseArray[Automatic, {2}, 0, {1, {{0, 5}, {}}, {}}]", "SparseArray::form"),
    ("SparseArray[x]", "SparseArray::rule"),
])
def test_bad_arguments_stay_unevaluated_with_a_message(text, tag):
    check(text, text, [tag])


@pytest.mark.parametrize("name,text,expected", declared_examples("sparse_arrays"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_a_listable_function_of_a_sparse_array_and_a_list_takes_the_array_whole():
    # not threaded over the list with the SparseArray as a scalar (that made a matrix of
    # SparseArrays); WL's Listable functions take sparse arrays as arrays
    check("s = SparseArray[{{1, 0}, {0, 1}}]; "
          "{Normal[s + {{1, 2}, {3, 4}}], Normal[{{1, 2}, {3, 4}} s], Head[s + {{1, 2}, {3, 4}}]}",
          "{{{2, 2}, {3, 5}}, {{1, 0}, {0, 4}}, SparseArray}")


@pytest.mark.parametrize("prop,expected", [
    ("NonzeroPositions", "{{1, 2}, {2, 1}, {2, 3}}"),
    ("NonzeroValues", "{a, b, c}"),
    ("Background", "0"),
    ("RowPointers", "{0, 1, 3, 3}"),
    ("ColumnIndices", "{{2}, {1}, {3}}"),
    ("AdjacencyLists", "{{2}, {1, 3}, {}}"),
])
def test_properties_of_a_sparse_matrix(prop, expected):
    check(f's = SparseArray[{{{{2, 1}} -> b, {{1, 2}} -> a, {{2, 3}} -> c}}, {{3, 3}}]; s["{prop}"]',
          expected)


def test_properties_of_a_sparse_vector_and_an_unknown_property():
    # a detector's decoding: the positions of the scores above a threshold
    check('Union@Flatten@SparseArray[UnitStep[{{0.1, 0.7}, {0.2, 0.1}, {0.9, 0.95}} - 0.5]]'
          '["NonzeroPositions"][[All, 1]]', "{1, 3}")
    check('SparseArray[{0, x, 0, 7}, {4}, 7]["NonzeroPositions"]', "{{1}, {2}, {3}}")
    check('SparseArray[{{0, 1, 0}, {0, 0, 0}, {2, 0, 3}}]["Density"] == 1/3.', "True")
    check('SparseArray[{0, 1}]["Bogus"]', 'SparseArray[Automatic, {2}, 0, {1, {{0, 1}, {{2}}}, {1}}]["Bogus"]', ["SparseArray::prop"])


def test_a_sparse_array_of_machine_reals_is_packed_when_made_full():
    """Dot and Eigenvalues of a machine-real SparseArray take the full array at once (a
    reservoir network steps w . x a thousand times); exact elements stay exact."""
    from tests.builtins._support import Runner
    from wlnet.core.packed import packed_array
    runner = Runner()
    full = runner.run("Normal[SparseArray[{{1, 2} -> 0.5, {3, 1} -> -1.5}, {3, 3}, 0.]]")
    assert packed_array(full) is not None
    assert packed_array(full).tolist() == [[0, 0.5, 0], [0, 0, 0], [-1.5, 0, 0]]
    check("Normal[SparseArray[{{1, 2} -> 0.5}, {2, 2}]]", "{{0, 0.5}, {0, 0}}")
    check("Normal[SparseArray[{2} -> 1, 3, 0.]]", "{0., 1, 0.}")
    check("SparseArray[{{1, 2} -> 2., {2, 1} -> 3.}, {2, 2}, 0.] . {1., 1.} // Normal",
          "{2., 3.}")
