"""GeometricMean, HarmonicMean, RootMeanSquare, MeanDeviation, MedianDeviation, Skewness,
Kurtosis, Commonest, Cross, Diagonal, Upper/LowerTriangularize, MatrixPower: against
Mathics3 where it has them, by hand (the Wolfram Language's definitions) elsewhere."""

import pytest

from tests.builtins._support import Runner, check_example, declared_examples, differential_table

NOT_IN_MATHICS = "not implemented in Mathics3; WL's definition"

ORDER = "Mathics3 orders terms differently; WL compares products and sums from their " \
    "last part"

CASES = [
    ("GeometricMean[{1, 2, 4}]", "2", NOT_IN_MATHICS),
    ("TrimmedMean[{1, 2, 3, 100}, 1/4]", "5/2", NOT_IN_MATHICS),
    ("TrimmedMean[{1, 2, 3, 100}, {0, 1/4}]", "2", NOT_IN_MATHICS),
    ("TrimmedMean[Range[20]]", "21/2", NOT_IN_MATHICS),
    ("TrimmedMean[{{1, 10}, {2, 20}, {3, 30}, {100, 1000}}, 1/4]", "{5/2, 25}", NOT_IN_MATHICS),
    ("WinsorizedMean[{1, 2, 3, 100}, 1/4]", "5/2", NOT_IN_MATHICS),
    ("WinsorizedMean[{1, 2, 3, 4, 100}, 1/5]", "3", NOT_IN_MATHICS),
    ("Threshold[{0.1, -0.5, 2}, 0.2]", "{0, -0.5, 2}", NOT_IN_MATHICS),
    ("Threshold[{{0.1}, {3}}, 1]", "{{0}, {3}}", NOT_IN_MATHICS),
    ("Threshold[{x, 0.01}, 0.1]", "{x, 0}", NOT_IN_MATHICS),
    ("GeometricMean[{1., 2., 4.}]", "2.", NOT_IN_MATHICS),
    ("GeometricMean[{{1, 2}, {4, 8}}]", "{2, 4}", NOT_IN_MATHICS),
    ("HarmonicMean[{1, 2, 4}]", "12/7", NOT_IN_MATHICS),
    ("RootMeanSquare[{1, 2, 3}]", "Sqrt[14/3]", NOT_IN_MATHICS),
    ("MeanDeviation[{1, 2, 3, 4}]", "1", NOT_IN_MATHICS),
    ("MeanDeviation[{{1, 2}, {3, 6}}]", "{1, 2}", NOT_IN_MATHICS),
    ("MedianDeviation[{1, 2, 3, 4, 10}]", "1", NOT_IN_MATHICS),
    ("Skewness[{1., 2., 3., 10.}]", None),
    ("Skewness[{1, 2, 3, 10}]", None),
    ("Kurtosis[{1, 2, 3, 10}]", None),
    ("Kurtosis[{1., 2., 3., 10.}]", None),
    ("Commonest[{b, a, b, a, c}]", "{b, a}", NOT_IN_MATHICS),
    ("Commonest[{1, 2, 2, 3, 3, 3}, 2]", "{3, 2}", NOT_IN_MATHICS),
    ("Cross[{1, 2, 3}, {4, 5, 6}]", None),
    ("Cross[{a, b, c}, {x, y, z}]", "{-c y + b z, c x - a z, -b x + a y}", ORDER),
    ("Diagonal[{{1, 2}, {3, 4}}]", None),
    ("Diagonal[{{1, 2, 3}, {4, 5, 6}}, 1]", None),
    ("Diagonal[{{1, 2, 3}, {4, 5, 6}}, -1]", None),
    ("UpperTriangularize[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, 1]", "{{0, 2, 3}, {0, 0, 6}, {0, 0, 0}}",
     NOT_IN_MATHICS),
    ("LowerTriangularize[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}]", "{{1, 0, 0}, {4, 5, 0}, {7, 8, 9}}",
     NOT_IN_MATHICS),
    ("MatrixPower[{{1, 1}, {0, 1}}, 5]", None),
    ("MatrixPower[{{2, 0}, {0, 3}}, -2]", None),
    ("MatrixPower[{{1, 2}, {3, 4}}, 0]", None),
    # Entropy: -Σ p Log[p] over the distinct values (the reference page's example)
    ("Entropy[{a, b, b, c, c, c, c}]", "-1/7 Log[1/7] - 2/7 Log[2/7] - 4/7 Log[4/7]",
     NOT_IN_MATHICS),
    ("Entropy[{a, b, a, b}]", "Log[2]", NOT_IN_MATHICS),
    ("Entropy[2, {0, 1, 1, 1}]", "-1/4 Log[2, 1/4] - 3/4 Log[2, 3/4]", NOT_IN_MATHICS),
    ('Entropy[2, "abab"]', "1", NOT_IN_MATHICS),
    ("Entropy[{1, 2, 4}, SameTest -> (Abs[#1 - #2] <= 1 &)]", "-2/3 Log[2/3] - 1/3 Log[1/3]",
     NOT_IN_MATHICS),
    ("Entropy[{x}]", "0", NOT_IN_MATHICS),
    ("Moment[{1, 2, 3, 4}, 2]", "15/2", NOT_IN_MATHICS),
    ("Moment[{{1, 2}, {3, 4}}, 1]", "{2, 3}", NOT_IN_MATHICS),
    ("CentralMoment[{1, 2, 3, 4}, 2]", "5/4", NOT_IN_MATHICS),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "statistics_extra")


def test_packed_data_give_the_same_statistics():
    r = Runner()
    r.run("SeedRandom[3]; data = RandomReal[{1, 2}, {200, 3}]")
    for name in ("GeometricMean", "HarmonicMean", "RootMeanSquare", "MeanDeviation",
                 "Skewness", "Kurtosis"):
        packed = r.run(f"{name}[data]")
        unpacked = r.run(f"{name}[Developer`FromPackedArray[data]]")
        assert packed == unpacked, name
        assert r.messages == []


def test_a_non_list_is_refused_with_a_message():
    r = Runner()
    r.run("Skewness[x]")
    assert r.tags == ["Skewness::rectn"]


@pytest.mark.parametrize("name,text,expected", declared_examples("statistics_extra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
