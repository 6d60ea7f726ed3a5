"""``LearnDistribution``: a ``LearnedDistribution`` learnt from examples, on which ``PDF``,
``RandomVariate``, ``RarerProbability``, ``SynthesizeMissingValues`` and ``Information`` work.

Examples are numbers, lists (of numbers and nominal values: strings, symbols…) or
associations (their values, in the keys' order of the first example); numeric positions
are modelled as real variables, the others as nominal ones over the values seen.

Every method learns a mixture (``Mixture``): components with weights, each a Gaussian over
the numeric positions (its own covariance or one shared by all) and, per nominal position,
a value it keeps with some probability (the rest spread evenly over the other values seen):

- "Multinormal": one component, the examples' mean and covariance;
- "GaussianMixture": components fitted by expectation-maximisation, their number
  (1 … 6, or "ComponentsNumber") chosen by the Bayesian information criterion;
- "KernelDensityEstimation" (numeric or mixed data by default): a component per example,
  a Gaussian kernel whose size per position is Silverman's rule times the position's spread
  (the smaller of the standard deviation and the interquartile range / 1.349; or
  "KernelSize"), and for nominal positions Aitchison and Aitken's kernel (the value
  kept with probability n/(n+c-1) for n examples and c values);
- "ContingencyTable" (nominal data by default): each distinct example with its frequency.

PDF of nominal data is a probability, of numeric or mixed data a density.  RarerProbability
(the probability that a sample has a PDF lower than or equal to the example's) is exact for
"ContingencyTable" and "Multinormal", and otherwise read from the PDFs of 4000 samples drawn
once when the distribution is learnt.  WL's own model search is unpublished: Automatic here
is the kernel estimate (or the contingency table), not a search.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._cluster_methods import plus_plus, squared_distances
from wlnet.builtins._listutil import float_value
from wlnet.builtins.dataset import data_of
from wlnet.builtins.random import seeded_generator
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin, builtin_upvalue, declare, split_options
from wlnet.graphics.values import option_name
from wlnet.syntax.printer import register_output_format

LEARNED = Symbol("LearnedDistribution")
METHODS = ("KernelDensityEstimation", "Multinormal", "GaussianMixture", "ContingencyTable")
DEFAULT_SEED = Integer(1234)
RARER_SAMPLES = 4000
MAX_COMPONENTS = 6
CHUNK_ENTRIES = 4_000_000          # log densities computed at once (examples x components)
_MESSAGES = {
    "data": "`1` is not a non-empty list of examples of one form (numbers, lists of numbers "
            "and nominal values, or associations).",
    "mthd": "`1` is not a method wlnet has for LearnDistribution (`2`).",
    "nnum": "The method `1` needs numeric examples.",
    "optx": "Unknown option `1` in `2`.",
    "seed": "`1` is not a valid setting of RandomSeeding: an integer, a string, Automatic "
            "or Inherited.",
    "ksize": "`1` is not a valid kernel size: a positive number.",
    "ncomp": "`1` is not a valid number of components: a positive integer at most the number "
             "of examples.",
    "ftype": "The example `1` does not have the form of the distribution's examples.",
    "bdprop": "`1` is not a known property of the distribution.",
}
_OPTIONS = ("Method", "RandomSeeding", "PerformanceGoal", "FeatureExtractor", "FeatureNames",
            "FeatureTypes", "TimeGoal", "TrainingProgressReporting", "ValidationSet")

declare("LearnedDistribution", attributes=("Protected",), messages=_MESSAGES,
        usage="LearnedDistribution[…] is a distribution made by LearnDistribution: PDF, "
              "RandomVariate, RarerProbability and SynthesizeMissingValues use it.")


# ---------------------------------------------------------------------------- examples

class Layout:
    """How examples map to variables: per position numeric or nominal (with the values
    seen), the example's shape (a scalar, a list, an association's keys)."""

    def __init__(self, kinds: list, levels: list, shape, keys=None):
        self.kinds, self.levels, self.shape, self.keys = kinds, levels, shape, keys

    @property
    def numeric(self) -> list:
        return [j for j, k in enumerate(self.kinds) if k == "numeric"]

    @property
    def nominal(self) -> list:
        return [j for j, k in enumerate(self.kinds) if k == "nominal"]

    @property
    def input_type(self) -> str:
        kinds = set(self.kinds)
        if self.shape == "scalar":
            return "Numerical" if kinds == {"numeric"} else "Nominal"
        if kinds == {"numeric"}:
            return f"NumericalVector (length: {len(self.kinds)})"
        return f"NominalVector (length: {len(self.kinds)})" if kinds == {"nominal"} else "Mixed"

    def positions(self, e) -> list | None:
        """The example's values by position, None when it has another form; a value may be
        Missing[…]."""
        if self.shape == "scalar":
            return None if _is_list(e) or _is_assoc(e) else [e]
        if self.shape == "association":
            if not _is_assoc(e):
                return None
            values = {r.args[0]: r.args[1] for r in e.args}
            return [values.get(k, Expr(S.Missing)) for k in self.keys] \
                if set(values) <= set(self.keys) else None
        return list(e.args) if _is_list(e) and len(e.args) == len(self.kinds) else None

    def rows(self, examples) -> tuple | None:
        """(numeric matrix, nominal index matrix) of complete examples (-1: an unseen
        value), None when one has another form or a Missing value."""
        values = [self.positions(e) for e in examples]
        if any(v is None or any(_missing(x) or _is_list(x) or _is_assoc(x) for x in v)
               for v in values):
            return None                 # (a list at a position: a list of examples)
        numbers = np.array([[float_value(v[j]) if float_value(v[j]) is not None else np.nan
                             for j in self.numeric] for v in values], dtype=float)
        if np.isnan(numbers).any():
            return None
        codes = np.array([[_code(self.levels[j], v[j]) for j in self.nominal] for v in values],
                         dtype=np.int64).reshape(len(values), len(self.nominal))
        return numbers.reshape(len(values), len(self.numeric)), codes

    def example(self, numbers: np.ndarray, codes: np.ndarray):
        """The example expression of one sample's variables."""
        out, ni, ci = [], 0, 0
        for j, kind in enumerate(self.kinds):
            if kind == "numeric":
                out.append(Real(float(numbers[ni])))
                ni += 1
            else:
                out.append(self.levels[j][int(codes[ci])])
                ci += 1
        if self.shape == "scalar":
            return out[0]
        if self.shape == "association":
            return Expr(S.Association, *[Expr(S.Rule, k, v) for k, v in zip(self.keys, out)])
        return Expr(S.List, *out)

    def to_expr(self) -> Expr:
        return _association(
            Kinds=Expr(S.List, *[String(k) for k in self.kinds]),
            Levels=Expr(S.List, *[Expr(S.List, *lv) if lv is not None else S.Null
                                  for lv in self.levels]),
            Shape=String(self.shape),
            Keys=Expr(S.List, *self.keys) if self.keys is not None else S.Null)

    @classmethod
    def from_expr(cls, e) -> "Layout":
        f = _fields(e)
        kinds = [k.value for k in f["Kinds"].args]
        levels = [list(lv.args) if k == "nominal" else None
                  for k, lv in zip(kinds, f["Levels"].args)]
        keys = list(f["Keys"].args) if _is_list(f["Keys"]) else None
        return cls(kinds, levels, f["Shape"].value, keys)


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _is_assoc(e) -> bool:
    return type(e) is Expr and e.head is S.Association


