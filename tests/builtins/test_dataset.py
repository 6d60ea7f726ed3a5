"""Dataset and Query: queries level by level (descending parts and operators first, then
ascending functions), results that are lists or associations as Datasets, functions of data
taking a Dataset as its data, and the table a Dataset of rows prints as."""

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, run
from wlnet.syntax.printer import output_form

ROWS = ('ds = Dataset[{<|"x" -> 1, "y" -> "a", "z" -> 2.5|>, <|"x" -> 2, "y" -> "b", "z" -> 0.5|>, '
        '<|"x" -> 3, "y" -> "a", "z" -> 1.|>}]; ')


@pytest.mark.parametrize("text, expected", [
    ("ds[All, \"x\"]", "Dataset[{1, 2, 3}]"),
    ("ds[Total, \"x\"]", "6"),
    ("ds[Mean, \"z\"]", "1.3333333333333333"),
    ("ds[1, \"y\"]", '"a"'),
    ("ds[-1]", 'Dataset[<|"x" -> 3, "y" -> "a", "z" -> 1.|>]'),
    ("Normal[ds[Select[#x > 1 &], \"y\"]]", '{"b", "a"}'),
    ("Normal[ds[GroupBy[\"y\"], Length]]", '<|"a" -> 2, "b" -> 1|>'),
    ("Normal[ds[GroupBy[\"y\"], Total, \"x\"]]", '<|"a" -> 4, "b" -> 2|>'),
    ("Normal[ds[SortBy[\"z\"], \"x\"]]", "{2, 3, 1}"),
    ("Normal[ds[All, {\"x\", \"z\"}]][[1]]", '<|"x" -> 1, "z" -> 2.5|>'),
    ("Normal[ds[2 ;; 3, \"x\"]]", "{2, 3}"),
    ("Normal[ds[All, \"w\"]]", '{Missing["KeyAbsent", "w"], Missing["KeyAbsent", "w"], '
                               'Missing["KeyAbsent", "w"]}'),
    ("ds[Length]", "3"),
    ("ds[Max, \"x\"]", "3"),
    ("Normal[ds[CountsBy[\"y\"]]]", '<|"a" -> 2, "b" -> 1|>'),
    # an association of queries makes a new association (new columns, renamed columns)
    ("Normal[ds[All, <|\"x2\" -> (2 #x &)|>]]", '{<|"x2" -> 2|>, <|"x2" -> 4|>, <|"x2" -> 6|>}'),
    ("Normal[ds[1, <|\"id\" -> \"x\", \"name\" -> \"y\"|>]]", '<|"id" -> 1, "name" -> "a"|>'),
    ("Normal[ds[<|\"n\" -> Length, \"top\" -> (Max[#[[All, \"x\"]]] &)|>]]",
     '<|"n" -> 3, "top" -> 3|>'),
    # functions of data take the Dataset as its data
    ("Length[ds]", "3"),
    ("Normal[Map[#x + 1 &, ds]]", "{2, 3, 4}"),
    ("Normal[Select[ds, #y == \"a\" &]][[2, \"x\"]]", "3"),
    ("Dimensions[Dataset[{{1, 2}, {3, 4}}]]", "{2, 2}"),
    ("Normal[Dataset[Dataset[{1}]]]", "{1}"),
    # Query on plain data
    ("Query[All, 2][{{1, 2}, {3, 4}}]", "{2, 4}"),
    ("Query[Total, 2][{{1, 2}, {3, 4}}]", "6"),
    ("Query[Select[EvenQ]][{1, 2, 3, 4}]", "{2, 4}"),
    ("Key[\"x\"][<|\"x\" -> 5|>]", "5"),
    # MissingBehavior -> Automatic: the statistics leave Missing values out
    ("Dataset[{<|\"v\" -> 1|>, <|\"w\" -> 2|>, <|\"v\" -> 3|>}][Total, \"v\"]", "4"),
    ("Dataset[{<|\"v\" -> 1|>, <|\"w\" -> 2|>, <|\"v\" -> 3|>}][Mean, \"v\"]", "2"),
    ("Dataset[{<|\"v\" -> 1|>, <|\"w\" -> 2|>}][Max, \"v\"]", "1"),
    ("Query[Mean][{}]", "Missing[\"Indeterminate\"]"),
    ("Query[StandardDeviation][{1}]", "Missing[\"Indeterminate\"]"),
    ("Normal[ds[All, \"w\"]][[1]]", "Missing[\"KeyAbsent\", \"w\"]"),
    # Dimensions of rows of records
    ("Dimensions[ds]", "{3, 3}"),
    # {part -> f}: f applied to that part of each element, the rest kept (a program turns
    # its "label" column into booleans so: data[All, {"label" -> stableQ}])
    ('Normal[Dataset[{<|"c" -> "x", "l" -> "s"|>, <|"c" -> "y", "l" -> "u"|>}][All, '
     '{"l" -> StringMatchQ["s"]}][All, {"c", "l"}]]',
     '{<|"c" -> "x", "l" -> True|>, <|"c" -> "y", "l" -> False|>}'),
    ('Query[All, {2 -> f}][{{1, 2}, {3, 4}}]', "{{1, f[2]}, {3, f[4]}}"),
    ('Query[{"a" -> f, "b" -> g}][<|"a" -> 1, "b" -> 2, "c" -> 3|>]',
     '<|"a" -> f[1], "b" -> g[2], "c" -> 3|>'),
])
def test_queries(text, expected):
    check(ROWS + text, expected, evaluate_expected=True)


