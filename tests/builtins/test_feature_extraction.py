"""FeatureExtraction and FeatureExtractorFunction (wlnet/builtins/feature_extraction.py),
and the text features they add to Classify's (wlnet/builtins/machine_learning.py)."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from tests.builtins._support import check_example, close_printed, declared_examples
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture
def session():
    return Session(echo=False)


def vectors(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return np.array(to_python(got), dtype=float)


def test_numbers_are_standardized():
    s = Session(echo=False)
    s.evaluate("fe = FeatureExtraction[{{1., 10.}, {3., 10.}, {5., 40.}}]")
    one = vectors(s, "fe[{3., 20.}]")
    assert one.shape == (2,) and np.isclose(one[0], 0.0)
    many = vectors(s, "fe[{{1., 10.}, {5., 40.}}]")
    assert many.shape == (2, 2) and np.allclose(many[:, 0], [-1.22474487, 1.22474487])
    assert output_form(s.evaluate("fe")).startswith(
        "FeatureExtractorFunction[Input type: NumericalVector (length: 2), Output: a vector of length 2")


@pytest.mark.parametrize("data, method, x, want", [
    ('{"a", "b", "c"}', "Automatic", '"b"', [0, 1, 0]),
    ('{1, 2, 1}', '"IndicatorVector"', "2", [0, 1]),
    ('{{1, x}, {3, y}}', "Automatic", "{3, x}", [1, 1, 0]),            # mixed: numeric, nominal
])
def test_nominal_and_mixed(session, data, method, x, want):
    session.evaluate(f"fe = FeatureExtraction[{data}, {method}]")
    assert np.allclose(vectors(session, f"fe[{x}]"), want)


def test_text_is_tfidf_over_the_words_seen(session):
    session.evaluate('fe = FeatureExtraction[{"the cat sat", "the dog ran", "a cat ran"}]')
    v = vectors(session, 'fe["The cat"]')
    assert v.shape == (6,) and np.isclose(np.linalg.norm(v), 1.0)
    assert v[0] > 0 and v[1] > 0 and np.allclose(v[2:], 0)         # "the", "cat"
    assert np.allclose(vectors(session, 'fe["zebra"]'), 0)            # no known word
    # a single-word string column is nominal unless "TFIDF" is asked for
    session.evaluate('fe2 = FeatureExtraction[{"red", "blue"}, "TFIDF"]')
    assert np.isclose(vectors(session, 'fe2["red red"]')[0], 1.0)
    assert "Input type: Text" in output_form(session.evaluate("fe"))


def test_survives_input_form(session):
    session.evaluate('fe = FeatureExtraction[{"the cat", "a dog"}]')
    session.evaluate("fe2 = ToExpression[ToString[InputForm[fe]]]")
    assert np.allclose(vectors(session, 'fe2["a cat"]'), vectors(session, 'fe["a cat"]'))


@pytest.mark.parametrize("text, tag", [
    ('FeatureExtraction[{1, 2}, "Foo"]', "FeatureExtraction::mthd"),
    ('FeatureExtraction[{"a", "b"}, "StandardizedVector"]', "FeatureExtraction::numeric"),
    ("FeatureExtraction[{}]", "FeatureExtraction::bdfmt"),
    ("FeatureExtraction[{{1, 2}, {3}}]", "FeatureExtraction::bdfmt"),
    ('FeatureExtraction[{1, 2}]["x"]', "FeatureExtractorFunction::ftype"),
])
def test_messages(session, text, tag):
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(tag), session.messages


def test_images_are_thumbnails(session):
    session.evaluate('fe = FeatureExtraction[{Image[ConstantArray[{1., 0., 0.}, {20, 30}]], '
                     'Image[ConstantArray[0.5, {5, 5}]]}]')
    v = vectors(session, "fe[Image[ConstantArray[{1., 0., 0.}, {3, 4}]]]")
    assert v.shape == (192,) and np.allclose(v.reshape(64, 3), [1.0, 0.0, 0.0])
    assert "Input type: Image" in output_form(session.evaluate("fe"))
    # Classify learns from the same features
    session.evaluate('cf = Classify[{Image[ConstantArray[0.1, {4, 4}]] -> "dark", '
                     'Image[ConstantArray[0.2, {6, 6}]] -> "dark", '
                     'Image[ConstantArray[0.9, {4, 4}]] -> "light", '
                     'Image[ConstantArray[0.8, {5, 5}]] -> "light"}]')
    assert output_form(session.evaluate("cf[Image[ConstantArray[0.95, {3, 3}]]]")) == "light"


@pytest.mark.parametrize("code, want", [
    ("FeatureExtract[{1, 2, 3}]", [[-1.22474487], [0.0], [1.22474487]]),
    ('FeatureExtract[{"a", "b", "a"}, "IndicatorVector"]', [[1, 0], [0, 1], [1, 0]]),
    ("FeatureExtract[{1, 2}, FeatureExtraction[{0, 2, 4}]]", [[-0.61237244], [0.0]]),
    ("FeatureExtract[{1, 2}, #^2 &]", [1, 4]),
])
def test_feature_extract(session, code, want):
    assert np.allclose(vectors(session, code), want)


def test_feature_extract_refuses_an_unknown_method(session):
    out = session.evaluate('FeatureExtract[{1, 2}, "Foo"]')
    assert output_form(out) == "FeatureExtract[{1, 2}, Foo]"
    assert session.messages and "FeatureExtract::mthd" in session.messages[0]


@pytest.mark.parametrize("name,text,expected", declared_examples("feature_extraction"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


@pytest.mark.parametrize("code, want", [
    ('FeatureExtract[{"The Cat", "A DOG"}, "LowerCasedText"]', '{"the cat", "a dog"}'),
    ('FeatureExtract[{"The Cat", "A DOG"}, {"LowerCasedText", "SegmentedWords"}]',
     '{{"the", "cat"}, {"a", "dog"}}'),
    ('FeatureExtract[{"ab", "c"}, "SegmentedCharacters"]', '{{"a", "b"}, {"c"}}'),
    ("FeatureExtract[{{1, a}, {2, b}, {3, a}}, \"IntegerVector\"]", "{{1, 1}, {2, 2}, {3, 1}}"),
    ('FeatureExtract[{1, 5, 2, 8, 3, 9, 4}, "DiscretizedVector"]', "{1, 5, 2, 6, 3, 7, 4}"),
    ('FeatureExtract[{{1, x}, {Missing[], y}, {3, x}, {5, Missing[]}}, "MissingImputed"]',
     "{{1, x}, {3., y}, {3, x}, {5, x}}"),
    ('FeatureExtract[{"a", "b"}, Identity]', '{"a", "b"}'),
])
def test_transforming_methods(session, code, want):
    from wlnet.syntax.printer import input_form
    assert input_form(session.evaluate(code)) == want and session.messages == []


def test_reduced_and_pixel_vectors(session):
    reduced = vectors(session, 'FeatureExtract[{{1, 2, 3}, {2, 4, 6.1}, {3, 6, 8.9}}, '
                               '"DimensionReducedVector"]')
    assert reduced.shape == (3, 1) and np.isclose(reduced.sum(), 0.0)
    session.evaluate('fe = FeatureExtraction[{Image[ConstantArray[0.5, {2, 3}]], '
                     'Image[ConstantArray[0.1, {4, 4}]]}, "PixelVector"]')
    assert np.allclose(vectors(session, "fe[Image[ConstantArray[0.2, {2, 2}]]]"), [0.2] * 6)
    assert "Input type: Image, Output: a vector of length 6" in output_form(
        session.evaluate("fe"))


def test_properties_and_pipelines(session):
    got = session.evaluate('FeatureExtraction[{1, 2, 3}, "StandardizedVector", '
                           '{"ExtractorFunction", "ExtractedFeatures"}]')
    assert got.args[0].head.name == "FeatureExtractorFunction"
    assert np.allclose(np.array(to_python(got.args[1]), dtype=float).ravel(),
                       [-1.22474487, 0, 1.22474487])
    session.evaluate('fe = FeatureExtraction[{"A b", "c"}, {"LowerCasedText", "TFIDF"}]')
    assert np.allclose(vectors(session, 'fe["B"]'), vectors(session, 'fe["b"]'))
    session.evaluate('FeatureExtraction[{1, 2}, Automatic, "Foo"]')
    assert any("FeatureExtraction::prop" in m for m in session.messages)


def test_part_rules(session):
    from wlnet.syntax.printer import input_form
    session.evaluate('data = {{1, "a", 10}, {2, "b", 20}, {3, "a", 40}}')
    both = vectors(session, 'FeatureExtract[data, {1 -> "StandardizedVector", '
                            '2 -> "IndicatorVector"}]')
    assert np.allclose(both, [[-1.22474487, 1, 0], [0, 0, 1], [1.22474487, 1, 0]])
    assert input_form(session.evaluate('FeatureExtract[data, 3 -> "DiscretizedVector"]')) == \
        "{1, 2, 3}"
    words = session.evaluate('FeatureExtract[{<|"x" -> 1, "t" -> "Hi There"|>, <|"x" -> 2, '
                             '"t" -> "bye"|>}, {"t" -> {"LowerCasedText", "SegmentedWords"}, '
                             '"x" -> Identity}]')
    assert input_form(words) == '{{{"hi", "there"}, 1}, {{"bye"}, 2}}'
    session.evaluate('fe = FeatureExtraction[data, {{1, 3} -> "StandardizedVector", '
                     '2 -> "IndicatorVector"}]')
    assert "Output: a vector of length 4" in output_form(session.evaluate("fe"))
    assert vectors(session, 'fe[{2, "b", 30}]').shape == (4,)
    assert session.messages == []
    session.evaluate('FeatureExtract[data, 7 -> "StandardizedVector"]')
    assert any("FeatureExtract::bdfmt" in m for m in session.messages)


def test_information_of_an_extractor(session):
    out = session.evaluate('fe = FeatureExtraction[{1.4, 1.5, 2.3, 5.4, 6.7}]; '
                           '{Information[fe], Information[fe, {"Method", "OutputLength"}], '
                           'Information[FeatureExtraction[{"a b", "c"}], "InputType"]}')
    assert output_form(out) == ('{<|"Method" -> "Automatic", "InputType" -> "Numerical", '
                                '"OutputLength" -> 1|>, {Automatic, 1}, Text}')
    assert output_form(session.evaluate('Information[fe, "Foo"]')) == "$Failed"
    assert session.messages[0].startswith("FeatureExtractorFunction::iprop")
