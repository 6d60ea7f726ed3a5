"""HilbertMatrix, ToeplitzMatrix, HankelMatrix (wlnet/builtins/structured_matrices.py)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("structured_matrices"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    ("HilbertMatrix[3]", "{{1, 1/2, 1/3}, {1/2, 1/3, 1/4}, {1/3, 1/4, 1/5}}"),
    ("HilbertMatrix[{2, 3}]", "{{1, 1/2, 1/3}, {1/2, 1/3, 1/4}}"),
    ("HilbertMatrix[2, WorkingPrecision -> MachinePrecision]", "{{1., 0.5}, {0.5, 1/3.}}"),
    ("Precision[HilbertMatrix[2, WorkingPrecision -> 20]]", "20."),
    ("HilbertMatrix[2, WorkingPrecision -> Infinity]", "{{1, 1/2}, {1/2, 1/3}}"),
    ("Inverse[HilbertMatrix[3]]", "{{9, -36, 30}, {-36, 192, -180}, {30, -180, 180}}"),
    ("ToeplitzMatrix[4]", "{{1, 2, 3, 4}, {2, 1, 2, 3}, {3, 2, 1, 2}, {4, 3, 2, 1}}"),
    ("ToeplitzMatrix[{a, b, c}]", "{{a, b, c}, {b, a, b}, {c, b, a}}"),
    ("ToeplitzMatrix[{a, b, c}, {a, d, e, f}]",
     "{{a, d, e, f}, {b, a, d, e}, {c, b, a, d}}"),
    # c1 wins over r1 on the diagonal
    ("ToeplitzMatrix[{1, 2}, {3, 4}]", "{{1, 4}, {2, 1}}"),
    ("HankelMatrix[4]", "{{1, 2, 3, 4}, {2, 3, 4, 0}, {3, 4, 0, 0}, {4, 0, 0, 0}}"),
    ("HankelMatrix[{a, b, c}]", "{{a, b, c}, {b, c, 0}, {c, 0, 0}}"),
    ("HankelMatrix[{1, 2, 3}, {3, 4, 5, 6}]", "{{1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}}"),
    ("HankelMatrix[{1, 2, 3, 4}, {4, 5}]", "{{1, 2}, {2, 3}, {3, 4}, {4, 5}}"),
    # constant along antidiagonals / diagonals, whatever the sizes
    ("With[{h = HankelMatrix[Range[5], Range[5, 11]]}, "
     "Table[h[[i, j]] == h[[i + 1, j - 1]], {i, 4}, {j, 2, 7}] // Flatten // Union]",
     "{True}"),
    ("With[{t = ToeplitzMatrix[Range[6], Range[1, 9]]}, "
     "Table[t[[i, j]] == t[[i + 1, j + 1]], {i, 5}, {j, 8}] // Flatten // Union]", "{True}"),
    ("HankelMatrix[3, TargetStructure -> \"Dense\"]", "{{1, 2, 3}, {2, 3, 0}, {3, 0, 0}}"),
])
def test_matrices(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text,tag", [
    ("HilbertMatrix[0]", "HilbertMatrix::size"),
    ("HilbertMatrix[{2, x}]", "HilbertMatrix::size"),
    ("HilbertMatrix[2, WorkingPrecision -> x]", "HilbertMatrix::wprec"),
    ("HilbertMatrix[2, TargetStructure -> \"Structured\"]", "HilbertMatrix::tgst"),
    ("ToeplitzMatrix[{}]", "ToeplitzMatrix::vec"),
    ("HankelMatrix[x]", "HankelMatrix::vec"),
    ("HankelMatrix[3, Foo -> 1]", "HankelMatrix::optx"),
])
def test_messages(text, tag):
    result = run(text)
    assert result.tags == [tag]
    assert result.value.head.name == text.split("[")[0]       # left unevaluated
