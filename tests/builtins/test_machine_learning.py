"""Classify and Predict: data forms, methods, properties, measurements, mixed features,
and models that survive InputForm (their parameters are in the expression)."""

import numpy as np
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
            '{rms[p] < rms[Predict[data, Method -> "LinearRegression"]] / 3, '
            ' ClassifierMeasurements[c, ctest, "Accuracy"] > 0.9 > ClassifierMeasurements['
            'Classify[cdata, Method -> "LogisticRegression"], ctest, "Accuracy"], '
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
          '{"Method", "InputType", "Classes", "ClassNumber", "ClassPriors", "ExampleNumber", '
          '"FeatureTypes", "FeatureNumber", "MethodOption", "TrainingTime"}')
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


def test_information_of_the_training():
    check('c = Classify[{<|"age" -> 3, "sex" -> "m"|> -> "A", <|"age" -> 5, "sex" -> "f"|> -> '
          '"B", <|"age" -> 4, "sex" -> "m"|> -> "A"}, Method -> {"NearestNeighbors", '
          '"NeighborsNumber" -> 1}]; Information[c, {"ExampleNumber", "FeatureTypes", '
          '"ClassPriors", "MethodOption"}]',
          '{3, <|"age" -> "Numerical", "sex" -> "Nominal"|>, <|"A" -> 2/3 // N, "B" -> 1/3 // N|>, '
          'Method -> {"NearestNeighbors", "NeighborsNumber" -> 1}}',
          evaluate_expected=True, same=close_printed)


def test_association_examples_and_missing_values():
    check('c = Classify[{<|"age" -> 3, "sex" -> "m"|> -> "A", <|"age" -> 5, "sex" -> "f"|> -> "B", '
          '<|"age" -> 4, "sex" -> "m"|> -> "A", <|"age" -> 6, "sex" -> "f"|> -> "B"}]; '
          '{c[<|"age" -> 3.5, "sex" -> "m"|>], c[<|"age" -> 5.5|>], '
          'ToExpression[ToString[InputForm[c]]][<|"age" -> 3.5, "sex" -> "m"|>]}', '{"A", "B", "A"}')
    check('c = Classify[{{1, Missing[]} -> "a", {2, 3} -> "a", {8, 9} -> "b", {9, Missing[]} -> "b"}];'
          ' c[{{1.5, Missing[]}, {8, 8}}]', '{"a", "b"}')
    assert run('Classify[{1 -> a, 2 -> b}][<|"x" -> 1|>]').tags == ["ClassifierFunction::ftype"]


def test_classifier_properties_priors_and_threshold():
    r = run('c = Classify[{1 -> "A", 2 -> "A", 3.5 -> "B", 4 -> "B"}]; '
            '{c[2.2, "Probability" -> "B"], c[2.2, "Probabilities"], c[2.2, "LogProbabilities"], '
            'c[2.7, IndeterminateThreshold -> 0.99], c[2.2, "Probabilities", ClassPriors -> '
            '<|"A" -> 0.1, "B" -> 0.9|>], c["Properties"], '
            'Classify[{1 -> "A", 2 -> "A", 3.5 -> "B", 4 -> "B"}, 2.2, "Probabilities"]}')
    assert not r.messages, r.messages
    pb, probs, logs, undecided, weighted, props, at_once = r.value.args
    a, b = (float(x.args[1].value) for x in probs.args)
    assert float(pb.value) == pytest.approx(b)
    assert [float(x.args[1].value) for x in logs.args] == pytest.approx([np.log(a), np.log(b)])
    assert output_form(undecided) == "Indeterminate"
    # priors scale the probabilities by prior / training frequency (here 1/2 each)
    wa, wb = a * 0.1 / 0.5, b * 0.9 / 0.5
    assert [float(x.args[1].value) for x in weighted.args] == pytest.approx(
        [wa / (wa + wb), wb / (wa + wb)])
    assert "LogProbabilities" in output_form(props)
    assert output_form(at_once) == output_form(probs)


