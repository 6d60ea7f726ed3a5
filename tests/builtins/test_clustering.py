"""FindClusters, ClusteringComponents, DimensionReduce, DimensionReduction: the data
forms, methods, automatic choices, repeatability and messages."""

import numpy as np
import pytest

from tests.builtins._support import check, check_example, declared_examples
from wlnet.builtins.clustering import kmeans, pca, silhouette, tsne
from wlnet.core.session import Session
from wlnet.graphics.values import numeric_array
from wlnet.syntax.printer import input_form


@pytest.mark.parametrize("name,text,expected", declared_examples("clustering"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.fixture
def s():
    return Session(echo=False)


def run(s, code):
    result = s.evaluate(code)
    assert not s.messages, s.messages
    return input_form(result)


BLOBS = "{{1, 1}, {1.2, 1}, {5, 5}, {5, 5.3}, {9, 0}, {9.1, 0.2}}"


def test_the_number_of_clusters_is_found(s):
    assert run(s, f"FindClusters[{BLOBS}]") == \
        "{{{1, 1}, {1.2, 1}}, {{5, 5}, {5, 5.3}}, {{9, 0}, {9.1, 0.2}}}"
    assert run(s, "Length[FindClusters[{1, 1.1, 0.9, 1.05}]]") == "1"    # one blob


@pytest.mark.parametrize("method", ["KMeans", "KMedoids", "Agglomerate"])
def test_methods_and_data_forms(s, method):
    option = f', Method -> "{method}"'
    assert run(s, f"FindClusters[{{1, 2, 10, 11}}, 2{option}]") == "{{1, 2}, {10, 11}}"
    assert run(s, f"FindClusters[{{1 -> a, 10 -> b, 2 -> c}}, 2{option}]") == "{{a, c}, {b}}"
    assert run(s, f"FindClusters[{{1, 10, 2}} -> {{a, b, c}}, 2{option}]") == "{{a, c}, {b}}"
    assert run(s, f"FindClusters[<|x -> 1, y -> 10, z -> 2|>, 2{option}]") == \
        "{<|x -> 1, z -> 2|>, <|y -> 10|>}"


def test_strings_cluster_by_edit_distance(s):
    assert run(s, 'FindClusters[{"cat", "dog", "cats", "dogs"}, 2]') == \
        '{{"cat", "cats"}, {"dog", "dogs"}}'


def test_clustering_is_repeatable_and_seeded(s):
    s.evaluate("SeedRandom[7]; data = RandomReal[1, {40, 2}]")
    first = run(s, "FindClusters[data, 4]")
    assert run(s, "FindClusters[data, 4]") == first
    assert run(s, "FindClusters[data, 4, RandomSeeding -> 1234]") == first   # the default
    s.evaluate("RandomReal[]")                  # the session's generator moves on: no matter
    assert run(s, "FindClusters[data, 4]") == first


def test_clustering_components(s):
    assert run(s, "ClusteringComponents[{1, 2, 10, 11}, 2, 1]") == "{1, 1, 2, 2}"
    assert run(s, "ClusteringComponents[{{1, 2}, {10, 11}}, 2]") == "{{1, 1}, {2, 2}}"
    assert run(s, "ClusteringComponents[{{0, 0}, {9, 9}, {0, 1}}, 2, 1]") == "{1, 2, 1}"
    labels = s.evaluate("ClusteringComponents[Image[{{0, 0, 1}, {0, 1, 1}}], 2]")
    assert numeric_array(labels).tolist() == [[1, 1, 2], [1, 2, 2]]


def test_kmeans_and_silhouette():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(0, 0.1, (20, 2)), rng.normal(3, 0.1, (20, 2))])
    labels, cost = kmeans(x, 2, rng)
    assert len(set(labels[:20])) == 1 and len(set(labels[20:])) == 1 and labels[0] != labels[-1]
    assert silhouette(x, labels) > 0.9
    assert silhouette(x, np.arange(40) % 2) < 0.1


def test_pca_components_and_signs():
    x = np.array([[0.0, 0], [2, 1], [4, 2], [6, 3.1]])
    mean, components = pca(x, 1)
    assert np.allclose(mean, x.mean(axis=0))
    assert np.allclose(np.abs(components[0]), [2, 1] / np.sqrt(5), atol=0.02)
    assert components[0][np.abs(components[0]).argmax()] > 0          # the sign is fixed
    _, automatic = pca(x, None)
    assert len(automatic) == 1                                        # 90% in one component


