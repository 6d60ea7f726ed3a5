"""FindInstance (wlnet/builtins/find_instance.py): points read off Reduce's answer, or
integer points of a growing box; every point satisfies the condition."""

import pytest

from tests.builtins._support import check, check_example, declared_examples


@pytest.mark.parametrize("name,text,expected", declared_examples("find_instance"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("condition, variables, rest", [
    ("x > 3 && x < 5", "x", ""),
    ("{x + y < 2, x > 0, y > 0}", "{x, y}", ""),
    ("x + y == 10 && x > y", "{x, y}", ", Integers, 3"),
    ("2 x + 3 y == 7 && x > 5", "{x, y}", ", Integers"),
    ("x^3 + y^3 == 1729 && 0 < x < y", "{x, y}", ", Integers"),
    ("x^2 == 2", "x", ", Reals"),
    ("x^2 - 3 x + 2 == 0", "x", ", 2"),
])
def test_every_instance_satisfies_the_condition(condition, variables, rest):
    wanted = int(rest.rsplit(",", 1)[1]) if rest.strip(", ").split(",")[-1].strip().isdigit() \
        else 1
    check(f"points = FindInstance[{condition}, {variables}{rest}]; "
          f"{{Length[points], And @@ (({condition} /. #) & /@ points) /. List -> And}}",
          f"{{{wanted}, True}}")


def test_no_instance_is_an_empty_list_and_unknown_ones_a_message():
    check("FindInstance[x^2 < 0, x, Reals]", "{}")
    check("FindInstance[Sin[x] == 2, x]", "FindInstance[Sin[x] == 2, x]",
          ["FindInstance::nsmet"])