def _missing(e) -> bool:
    return type(e) is Expr and e.head is S.Missing


def _code(levels: list, value) -> int:
    try:
        return levels.index(value)
    except ValueError:
        return -1


def learn_layout(examples: list) -> Layout | None:
    """The layout of the training examples; None when they have no common form."""
    first = examples[0]
    if _is_assoc(first):
        keys = [r.args[0] for r in first.args]
        shape, width = "association", len(keys)
    elif _is_list(first):
        keys, shape, width = None, "list", len(first.args)
    else:
        keys, shape, width = None, "scalar", 1
    if width == 0:
        return None
    layout = Layout(["numeric"] * width, [None] * width, shape, keys)
    values = [layout.positions(e) for e in examples]
    if any(v is None for v in values):
        return None
    for j in range(width):
        column = [v[j] for v in values if not _missing(v[j])]
        if not column or any(_is_list(x) or _is_assoc(x) for x in column):
            return None
        if not all(float_value(x) is not None for x in column):
            layout.kinds[j] = "nominal"
            layout.levels[j] = list(dict.fromkeys(column))
    return layout


# ---------------------------------------------------------------------------- the model

class Mixture:
    """Weighted components: a Gaussian over the numeric variables (``means`` k x d,
    ``covariances`` k x d x d or one shared 1 x d x d) and per nominal variable a value
    (``codes`` k x q) kept with probability ``keep`` (q), the rest spread evenly over the
    variable's other values (``counts`` q: how many values it has)."""

    def __init__(self, weights, means, covariances, codes, keep, counts):
        self.weights = np.asarray(weights, dtype=float)
        self.means = np.asarray(means, dtype=float).reshape(len(self.weights), -1)
        self.covariances = np.asarray(covariances, dtype=float)
        self.codes = np.asarray(codes, dtype=np.int64).reshape(len(self.weights), -1)
        self.keep = np.asarray(keep, dtype=float)
        self.counts = np.asarray(counts, dtype=np.int64)
        d = self.means.shape[1]
        self.covariances = self.covariances.reshape(-1, d, d) if d else np.zeros((1, 0, 0))
        self.cholesky = np.linalg.cholesky(self.covariances) if d else self.covariances

    def component_log_densities(self, x: np.ndarray, codes: np.ndarray,
                                observed: np.ndarray | None = None) -> np.ndarray:
        """n x k log densities of each example under each component (only the observed
        numeric variables when ``observed`` says which)."""
        n, k = len(x), len(self.weights)
        out = np.zeros((n, k))
        d = self.means.shape[1]
        if d:
            out += self._gaussian(x, observed)
        if codes.shape[1]:
            same = codes[:, None, :] == self.codes[None, :, :]
            others = np.maximum(self.counts - 1, 1)
            p = np.where(same, self.keep, (1 - self.keep) / others)
            p = np.where(codes[:, None, :] < 0, 0.0, p)          # a value never seen
            with np.errstate(divide="ignore"):
                out += np.log(p).sum(axis=2)
        return out

    def _gaussian(self, x, observed):
        d = self.means.shape[1]
        keep = np.arange(d) if observed is None else np.flatnonzero(observed)
        if len(keep) == 0:
            return 0.0
        cov = self.covariances[:, keep[:, None], keep[None, :]]
        chol = np.linalg.cholesky(cov)
        log_det = 2 * np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)
        if len(chol) == 1:
            # one covariance (a kernel estimate: a component per example): whiten points
            # and means, then n x k squared distances, never n x k x d differences
            points = np.linalg.solve(chol[0], x[:, keep].T).T
            centres = np.linalg.solve(chol[0], self.means[:, keep].T).T
            mahalanobis = squared_distances(points, centres)
        else:
            diff = x[:, None, keep] - self.means[None, :, keep]          # n x k x d'
            mahalanobis = np.stack([(np.linalg.solve(chol[c], diff[:, c, :].T) ** 2)
                                    .sum(axis=0) for c in range(len(chol))], axis=1)
        return -0.5 * (mahalanobis + log_det + len(keep) * np.log(2 * np.pi))

    def log_pdf(self, x: np.ndarray, codes: np.ndarray) -> np.ndarray:
        rows = max(1, CHUNK_ENTRIES // max(len(self.weights), 1))
        if len(x) > rows:               # in blocks: n x k log densities at a time
            return np.concatenate([self.log_pdf(x[i:i + rows], codes[i:i + rows])
                                   for i in range(0, len(x), rows)])
        parts = self.component_log_densities(x, codes)
        with np.errstate(divide="ignore"):
            parts = parts + np.log(self.weights)
        top = parts.max(axis=1, keepdims=True)
        finite = np.isfinite(top)
        safe = np.where(finite, top, 0.0)
        total = np.log(np.exp(parts - safe).sum(axis=1, keepdims=True)) + safe
        return np.where(finite, total, -np.inf)[:, 0]

    def sample(self, count: int, rng, components: np.ndarray | None = None):
        """(numbers count x d, codes count x q), from the given components or drawn ones."""
        if components is None:
            components = rng.choice(len(self.weights), size=count, p=self.weights)
        d = self.means.shape[1]
        noise = rng.standard_normal((count, d))
        chol = self.cholesky[components if len(self.cholesky) > 1 else np.zeros(count, int)]
        numbers = self.means[components] + np.einsum("nij,nj->ni", chol, noise) if d \
            else np.zeros((count, 0))
        codes = self.codes[components].copy()
        for j in range(codes.shape[1]):
            switch = rng.random(count) >= self.keep[j]
            if self.counts[j] > 1 and switch.any():
                shift = rng.integers(1, self.counts[j], size=switch.sum())
                codes[switch, j] = (codes[switch, j] + shift) % self.counts[j]
        return numbers, codes

    def state(self) -> dict:
        return {"Weights": list_from_array(self.weights),
                "Means": list_from_array(self.means),
                "Covariances": list_from_array(self.covariances),
                "Codes": list_from_array(self.codes),
                "Keep": list_from_array(self.keep),
                "Counts": list_from_array(self.counts)}

    @classmethod
    def restore(cls, f: dict) -> "Mixture":
        from wlnet.core.numeric_array import to_numpy_data
        arrays = {k: to_numpy_data(f[k]) for k in
                  ("Weights", "Means", "Covariances", "Codes", "Keep", "Counts")}
        k = len(arrays["Weights"])
        return cls(arrays["Weights"], arrays["Means"].reshape(k, -1), arrays["Covariances"],
                   arrays["Codes"].reshape(k, -1), arrays["Keep"], arrays["Counts"])


def _ridge(x: np.ndarray) -> float:
    """A small variance added to covariances so that they stay invertible."""
    return 1e-9 + 1e-6 * float(np.mean(x.var(axis=0))) if x.size else 1e-9


def multinormal(x: np.ndarray, layout: Layout) -> Mixture:
    cov = np.cov(x, rowvar=False, bias=True).reshape(x.shape[1], x.shape[1])
    cov += np.eye(x.shape[1]) * _ridge(x)
    return Mixture([1.0], x.mean(axis=0, keepdims=True), cov[None], np.zeros((1, 0)), [], [])


def kernel_density(x: np.ndarray, codes: np.ndarray, layout: Layout,
                   size: float | None) -> Mixture:
    n, d = x.shape
    q = codes.shape[1]
    factor = (4.0 / (d + q + 2)) ** (1.0 / (d + q + 4)) * n ** (-1.0 / (d + q + 4))
    if size is not None:
        variances = np.full(d, size ** 2)
    else:
        spread = _robust_spread(x)
        variances = (factor * spread) ** 2
    counts = np.array([len(layout.levels[j]) for j in layout.nominal], dtype=np.int64)
    # Aitchison and Aitken's kernel: another value with probability (c-1)/(n+c-1) (as
    # additive smoothing by one count per value would give: sure of the value for many
    # examples, hesitant for few)
    keep = 1.0 - (counts - 1) / (n + counts - 1)
    return Mixture(np.full(n, 1.0 / n), x, np.diag(variances)[None], codes, keep, counts)


def _robust_spread(x: np.ndarray) -> np.ndarray:
    """Per column the smaller of the standard deviation and the interquartile range over
    1.349 (Silverman's choice: an outlier does not widen every kernel), 1 where both are
    zero."""
    if len(x) < 2:
        return np.ones(x.shape[1])
    q75, q25 = np.percentile(x, [75, 25], axis=0)
    iqr = (q75 - q25) / 1.349
    spread = np.where(iqr > 0, np.minimum(x.std(axis=0), iqr), x.std(axis=0))
    return np.where(spread > 0, spread, 1.0)


def contingency_table(codes: np.ndarray, layout: Layout) -> Mixture:
    distinct, counts = np.unique(codes, axis=0, return_counts=True)
    q = codes.shape[1]
    return Mixture(counts / counts.sum(), np.zeros((len(distinct), 0)), np.zeros((1, 0, 0)),
                   distinct, np.ones(q),
                   [len(layout.levels[j]) for j in layout.nominal])


def gaussian_mixture(x: np.ndarray, rng, components: int | None,
                     diagonal: bool = False) -> Mixture:
    """EM from k-means++ starts; without a number of components, the one of 1 … 6 with
    the least BIC."""
    n, d = x.shape
    counts = [components] if components else range(1, min(MAX_COMPONENTS, n) + 1)
    best = None
    for k in counts:
        model, log_likelihood = _em(x, k, rng, diagonal)
        size = k - 1 + k * d + k * (d if diagonal else d * (d + 1) // 2)
        bic = -2 * log_likelihood + size * np.log(n)
        if best is None or bic < best[1]:
            best = (model, bic)
    return best[0]


def _em(x: np.ndarray, k: int, rng, diagonal: bool, iterations: int = 200,
        weights: np.ndarray | None = None):
    """(mixture, log-likelihood) of k Gaussians fitted by expectation-maximisation;
    ``weights``: each example counts that many times."""
    n, d = x.shape
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    ridge = _ridge(x)
    means = plus_plus(x, k, rng, weights)
    cov = np.cov(x, rowvar=False, bias=True).reshape(d, d) + np.eye(d) * ridge
    model = Mixture(np.full(k, 1.0 / k), means, np.repeat(cov[None], k, axis=0),
                    np.zeros((k, 0)), [], [])
    previous = -np.inf
    empty = np.zeros((n, 0), dtype=np.int64)
    for _ in range(iterations):
        parts = model.component_log_densities(x, empty) + np.log(model.weights)
        top = parts.max(axis=1, keepdims=True)
        log_total = np.log(np.exp(parts - top).sum(axis=1, keepdims=True)) + top
        likelihood = float(log_total[:, 0] @ w)
        resp = np.exp(parts - log_total) * w[:, None]
        mass = resp.sum(axis=0) + 1e-12
        means = resp.T @ x / mass[:, None]
        covs = []
        for c in range(k):
            diff = x - means[c]
            cov_c = (resp[:, c, None] * diff).T @ diff / mass[c]
            if diagonal:
                cov_c = np.diag(np.diag(cov_c))
            covs.append(cov_c + np.eye(d) * ridge)
        model = Mixture(mass / w.sum(), means, np.array(covs), np.zeros((k, 0)), [], [])
        if likelihood - previous < 1e-8 * abs(likelihood) + 1e-10:
            break
        previous = likelihood
    return model, float(model.log_pdf(x, empty) @ w)


# ---------------------------------------------------------------------------- LearnDistribution

def _method_spec(ev, spec):
    """(method name or None for Automatic, suboptions) of a Method setting; False after
    a message."""
    suboptions = {}
    if _is_list(spec) and spec.args:
        for r in spec.args[1:]:
            if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed):
                suboptions[option_name(r)] = r.args[1]
        spec = spec.args[0]
    if type(spec) is Symbol and spec.name == "Automatic":
        return None, suboptions
    if type(spec) is String and spec.value in METHODS:
        return spec.value, suboptions
    ev.message(S.LearnDistribution, "mthd", spec, String(", ".join(METHODS)))
    return False, suboptions


def _fit(ev, method, suboptions, x, codes, layout, rng):
    head = S.LearnDistribution
    if method in ("Multinormal", "GaussianMixture") and layout.nominal:
        ev.message(head, "nnum", String(method))
        return None
    if method == "ContingencyTable" and layout.numeric:
        ev.message(head, "nnum", String("ContingencyTable"))   # numbers: not discretised
        return None
    if method == "ContingencyTable":
        return contingency_table(codes, layout)
    if method == "Multinormal":
        return multinormal(x, layout)
    if method == "GaussianMixture":
        k = suboptions.get("ComponentsNumber")
        if k is not None and not (type(k) is Integer and 1 <= k.value <= len(x)):
            if not (type(k) is Symbol and k.name == "Automatic"):
                ev.message(head, "ncomp", k)
                return None
            k = None
        kind = suboptions.get("CovarianceType")
        diagonal = type(kind) is String and kind.value == "Diagonal"
        return gaussian_mixture(x, rng, k.value if k is not None else None, diagonal)
    size = suboptions.get("KernelSize")
    if size is not None and not (type(size) is Symbol and size.name == "Automatic"):
        value = float_value(size)
        if value is None or value <= 0:
            ev.message(head, "ksize", size)
            return None
        size = value
    else:
        size = None
    return kernel_density(x, codes, layout, size)


@builtin("LearnDistribution", argc=(1, None), messages=_MESSAGES,
         usage="LearnDistribution[{e1, e2, …}] learns a LearnedDistribution of the examples "
               "(numbers, lists of numbers and nominal values, associations): PDF, "
               "RandomVariate, RarerProbability and SynthesizeMissingValues use it.  Method -> "
               "\"KernelDensityEstimation\", \"Multinormal\", \"GaussianMixture\", "
               "\"ContingencyTable\"; RandomSeeding.",
         examples=(('PDF[LearnDistribution[{"A", "B", "A", "A"}], "A"]', "0.75"),))
def learn_distribution(ev, data, *rest):
    head = S.LearnDistribution
    data = data_of(data)                          # a Dataset: its rows
    split = split_options(rest, dict.fromkeys(_OPTIONS))
    if split is None:
        unknown = next(r for r in reversed(rest) if option_name(r) not in _OPTIONS)
        ev.message(head, "optx", unknown, Expr(head, data, *rest))
        return None
    positional, options = split
    examples = list(data.args) if _is_list(data) else None
    layout = learn_layout(examples) if examples and not positional else None
    rows = layout.rows(examples) if layout is not None else None
    if rows is None:
        ev.message(head, "data", data)
        return None
    x, codes = rows
    method_setting = options.get("Method")
    method, suboptions = _method_spec(ev, Symbol("Automatic") if method_setting is None
                                      else method_setting)
    if method is False:
        return None
    method = method or ("ContingencyTable" if not layout.numeric else
                        "KernelDensityEstimation")
    seed = options.get("RandomSeeding")
    seed = DEFAULT_SEED if seed is None else seed
    rng = seeded_generator(ev, seed)
    if rng is None:
        ev.message(head, "seed", seed)
        return None
    model = _fit(ev, method, suboptions, x, codes, layout, rng)
    if model is None:
        return None
    rarer = _rarer_table(model, method, rng)
    if rarer is not None:      # a sample no other kernel reaches: below every real density
        rarer = np.where(np.isfinite(rarer), rarer, -1e300)
    return Expr(LEARNED, _association(
        Method=String(method), Layout=layout.to_expr(), Model=_association(**model.state()),
        ExampleNumber=Integer(len(examples)),
        RarerLogDensities=list_from_array(rarer) if rarer is not None else S.Null))


def _rarer_table(model: Mixture, method: str, rng) -> np.ndarray | None:
    """The sorted log-PDFs of samples, from which RarerProbability is read (None when it
    is computed exactly)."""
    if method in ("ContingencyTable", "Multinormal"):
        return None
    if method != "KernelDensityEstimation" or len(model.weights) < 3:
        numbers, codes = model.sample(RARER_SAMPLES, rng)
        return np.sort(model.log_pdf(numbers, codes))
    # a kernel estimate: each sample judged without the kernel it was drawn from, as a new
    # example is (no kernel sits on it) and as AnomalyDetection judges its training
    # examples; with its own kernel a sample in the tails would look denser than it is
    components = rng.integers(0, len(model.weights), RARER_SAMPLES)
    numbers, codes = model.sample(RARER_SAMPLES, rng, components)
    return np.sort(leave_one_out_log_pdf(model, numbers, codes, components))


def leave_one_out_log_pdf(model: Mixture, numbers, codes, own: np.ndarray) -> np.ndarray:
    """Log-PDFs of a kernel estimate (equal weights) at points without the kernel each
    one belongs to (``own``), n x k densities a block of rows at a time."""
    n = len(model.weights)
    out = np.zeros(len(numbers))
    rows = max(1, CHUNK_ENTRIES // n)
    for i in range(0, len(numbers), rows):
        parts = np.exp(model.component_log_densities(numbers[i:i + rows], codes[i:i + rows]))
        mine = parts[np.arange(len(parts)), own[i:i + rows]]
        others = np.maximum(parts.sum(axis=1) - mine, 0.0) / (n - 1)
        with np.errstate(divide="ignore"):
            out[i:i + rows] = np.log(others)
    return out


# ---------------------------------------------------------------------------- the object

def _association(**fields) -> Expr:
    return Expr(S.Association, *[Expr(S.Rule, String(k), v) for k, v in fields.items()])


def _fields(e) -> dict:
    if not _is_assoc(e):
        return {}
    return {r.args[0].value: r.args[1] for r in e.args if type(r.args[0]) is String}


class Learned:
    """A LearnedDistribution expression read back: method, layout, model."""

    def __init__(self, obj):
        f = _fields(obj.args[0]) if type(obj) is Expr and obj.head is LEARNED \
            and len(obj.args) == 1 else {}
        self.method = f["Method"].value
        self.layout = Layout.from_expr(f["Layout"])
        self.model = Mixture.restore(_fields(f["Model"]))
        self.example_number = f["ExampleNumber"].value
        table = f.get("RarerLogDensities")
        from wlnet.core.numeric_array import to_numpy_data
        self.rarer = to_numpy_data(table) if _is_list(table) else None

    @classmethod
    def of(cls, obj) -> "Learned | None":
        try:
            return cls(obj)
        except (KeyError, AttributeError, TypeError, ValueError, np.linalg.LinAlgError):
            return None

    def inputs(self, x):
        """(numbers, codes, one example?) of one example or a list of them; None."""
        one = self.layout.rows([x])
        if one is not None:
            return one[0], one[1], True
        if _is_list(x) and x.args:
            many = self.layout.rows(list(x.args))
            if many is not None:
                return many[0], many[1], False
        return None

    def rarer_probability(self, numbers, codes) -> np.ndarray:
        log_p = self.model.log_pdf(numbers, codes)
        if self.method == "Multinormal":
            from scipy.stats import chi2
            d = numbers.shape[1]
            distance = -2 * (log_p - self.model.log_pdf(self.model.means, codes[:1]
                                                        if len(codes) else codes)[0])
            return chi2.sf(distance, d)
        if self.method == "ContingencyTable":
            table = np.exp(self.model.log_pdf(np.zeros((len(self.model.weights), 0)),
                                              self.model.codes))
            p = np.exp(log_p)
            return np.array([table[table <= v * (1 + 1e-12)].sum() if v > 0 else 0.0
                             for v in p])
        return np.searchsorted(self.rarer, log_p, side="right") / len(self.rarer)


def _answers(values, single: bool) -> Expr:
    out = [Real(float(v)) for v in values]
    return out[0] if single else Expr(S.List, *out)


# options PDF and RarerProbability take of a learnt distribution: accepted (every value
# here is computed the one way)
_EVALUATION_OPTIONS = ("PerformanceGoal", "MaxIterations")


def _only_evaluation_options(rest) -> bool:
    return all(type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)
               and option_name(r) in _EVALUATION_OPTIONS for r in rest)


@builtin_upvalue("PDF", "LearnedDistribution")
def _pdf(ev, dist, x=None, *rest):
    learned = Learned.of(dist)
    if learned is None or x is None or not _only_evaluation_options(rest):
        return None
    inputs = learned.inputs(x)
    if inputs is None:
        ev.message(LEARNED, "ftype", x)
        return Symbol("$Failed")
    numbers, codes, single = inputs
    return _answers(np.exp(learned.model.log_pdf(numbers, codes)), single)


@builtin("RarerProbability", argc=(2, None), messages=_MESSAGES,
         usage="RarerProbability[dist, x] is the probability that a sample of the learnt "
               "distribution dist (or of a normal, Laplace, Cauchy, logistic, exponential or "
               "uniform distribution) has a PDF at most x's (near 0: x is an anomaly); "
               "RarerProbability[dist, {x1, x2, …}] of each.",
         examples=(('RarerProbability[LearnDistribution[{"A", "B", "A", "A", "C"}], "B"]',
                    "0.4"),))
def rarer_probability(ev, dist, x, *rest):
    if not _only_evaluation_options(rest):
        return None
    if type(dist) is Expr and getattr(dist.head, "name", "") in _CLOSED_FORM:
        return _closed_form_rarer(ev, dist, x)
    learned = Learned.of(dist)
    if learned is None:
        return None
    inputs = learned.inputs(x)
    if inputs is None:
        ev.message(LEARNED, "ftype", x)
        return Symbol("$Failed")
    numbers, codes, single = inputs
    return _answers(np.clip(learned.rarer_probability(numbers, codes), 0.0, 1.0), single)


# standard distributions whose rarer probability has a closed form in their CDF: the
# symmetric unimodal ones (the two-tailed p-value), the exponential (its decreasing
# density: the upper tail) and the uniform (a flat density: 1 inside, 0 outside)
_SYMMETRIC = ("NormalDistribution", "LaplaceDistribution", "CauchyDistribution",
              "LogisticDistribution")
_CLOSED_FORM = _SYMMETRIC + ("ExponentialDistribution", "UniformDistribution")


def _closed_form_rarer(ev, dist, x):
    """RarerProbability of a standard distribution with a closed form (see _CLOSED_FORM);
    x a number or a list of numbers; None when x is not."""
    points = list(x.args) if _is_list(x) else [x]
    values = [float_value(ev.evaluate(Expr(S.N, p))) for p in points]
    if not points or None in values:
        return None
    out = []
    for value in values:
        cdf = float_value(ev.evaluate(Expr(S.N, Expr(S.CDF, dist, Real(value)))))
        if cdf is None:
            return None
        name = dist.head.name
        if name in _SYMMETRIC:
            out.append(2 * min(cdf, 1 - cdf))
        elif name == "ExponentialDistribution":
            out.append(1 - cdf if value >= 0 else 0.0)
        else:
            out.append(1.0 if 0 < cdf < 1 or cdf in (0.0, 1.0) and _inside(ev, dist, value)
                       else 0.0)
    return _answers(out, not _is_list(x))


def _inside(ev, dist, value: float) -> bool:
    """Whether a point is in the support of a uniform distribution (its density there is
    positive)."""
    density = float_value(ev.evaluate(Expr(S.N, Expr(S.PDF, dist, Real(value)))))
    return density is not None and density > 0


@builtin_upvalue("RandomVariate", "LearnedDistribution")
def _random_variate(ev, dist, spec=None, *rest):
    learned = Learned.of(dist)
    if learned is None or rest:
        return None
    if spec is None:
        shape = ()
    elif type(spec) is Integer and spec.value >= 0:
        shape = (spec.value,)
    elif _is_list(spec) and all(type(a) is Integer and a.value >= 0 for a in spec.args):
        shape = tuple(a.value for a in spec.args)
    else:
        return None
    count = int(np.prod(shape)) if shape else 1
    numbers, codes = learned.model.sample(count, ev.rng)
    examples = [learned.layout.example(numbers[i], codes[i]) for i in range(count)]
    if not shape:
        return examples[0]
    return _nest(examples, shape)


def _nest(items: list, shape: tuple):
    if len(shape) == 1:
        return Expr(S.List, *items)
    step = len(items) // shape[0] if shape[0] else 0
    return Expr(S.List, *[_nest(items[i * step:(i + 1) * step], shape[1:])
                          for i in range(shape[0])])


# ---------------------------------------------------------------------------- missing values

@builtin("SynthesizeMissingValues", argc=(1, None), messages=_MESSAGES,
         usage="SynthesizeMissingValues[{e1, e2, …}] replaces the Missing[…] values of the "
               "examples by values drawn from a distribution learnt from them; "
               "SynthesizeMissingValues[dist, e] (or a list of examples) from a "
               "LearnedDistribution.",
         examples=(("Length[SynthesizeMissingValues[{{1, 2}, {2, 4}, {3, Missing[]}}]]",
                    "3"),))
def synthesize_missing_values(ev, first, *rest):
    if type(first) is Expr and first.head is LEARNED:
        learned = Learned.of(first)
        if learned is None or len(rest) != 1:
            return None
        data = rest[0]
        values = learned.layout.positions(data)
        single = values is not None and not any(_is_list(v) or _is_assoc(v) for v in values)
        examples = [data] if single else list(data.args) if _is_list(data) else None
        filled = _fill(ev, learned, examples) if examples else None
        if filled is None:
            ev.message(LEARNED, "ftype", data)
            return None
        return filled[0] if single else Expr(S.List, *filled)
    if rest and not all(type(r) is Expr and r.head is S.Rule for r in rest):
        return None
    if not (_is_list(first) and first.args):
        ev.message(S.SynthesizeMissingValues, "data", first)
        return None
    complete = [e for e in first.args if not _has_missing(e)]
    # learnt from the complete examples; with fewer than two, from all of them with each
    # missing value replaced by its position's mean or commonest value
    training = complete if len(complete) >= 2 else _imputed(ev, list(first.args))
    dist = learn_distribution(ev, Expr(S.List, *training), *rest) if training else None
    if dist is None:
        if not training:
            ev.message(S.SynthesizeMissingValues, "data", first)
        return None
    return synthesize_missing_values(ev, dist, first)


def _imputed(ev, examples: list) -> list | None:
    """The examples with each missing value replaced by the mean (numbers) or commonest
    value (others) of its position; None when they have no common form."""
    layout = learn_layout(examples)
    if layout is None:
        return None
    values = [layout.positions(e) for e in examples]
    fills = []
    for j, kind in enumerate(layout.kinds):
        column = [v[j] for v in values if not _missing(v[j])]
        if kind == "numeric":
            fills.append(Real(float(np.mean([float_value(c) for c in column]))))
        else:
            fills.append(max(dict.fromkeys(column), key=column.count))
    out = []
    for v in values:
        numbers = np.array([float_value(v[j]) if not _missing(v[j]) else
                            float_value(fills[j]) for j in layout.numeric])
        codes = np.array([_code(layout.levels[j], v[j] if not _missing(v[j]) else fills[j])
                          for j in layout.nominal])
        out.append(layout.example(numbers, codes))
    return out


def _has_missing(e) -> bool:
    if _missing(e):
        return True
    if type(e) is Expr and e.head in (S.List, S.Association):
        return any(_has_missing(a.args[1] if e.head is S.Association else a) for a in e.args)
    return False


def _fill(ev, learned: Learned, examples: list) -> list | None:
    """The examples with each Missing value drawn from the distribution given the known
    ones: a component drawn by its posterior on what is known, then the missing values
    from that component (conditioned on the known numbers when it has correlations)."""
    layout, model = learned.layout, learned.model
    out = []
    for e in examples:
        values = layout.positions(e)
        if values is None:
            return None
        if not any(_missing(v) for v in values):
            out.append(e)
            continue
        known_numeric = np.array([not _missing(values[j]) for j in layout.numeric], dtype=bool)
        numbers = np.array([float_value(values[j]) if known_numeric[i] else 0.0
                            for i, j in enumerate(layout.numeric)], dtype=float)
        if np.isnan(numbers).any() or any(
                known_numeric[i] and float_value(values[j]) is None
                for i, j in enumerate(layout.numeric)):
            return None
        codes = np.array([_code(layout.levels[j], values[j]) if not _missing(values[j])
                          else -2 for j in layout.nominal], dtype=np.int64)
        posterior = _posterior(model, numbers, known_numeric, codes)
        component = ev.rng.choice(len(posterior), p=posterior)
        sample_numbers, sample_codes = model.sample(1, ev.rng, np.array([component]))
        conditioned = _conditioned(model, component, numbers, known_numeric,
                                   sample_numbers[0])
        filled_numbers = np.where(known_numeric, numbers, conditioned)
        filled_codes = np.where(codes == -2, sample_codes[0], codes)
        out.append(layout.example(filled_numbers, filled_codes))
    return out


def _posterior(model: Mixture, numbers, known, codes) -> np.ndarray:
    q_known = codes != -2
    sub = Mixture(model.weights, model.means, model.covariances, model.codes[:, q_known],
                  model.keep[q_known], model.counts[q_known])
    parts = sub.component_log_densities(numbers[None], codes[q_known][None], known)[0]
    with np.errstate(divide="ignore"):
        parts = parts + np.log(model.weights)
    if not np.isfinite(parts).any():
        return model.weights
    p = np.exp(parts - parts.max())
    return p / p.sum()


def _conditioned(model: Mixture, component: int, numbers, known, sample) -> np.ndarray:
    """The unknown numeric values of a component's Gaussian given the known ones: the
    conditional mean plus the sample's deviation mapped through the conditional's
    covariance (a draw from the conditional)."""
    if known.all() or not known.any():
        return sample
    cov = model.covariances[component if len(model.covariances) > 1 else 0]
    mean = model.means[component]
    k, u = np.flatnonzero(known), np.flatnonzero(~known)
    gain = cov[np.ix_(u, k)] @ np.linalg.inv(cov[np.ix_(k, k)])
    conditional_mean = mean[u] + gain @ (numbers[k] - mean[k])
    conditional_cov = cov[np.ix_(u, u)] - gain @ cov[np.ix_(k, u)]
    chol = np.linalg.cholesky(conditional_cov + np.eye(len(u)) * 1e-12)
    marginal = np.linalg.cholesky(cov[np.ix_(u, u)])
    standard = np.linalg.solve(marginal, sample[u] - mean[u])
    out = sample.copy()
    out[u] = conditional_mean + chol @ standard
    return out


# ---------------------------------------------------------------------------- Information

def _information_values(learned: Learned) -> dict:
    layout = learned.layout
    types = [String("Numerical" if k == "numeric" else "Nominal") for k in layout.kinds]
    return {"Method": String(learned.method),
            "InputType": String(layout.input_type),
            "Entropy": Real(_entropy(learned)),
            "ExampleNumber": Integer(learned.example_number),
            "FeatureTypes": types[0] if layout.shape == "scalar" else Expr(S.List, *types)}


def _entropy(learned: Learned) -> float:
    """The distribution's entropy (nats): exact for a contingency table and a multinormal,
    otherwise the mean of -log PDF over the samples drawn when it was learnt."""
    model = learned.model
    if learned.method == "ContingencyTable":
        p = model.weights[model.weights > 0]
        return float(-(p * np.log(p)).sum())
    if learned.method == "Multinormal":
        d = model.means.shape[1]
        _, log_det = np.linalg.slogdet(model.covariances[0])
        return float(0.5 * (d * (1 + np.log(2 * np.pi)) + log_det))
    finite = learned.rarer[learned.rarer > -1e299]          # (-1e300: no density)
    return float(-finite.mean()) if len(finite) else 0.0


@builtin_upvalue("Information", "LearnedDistribution")
def _information(ev, dist, prop=None, *rest):
    learned = Learned.of(dist)
    if learned is None or rest:
        return None
    return information_answer(ev, _information_values(learned), prop, LEARNED, "bdprop")


def information_answer(ev, values: dict, prop, owner, tag: str):
    """Information[obj] (``prop`` None: the association of ``values``, name -> value),
    Information[obj, "name"] or a list of names; an unknown name is owner::tag and
    $Failed.  "Properties" lists the names."""
    values = {**values, "Properties": Expr(S.List, *[String(k) for k in
                                                      sorted([*values, "Properties"])])}
    if prop is None:
        return Expr(S.Association, *[Expr(S.Rule, String(k), v) for k, v in values.items()
                                     if k != "Properties"])
    names = prop.args if _is_list(prop) else (prop,)
    bad = [n for n in names if not (type(n) is String and n.value in values)]
    if bad:
        ev.message(owner, tag, bad[0])
        return Symbol("$Failed")
    answers = [values[n.value] for n in names]
    return Expr(S.List, *answers) if _is_list(prop) else answers[0]


def _summary(obj) -> str | None:
    learned = Learned.of(obj)
    if learned is None:
        return None
    return (f"LearnedDistribution[Input type: {learned.layout.input_type}, "
            f"Method: {learned.method}]")


register_output_format("LearnedDistribution", _summary)