def test_classifier_distribution_is_categorical_over_the_classes():
    r = run('c = Classify[{1 -> "A", 2 -> "A", 3.5 -> "B", 4 -> "B"}]; '
            'd = c[2.2, "Distribution"]; {d[[1]], PDF[d, "B"], c[2.2, "Probability" -> "B"], '
            'MemberQ[{"A", "B"}, RandomVariate[d]], Length[c[{1, 4}, "Distribution"]]}')
    assert not r.messages, r.messages
    classes, pdf_b, prob_b, member, count = r.value.args
    assert output_form(classes) == "{A, B}"
    assert float(pdf_b.value) == pytest.approx(float(prob_b.value))
    assert output_form(member) == "True" and count.value == 2


@pytest.mark.parametrize("code, tag", [
    ("Classify[{1 -> a, 2 -> b}, Foo -> 3]", "Classify::optx"),
    ('Classify[{1 -> a, 2 -> b}, Method -> {"NearestNeighbors", "NeighborsNumber" -> 0}]',
     "Classify::subopt"),
    ('Predict[{1 -> 1, 2 -> 2}, Method -> "NaiveBayes"]', "Predict::mthd"),
    ("Classify[{1 -> a, 2 -> b}][1, IndeterminateThreshold -> 2]",
     "ClassifierFunction::thrs"),
    ("Classify[{1 -> a, 2 -> b}][1, ClassPriors -> <|c -> 1|>]", "ClassifierFunction::prior"),
])
def test_bad_options(code, tag):
    assert run(code).tags == [tag]


def test_naive_bayes_and_suboptions():
    check('c = Classify[{1 -> "A", 2 -> "A", 1.5 -> "A", 3.5 -> "B", 4 -> "B", 4.2 -> "B"}, '
          'Method -> "NaiveBayes"]; {c[{1.2, 3.9}], Information[c, "Method"]}',
          '{{"A", "B"}, "NaiveBayes"}')
    check('Classify[{1 -> "A", 2 -> "A", 3.5 -> "B", 4 -> "B", 10 -> "A"}, Method -> '
          '{"NearestNeighbors", "NeighborsNumber" -> 1}][9]', '"A"')
    check('Predict[{1 -> 1, 2 -> 2, 3 -> 3}, Method -> {"LinearRegression", '
          '"L2Regularization" -> 100}][3] < 2.5', "True")


def test_gaussian_process_knows_its_uncertainty():
    r = run('p = Predict[Table[x -> Sin[x], {x, 0, 6, 0.5}], Method -> "GaussianProcess"]; '
            '{p[2.25], p[{2.25, 30}, "StandardDeviation"], p[2.25, "Distribution"], '
            'ToExpression[ToString[InputForm[p]]][2.25] == p[2.25]}')
    assert not r.messages, r.messages
    value, spreads, dist, same = r.value.args
    near, far = spreads.args
    assert float(value.value) == pytest.approx(np.sin(2.25), abs=0.05)
    assert float(near.value) < 0.1 < float(far.value)
    assert dist.head.name == "NormalDistribution" and output_form(same) == "True"


def test_sentences_are_classified_by_their_words():
    check('c = Classify[{"the cat sat on the mat" -> "animal", "a dog barked loudly" -> "animal", '
          '"the stock market fell" -> "finance", "shares and bonds rose" -> "finance", '
          '"my cat purrs" -> "animal", "the bank raised rates" -> "finance"}]; '
          '{Information[c, "InputType"], c[{"a cat and a dog", "market rates fell"}]}',
          '{"Text", {"animal", "finance"}}')


def test_feature_extractor_option():
    check('c = Classify[{"The Cat" -> 1, "a DOG" -> 2, "THE CAT" -> 1, "A dog" -> 2}, '
          'FeatureExtractor -> {"LowerCasedText", "TFIDF"}]; {c["the cat"], c[{"CAT", "dog"}], '
          'ToExpression[ToString[InputForm[c]]]["DOG"]}', "{1, {1, 2}, 2}")
    check("Predict[{1 -> 1, 2 -> 4, 3 -> 9, 4 -> 16}, FeatureExtractor -> (#^2 &)][5]", "25.",
          same=close_printed)
    check("fe = FeatureExtraction[{1, 2, 3}]; Predict[{1 -> 2, 2 -> 4, 3 -> 6}, "
          "FeatureExtractor -> fe][4]", "8.", same=close_printed)
    assert run('Classify[{1 -> a, 2 -> b}, FeatureExtractor -> "Foo"]').tags == \
        ["FeatureExtraction::mthd"]