def test_dimension_reduce_and_the_reducer_function(s):
    reduced = numeric_array(s.evaluate("DimensionReduce[{{1, 1}, {2, 2}, {3, 3}}, 1]"))
    assert np.allclose(reduced[:, 0], [-np.sqrt(2), 0, np.sqrt(2)])
    s.evaluate("f = DimensionReduction[{{1, 1}, {2, 2}, {3, 3}}, 1]")
    assert np.allclose(numeric_array(s.evaluate("f[{4, 4}]")), [2 * np.sqrt(2)])
    assert numeric_array(s.evaluate("f[{{4, 4}, {2, 2}}]")).shape == (2, 1)
    assert "PCA" in input_form(s.evaluate("f"))
    assert not s.messages


def test_tsne_separates_clusters(s):
    rng = np.random.default_rng(1)
    x = np.vstack([rng.normal(0, 0.1, (15, 5)), rng.normal(2, 0.1, (15, 5))])
    y = tsne(x, 2, np.random.default_rng(2), iterations=400)
    within = np.linalg.norm(y[:15] - y[:15].mean(0), axis=1).mean()
    between = np.linalg.norm(y[:15].mean(0) - y[15:].mean(0))
    assert between > 4 * within
    s.evaluate("SeedRandom[3]; data = RandomReal[1, {30, 4}]")
    code = 'DimensionReduce[data, 2, Method -> "TSNE"]'
    assert run(s, code) == run(s, code)                              # seeded: repeatable
    s.evaluate('g = DimensionReduction[data, 2, Method -> "TSNE"]')
    assert numeric_array(s.evaluate("g[data[[1]]]")).tolist() == \
        numeric_array(s.evaluate(code))[0].tolist()                  # a training point


@pytest.mark.parametrize("code,tag", [
    ("FindClusters[{1, 2, 3}, 5]", "FindClusters::num"),
    ('FindClusters[{1, 2, 3}, Method -> "Foo"]', "FindClusters::mthd"),
    ("FindClusters[x]", "FindClusters::data"),
    ("FindClusters[{1, 2}, Foo -> 1]", "FindClusters::optx"),
    ('FindClusters[{1, 2}, RandomSeeding -> {1}]', "FindClusters::seed"),
    ("ClusteringComponents[{{1, 2}, {3, 4}}, 2, 3]", "ClusteringComponents::level"),
    ("DimensionReduce[{{1, 2}}]", "DimensionReduce::data"),
    ("DimensionReduce[{{1, 2}, {3, 4}}, 3]", "DimensionReduce::dims"),
    ("DimensionReduction[{{1, 2}, {3, 4}}, 1][{1, 2, 3}]", "DimensionReducerFunction::dim"),
])
def test_messages(s, code, tag):
    s.evaluate(code)
    assert s.messages and s.messages[-1].startswith(tag + ":")


def test_kmedoids_finds_three_separated_pairs():
    # one random start could stop at {{pair, pair}, {x}, {y}}: the best of several starts
    s = Session(echo=False)
    out = input_form(s.evaluate('FindClusters[{{1, 1}, {1.2, 0.9}, {5, 5}, {5.1, 4.9}, '
                                 '{9, 0}, {9.2, 0.1}}, 3, Method -> "KMedoids"]'))
    assert out == "{{{1, 1}, {1.2, 0.9}}, {{5, 5}, {5.1, 4.9}}, {{9, 0}, {9.2, 0.1}}}"


POINTS = ("SeedRandom[1]; pts = Join[RandomReal[{0, 1}, {30, 2}], RandomReal[{5, 6}, {30, 2}], "
          "{{20, 20}}]; ")


@pytest.mark.parametrize("method", ["DBSCAN", "MeanShift", "JarvisPatrick", "GaussianMixture", "Spectral",
                                    "SpanningTree", "KMedoids", "Agglomerate"])
def test_methods_find_two_blobs_and_an_outlier(method):
    s = Session(echo=False)
    out = input_form(s.evaluate(POINTS + f'Length /@ FindClusters[pts, Method -> "{method}"]'))
    assert s.messages == [] and out == "{30, 30, 1}"


@pytest.mark.parametrize("method", ["Spectral", "DBSCAN", "MeanShift", "JarvisPatrick"])
def test_a_number_of_clusters_with_every_method(method):
    s = Session(echo=False)
    out = input_form(s.evaluate(POINTS + f'Length /@ FindClusters[pts, 3, Method -> "{method}"]'))
    assert s.messages == [] and out == "{30, 30, 1}"


