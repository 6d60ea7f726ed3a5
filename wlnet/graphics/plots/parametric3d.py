"""ParametricPlot3D, SphericalPlot3D and RevolutionPlot3D: curves and surfaces in space
given by parameters, as ``Graphics3D`` (surfaces as Plot3D's: a GraphicsComplex of
quadrilaterals coloured by height; curves as lines).

All are HoldAll: the functions are evaluated with the parameters bound to numbers on a grid
(``PlotPoints``, 25 a side for a surface, 100 points along a curve).  A point where a
function is not real leaves a hole.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import PlotCall, dataset_style, finite_runs
from wlnet.graphics.plots.functions import read_range
from wlnet.graphics.plots.sampling import evaluator_at, grid_sample, values_at
from wlnet.graphics.plots.surfaces import (SURFACE_MESSAGES, _colour_scheme,
                                           _grid_faces, _sets_box, split_options,
                                           plot_points, surface)
from wlnet.graphics.values import is_list

MESSAGES = {**SURFACE_MESSAGES,
            "pp3d": "`1` is not a triple {fx, fy, fz} of functions, or a list of them."}


def _triples(f) -> list | None:
    """The {fx, fy, fz} triples of ParametricPlot3D's first argument."""
    if is_list(f) and len(f.args) == 3 and not any(is_list(a) for a in f.args):
        return [f]
    if is_list(f) and f.args and all(is_list(a) and len(a.args) == 3 for a in f.args):
        return list(f.args)
    return None


def _curve(ev, triples, var, lo, hi, own, rules) -> Expr:
    ts = np.linspace(lo, hi, plot_points(own, 100))
    groups = []
    call = PlotCall((), {"PlotStyle": own["PlotStyle"]} if "PlotStyle" in own else {})
    for k, triple in enumerate(triples):
        pts = values_at(evaluator_at(ev, triple, [var]), ts, 3)
        runs = [r for r in finite_runs(pts) if len(r) >= 2]
        groups.append(Expr(S.List, dataset_style(call, k),
                           *(Expr(S.Line, from_python(np.round(r, 12))) for r in runs)))
    return Expr(S.Graphics3D, Expr.from_args(S.List, groups), *rules)


def _surface_of(ev, head, triple, uvar, ur, vvar, vr, own, rules) -> Expr:
    """The surface {fx, fy, fz}(u, v) over the parameter rectangle."""
    at = evaluator_at(ev, triple, [uvar, vvar])
    n = plot_points(own, 25)
    _, _, values = grid_sample(at, ur, vr, n, width=3)          # values[j, i] at (u_i, v_j)
    points = values.reshape(-1, 3).copy()
    points[~np.isfinite(points).all(axis=1), 2] = np.nan       # a hole where any is missing
    if not _sets_box(rules):       # the shape in its own proportions, not Plot3D's box
        rules = [*rules, Expr(S.Rule, Symbol("BoxRatios"), S.Automatic)]
    return surface(points, _grid_faces(n, n), _colour_scheme(ev, head, own), rules)


def _combined(graphics: list) -> Expr:
    """Several Graphics3D of one plot as one (their primitives together)."""
    if len(graphics) == 1:
        return graphics[0]
    return Expr(S.Graphics3D, Expr.from_args(S.List, (g.args[0] for g in graphics)),
                *graphics[0].args[1:])


@builtin("ParametricPlot3D", attributes=("HoldAll", "Protected"), argc=(2, None),
         messages=MESSAGES,
         usage="ParametricPlot3D[{fx, fy, fz}, {u, umin, umax}] draws the space curve "
               "{fx, fy, fz} as u runs over its range; ParametricPlot3D[{fx, fy, fz}, {u, "
               "umin, umax}, {v, vmin, vmax}] the surface; a list of triples draws each.",
         examples=(("Head[ParametricPlot3D[{Cos[t], Sin[t], t}, {t, 0, 6}]]", "Graphics3D"),))
def parametric_plot3d(ev, f, uspec, *rest):
    head = Symbol("ParametricPlot3D")
    vspec = rest[0] if rest and is_list(rest[0]) else None
    rest = rest[1:] if vspec is not None else rest
    _, own, rules = split_options(ev, head, (f, uspec, *rest))
    held = ev.evaluate(f) if not _triples(f) else f        # Evaluate[…] or a name of a list
    triples = _triples(held)
    if triples is None:
        ev.message(head, "pp3d", f)
        return None
    ur = read_range(ev, head, uspec)
    vr = read_range(ev, head, vspec) if ur is not None and vspec is not None else None
    if ur is None or vspec is not None and vr is None:
        return None
    if vr is None:
        return _curve(ev, triples, ur[0], ur[1], ur[2], own, rules)
    return _combined([_surface_of(ev, head, t, ur[0], ur[1:], vr[0], vr[1:], own, rules)
                      for t in triples])


@builtin("SphericalPlot3D", attributes=("HoldAll", "Protected"), argc=(3, None),
         messages=MESSAGES,
         usage="SphericalPlot3D[r, {θ, θmin, θmax}, {ϕ, ϕmin, ϕmax}] draws the surface at "
               "radius r in the direction of polar angle θ (from the z axis) and azimuth ϕ.",
         examples=(("Head[SphericalPlot3D[1, {t, 0, Pi}, {p, 0, 2 Pi}]]", "Graphics3D"),))
def spherical_plot3d(ev, r, tspec, pspec, *rest):
    head = Symbol("SphericalPlot3D")
    _, own, rules = split_options(ev, head, (r, tspec, pspec, *rest))
    tr = read_range(ev, head, tspec)
    pr = read_range(ev, head, pspec) if tr is not None else None
    if pr is None:
        return None
    t, p = tr[0], pr[0]
    triple = Expr(S.List, *(Expr(S.Times, r, factor) for factor in (
        Expr(S.Times, Expr(S.Sin, t), Expr(S.Cos, p)),
        Expr(S.Times, Expr(S.Sin, t), Expr(S.Sin, p)), Expr(S.Cos, t))))
    return _surface_of(ev, head, triple, t, tr[1:], p, pr[1:], own, rules)


@builtin("RevolutionPlot3D", attributes=("HoldAll", "Protected"), argc=(2, None),
         messages=MESSAGES,
         usage="RevolutionPlot3D[f, {t, tmin, tmax}] draws the surface made by turning the "
               "curve z = f(t) at radius t about the z axis; RevolutionPlot3D[f, {t, tmin, "
               "tmax}, {θ, θmin, θmax}] over part of a turn.",
         examples=(("Head[RevolutionPlot3D[t^2, {t, 0, 1}]]", "Graphics3D"),))
def revolution_plot3d(ev, f, tspec, *rest):
    head = Symbol("RevolutionPlot3D")
    aspec = rest[0] if rest and is_list(rest[0]) else None
    rest = rest[1:] if aspec is not None else rest
    _, own, rules = split_options(ev, head, (f, tspec, *rest))
    tr = read_range(ev, head, tspec)
    angle = Symbol("wlnet`RevolutionAngle")
    ar = read_range(ev, head, aspec) if aspec is not None and tr is not None else \
        (angle, 0.0, 2 * np.pi)
    if tr is None or ar is None:
        return None
    t, a = tr[0], ar[0]
    triple = Expr(S.List, Expr(S.Times, t, Expr(S.Cos, a)), Expr(S.Times, t, Expr(S.Sin, a)), f)
    return _surface_of(ev, head, triple, t, tr[1:], a, ar[1:], own, rules)