@pytest.mark.parametrize("kernel, at_least", [("RadialBasisFunction", 0.9), ("Polynomial", 0.85)])
def test_support_vector_machine(kernel, at_least):
    r = run('SeedRandom[1]; f[x_] := If[Norm[x] < 1.2, "in", "out"]; '
            'data = Table[With[{x = RandomReal[{-2, 2}, 2]}, x -> f[x]], {200}]; '
            'test = Table[With[{x = RandomReal[{-2, 2}, 2]}, x -> f[x]], {100}]; '
            f'c = Classify[data, Method -> {{"SupportVectorMachine", "KernelType" -> "{kernel}"}}]; '
            '{ClassifierMeasurements[c, test, "Accuracy"], c[{0, 0}], Total[c[{2, 2}, "Probabilities"]], '
            'ToExpression[ToString[InputForm[c]]][{0.1, 0.1}], Information[c, "MethodOption"]}')
    assert not r.messages, r.messages
    accuracy, centre, total, again, option = r.value.args
    assert accuracy.value >= at_least and centre.value == "in" and again.value == "in"
    assert total.value == pytest.approx(1.0) and kernel in output_form(option)
    assert run('Classify[{1 -> a, 2 -> b}, Method -> {"SupportVectorMachine", '
               '"KernelType" -> "Magic"}]').tags == ["Classify::subopt"]


def test_colours_and_dates_are_features():
    check('c = Classify[{RGBColor[1, 0, 0] -> "warm", RGBColor[1, 0.5, 0] -> "warm", '
          'RGBColor[0, 0, 1] -> "cold", RGBColor[0, 0.8, 1] -> "cold", Red -> "warm", '
          'Blue -> "cold"}]; {Information[c, "InputType"], '
          'c[{RGBColor[0.9, 0.2, 0.1], Hue[0.6], Orange}], '
          'ToExpression[ToString[InputForm[c]]][GrayLevel[0.1]] === c[GrayLevel[0.1]]}',
          '{"Color", {"warm", "cold", "warm"}, True}')
    check('p = Predict[{DateObject[{2020, 1, 1}] -> 1, DateObject[{2021, 1, 1}] -> 2, '
          'DateObject[{2022, 1, 1}] -> 3}]; {Information[p, "InputType"], '
          'Round[p[DateObject[{2023, 1, 1}]]]}', '{"Date", 4}')


def test_associations_with_different_keys():
    check('Classify[{<|"a" -> 1|> -> x, <|"b" -> 2|> -> y, <|"a" -> 1.2, "b" -> 0|> -> x}]'
          '[<|"b" -> 2.1|>]', "y")


def test_feature_names():
    check('c = Classify[{{30, "m"} -> a, {40, "f"} -> b, {35, "m"} -> a, {45, "f"} -> b}, '
          'FeatureNames -> {"age", "sex"}]; {c[<|"age" -> 32, "sex" -> "m"|>], c[{44, "f"}], '
          'c[{{44, "f"}, {31, "m"}}], c[<|"sex" -> "f"|>], Information[c, "FeatureNames"]}',
          '{a, b, {b, a}, b, {"age", "sex"}}')
    assert run('Classify[{1 -> a, 2 -> b}, FeatureNames -> {"x", "y"}]').tags == \
        ["Classify::fnames"]


def test_anomaly_detector_option():
    check('c = Classify[{1 -> a, 2 -> a, 1.5 -> a, 8 -> b, 9 -> b, 8.5 -> b}, '
          'AnomalyDetector -> Automatic]; p = Predict[{1 -> 1, 2 -> 2, 3 -> 3, 4 -> 4}, '
          'AnomalyDetector -> Automatic]; {c[{1.2, 100, 8.7}], p[{2.5, 1000}], c[5], '
          'c[5, AcceptanceThreshold -> 0.9]}',
          '{{a, Missing["Anomalous"], b}, {2.5, Missing["Anomalous"]}, a, Missing["Anomalous"]}',
          same=close_printed)
    check('ad = AnomalyDetection[{1, 2, 3, 4}]; Classify[{1 -> a, 4 -> b}, AnomalyDetector -> ad]'
          '[{1, 50}]', '{a, Missing["Anomalous"]}')
    assert run("Classify[{1 -> a, 2 -> b}, AnomalyDetector -> 3]").tags == ["Classify::anomdet"]


