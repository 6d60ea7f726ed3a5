"""Generalized linear models: GeneralizedLinearModelFit, LogitModelFit, ProbitModelFit.

    GeneralizedLinearModelFit[data, {f1, f2, …}, x, ExponentialFamily -> "Binomial"]
    LogitModelFit[{{x1, y1}, …}, x, x]              y: 0/1 outcomes or fractions
    ProbitModelFit[data, funcs, vars]

The model is link(E[y]) = b0 + b1 f1 + …; the families "Gaussian" (identity link),
"Binomial" (logit), "Poisson" (log) with their canonical links, or LinkFunction ->
"LogitLink", "ProbitLink", "LogLink", "IdentityLink".  The parameters are found by
iteratively reweighted least squares (Fisher scoring, the maximum-likelihood estimate).
The result is a FittedModel as LinearModelFit's: fm[x0] evaluates it, and fm["BestFit"],
fm["BestFitParameters"], fm["LinearPredictor"], fm["Deviance"], fm["NullDeviance"],
fm["AIC"], fm["PredictedResponse"], fm["FitResiduals"], fm["ParameterErrors"],
fm["CovarianceMatrix"] are its properties.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, ndtr, ndtri

from wlnet.builtins.numerical import FITTED_MODEL, _MESSAGES, _design
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin, split_options

_GLM_MESSAGES = dict(_MESSAGES, family="`1` is not an exponential family this implementation "
                     "fits (\"Gaussian\", \"Binomial\" or \"Poisson\").",
                     link="`1` is not a link function (\"LogitLink\", \"ProbitLink\", "
                     "\"LogLink\" or \"IdentityLink\").",
                     respb="The responses of a binomial model should be numbers between 0 and 1.",
                     respp="The responses of a Poisson model should be non-negative numbers.")

_CANONICAL = {"Gaussian": "IdentityLink", "Binomial": "LogitLink", "Poisson": "LogLink"}

# link name -> (link, inverse link, d(inverse)/d(eta))
_LINKS = {
    "IdentityLink": (lambda mu: mu, lambda eta: eta, lambda eta: np.ones_like(eta)),
    "LogitLink": (lambda mu: np.log(mu / (1 - mu)), expit,
                  lambda eta: expit(eta) * (1 - expit(eta))),
    "ProbitLink": (ndtri, ndtr, lambda eta: np.exp(-eta ** 2 / 2) / np.sqrt(2 * np.pi)),
    "LogLink": (np.log, np.exp, np.exp),
}


def _variance(family: str, mu):
    if family == "Binomial":
        return mu * (1 - mu)
    if family == "Poisson":
        return mu
    return np.ones_like(mu)


def _start(family: str, y):
    if family == "Binomial":
        return (y + 0.5) / 2
    if family == "Poisson":
        return y + 0.1
    return y.astype(float)


def _xlogy(a, b):
    return np.where(a > 0, a * np.log(np.where(a > 0, a, 1.0) / b), 0.0)


def _deviance(family: str, y, mu) -> float:
    if family == "Binomial":
        return float(2 * np.sum(_xlogy(y, mu) + _xlogy(1 - y, 1 - mu)))
    if family == "Poisson":
        return float(2 * np.sum(_xlogy(y, mu) - (y - mu)))
    return float(np.sum((y - mu) ** 2))


def _log_likelihood(family: str, y, mu, dispersion: float) -> float:
    if family == "Binomial":
        eps = 1e-300
        return float(np.sum(y * np.log(mu + eps) + (1 - y) * np.log(1 - mu + eps)))
    if family == "Poisson":
        from scipy.special import gammaln
        return float(np.sum(y * np.log(mu) - mu - gammaln(y + 1)))
    n = len(y)
    return float(-n / 2 * np.log(2 * np.pi * dispersion) - np.sum((y - mu) ** 2) / (2 * dispersion))


def irls(design, y, family: str, link: str, iterations: int = 100):
    """Maximum-likelihood coefficients by iteratively reweighted least squares, with the
    weights of the last step (for the covariance)."""
    g, g_inv, d_inv = _LINKS[link]
    mu = np.clip(_start(family, y), 1e-6, None) if family != "Gaussian" else _start(family, y)
    if family == "Binomial":
        mu = np.clip(mu, 1e-6, 1 - 1e-6)
    eta = g(mu)
    beta = np.zeros(design.shape[1])
    for _ in range(iterations):
        d = d_inv(eta)
        w = d ** 2 / np.maximum(_variance(family, g_inv(eta)), 1e-300)
        z = eta + (y - g_inv(eta)) / np.where(d == 0, 1e-300, d)
        sw = np.sqrt(w)
        new, *_ = np.linalg.lstsq(design * sw[:, None], z * sw, rcond=None)
        converged = np.max(np.abs(new - beta)) < 1e-10 * (1 + np.max(np.abs(new)))
        beta = new
        eta = design @ beta
        if converged:
            break
    d = d_inv(eta)
    w = d ** 2 / np.maximum(_variance(family, g_inv(eta)), 1e-300)
    return beta, g_inv(eta), w


def _linear_form(ev, beta, basis):
    return ev.evaluate(Expr(S.Plus, *[Expr(S.Times, Real(float(c)), b)
                                      for c, b in zip(beta, basis)]))


def _mean_form(link: str, eta):
    """The inverse link applied to the linear predictor, as a WL expression."""
    if link == "LogitLink":
        return Expr(S.Power, Expr(S.Plus, Integer(1), Expr(S.Power, S.E, Expr(S.Times,
                                                                             Integer(-1), eta))),
                    Integer(-1))
    if link == "ProbitLink":
        return Expr(S.Times, Rational(1, 2), Expr(S.Erfc, Expr(S.Times, Integer(-1), eta,
                                                               Expr(S.Power, Integer(2),
                                                                    Rational(-1, 2)))))
    if link == "LogLink":
        return Expr(S.Power, S.E, eta)
    return eta


def _glm(ev, sym, data, funcs, var, family: str, link, include_constant=True):
    if family not in _CANONICAL:
        ev.message(sym, "family", String(family))
        return None
    link = _CANONICAL[family] if link is None else link
    if link not in _LINKS:
        ev.message(sym, "link", String(link))
        return None
    basis = list(funcs.args) if funcs.head is S.List else [funcs] \
        if type(funcs) is Expr else [funcs]
    if include_constant and Integer(1) not in basis:
        basis = [Integer(1)] + basis
    variables = list(var.args) if type(var) is Expr and var.head is S.List else [var]
    found = _design(ev, data, basis, variables, sym)
    if found is None:
        return None
    design, y, _ = found
    if family == "Binomial" and (np.any(y < 0) or np.any(y > 1)):
        ev.message(sym, "respb")
        return None
    if family == "Poisson" and np.any(y < 0):
        ev.message(sym, "respp")
        return None
    beta, mu, w = irls(design, y, family, link)
    n, p = design.shape
    deviance = _deviance(family, y, mu)
    null_mu = np.full_like(y, np.mean(y), dtype=float)
    dispersion = deviance / max(n - p, 1) if family == "Gaussian" else 1.0
    covariance = np.linalg.pinv(design.T @ (design * w[:, None])) * dispersion
    loglik = _log_likelihood(family, y, mu, deviance / n if family == "Gaussian" else 1.0)
    eta = _linear_form(ev, beta, basis)
    fields = {
        "Kind": String("GeneralizedLinear"),
        "BestFit": ev.evaluate(_mean_form(link, eta)),
        "BestFitParameters": list_from_array(beta),
        "LinearPredictor": eta,
        "ExponentialFamily": String(family),
        "LinkFunction": String(link),
        "Deviance": Real(deviance),
        "NullDeviance": Real(_deviance(family, y, null_mu)),
        "AIC": Real(-2 * loglik + 2 * (p + (family == "Gaussian"))),
        "PredictedResponse": list_from_array(mu),
        "FitResiduals": list_from_array(y - mu),
        "CovarianceMatrix": list_from_array(covariance),
        "ParameterErrors": list_from_array(np.sqrt(np.abs(np.diag(covariance)))),
        "Variables": Expr(S.List, *variables),
    }
    return Expr(FITTED_MODEL, Expr(S.Association, *[Expr(S.Rule, String(k), v)
                                                    for k, v in fields.items()]))


_GLM_OPTIONS = {"ExponentialFamily": String("Gaussian"), "LinkFunction": S.Automatic,
                "IncludeConstantBasis": Symbol("True")}


def _options(ev, sym, rest):
    split = split_options(rest, _GLM_OPTIONS)
    if split is None or split[0]:
        return None
    opts = split[1]
    family = opts["ExponentialFamily"]
    link = opts["LinkFunction"]
    family = family.value if type(family) is String else str(family)
    link = None if link is S.Automatic else (link.value if type(link) is String else str(link))
    return family, link, opts["IncludeConstantBasis"] == Symbol("True")


@builtin("GeneralizedLinearModelFit", argc=(3, None), messages=_GLM_MESSAGES,
         options=_GLM_OPTIONS,
         usage="GeneralizedLinearModelFit[data, {f1, f2, …}, x] fits a generalized linear "
               "model by maximum likelihood: ExponentialFamily -> \"Gaussian\" (default), "
               "\"Binomial\" or \"Poisson\" with its canonical link, or LinkFunction -> "
               "\"LogitLink\", \"ProbitLink\", \"LogLink\", \"IdentityLink\"; a FittedModel.",
         examples=(('Round[100 GeneralizedLinearModelFit[{{0, 1}, {1, 3}, {2, 7}, {3, 20}}, x, '
                    'x, ExponentialFamily -> "Poisson"]["BestFitParameters"]]', "{3, 99}"),))
def generalized_linear_model_fit(ev, data, funcs, var, *rest):
    read = _options(ev, S.GeneralizedLinearModelFit, rest)
    if read is None:
        return None
    family, link, constant = read
    return _glm(ev, S.GeneralizedLinearModelFit, data, funcs, var, family, link, constant)


@builtin("LogitModelFit", argc=(3, None), messages=_GLM_MESSAGES,
         options={"IncludeConstantBasis": Symbol("True")},
         usage="LogitModelFit[data, {f1, …}, x] fits a logistic regression (a binomial "
               "model with the logit link) to 0/1 outcomes or fractions.",
         examples=(('Round[100 LogitModelFit[{{0, 0}, {1, 0}, {2, 1}, {3, 0}, {4, 1}, {5, 1}}, '
                    'x, x]["BestFitParameters"]]', "{-304, 121}"),))
def logit_model_fit(ev, data, funcs, var, *rest):
    split = split_options(rest, {"IncludeConstantBasis": Symbol("True")})
    if split is None:
        return None
    return _glm(ev, S.LogitModelFit, data, funcs, var, "Binomial", "LogitLink",
                split[1]["IncludeConstantBasis"] == Symbol("True"))


@builtin("ProbitModelFit", argc=(3, None), messages=_GLM_MESSAGES,
         options={"IncludeConstantBasis": Symbol("True")},
         usage="ProbitModelFit[data, {f1, …}, x] fits a probit regression (a binomial "
               "model with the probit link).",
         examples=(('Round[100 ProbitModelFit[{{0, 0}, {1, 0}, {2, 1}, {3, 0}, {4, 1}, {5, 1}}, '
                    'x, x]["BestFitParameters"]]', "{-190, 76}"),))
def probit_model_fit(ev, data, funcs, var, *rest):
    split = split_options(rest, {"IncludeConstantBasis": Symbol("True")})
    if split is None:
        return None
    return _glm(ev, S.ProbitModelFit, data, funcs, var, "Binomial", "ProbitLink",
                split[1]["IncludeConstantBasis"] == Symbol("True"))