@pytest.mark.parametrize("code, want", [
    ("FindClusters[{1, 2, 10, 12, 3, 1, 13, 25}, UpTo[2]]", "{{1, 2, 3, 1}, {10, 12, 13, 25}}"),
    ("FindClusters[{1, 2, 10, 12, 3, 1, 13, 25}, 3, DistanceFunction -> (Abs[#1 - #2] &)]",
     "{{1, 2, 3, 1}, {10, 12, 13}, {25}}"),
    ('FindClusters[{"abc", "abd", "xyz", "xyw", "abe"}, DistanceFunction -> EditDistance]',
     '{{"abc", "abd", "abe"}, {"xyz", "xyw"}}'),
    ("FindClusters[{{0, 0}, {0, 1}, {5, 5}, {5, 6}}, DistanceFunction -> ManhattanDistance]",
     "{{{0, 0}, {0, 1}}, {{5, 5}, {5, 6}}}"),
    ("ClusteringComponents[{1, 2, 10, 12, 3, 1, 13, 25}, UpTo[2], 1]", "{1, 1, 2, 2, 1, 1, 2, 2}"),
])
def test_distance_functions_and_upto(code, want):
    s = Session(echo=False)
    assert input_form(s.evaluate(code)) == want and s.messages == []


def test_criterion_functions():
    s = Session(echo=False)
    for criterion in ("Silhouette", "CalinskiHarabasz", "DaviesBouldin"):
        out = input_form(s.evaluate(f'FindClusters[{{1, 1.1, 1.2, 5, 5.1, 5.2, 9, 9.1, 9.2}}, '
                                    f'CriterionFunction -> "{criterion}"]'))
        assert out == "{{1, 1.1, 1.2}, {5, 5.1, 5.2}, {9, 9.1, 9.2}}", criterion
    s.evaluate('FindClusters[{1, 2, 3}, CriterionFunction -> "Foo"]')
    assert any("FindClusters::crit" in m for m in s.messages)
    s.evaluate('FindClusters[{1, 2, 3}, DistanceFunction -> (x &)]')
    assert any("FindClusters::dist" in m for m in s.messages)


LINE = "data = Table[{t, 2 t + 0.01 Sin[7 t], Cos[t]/10}, {t, 0, 3, 0.25}]; "


def test_reducer_reconstructs_and_gives_properties():
    s = Session(echo=False)
    s.evaluate(LINE + "f = DimensionReduction[data, 1]")
    back = numeric_array(s.evaluate('f[{1, 2, 0.05}, "ReconstructedData"]'))
    assert np.allclose(back[:2], [1, 2], atol=0.01)
    reduced, rebuilt = s.evaluate('DimensionReduction[data, 1, {"ReducedVectors", '
                                  '"ReconstructedData"}]').args
    assert numeric_array(reduced).shape == (13, 1) and numeric_array(rebuilt).shape == (13, 3)
    assert np.allclose(numeric_array(reduced), numeric_array(s.evaluate("f[data]")))
    assert s.messages == []
    s.evaluate('f[{1, 2, 3}, "Foo"]')
    assert any("DimensionReducerFunction::prop" in m for m in s.messages)


@pytest.mark.parametrize("method", ["LatentSemanticAnalysis", "MultidimensionalScaling",
                                    "Isomap", "LLE", "Linear", "PrincipalComponentsAnalysis"])
def test_reduction_methods_keep_the_order_along_a_line(method):
    s = Session(echo=False)
    y = numeric_array(s.evaluate(LINE + f'DimensionReduce[data, 1, Method -> "{method}"]'))
    assert s.messages == [] and y.shape == (13, 1)
    steps = np.diff(y[:, 0])
    assert (steps > 0).all() or (steps < 0).all()
    s.evaluate(f'g = DimensionReduction[data, 2, Method -> "{method}"]')
    assert numeric_array(s.evaluate("g[{1, 2, 0.05}]")).shape == (2,)


def test_multidimensional_scaling_keeps_distances():
    s = Session(echo=False)
    y = numeric_array(s.evaluate('DimensionReduce[{{0, 0, 0}, {3, 0, 0}, {0, 4, 0}}, 2, '
                                 'Method -> "MultidimensionalScaling"]'))
    d = np.linalg.norm(y[:, None] - y[None, :], axis=2)
    assert np.allclose([d[0, 1], d[0, 2], d[1, 2]], [3, 4, 5])


def test_autoencoder_reduces_and_rebuilds():
    s = Session(echo=False)
    s.evaluate(LINE + 'f = DimensionReduction[data, 1, Method -> "Autoencoder"]')
    back = numeric_array(s.evaluate('f[{1, 2, 0.05}, "ReconstructedData"]'))
    assert np.allclose(back, [1, 2, 0.05], atol=0.1)
    assert numeric_array(s.evaluate("f[data]")).shape == (13, 1)
    again = numeric_array(s.evaluate('ToExpression[ToString[InputForm[f]]][{1, 2, 0.05}]'))
    assert np.allclose(again, numeric_array(s.evaluate("f[{1, 2, 0.05}]")))
    assert s.messages == []