def test_markov_classifies_text_by_its_characters():
    r = run('c = Classify[{"the cat sat on the mat" -> "English", "the dog is in the house" -> '
            '"English", "where is the station" -> "English", "le chat est sur la table" -> '
            '"French", "ou est la gare" -> "French", "le chien est dans la maison" -> "French"}, '
            'Method -> {"Markov", "Order" -> 2}]; {c[{"the house is big", "la maison est grande"}], '
            'Total[c["une table", "Probabilities"]], ToExpression[ToString[InputForm[c]]]["the cat"], '
            'ClassifierMeasurements[c, {"the mat" -> "English", "la gare" -> "French"}, "Accuracy"]}')
    assert not r.messages, r.messages
    assert output_form(r.value) == "{{English, French}, 1., English, 1.}"
    assert run('Classify[{1 -> a, 2 -> b}, Method -> "Markov"]').tags == ["Classify::mtext"]


def test_an_output_column_of_rows_and_datasets():
    check('rows = {<|"age" -> 30, "sex" -> "m", "ok" -> True|>, <|"age" -> 60, "sex" -> "f", '
          '"ok" -> False|>, <|"age" -> 35, "sex" -> "m", "ok" -> True|>, <|"age" -> 65, '
          '"sex" -> "f", "ok" -> False|>}; c = Classify[rows -> "ok"]; '
          '{c[<|"age" -> 33, "sex" -> "m"|>], Classify[Dataset[rows] -> "ok"][<|"age" -> 62, '
          '"sex" -> "f"|>], ClassifierMeasurements[c, rows -> "ok", "Accuracy"], '
          'Round[Predict[{{1, 10, 2}, {2, 20, 4}, {3, 30, 6}} -> 3][{4, 40}]], '
          'Round[Predict[{{1, 2}, {2, 4}, {3, 6}} -> -1][4]]}', "{True, False, 1., 8, 8}")


def test_built_in_classifiers_are_named_as_missing():
    assert run('Classify["Sentiment", "I love it"]').tags == ["Classify::builtin"]
    assert run('Classify["Sentiment"]').tags == ["Classify::builtin"]


def test_empty_lists_of_examples_and_one_named_feature():
    check('c = Classify[{1 -> a, 2 -> a, 8 -> b, 9 -> b}]; {c[{}], c[{}, "Probabilities"], '
          'Predict[{1 -> 2, 2 -> 4}, Method -> "GaussianProcess"][{}], '
          'Classify[{"x" -> a, "y" -> b}, Method -> "Markov"][{}], '
          'Classify[{1 -> a, 2 -> b}, FeatureNames -> "x"][1]}', "{{}, {}, {}, {}, a}")
    assert run("FeatureExtraction[{1, 2}, {}]").tags == ["FeatureExtraction::mthd"]


def test_a_list_of_nominal_examples():
    check('c = Classify[{{"a", "x"} -> 1, {"b", "y"} -> 2, {"a", "y"} -> 1, {"b", "x"} -> 2}]; '
          '{c[{"a", "x"}], c[{{"a", "x"}, {"b", "y"}}]}', "{1, {1, 2}}")


def test_training_time_is_a_quantity_of_seconds():
    check('{Head[#], QuantityUnit[#], QuantityMagnitude[#] >= 0} &[Information['
          'Classify[{1 -> a, 2 -> b}], "TrainingTime"]]', '{Quantity, "Seconds", True}')


def test_utility_function():
    check('c = Classify[{1 -> "healthy", 2 -> "healthy", 3 -> "healthy", 4 -> "diseased", '
          '5 -> "diseased", 6 -> "diseased"}]; u = <|"diseased" -> <|"healthy" -> -100|>|>; '
          '{c[3.3], c[3.3, UtilityFunction -> u], Classify[{1 -> "healthy", 2 -> "healthy", '
          '3 -> "healthy", 4 -> "diseased", 5 -> "diseased", 6 -> "diseased"}, '
          'UtilityFunction -> u][3.3], c[3.5, UtilityFunction -> <|"healthy" -> '
          '<|Indeterminate -> 0.8|>, "diseased" -> <|Indeterminate -> 0.8|>|>], '
          'c[3.3, UtilityFunction -> (If[#1 == #2, 1, If[#1 == "diseased", -100, 0]] &)]}',
          '{"healthy", "diseased", "diseased", Indeterminate, "diseased"}')
    r = run('c = Classify[{1 -> a, 2 -> a, 8 -> b, 9 -> b}]; {c[3, "ExpectedUtilities", '
            'UtilityFunction -> <|b -> <|a -> -10|>|>], c[3, "Probabilities"]}')
    utilities, probs = r.value.args
    pa, pb = (float(x.args[1].value) for x in probs.args)
    assert [float(x.args[1].value) for x in utilities.args] == pytest.approx([pa - 10 * pb, pb])
    assert run("Classify[{1 -> a, 2 -> b}][1, UtilityFunction -> 3]").tags == \
        ["ClassifierFunction::utility"]


