"""JoinAcross (wlnet/builtins/association_joins.py): SQL's JOIN over lists of associations.
Not in Mathics3: the answers follow the JoinAcross reference page's rules."""

from __future__ import annotations

import pytest

from tests.builtins._support import check, check_example, declared_examples

A = ('{<|"id" -> 1, "x" -> "p", "c" -> 10|>, <|"id" -> 2, "x" -> "q", "c" -> 20|>, '
     '<|"id" -> 3, "x" -> "r"|>}')
B = '{<|"id" -> 1, "y" -> u, "c" -> 11|>, <|"id" -> 1, "y" -> v|>, <|"id" -> 4, "y" -> w|>}'
U = 'Missing["Unmatched"]'

CASES = [
    # every matching pair, in the order of Flatten[Outer[Join, a, b]]; a shared key that is
    # not joined on keeps the left value (KeyCollisionFunction -> Left)
    (f'JoinAcross[{A}, {B}, "id"]',
     '{<|"id" -> 1, "x" -> "p", "c" -> 10, "y" -> u|>, <|"id" -> 1, "x" -> "p", "c" -> 10, '
     '"y" -> v|>}'),
    (f'JoinAcross[{A}, {B}, Key["id"]]',
     '{<|"id" -> 1, "x" -> "p", "c" -> 10, "y" -> u|>, <|"id" -> 1, "x" -> "p", "c" -> 10, '
     '"y" -> v|>}'),
    # unmatched rows of one side, the other side's keys Missing["Unmatched"]
    (f'JoinAcross[{A}, {B}, "id", "Left"][[3 ;;]]',
     f'{{<|"id" -> 2, "x" -> "q", "c" -> 20, "y" -> {U}|>, '
     f'<|"id" -> 3, "x" -> "r", "y" -> {U}, "c" -> {U}|>}}'),
    (f'JoinAcross[{A}, {B}, "id", "Right"][[3]]',
     f'<|"id" -> 4, "x" -> {U}, "c" -> {U}, "y" -> w|>'),
    (f'Length[JoinAcross[{A}, {B}, "id", "Outer"]]', "5"),
    # several keys must all agree
    (f'JoinAcross[{A}, {B}, {{"id", "c"}}]', "{}"),
    # keys of different names
    ('JoinAcross[{<|"k" -> 1, "a" -> x|>}, {<|"j" -> 1, "b" -> y|>}, "k" -> "j"]',
     '{<|"k" -> 1, "a" -> x, "j" -> 1, "b" -> y|>}'),
    # KeyCollisionFunction: Right, None, or new keys from a function
    (f'First[JoinAcross[{A}, {B}, "id", KeyCollisionFunction -> Right]]',
     '<|"id" -> 1, "x" -> "p", "c" -> 11, "y" -> u|>'),
    (f'First[JoinAcross[{A}, {B}, "id", KeyCollisionFunction -> None]]',
     '<|"id" -> 1, "x" -> "p", "y" -> u|>'),
    (f'First[JoinAcross[{A}, {B}, "id", KeyCollisionFunction -> ({{{{#, 1}}, {{#, 2}}}} &)]]',
     '<|"id" -> 1, "x" -> "p", {"c", 1} -> 10, {"c", 2} -> 11, "y" -> u|>'),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_join_across(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text, tag", [
    (f'JoinAcross[{A}, 3, "id"]', "JoinAcross::list"),
    (f'JoinAcross[{A}, {B}, "id", "Sideways"]', "JoinAcross::jspec"),
    (f'JoinAcross[{A}, {B}, {{{{"id"}}}}]', "JoinAcross::keys"),
])
def test_bad_arguments_stay_unevaluated_with_a_message(text, tag):
    check(text, text, [tag])


@pytest.mark.parametrize("name,text,expected", declared_examples("association_joins"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
