"""CategoricalDistribution: probabilities of classes, sampling, malformed weights."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("categorical_distribution"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    ('PDF[CategoricalDistribution[{"a", "b", "c"}, {1, 2, 3}], {"a", "c", "z"}]',
     "{1/6, 1/2, 0}"),
    ('PDF[CategoricalDistribution[{"a", "b", "c"}, {1, 2, 3}]]["c"]', "1/2"),
    ("PDF[CategoricalDistribution[{x, y, z}], y]", "1/3"),
    ('PDF[CategoricalDistribution[{"u" -> 1, "v" -> 3}], "v"]', "3/4"),
    ('PDF[CategoricalDistribution[{"a", "b"}, {p, q}], "a"]', "p/(p + q)"),
    ('PDF[CategoricalDistribution[{"a", "b", "a"}, {1, 1, 2}], "a"]', "3/4"),
])
def test_probabilities(text, expected):
    check(text, expected, evaluate_expected=True)


def test_random_variates_are_classes_in_proportion():
    r = run('s = RandomVariate[CategoricalDistribution[{"a", "b", "c"}, {1, 2, 7}], 20000]; '
            '{Count[s, "a"], Count[s, "c"], Length[s]}')
    a, c, n = (x.value for x in r.value.args)
    assert (a / n, c / n) == pytest.approx((0.1, 0.7), abs=0.03)
    check('Dimensions[RandomVariate[CategoricalDistribution[{x, y}], {2, 3}]]', "{2, 3}")
    check('MemberQ[{x, y}, RandomVariate[CategoricalDistribution[{x, y}]]]', "True")


def test_bad_weights_are_a_message_and_stay():
    check('CategoricalDistribution[{"a", "b"}, {1, -2}]',
          'CategoricalDistribution[{"a", "b"}, {1, -2}]',
          ["CategoricalDistribution::weights"])
    check('RandomVariate[CategoricalDistribution[{"a", "b"}, {p, q}]]',
          'RandomVariate[CategoricalDistribution[{"a", "b"}, {p, q}]]',
          ["RandomVariate::nodist"])


def test_multivariate_domains():
    d = 'CategoricalDistribution[{{"x", "y"}, {1, 2, 3}}, {{1, 1, 2}, {0, 2, 2}}]'
    check(f'PDF[{d}, {{{{"x", 3}}, {{"y", 1}}, {{"z", 1}}}}]', "{1/4, 0, 0}",
          evaluate_expected=True)
    check('PDF[CategoricalDistribution[{{"x", "y"}, {1, 2}}], {"y", 2}]', "1/4",
          evaluate_expected=True)
    check(f"Dimensions[RandomVariate[{d}, 4]]", "{4, 2}")
    check(f'MemberQ[{{{{"x", 1}}, {{"x", 2}}, {{"x", 3}}, {{"y", 2}}, {{"y", 3}}}}, '
          f'RandomVariate[{d}]]', "True")
    check('PDF[CategoricalDistribution[{{"x", 1} -> 1, {"y", 2} -> 3}], {"y", 2}]', "3/4",
          evaluate_expected=True)
    check('CategoricalDistribution[{{"x", "y"}, {1, 2}}, {1, 2}]',
          'CategoricalDistribution[{{"x", "y"}, {1, 2}}, {1, 2}]',
          ["CategoricalDistribution::weights"])


def test_information_properties():
    d = 'CategoricalDistribution[{"a", "b", "c"}, {1, 2, 3}]'
    check(f'Information[{d}, "Probabilities"]', '<|"a" -> 1/6, "b" -> 1/3, "c" -> 1/2|>',
          evaluate_expected=True)
    check(f'Information[{d}, {{"Categories", "Dimension", "DomainSize", "Entropy"}}]',
          '{{"a", "b", "c"}, 1, 3, Log[6]/6 + Log[3]/3 + Log[2]/2}', evaluate_expected=True)
    check(f'Information[{d}, "TopProbabilities"]', '{"c" -> 1/2, "b" -> 1/3, "a" -> 1/6}',
          evaluate_expected=True)
    d2 = 'CategoricalDistribution[{{"x", "y"}, {1, 2, 3}}, {{1, 1, 2}, {0, 2, 2}}]'
    check(f'Information[{d2}, {{"Categories", "Dimension", "ProbabilityArray"}}]',
          '{{{"x", "y"}, {1, 2, 3}}, 2, {{1/8, 1/8, 1/4}, {0, 1/4, 1/4}}}',
          evaluate_expected=True)
    check(f'Information[{d}, "Foo"]', "$Failed", ["CategoricalDistribution::iprop"])


@pytest.mark.parametrize("text", [
    'Mean[CategoricalDistribution[{"a", "b"}, {0.3, 0.7}]]',
    'Variance[CategoricalDistribution[{"a", "b"}]]',
    'Median[CategoricalDistribution[{"a", "b"}]]',
    'CDF[CategoricalDistribution[{"a", "b"}], "a"]',
    'Quantile[CategoricalDistribution[{"a", "b"}], 0.5]',
])
def test_statistics_of_order_stay_with_one_message(text):
    """Unordered classes have no mean, variance, CDF, …: the call stays, with the
    distribution's own message (not Mean::rectn, which is about data)."""
    check(text, text, ["CategoricalDistribution::unord"])