_NOISY = ('SeedRandom[3]; xs = RandomReal[{-1, 1}, {60, 2}]; '
          'data = Thread[xs -> (3 xs[[All, 1]] + 0.05 RandomReal[{-1, 1}, 60])]; '
          'labelled = Thread[xs -> (If[# > 0, "A", "B"] & /@ xs[[All, 1]])]; ')


def test_l1_regularization_zeroes_the_weight_of_a_useless_feature():
    # the target depends on the first feature only: with an L1 penalty the second gets an
    # exact zero weight (answers do not move with it), without one a small nonzero weight
    r = run(_NOISY + 'p = Predict[data, Method -> {"LinearRegression", "L1Regularization" -> '
            '0.1}]; p0 = Predict[data]; {p[{0.5, -0.9}] - p[{0.5, 0.9}], '
            'p0[{0.5, -0.9}] - p0[{0.5, 0.9}], p[0.5 {1, 0}]}')
    with_l1, without, half = (a.value for a in r.value.args)
    assert with_l1 == 0.0 and without != 0.0
    assert half == pytest.approx(1.5, abs=0.1)         # the slope 3, shrunk a little
    # a large penalty leaves only the constant: the mean of the targets everywhere
    check(_NOISY + 'pb = Predict[data, Method -> {"LinearRegression", "L1Regularization" -> '
          '100}]; Max[Abs[{pb[{0.5, -0.9}], pb[{-1, 1}]} - Mean[data[[All, 2]]]]] < 10^-6',
          "True")
    r = run(_NOISY + 'c = Classify[labelled, Method -> {"LogisticRegression", '
            '"L1Regularization" -> 0.05}]; {c[{0.5, -0.9}, "Probability" -> "A"] - '
            'c[{0.5, 0.9}, "Probability" -> "A"], c[{0.5, 0}], c[{-0.5, 0}], '
            'Information[c, "MethodOption"]}')
    difference, right, left, option = r.value.args
    assert difference.value == 0.0 and (right.value, left.value) == ("A", "B")
    assert output_form(option) == 'Method -> {LogisticRegression, L1Regularization -> 0.05}'
    assert run('Predict[{1 -> 1, 2 -> 2}, Method -> {"LinearRegression", '
               '"L1Regularization" -> -1}]').tags == ["Predict::subopt"]



_RING = ('SeedRandom[3]; xs = RandomReal[{-1, 1}, {80, 2}]; '
         'ring = Thread[xs -> (If[Norm[#] < 0.6, "in", "out"] & /@ xs)]; '
         'ys = RandomReal[{-1, 1}, {80, 2}]; '
         'ringtest = Thread[ys -> (If[Norm[#] < 0.6, "in", "out"] & /@ ys)]; ')


def test_automatic_method_is_chosen_by_cross_validation():
    # a ring is not linearly separable: the search must leave the default logistic
    # regression for a method that fits it, and report its choice and its estimate
    r = run(_RING + 'c = Classify[ring]; line = Classify[ring, Method -> "LogisticRegression"]; '
            '{Information[c, "Method"], Information[c, "Accuracy"], '
            'ClassifierMeasurements[c, ringtest, "Accuracy"], '
            'ClassifierMeasurements[line, ringtest, "Accuracy"], Information[c, "MethodOption"], '
            'MemberQ[Information[line, "Properties"], "Accuracy"]}')
    assert not r.messages, r.messages
    method, estimate, tested, baseline, option, line_has_estimate = r.value.args
    assert method.value != "LogisticRegression"
    assert estimate.value > 0.85 and tested.value > 0.85 > baseline.value
    assert output_form(option) == f"Method -> {method.value}"
    assert line_has_estimate.name == "False"
    # a linear target: the search keeps linear regression, whose estimated error is ~0
    r = run(_RING + 'p = Predict[Thread[xs -> 2 xs[[All, 1]] - xs[[All, 2]]]]; '
            '{Information[p, "Method"], Information[p, "StandardDeviation"] < 10^-6}')
    assert output_form(r.value) == "{LinearRegression, True}"
    # too few examples to compare methods: the default, without an estimate
    check('Information[Classify[{1 -> a, 2 -> a, 8 -> b, 9 -> b}], {"Method", "Properties"}]'
          '[[1]]', '"LogisticRegression"')