def test_umap_is_a_message_naming_the_missing_library():
    # WL has Method -> "UMAP"; wlnet would need the umap-learn library (not installed)
    for code in ('DimensionReduce[{{1, 2, 3}, {2, 3, 1}, {3, 1, 2}, {0, 0, 1}}, 2, '
                 'Method -> "UMAP"]',
                 'DimensionReduction[{{1, 2, 3}, {2, 3, 1}, {3, 1, 2}, {0, 0, 1}}, 2, '
                 'Method -> {"UMAP", "NeighborsNumber" -> 2}]'):
        s = Session()
        s.evaluate(code)
        assert len(s.messages) == 1 and "::umap:" in s.messages[0]
        assert "umap-learn" in s.messages[0]


def test_reducer_imputes_missing_values_of_new_examples():
    # DimensionReduction page: r[x, "ImputedData"] fills Missing[] entries as the
    # reduction sees the data (here: points on the line t {1, 2, 3})
    s = Session()
    out = s.evaluate('r = DimensionReduction[{{1, 2, 3}, {2, 4, 6.1}, {3, 6, 9}, '
                     '{4, 8.2, 12}}, 1]; {r[{1, Missing[], 3}, "ImputedData"], '
                     'r[{{2, 4, Missing[]}, {Missing[], Missing[], 9}}, "ImputedData"], '
                     'Abs[r[{1, Missing[], 3}][[1]] - r[{1, 2, 3}][[1]]] < 0.1}')
    assert not s.messages, s.messages
    one, two, close = out.args
    assert np.allclose(numeric_array(one), [1, 2, 3], atol=0.1)
    assert np.allclose(numeric_array(two), [[2, 4, 6], [3, 6, 9]], atol=0.1)
    assert close.name == "True"
    # a nonlinear reducer completes them by reconstructing round after round
    out = s.evaluate('t = DimensionReduction[Table[{k, 2 k, 3 k}, {k, 6}], 1, '
                     'Method -> "Isomap"]; t[{3, Missing[], 9}, "ImputedData"]')
    assert not s.messages and np.allclose(numeric_array(out), [3, 6, 9], atol=0.5)


def test_information_of_a_reducer(s):
    assert run(s, 'dr = DimensionReduction[{{1, 2, 3}, {2, 4, 6.5}, {3, 6, 9}, {4, 8.3, 12}}, '
                  '1]; {Information[dr], Information[dr, {"Method", "OutputDimension"}]}') == \
        '{<|"Method" -> "PCA", "InputDimension" -> 3, "OutputDimension" -> 1|>, {"PCA", 1}}'


def test_weights_count_examples_several_times():
    # a heavy example pulls a k-means centre (and a medoid, a mixture component) to itself
    check('FindClusters[{0, 1, 5, 6, 10}, 2, Weights -> {1, 1, 1, 1, 100}]',
          '{{0, 1, 5, 6}, {10}}')
    check('FindClusters[{0, 1, 5, 6, 10}, 2]', '{{0, 1}, {5, 6, 10}}')
    check('FindClusters[{0, 1, 5, 6, 10}, 2, Weights -> {1, 1, 1, 1, 100}, '
          'Method -> "KMedoids"]', '{{0, 1, 5}, {6, 10}}')
    check('FindClusters[{0, 1, 5, 6, 10}, 2, Weights -> {1, 1, 1, 1, 100}, '
          'Method -> "GaussianMixture"]', '{{0, 1, 5, 6}, {10}}')
    # integer weights are the same as repeated examples
    check('FindClusters[{0, 1, 5, 6, 10} -> Range[5], 2, Weights -> {1, 1, 3, 1, 1}, '
          'Method -> "KMedoids"] === (DeleteDuplicates /@ FindClusters[{0, 1, 5, 5, 5, 6, 10}'
          ' -> {1, 2, 3, 3, 3, 4, 5}, 2, Method -> "KMedoids"])', "True")


def test_bad_weights_and_methods_that_do_not_weigh():
    check('FindClusters[{0, 1, 5, 6, 10}, 2, Weights -> {1, 1}]',
          'FindClusters[{0, 1, 5, 6, 10}, 2, Weights -> {1, 1}]', ["FindClusters::weights"])
    check('FindClusters[{0, 1, 5, 6, 10}, 2, Weights -> {1, 1, 1, 1, 3}, '
          'Method -> "Agglomerate"]', '{{0, 1}, {5, 6, 10}}', ["FindClusters::wmthd"])
