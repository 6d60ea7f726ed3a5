"""ClusterClassify (wlnet/builtins/cluster_classify.py): a classifier of the clusters found
in unlabelled data."""

import pytest

from tests.builtins._support import check_example, close_printed, declared_examples
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture
def session():
    return Session(echo=False)


def run(session, code):
    out = output_form(session.evaluate(code))
    assert session.messages == [], session.messages
    return out


DATA = "{1.3, 2.2, 5.6, 5.2, -1.2, 8.1, 6.2, 5.5, 0.1, 2.1}"


def test_classes_are_the_clusters_numbered_in_order(session):
    session.evaluate(f"c = ClusterClassify[{DATA}]")
    assert run(session, "c") == \
        "ClassifierFunction[Input type: Numerical, Classes: 1, 2, Method: KMeans]"
    assert run(session, f"c[{DATA}]") == "{1, 1, 2, 2, 1, 2, 2, 2, 1, 1}"
    assert run(session, "c[{-5, 20}]") == "{1, 2}"


def test_probabilities_are_soft_between_clusters(session):
    session.evaluate(f"c = ClusterClassify[{DATA}]")
    near = session.evaluate('c[0.5, "Probabilities"]')
    between = session.evaluate('c[3.6, "Probabilities"]')
    p_near = float(near.args[0].args[1].value)
    p_between = float(between.args[0].args[1].value)
    assert p_near > 0.95 and 0.2 < p_between < 0.8


@pytest.mark.parametrize("method", ["KMeans", "KMedoids", "Agglomerate"])
def test_a_given_number_of_clusters_and_vectors(session, method):
    code = ('ClusterClassify[{{1, 1}, {1.2, 0.9}, {5, 5}, {5.1, 4.9}, {9, 0}, {9.2, 0.1}}, 3, '
            f'Method -> "{method}"][{{{{0, 0}}, {{6, 6}}, {{10, 0}}}}]')
    assert run(session, code) == "{1, 2, 3}"


@pytest.mark.parametrize("code, tag", [
    ("ClusterClassify[{1, 2, 3}, 7]", "ClusterClassify::num"),
    ("ClusterClassify[{1, 2}, Foo -> 2]", "ClusterClassify::optx"),
    ('ClusterClassify[{1, 2}, Method -> "Magic"]', "ClusterClassify::mthd"),
    ("ClusterClassify[{}]", "ClusterClassify::data"),
])
def test_bad_calls_give_a_message_and_stay_unevaluated(session, code, tag):
    out = session.evaluate(code)
    assert output_form(out).startswith("ClusterClassify[")
    assert any(tag in m for m in session.messages), session.messages


@pytest.mark.parametrize("name,text,expected", declared_examples("cluster_classify"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)