def test_performance_goal_and_time_goal_choose_the_candidates():
    # "Speed" and "Memory" leave out nearest neighbours (slow to evaluate, every example
    # kept) and forests; "DirectTraining" and a TimeGoal of 0 fit the default directly
    r = run(_RING + '{Information[Classify[ring, PerformanceGoal -> "Speed"], "Method"], '
            'Information[Classify[ring, PerformanceGoal -> {"Memory", "Speed"}], "Method"], '
            'Information[Classify[ring, PerformanceGoal -> "DirectTraining"], "Method"], '
            'Information[Classify[ring, TimeGoal -> 0], "Method"], '
            'Information[Predict[Thread[xs -> Norm /@ xs], TimeGoal -> Quantity[0, "Seconds"]], '
            '"Method"]}')
    assert not r.messages, r.messages
    speed, memory_speed, direct, no_time, predictor = (a.value for a in r.value.args)
    assert speed in ("LogisticRegression", "NaiveBayes", "DecisionTree")
    assert memory_speed in ("LogisticRegression", "NaiveBayes", "DecisionTree")
    assert (direct, no_time, predictor) == ("LogisticRegression", "LogisticRegression",
                                            "LinearRegression")
    for code, tag in (('Classify[ring, PerformanceGoal -> "Fast"]', "Classify::perfgoal"),
                      ('Predict[{1 -> 2, 2 -> 3}, TimeGoal -> -1]', "Predict::timegoal")):
        assert run(_RING + code).tags == [tag]


def test_validation_set_scores_the_function():
    # ValidationSet -> data: the estimate is the accuracy on those examples, which
    # ClassifierMeasurements confirms for a method given
    r = run(_RING + 'c = Classify[ring, ValidationSet -> ringtest, Method -> "NearestNeighbors"]; '
            '{Information[c, "Accuracy"] == ClassifierMeasurements[c, ringtest, "Accuracy"], '
            'Information[c, "ExampleNumber"]}')
    assert output_form(r.value) == "{True, 80}"
    # Scaled[f]: a fraction held out of the fit (the predictor's error measured on it)
    r = run(_RING + 'p = Predict[Thread[xs -> 3 xs[[All, 1]]], ValidationSet -> Scaled[0.25], '
            'Method -> "NearestNeighbors"]; s = Information[p, "StandardDeviation"]; '
            '{0 < s < 1, Information[Predict[Thread[xs -> 3 xs[[All, 1]]], '
            'ValidationSet -> Scaled[0.25]], "Method"]}')
    assert output_form(r.value) == "{True, LinearRegression}"
    for spec in ("Scaled[2]", "{1, 2}", '{{0, 0} -> "in", {1} -> "out"}'):
        assert run(_RING + f'Classify[ring, ValidationSet -> {spec}]').tags == \
            ["Classify::valset"]


def test_classify_of_a_classifier_updates_its_decision_settings():
    # ClassifierFunction page: Classify[cf, opts] changes ClassPriors,
    # IndeterminateThreshold, UtilityFunction… without training again
    check('c = Classify[{1 -> "a", 2 -> "a", 8 -> "b", 9 -> "b"}]; '
          'c2 = Classify[c, IndeterminateThreshold -> 0.9]; '
          'c3 = Classify[c2, IndeterminateThreshold -> Automatic]; '
          '{c2[5], c2[1], c[5], c3[5], '
          'Classify[c, ClassPriors -> <|"a" -> 0.99, "b" -> 0.01|>][6], c[6]}',
          '{Indeterminate, "a", "b", "b", "a", "b"}')
    for code, tag in (('Classify[c, Method -> "NaiveBayes"]', "Classify::upd"),
                      ('Classify[c, IndeterminateThreshold -> 2]', "ClassifierFunction::thrs"),
                      ('Classify[c, 3]', "Classify::bdfmt")):
        assert run('c = Classify[{1 -> "a", 2 -> "a", 8 -> "b", 9 -> "b"}]; ' + code).tags \
            == [tag]