def test_a_dataset_of_rows_prints_as_a_table():
    r = Runner()
    value = r.run(ROWS + "ds")
    assert output_form(value).splitlines() == ["x  y  z", "-  -  ---", "1  a  2.5", "2  b  0.5",
                                               "3  a  1."]
    long = r.run("Dataset[Table[<|\"i\" -> i|>, {i, 30}]]")
    assert output_form(long).splitlines()[-1] == "\u22ef rows 1\u201320 of 30"
    # an association of single values (a GroupBy's counts): a row per key
    grouped = r.run(ROWS + 'ds[GroupBy["y"], Length]')
    assert output_form(grouped).splitlines() == ["a  2", "b  1"]
    # a list of single values (a column of the data, ds[All, "x"]): one value per row
    assert output_form(r.run(ROWS + 'ds[All, "z"]')).splitlines() == ["2.5", "0.5", "1."]
    assert output_form(r.run("Dataset[Range[25]]")).splitlines()[-1] == \
        "\u22ef rows 1\u201320 of 25"
    # an association of rows: the row keys down the left, under a header of the columns
    nested = r.run('Dataset[<|"r1" -> <|"a" -> 1, "b" -> 2|>, "r2" -> <|"a" -> 3, "b" -> 4|>|>]')
    assert output_form(nested).splitlines() == ["    a  b", "    -  -", "r1  1  2", "r2  3  4"]
    # a key a row lacks is a missing value, shown as a dash; the columns are every row's keys
    ragged = r.run('Dataset[{<|"a" -> 1|>, <|"a" -> 2, "b" -> "x"|>}]')
    assert output_form(ragged).splitlines() == ["a  b", "-  -", "1  \u2014", "2  x"]
    # a single value shows as itself
    assert output_form(r.run("Dataset[5]")) == "5"


def test_net_training_takes_a_dataset():
    r = Runner()
    r.run('SeedRandom[1]; ds = Dataset[Table[<|"Input" -> RandomReal[1, 2], "Output" -> '
          'RandomReal[]|>, {40}]]; t = NetTrain[NetChain[{LinearLayer[4], Tanh, LinearLayer[]}, '
          '"Input" -> 2, "Output" -> "Scalar"], ds, MaxTrainingRounds -> 2, '
          'TrainingProgressReporting -> None];')
    assert r.messages == []
    assert r.run("Head[t]").name == "NetChain"
    assert r.run('NumberQ[NetMeasurements[t, ds, "MeanSquare"]]').name == "True"


@pytest.mark.parametrize("name,text,expected", declared_examples("dataset"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_an_association_left_unevaluated_is_not_an_association_query():
    # ds[All, <|"a" -> {#a} &|>]: the & takes the rule, Association says so; the query then
    # gives no internal error
    r = run('ds = Dataset[{<|"a" -> 1, "b" -> 2|>}]; ds[All, <|"a" -> {#a} &|>]; '
            'Normal[ds[All, <|"x" -> ({#a} &), "y" -> "b"|>]]')
    assert [m.split(":")[0] for m in r.messages] == ["Association"], r.messages
    assert r.value == run('{<|"x" -> {1}, "y" -> 2|>}').value


_ROWS = ('{<|"c" -> "y", "v" -> 2|>, <|"c" -> "x", "v" -> 1|>, '
         '<|"c" -> "x", "v" -> 3|>}')


@pytest.mark.parametrize("text,expected", [
    # the descending functions of a composition act going down, the rest going up
    (f'Query[GroupBy[#c &] /* KeySort, Length][{_ROWS}]', '<|"x" -> 2, "y" -> 1|>'),
    (f'Normal[Dataset[{_ROWS}][GroupBy["c"] /* KeySort, Total, "v"]]', '<|"x" -> 4, "y" -> 2|>'),
    (f'Query[Select[#v > 1 &] /* Length][{_ROWS}]', '2'),
    (f'Query[SortBy[#v &] /* Reverse, "v"][{_ROWS}]', '{3, 2, 1}'),
    (f'Query[Select[#v > 1 &] /* Total, "v"][{_ROWS}]', '5'),
    (f'Query[(Select[#v > 1 &] @* SortBy[-#v &]), "c"][{_ROWS}]', '{"x", "y"}'),
    # an ascending function first: the whole composition goes up
    (f'Query[Total /* Minus, "v"][{_ROWS}]', '-6'),
])
def test_composed_operators(text, expected):
    check(text, expected)
