"""Quantile, Covariance and Correlation against Mathics3 where it has them, by hand
otherwise."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, differential_table

CASES = [
    ("Quantile[{1, 2, 3, 4, 5, 6}, 1/2]", None),
    ("Quantile[{5, 1, 4, 2, 3}, {1/4, 3/4}]", None),
    ("Quantile[{1, 2, 3}, 0]", None),
    ("Quantile[{1., 2., 3., 4.}, 0.9]", None),
    ("Quantile[{1, 2, 3, 4}, 1/2, {{1/2, 0}, {0, 1}}]", None),
    ("Quantile[{1, 2, 3, 4, 5}, {1/10, 9/10}, {{0, 1}, {0, 1}}]", None),
    ("Quartiles[{1, 2, 3, 4, 5, 6}]", None),
    ("Quartiles[{1, 2, 3, 4, 5, 6, 7}]", None),
    ("Quartiles[{1., 2., 3., 4.}]", None),
    ("Quartiles[{5, 1, 9}]", None),
    ("InterquartileRange[{1, 2, 3, 4, 5, 6, 7, 8}]", "4", "missing in Mathics3: Q3 - Q1"),
    ("InterquartileRange[{1.5, 2, 7, 3}]", "3.25", "missing in Mathics3: Q3 - Q1"),
    # of a matrix: of each column, as Mean and Median are (the rows were sorted and
    # interpolated, giving -3 for a column)
    ("InterquartileRange[{{1, 5, 2}, {4, 0, 9}, {3, 3, 1}, {7, 2, 2}}]", "{7/2, 3, 4}",
     "missing in Mathics3: column IQRs"),
    ("Quantile[{{1, 5}, {4, 0}, {3, 3}}, 1/2]", "{3, 3}", "Mathics3 sorts the rows"),
    ("Quantile[{{1, 5}, {4, 0}, {3, 3}}, {1/3, 1}]", "{{1, 0}, {4, 5}}", "Mathics3 sorts the rows"),
    ("Quartiles[{{1, 2}, {3, 4}, {5, 6}}]", "{{3/2, 5/2}, {3, 4}, {9/2, 11/2}}",
     "Mathics3 sorts the rows"),
    ("Covariance[{1, 2, 3}, {1, 3, 5}]", None),
    ("Correlation[{1, 2, 3}, {2, 4, 6}]", None),
    ("Covariance[{{1, 2}, {3, 5}, {4, 4}}]", "{{7/3, 11/6}, {11/6, 7/3}}",
     "Mathics3 has no covariance matrix"),
    ("Abs[Correlation[{1., 2., 4.}, {2., 1., 3.}] - 0.6546536707079772] < 10.^-12", None),
    ("Correlation[{1, 2}, {3}]", "Correlation[{1, 2}, {3}]", ["Correlation::vectors"]),
    # Spearman's rho without ties is 1 - 6 Total[d^2] / (n (n^2 - 1)) of the rank differences d
    ("SpearmanRho[{10, 20, 30, 40}, {1, 30, 2, 400}]", "4/5", "missing in Mathics3: 1 - 12/60"),
    ("SpearmanRho[{3, 1, 2}, {9, 7, 8}]", "1", "missing in Mathics3: same order"),
    ("SpearmanRho[{1., 2., 3.}, {1, 3, 2}]", "0.5", "missing in Mathics3: 1 - 12/24, real data"),
    # ties share their mean rank: {1, 5/2, 5/2, 4} against its reverse
    ("SpearmanRho[{1, 2, 2, 3}, {4, 3, 3, 1}]", "-1", "missing in Mathics3: reversed ranks"),
    ("SpearmanRho[{{1, 2}, {2, 1}, {3, 3}}]", "{{1, 1/2}, {1/2, 1}}",
     "missing in Mathics3: column ranks {1, 2, 3} and {2, 1, 3}"),
    ("SpearmanRho[{a, b}, {1, 2}]", "SpearmanRho[{a, b}, {1, 2}]", "missing in Mathics3: symbolic"),
    ("SpearmanRho[{1, 2}, {3}]", "SpearmanRho[{1, 2}, {3}]", ["SpearmanRho::vectors"]),
    # the centred rows in the covariance's eigenvector basis: points on a line have one
    # component; the components' covariance is diagonal, variances in decreasing order
    ("Chop[PrincipalComponents[{{1., 1.}, {2., 2.}, {3., 3.}}]] == "
     "{{-Sqrt[2.], 0}, {0, 0}, {Sqrt[2.], 0}}", "True", "missing in Mathics3"),
    ("With[{c = Covariance[PrincipalComponents[{{1., 2., 0.}, {3., 1., 1.}, {0., 5., 2.}, "
     "{4., 4., 7.}}]]}, Chop[c - DiagonalMatrix[Diagonal[c]]] == ConstantArray[0, {3, 3}] && "
     "OrderedQ[Reverse[Diagonal[c]]]]", "True", "missing in Mathics3"),
    ("PrincipalComponents[{1, 2}]", "PrincipalComponents[{1, 2}]",
     ["PrincipalComponents::rectt"]),
    # "Correlation": the columns standardized first, so a column's scale does not matter
    ("Chop[PrincipalComponents[{{1., 20.}, {3., 50.}, {4., 40.}}, Method -> \"Correlation\"]"
     " - PrincipalComponents[{{1., 2.}, {3., 5.}, {4., 4.}}, Method -> \"Correlation\"]]",
     "{{0, 0}, {0, 0}, {0, 0}}", "missing in Mathics3"),
    ("PrincipalComponents[{{1, 2}, {3, 5}}, Method -> \"X\"]",
     "PrincipalComponents[{{1, 2}, {3, 5}}, Method -> \"X\"]",
     ["PrincipalComponents::pcmeth"]),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "statistics")


@pytest.mark.parametrize("name,text,expected", declared_examples("statistics"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected,messages", [
    # two matrices of as many rows: each column of the first with each of the second
    ("Covariance[{{1, 2}, {2, 1}, {3, 5}}, {{1}, {2}, {4}}]", "{{3/2}, {8/3}}", ()),
    ("Correlation[{{1, 2}, {2, 1}, {3, 5}}, {{1, 1}, {2, 0}, {3, 4}}][[1, 1]]", "1", ()),
    ("Round[Correlation[{{1.}, {2.}, {4.}}, {{2.}, {4.}, {8.}}], 10.^-12]", "{{1.}}", ()),
    # a matrix with a vector is neither form
    ("Correlation[{{1, 2}, {2, 3}}, {1, 2}]", "Correlation[{{1, 2}, {2, 3}}, {1, 2}]",
     ["Correlation::vectors"]),
])
def test_two_matrices(text, expected, messages):
    check(text, expected, messages, evaluate_expected=True)