def test_gaussian_process_covariance_type_and_assume_deterministic():
    data = ('SeedRandom[2]; data = Table[x -> x^2 + RandomReal[{-0.3, 0.3}], '
            '{x, -2, 2, 0.25}]; ')
    # every covariance fits the parabola near the data; far away a stationary kernel
    # returns to the mean while the linear one extrapolates its (flat) line
    r = run(data + 'Table[With[{p = Predict[data, Method -> {"GaussianProcess", '
            '"CovarianceType" -> k}]}, {p[0.6], p[5], '
            'ToExpression[ToString[InputForm[p]]][0.6] == p[0.6]}], {k, {"SquaredExponential", '
            '"Matern3/2", "Matern5/2", "RationalQuadratic", "Linear"}}]')
    assert not r.messages, r.messages
    rows = [[a for a in row.args] for row in r.value.args]
    for near, _, kept in rows[:4]:
        assert abs(near.value - 0.36) < 0.25 and kept.name == "True"
    near, far, _ = rows[4]
    assert near.value == pytest.approx(far.value, abs=0.05)       # a line through a parabola
    # AssumeDeterministic -> True: the process goes through the examples, with almost no
    # uncertainty there (the noisy fit smooths them)
    r = run(data + 'pd = Predict[data, Method -> {"GaussianProcess", AssumeDeterministic -> '
            'True}]; pn = Predict[data, Method -> "GaussianProcess"]; '
            '{pd[0.5] - data[[11, 2]], pd[0.5, "StandardDeviation"], '
            'pn[0.5, "StandardDeviation"], Information[pd, "MethodOption"]}')
    through, sd, noisy_sd, option = r.value.args
    assert abs(through.value) < 1e-3 and sd.value < 0.01 < noisy_sd.value
    assert output_form(option) == "Method -> {GaussianProcess, AssumeDeterministic -> True}"
    assert run(data + 'Predict[data, Method -> {"GaussianProcess", "CovarianceType" -> '
               '"Wavy"}]').tags == ["Predict::subopt"]


def test_predictor_estimates_its_mean_cross_entropy():
    # noise of standard deviation 0.3/Sqrt[3] around a line: the validated normal
    # distributions' mean negative log-density is near Log[2 Pi s^2]/2 + 1/2
    r = run('SeedRandom[4]; xs = RandomReal[{-1, 1}, 200]; '
            'p = Predict[Thread[xs -> 2 xs + RandomReal[{-0.3, 0.3}, 200]], '
            'ValidationSet -> Scaled[0.3], Method -> "LinearRegression"]; '
            '{Information[p, "MeanCrossEntropy"], Information[p, "StandardDeviation"]}')
    entropy, sd = (a.value for a in r.value.args)
    assert sd == pytest.approx(0.3 / np.sqrt(3), rel=0.25)
    assert entropy == pytest.approx(0.5 * np.log(2 * np.pi * 0.03) + 0.5, abs=0.25)


def test_nearest_neighbors_distance_function():
    # the points are symmetric in the two coordinates (standardizing scales both alike);
    # from {0.4, 0.4} the nearest "x" point {2, 0} is nearer by ManhattanDistance, the
    # nearest "y" point {1.5, 1.5} by the Euclidean and chessboard distances
    check('data = Join[Thread[{{2, 0}, {0, 2}, {-2, 0}, {0, -2}} -> "x"], '
          'Thread[{{1.5, 1.5}, {-1.5, -1.5}, {1.5, -1.5}, {-1.5, 1.5}} -> "y"]]; '
          'Table[Classify[data, Method -> {"NearestNeighbors", "NeighborsNumber" -> 1, '
          '"DistanceFunction" -> d}][{0.4, 0.4}], '
          '{d, {EuclideanDistance, ChessboardDistance, ManhattanDistance}}]',
          '{"y", "y", "x"}')
    check('c = Classify[{1 -> a, 2 -> a, 5 -> b, 6 -> b}, Method -> {"NearestNeighbors", '
          '"DistanceFunction" -> ManhattanDistance}]; '
          '{Information[c, "MethodOption"], ToExpression[ToString[InputForm[c]]][5.5]}',
          '{Method -> {"NearestNeighbors", "DistanceFunction" -> "ManhattanDistance"}, b}')
    assert run('Classify[{1 -> a, 2 -> b}, Method -> {"NearestNeighbors", '
               '"DistanceFunction" -> "Foo"}]').tags == ["Classify::subopt"]


