"""wlnet/builtins/lists/part.py: the pure helper ``part_set`` (what ``x[[i]] = v`` assigns),
and the differential table of Part and Extract (see tests/builtins/_support.py)."""

import pytest

from wlnet.builtins.lists.part import PartError, part_set
from wlnet.core.expr import Expr, Integer, S, String, from_python
from tests.builtins._support import ASSOC_IN_MATHICS, MISSING_IN_MATHICS, differential_table


# ---------------------------------------------------------------------------- part_set

def L(*items):
    return from_python(list(items))


a, b, c, x, y = S.a, S.b, S.c, S.x, S.y
SPAN = S.Span


@pytest.mark.parametrize("expr, indices, value, expected", [
    (L(a, b, c), [Integer(2)], x, L(a, x, c)),
    (L(a, b, c), [Integer(-1)], x, L(a, b, x)),
    (L(L(a, b), L(c, x)), [Integer(2), Integer(1)], y, L(L(a, b), L(y, x))),
    (L(a, b, c), [L(1, 3)], L(x, y), L(x, b, y)),               # a list spread over parts
    (L(a, b, c), [L(1, 3)], x, L(x, b, x)),                     # a value repeated
    (L(L(1, 2), L(3, 4)), [S.All, Integer(1)], L(x, y), L(L(x, 2), L(y, 4))),
    (L(a, b, c, 1), [Expr(SPAN, Integer(2), Integer(3))], x, L(a, x, x, 1)),
    (Expr(S.f, a), [Integer(0)], S.g, Expr(S.g, a)),
    (from_python({"k": 1}), [String("k")], x, from_python({"k": x})),
    (from_python({"k": 1}), [String("new")], x, from_python({"k": 1, "new": x})),
])
def test_part_set(expr, indices, value, expected):
    assert part_set(expr, indices, value) == expected


@pytest.mark.parametrize("expr, indices, tag", [
    (L(a, b), [Integer(3)], "partw"),
    (L(a, b), [Integer(0), Integer(1)], "partd"),
    (L(a, b), [Integer(1), Integer(1)], "partd"),
    (L(a, b), [S.x], "pkspec1"),
])
def test_part_set_errors(expr, indices, tag):
    with pytest.raises(PartError) as err:
        part_set(expr, indices, x)
    assert err.value.tag == tag


def test_part_set_leaves_the_original_alone():
    original = L(a, b, c)
    part_set(original, [Integer(1)], x)
    assert original == L(a, b, c)


# ---------------------------------------------------------------------------- against Wolfram

CASES = [
    ("{a, b, c}[[2]]", None),
    ("{a, b, c}[[-1]]", None),
    ("{{1, 2}, {3, 4}}[[All, 2]]", None),
    ("{{1, 2}, {3, 4}}[[2, 1]]", None),
    ("{a, b, c, d, e}[[2 ;; 4]]", None),
    # a MIDI trainer samples song[[i ;; UpTo[i + len - 1]]]: up to the end when it is near
    ("{a, b, c, d, e}[[3 ;; UpTo[10]]]", "{c, d, e}", "UpTo in a span: not in Mathics3"),
    ("{a, b, c, d, e}[[2 ;; UpTo[3]]]", "{b, c}", "UpTo in a span: not in Mathics3"),
    # All in a span is the value giving the most elements (Span's documentation)
    ("Range[10][[1 ;; 5 ;; All]]", "{1, 2, 3, 4, 5}", "Span page: a step of All"),
    ("Range[10][[5 ;; 2 ;; All]]", "{5, 4, 3, 2}", "Span page: a step of All goes down"),
    ("{a, b, c}[[2 ;; All ;; -1]]", "{b, a}", "Span page: an end of All going down"),
    ("Range[10][[All ;; All ;; -2]]", "{10, 8, 6, 4, 2}", "Span page"),
    ("{a, b, c, d, e}[[;; ;; 2]]", None),
    ("{a, b, c, d, e}[[-2 ;;]]", None),
    ("{a, b, c, d, e}[[-1 ;; 1 ;; -2]]", None),
    ("{a, b, c}[[{1, 3}]]", None),
    ("{{1, 2, 3}, {4, 5, 6}}[[{2, 1}, {3}]]", None),
    ("f[a, b][[0]]", None),
    ("{a, b, c}[[5]]", None, ["Part::partw"]),
    ("{a, b}[[1, 2]]", None, ["Part::partd"]),
    ("Extract[{{a, b}, {c, d}}, {2, 1}]", None),
    ("Extract[{{a, b}, {c, d}}, {{1, 1}, {2, 2}}]", None),
    ("Extract[{a, b}, 2]", "b", "a single index: " + MISSING_IN_MATHICS),
    ("Extract[{{a, b}, {c, d}}, Position[{{0, 0}, {0, 0}}, 1]]", "{}",
     "no positions (Position found nothing): no parts, as a sparse-code encoder's "
     "Total@Prepend[Extract[…], zero] relies on"),
    ("<|\"a\" -> 1, \"b\" -> 2|>[[\"b\"]]", "2", ASSOC_IN_MATHICS),
    ("<|\"a\" -> 1, \"b\" -> 2|>[[2]]", "2", "Part by index gives the value in Wolfram"),
    ("<|\"a\" -> 1, \"b\" -> 2|>[[Key[\"a\"]]]", "1", ASSOC_IN_MATHICS),
    ("<|\"a\" -> 1, \"b\" -> 2|>[[{\"b\", \"a\"}]]", "<|\"b\" -> 2, \"a\" -> 1|>",
     ASSOC_IN_MATHICS),
    ("Extract[{{a, b}, {c, d}}, {1, 2}, h]", "h[b]", "the wrapper argument: "
     + MISSING_IN_MATHICS),
]


# Part is called through its syntax, [[…]]
test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.part", exempt={"Part"})


@pytest.mark.parametrize("text, expected", [
    ('NumericArray[{{1.5, 2}, {3, 4}}, "Real32"][[1]]', 'NumericArray[{1.5, 2.}, "Real32"]'),
    ('NumericArray[{{1.5, 2}, {3, 4}}, "Real32"][[2, 1]]', "3."),
    ('NumericArray[{{1, 2}, {3, 4}}, "Integer8"][[All, -1]]', 'NumericArray[{2, 4}, "Integer8"]'),
    ('Normal[NumericArray[Range[6], "Integer32"][[2 ;; 4]]]', "{2, 3, 4}"),
    ('{NumericArray[{1, 2}, "Real32"], NumericArray[{3, 4}, "Real32"]}[[All, 2]]', "{2., 4.}"),
])
def test_parts_of_numeric_arrays(text, expected):
    from tests.builtins._support import Runner
    r = Runner()
    assert r.run(text) == r.run(expected) and not r.messages, r.messages


@pytest.mark.parametrize("text, tag", [
    ('NumericArray[{1, 2}, "Real32"][[3]]', "Part::partw"),
    ('NumericArray[{1, 2}, "Real32"][[1, 1]]', "Part::partd"),
])
def test_numeric_array_parts_that_do_not_exist(text, tag):
    from tests.builtins._support import Runner
    r = Runner()
    r.run(text)
    assert r.messages and r.messages[0].startswith(tag), r.messages
