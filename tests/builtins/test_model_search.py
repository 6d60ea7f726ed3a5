"""The model search's parts: candidate methods, validation folds, scores."""

import numpy as np

from wlnet.builtins import _model_search as search


def test_folds_are_stratified_and_cover_every_example_once():
    y = np.array([0] * 12 + [1] * 5 + [2] * 3)
    splits = search.folds(y, len(y), np.random.default_rng(0))
    assert len(splits) == 3                          # the smallest class has 3 examples
    held = np.concatenate([v for _, v in splits])
    assert sorted(held) == list(range(len(y)))
    for train, validation in splits:
        assert set(y[train]) == {0, 1, 2}            # every class in every training part
        assert not set(train) & set(validation)
    assert search.folds(np.array([0] * 10 + [1]), 11, np.random.default_rng(0)) is None
    assert search.folds(None, 6, np.random.default_rng(0)) is None      # too few to compare
    assert len(search.folds(None, 40, np.random.default_rng(0))) == 5


def test_candidates_follow_goals_size_and_kind():
    assert search.candidates(True, 100, [], False)[0] == "LogisticRegression"
    assert "SupportVectorMachine" in search.candidates(True, 100, ["Quality"], False)
    # WL's automatic search includes support vector machines: cheap up to the kernel size
    assert "SupportVectorMachine" in search.candidates(True, 100, [], False)
    assert "SupportVectorMachine" not in search.candidates(True, 5000, [], False)
    assert "SupportVectorMachine" not in search.candidates(True, 5000, ["Quality"], False)
    assert search.candidates(True, 100, [], True)[-1] == "Markov"
    assert search.candidates(False, 100, ["Speed", "TrainingSpeed"], False) == \
        ["LinearRegression"]


def test_scores_and_the_search_keep_the_best():
    p = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    e = search.score(p, np.array([0, 1, 1]), True)
    assert e.accuracy == 2 / 3
    assert np.isclose(e.cross_entropy, -np.mean(np.log([0.9, 0.8, 0.4])))
    assert search.score(p, np.array([-1, 1, 0]), True).accuracy == 2 / 3     # unseen class
    e = search.score(np.array([[1.0, 1.0], [2.0, 2.0]]), np.array([1.0, 4.0]), False)
    assert e.rmse == np.sqrt(2)
    assert np.isclose(e.cross_entropy, np.mean([0.5 * np.log(2 * np.pi),
                                                0.5 + np.log(2) + 0.5 * np.log(2 * np.pi)]))
    table = {"a": search.Estimate(rmse=2.0), "b": search.Estimate(rmse=1.0),
             "c": search.Estimate(rmse=np.nan)}
    assert search.search(["a", "b", "c"], table.__getitem__, None)[0] == "b"
    assert search.search(["a", "b", "c"], table.__getitem__, 0.0)[0] == "a"  # no time left


def test_a_utility_function_ranks_by_the_decisions_it_makes():
    # class 1 is rare and missing it costs 10: both models are 80% accurate, but A is
    # never sure enough to risk the cost (it says 1 everywhere), B is sure of six 0s
    answers = np.array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
    a = np.tile([0.8, 0.2], (10, 1))
    b = np.array([[0.99, 0.01]] * 6 + [[0.45, 0.55]] * 2 + [[0.3, 0.7]] * 2)
    plain_a, plain_b = search.score(a, answers, True), search.score(b, answers, True)
    assert plain_a.accuracy == 0.8 and plain_b.accuracy == 0.8
    utility = np.array([[1.0, 0.0], [-10.0, 1.0]])
    decider = search.Decider(np.ones(2), utility)
    util_a, util_b = search.score(a, answers, True, decider), search.score(b, answers, True,
                                                                          decider)
    assert util_a.utility == 0.2 and util_b.utility == 0.8
    assert util_a.utility == np.mean(utility[answers, (a @ utility).argmax(axis=1)])
    assert util_b.utility > util_a.utility and util_b.key() < util_a.key()
    # priors that make class 1 very unlikely: B's decisions go back to 0
    priors = search.Decider(np.array([1.0, 0.01]), np.eye(2))
    assert search.score(b, answers, True, priors).utility == 0.8