def test_nearest_neighbors_distance_given_as_a_function():
    # the function gets the examples as given (numbers unstandardized, strings, even a
    # string never seen in training), and survives InputForm
    check('c = Classify[{1 -> "a", 2 -> "a", 3 -> "a", 10 -> "b", 11 -> "b", 12 -> "b"}, '
          'Method -> {"NearestNeighbors", "DistanceFunction" -> (Abs[#1 - #2] &), '
          '"NeighborsNumber" -> 3}]; '
          '{c[2.5], c[{9, 4}], ToExpression[ToString[InputForm[c]]][9]}', '{"a", {"b", "a"}, "b"}')
    check('c = Classify[{"cat" -> "x", "cot" -> "x", "dog" -> "y", "dig" -> "y"}, Method -> '
          '{"NearestNeighbors", "DistanceFunction" -> EditDistance, "NeighborsNumber" -> 1}]; '
          '{c["cut"], c["dug"]}', '{"x", "y"}')
    check('p = Predict[{{1, 1} -> 1., {1, 2} -> 2., {5, 5} -> 10., {6, 5} -> 11.}, Method -> '
          '{"NearestNeighbors", "DistanceFunction" -> (Total[Abs[#1 - #2]] &), '
          '"NeighborsNumber" -> 2}]; {p[{1, 1.5}], p[{5.5, 5}]}', "{1.5, 10.5}",
          same=close_printed)
    r = run('c = Classify[{1 -> "a", 2 -> "a", 10 -> "b", 11 -> "b"}, Method -> '
            '{"NearestNeighbors", "DistanceFunction" -> ("x" &)}]; c[3]')
    assert r.tags == ["ClassifierFunction::nndist"]


def test_nearest_neighbors_distribution_smoothing():
    # (votes + s) / (k + s classes): 2 of 2 votes, s = 0 gives 1; s = 1/2 gives 5/6
    check('Table[Classify[{1 -> "a", 2 -> "a", 10 -> "b", 11 -> "b"}, Method -> '
          '{"NearestNeighbors", "DistributionSmoothing" -> s, "NeighborsNumber" -> 2}]'
          '[1.5, "Probability" -> "a"], {s, {0, 0.5}}]', "{1., 0.833333}", same=close_printed)


def test_markov_validated_on_strings_only():
    check('Information[Classify[{"ab" -> x, "ba" -> y}, Method -> "Markov", '
          'ValidationSet -> {"ab" -> x}], "Accuracy"]', "1.")
    assert run('Classify[{"ab" -> x, "ba" -> y}, Method -> "Markov", '
               'ValidationSet -> {1 -> x}]').tags == ["Classify::valset"]


def test_method_search_weighs_the_utility_function(monkeypatch):
    # a rare class whose misses cost 10: every candidate is scored by the utility of its
    # decisions, and the one kept has the best
    from wlnet.builtins import machine_learning as ML
    scored = {}
    estimate = ML._estimate

    def recording(ev, method, *rest):
        scored[method] = estimate(ev, method, *rest)
        return scored[method]
    monkeypatch.setattr(ML, "_estimate", recording)
    r = run('SeedRandom[5]; data = Join[Thread[RandomReal[{0, 1}, {40, 2}] -> "common"], '
            'Thread[RandomReal[{0.6, 1.4}, {8, 2}] -> "rare"]]; Information[Classify[data, '
            'UtilityFunction -> <|"rare" -> <|"common" -> -10|>|>], "MethodOption"]')
    assert not r.messages and len(scored) > 1
    assert all(e.utility is not None for e in scored.values())
    best = max(scored, key=lambda m: (scored[m].utility, scored[m].accuracy,
                                      -scored[m].cross_entropy))
    assert r.value.args[1].value == best
