"""RegionMember, RegionMemberFunction and Element of the simple regions
(wlnet/builtins/region_member.py)."""

import numpy as np
import pytest

from tests.builtins._support import check, check_example, declared_examples, run
from wlnet.builtins import region_member as R
from wlnet.syntax.parser import parse


@pytest.mark.parametrize("name,text,expected", declared_examples("region_member"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_numeric_membership_of_each_region():
    cases = [('Disk[{1, 1}, 2]', '{{2, 2}, {3, 3}, {1, -1}}', '{True, False, True}'),
             ('Disk[{0, 0}, {2, 1}]', '{{1.9, 0}, {0, 1.1}}', '{True, False}'),
             ('Ball[{0, 0, 0}, 2]', '{{1, 1, 1}, {2, 1, 0}}', '{True, False}'),
             ('Ball[]', '{{0, 0, 1}, {0.1, 0.1}}', '{True, False}'),       # another dimension
             ('Rectangle[]', '{{1, 1}, {1.01, 0}}', '{True, False}'),
             ('Cuboid[{0, 0, 0}, {1, 2, 3}]', '{{1, 2, 3}, {0, 2.5, 1}}', '{True, False}'),
             ('Triangle[]', '{{0.5, 0.5}, {0.6, 0.6}}', '{True, False}'),
             # a concave polygon: the notch is outside, its edges inside
             ('Polygon[{{0, 0}, {4, 0}, {4, 4}, {2, 1}, {0, 4}}]',
              '{{2, 2}, {1, 1}, {3, 0}, {2, 1}, {3, 2.5}}',
              '{False, True, True, True, True}')]
    for region, points, expected in cases:
        check(f'RegionMember[{region}, {points}]', expected)


def test_element_and_the_member_function():
    check('{Element[{0.2, 0.3}, Disk[]], Element[{2, 3}, Disk[]], Element[{x, y}, Disk[]], '
          'Element[x, Reals]}', '{True, False, Element[{x, y}, Disk[]], Element[x, Reals]}')
    check('f = RegionMember[Rectangle[{0, 0}, {2, 1}]]; {Head[f], f[{1, 0.5}], '
          'f[{{3, 0}, {0, 0}}]}', '{RegionMemberFunction, True, {False, True}}')


def test_symbolic_points_give_the_condition():
    check('RegionMember[Disk[{1, 1}, 2], {x, y}]',
          'Element[x | y, Reals] && (x - 1)^2/4 + (y - 1)^2/4 <= 1', evaluate_expected=True)
    check('RegionMember[Rectangle[], {x, y}]',
          'Element[x | y, Reals] && 0 <= x <= 1 && 0 <= y <= 1')
    assert run('RegionMember[Circle[], {0, 1}]').value.head.name == "RegionMember"


def test_conditions_for_region_plot():
    e = R.as_inequalities(parse('Element[{x, y}, Disk[]] && !RegionMember[Rectangle[], {x, y}]'
                                ' && Element[{x, y}, Polygon[{{0, 0}, {1, 0}, {0, 1}}]]'))
    parts = e.args
    assert parts[0].head.name == "LessEqual" and parts[1].args[0].head.name == "And"
    assert parts[2].head.name == "Element"                 # tested point by point


def test_polygon_rule_matches_a_direct_count():
    rng = np.random.default_rng(0)
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], float)
    points = rng.uniform(-0.5, 1.5, (500, 2))
    inside = R.members("polygon", (square,), points)
    assert (inside == ((points >= 0) & (points <= 1)).all(axis=1)).all()


def test_element_of_a_domain_decided_by_explicit_numbers():
    check("{Element[2, Integers], Element[1/2, Integers], Element[1/2, Rationals], "
          "Element[Pi, Reals], Element[2 + I, Reals], Element[2 + I, Complexes], "
          "Element[2 + I, Algebraics], Element[Sqrt[-2], Reals], Element[7, Primes], "
          "Element[8, Primes], Element[True, Booleans]}",
          "{True, False, True, True, False, True, True, False, True, False, True}")
    # a list: every element; undecided ones leave the statement
    check("{Element[{1, 2}, Integers], Element[{1, 1/2, x}, Integers], "
          "Element[{1, x}, Integers], Element[1.5, Integers], Element[x, Reals]}",
          "{True, False, Element[{1, x}, Integers], Element[1.5, Integers], "
          "Element[x, Reals]}")
