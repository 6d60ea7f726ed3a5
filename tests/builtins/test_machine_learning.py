"""Classify and Predict: data forms, methods, properties, measurements, mixed features,
and models that survive InputForm (their parameters are in the expression)."""

import pytest

from tests.builtins._support import check, check_example, close_printed, declared_examples, run
from wlnet.syntax.printer import output_form


@pytest.mark.parametrize("name,text,expected", declared_examples("machine_learning"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


def test_classifier_properties_and_forms_of_data():
    r = run('cf = Classify[{1, 2, 3, 10, 11, 12} -> {"low", "low", "low", "high", "high", '
            '"high"}]; {cf[2], cf[11.], Total[Values[cf[6.5, "Probabilities"]]], '
            'cf["Classes"]}')
    first, second, total, classes = r.value.args
    assert (first.value, second.value) == ("low", "high")
    assert total.value == pytest.approx(1.0)
    assert [c.value for c in classes.args] == ["low", "high"]


def test_nominal_and_mixed_features_with_nearest_neighbors():
    check('cf = Classify[{{1, "r"} -> A, {2, "g"} -> A, {9, "r"} -> B, {8, "g"} -> B}, '
          'Method -> "NearestNeighbors"]; cf[{{1.5, "r"}, {8.5, "g"}}]', "{A, B}")
    check('Classify[{"red" -> warm, "orange" -> warm, "blue" -> cold, "cyan" -> cold}]'
          '["blue"]', "cold")


def test_measurements():
    check('cf = Classify[<|"low" -> {1, 2, 3}, "high" -> {10, 11, 12}|>]; '
          'ClassifierMeasurements[cf, {1 -> "low", 12 -> "high", 7 -> "low"}, '
          '{"Accuracy", "ConfusionMatrix"}]', "{2/3 // N, {{1, 1}, {0, 1}}}",
          evaluate_expected=True, same=close_printed)
    check('PredictorMeasurements[Predict[{1 -> 2, 2 -> 4, 3 -> 6}], {4 -> 8, 5 -> 11}, '
          '"MeanDeviation"]', "0.5", same=close_printed)


def test_predictor_distribution_and_vectors():
    check("p = Predict[{{1, 0} -> 1, {0, 1} -> 2, {1, 1} -> 3, {2, 1} -> 4}]; p[{3, 1}]", "5.",
          same=close_printed)
    r = run("p = Predict[{1 -> 2.1, 2 -> 3.9, 3 -> 6.2}]; p[4, \"Distribution\"]")
    assert r.value.head.name == "NormalDistribution"


def test_a_model_survives_its_input_form():
    check('cf = Classify[{1 -> "a", 2 -> "a", 8 -> "b", 9 -> "b"}]; '
          'ToExpression[ToString[InputForm[cf]]][8.5]', '"b"')


def test_bad_data_and_properties():
    assert run("Classify[5]").tags == ["Classify::bdfmt"]
    assert run("Classify[{1 -> a, 2 -> a}]").tags == ["Classify::nclass"]
    assert run('Classify[{1 -> a, 2 -> b}, Method -> "Magic"]').tags == ["Classify::mthd"]
    assert run('Classify[{1 -> a, 2 -> b}][x]').tags == ["ClassifierFunction::ftype"]
    assert run('Classify[{1 -> a, 2 -> b}][1, "Foo"]').tags == ["ClassifierFunction::bdprop"]


@pytest.mark.parametrize("method", ["DecisionTree", "RandomForest", "GradientBoostedTrees", "NeuralNetwork"])
def test_tree_and_net_methods_fit_what_a_line_cannot(method):
    # a Mathematica SE post compares Predict[…, Method -> "GradientBoostedTrees"] with a net
    r = run('SeedRandom[1]; f[x_] := Sin[x[[1]]] + x[[2]]^2; '
            'data = Table[With[{x = RandomReal[{-2, 2}, 2]}, x -> f[x]], {300}]; '
            'test = Table[With[{x = RandomReal[{-2, 2}, 2]}, x -> f[x]], {100}]; '
            'rms[p_] := RootMeanSquare[(p /@ Keys[test]) - Values[test]]; '
            'cdata = Table[With[{x = RandomReal[{-2, 2}, 2]}, x -> If[Norm[x] < 1.2, "in", "out"]], {300}]; '
            'ctest = Table[With[{x = RandomReal[{-2, 2}, 2]}, x -> If[Norm[x] < 1.2, "in", "out"]], {100}]; '
            f'p = Predict[data, Method -> "{method}"]; c = Classify[cdata, Method -> "{method}"]; '
            '{rms[p] < rms[Predict[data]] / 3, '
            ' ClassifierMeasurements[c, ctest, "Accuracy"] > 0.9 > ClassifierMeasurements[Classify[cdata], ctest, "Accuracy"], '
            ' Total[c[{0, 0}, "Probabilities"]], c[{0, 0}], '
            ' ToExpression[ToString[InputForm[p]]][{0.5, 0.5}] == p[{0.5, 0.5}]}')
    assert not r.messages, r.messages
    assert output_form(r.value) == "{True, True, 1., in, True}"


def test_measurements_objects_of_classifiers_and_predictors():
    r = run('p = Predict[{1 -> 2, 2 -> 4, 3 -> 6}]; pm = PredictorMeasurements[p, {4 -> 8, 5 -> 10.5}]; '
            'c = Classify[{1 -> "a", 2 -> "a", 8 -> "b", 9 -> "b"}]; '
            'cm = ClassifierMeasurements[c, {1.5 -> "a", 8.5 -> "b", 5 -> "a"}]; '
            '{Head[pm], pm["RSquared"] == PredictorMeasurements[p, {4 -> 8, 5 -> 10.5}, "RSquared"], '
            'Head[cm], cm["ConfusionMatrix"], ClassifierMeasurements[c, {1.5 -> "a"}, "Accuracy"]}')
    assert not r.messages, r.messages
    assert output_form(r.value) == ("{PredictorMeasurementsObject, True, ClassifierMeasurementsObject, "
                                    "{{1, 1}, {0, 1}}, 1.}")


def test_information_of_classifiers_and_predictors():
    # Information[cf, "prop"] is how WL 12+ reads a classifier's properties (a program
    # printed Information[Classify[…, Method -> "NeuralNetwork"], "Method"] and got Null)
    check('cf = Classify[{1 -> "a", 2 -> "a", 8 -> "b", 9 -> "b"}, Method -> "NeuralNetwork"];'
          ' {Information[cf, "Method"], Information[cf, "Classes"], '
          'Information[cf, {"ClassNumber", "InputType"}]}',
          '{"NeuralNetwork", {"a", "b"}, {2, "Numerical"}}')
    check('Keys[Information[Classify[{1 -> "a", 8 -> "b"}]]]',
          '{"Method", "InputType", "Classes", "ClassNumber"}')
    check('p = Predict[{1 -> 2, 2 -> 4, 3 -> 6}, Method -> "LinearRegression"]; '
          '{Information[p, "Method"], MemberQ[Information[p, "Properties"], "Classes"]}',
          '{"LinearRegression", False}')
    check('Information[Predict[{1 -> 2, 2 -> 4}], "Foo"]', "$Failed",
          ["PredictorFunction::bdprop"])


def test_classifications_measured_against_the_true_classes():
    # ClassifierMeasurements[{class…}, {true class…}, props]: classifications made by a
    # language model, measured as a classifier's would be
    check('ClassifierMeasurements[{True, False, True, True}, {True, True, True, False}, '
          '{"Accuracy", "ConfusionMatrix"}]', "{0.5, {{0, 1}, {1, 2}}}")
    check('Head[ClassifierMeasurements[{"a", "b"}, {"a", "a"}, "ConfusionMatrixPlot"]]',
          "Graphics")
    r = run('ClassifierMeasurements[{"a", "b"}, {"a"}, "Accuracy"]')
    assert r.messages and "ClassifierMeasurements::clslen" in r.messages[0]
