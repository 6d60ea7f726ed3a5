"""Classify's and Predict's Method -> Automatic: a small model search.

WL picks "the final model type and hyperparameter values by cross-validation on the
training data"; its candidate list and budget are unpublished.  Ours: a few candidate
methods chosen by the task, the data's size and kind and the PerformanceGoal (cheapest
first), each scored by k-fold cross-validation (or on the ValidationSet given) and the best
kept: the highest accuracy for a classifier (ties: the lower mean cross-entropy), the lowest
root mean squared error for a predictor.  A classifier given ClassPriors or a
UtilityFunction is judged by the decisions it will make with them: the mean utility of
those decisions on the validation examples (with priors alone: their accuracy).  A TimeGoal stops the search after the candidate
that exceeds it.  The scores are also the function's estimated "Accuracy",
"MeanCrossEntropy" and, of a predictor, "StandardDeviation" (Information).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

# below these sizes there is too little data to compare methods: the default is fitted
MIN_SEARCH_EXAMPLES = 10
MAX_FOLDS = 5
# kernel methods build n x n matrices: only candidates up to these sizes
MAX_KERNEL_EXAMPLES = 500

# PerformanceGoal -> the methods that serve it, by task (cheapest first).  Without a goal
# the methods that fit in a fraction of a second on hundreds of examples (a support vector
# machine's dual on 500 examples of 10 classes: ~0.3 s a fit, a fifth of a random
# forest's); "Quality" adds the slow ones (boosting, a network: seconds per fit)
_CLASSIFY_BY_GOAL = {
    None: ("LogisticRegression", "NaiveBayes", "NearestNeighbors", "SupportVectorMachine",
           "RandomForest"),
    "Quality": ("LogisticRegression", "NaiveBayes", "NearestNeighbors",
                "SupportVectorMachine", "RandomForest", "GradientBoostedTrees",
                "NeuralNetwork"),
    "Speed": ("LogisticRegression", "NaiveBayes", "DecisionTree"),        # fast to evaluate
    "TrainingSpeed": ("LogisticRegression", "NaiveBayes", "NearestNeighbors"),
    "Memory": ("LogisticRegression", "NaiveBayes", "DecisionTree"),       # small models
}
_PREDICT_BY_GOAL = {
    None: ("LinearRegression", "NearestNeighbors", "GaussianProcess"),
    "Quality": ("LinearRegression", "NearestNeighbors", "GaussianProcess", "RandomForest",
                "GradientBoostedTrees", "NeuralNetwork"),
    "Speed": ("LinearRegression", "DecisionTree"),
    "TrainingSpeed": ("LinearRegression", "NearestNeighbors"),
    "Memory": ("LinearRegression", "DecisionTree"),
}
PERFORMANCE_GOALS = ("Quality", "Speed", "TrainingSpeed", "Memory", "DirectTraining")
_KERNEL_METHODS = ("SupportVectorMachine", "GaussianProcess")


def candidates(classify: bool, n: int, goals: list, texts: bool) -> list:
    """The methods to compare, cheapest first: those every goal given serves (no goal: the
    general list), without kernel methods on large data; with only strings as examples a
    classifier also tries "Markov"."""
    table = _CLASSIFY_BY_GOAL if classify else _PREDICT_BY_GOAL
    chosen = list(table[goals[0] if goals else None])
    for goal in goals[1:]:
        chosen = [m for m in chosen if m in table[goal]] or chosen
    if n > MAX_KERNEL_EXAMPLES:
        chosen = [m for m in chosen if m not in _KERNEL_METHODS]
    if classify and texts:
        chosen.append("Markov")
    return chosen


def folds(y: np.ndarray | None, n: int, rng: np.random.Generator) -> list | None:
    """k-fold validation splits [(training indices, validation indices)…] of n examples:
    for a classifier (y its class indices) stratified, each class dealt round the folds so
    that every training part has every class; None when there are too few examples (or a
    class has a single one)."""
    order = rng.permutation(n)
    if y is None:
        k = min(MAX_FOLDS, n // 2)
        assignment = np.empty(n, dtype=np.int64)
        assignment[order] = np.arange(n) % k
    else:
        k = min(MAX_FOLDS, int(np.bincount(y).min()))
        assignment = np.empty(n, dtype=np.int64)
        for c in np.unique(y):
            members = order[y[order] == c]
            assignment[members] = np.arange(len(members)) % max(k, 1)
    if n < MIN_SEARCH_EXAMPLES or k < 2:
        return None
    every = np.arange(n)
    return [(every[assignment != f], every[assignment == f]) for f in range(k)]


@dataclass
class Estimate:
    """A method's validation scores: accuracy and mean cross-entropy (classifier) or the
    root mean squared error (predictor)."""
    accuracy: float | None = None
    cross_entropy: float | None = None
    rmse: float | None = None
    utility: float | None = None      # of the decisions under ClassPriors / UtilityFunction

    def key(self) -> tuple:
        """Smaller is better."""
        if self.rmse is not None:
            return (self.rmse,)
        if self.utility is not None:
            return (-self.utility, -self.accuracy, self.cross_entropy)
        return (-self.accuracy, self.cross_entropy)


@dataclass
class Decider:
    """How a classifier will decide: its probabilities reweighted per class (ClassPriors
    over the training frequencies; ones without priors), then the decision maximising the
    expected utility (matrix[actual class, decision]; the identity without a
    UtilityFunction: the most probable class)."""
    weights: np.ndarray
    utility: np.ndarray

    def mean_utility(self, probabilities: np.ndarray, answers: np.ndarray) -> float:
        p = probabilities * self.weights
        p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-300)
        decisions = (p @ self.utility).argmax(axis=1)
        known = answers >= 0                    # a class unseen in training: utility 0
        gained = np.zeros(len(answers))
        gained[known] = self.utility[answers[known], decisions[known]]
        return float(gained.mean())


def score(outputs: np.ndarray, answers: np.ndarray, classify: bool,
          decider: Decider | None = None) -> Estimate:
    """The scores of a model's outputs on validation examples: class probabilities against
    class indices (-1: a class the training data does not have, never right), or
    predictions and their standard deviations (two columns) against values (the cross-
    entropy: the mean negative log-density of the values under those normal
    distributions); ``decider``: a classifier's ClassPriors and UtilityFunction."""
    if not classify:
        mean, sd = outputs[:, 0], np.maximum(outputs[:, 1], 1e-12)
        z = (answers - mean) / sd
        return Estimate(rmse=float(np.sqrt(np.mean((mean - answers) ** 2))),
                        cross_entropy=float(np.mean(0.5 * z ** 2 + np.log(sd)
                                                    + 0.5 * np.log(2 * np.pi))))
    known = answers >= 0
    right = np.zeros(len(answers), dtype=bool)
    right[known] = outputs[known].argmax(axis=1) == answers[known]
    truth = np.zeros(len(answers))
    truth[known] = outputs[known, answers[known]]
    return Estimate(accuracy=float(right.mean()),
                    cross_entropy=float(-np.log(np.clip(truth, 1e-15, 1)).mean()),
                    utility=decider.mean_utility(outputs, answers) if decider else None)


def search(methods: list, evaluate: Callable[[str], Estimate], time_goal: float | None):
    """(best method, its Estimate) over the methods, each scored by evaluate(method) (a
    method whose fit fails numerically, ArithmeticError or LinAlgError, is skipped); stops
    after the candidate that exceeds time_goal seconds."""
    started = time.perf_counter()
    best = None
    for method in methods:
        try:
            estimate = evaluate(method)
        except (ArithmeticError, np.linalg.LinAlgError):
            continue
        if not all(np.isfinite(v) for v in estimate.key()):
            continue
        if best is None or estimate.key() < best[1].key():
            best = (method, estimate)
        if time_goal is not None and time.perf_counter() - started > time_goal:
            break
    return best
