"""The "LossPlot" of a training run, drawn as every graphic is (``wlnet.graphics``):
round loss (blue) and validation loss (orange) against the round, on a logarithmic loss
axis, framed, as NetTrain's plot in the Wolfram Language.

    loss_plot_graphics(...)   the ``Graphics`` expression
    loss_plot_pixels(...)     its pixels (height x width x 3 uint8), for the ``Image``
                              that NetTrain's results hold
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol, TRUE, from_python

__all__ = ["loss_plot_graphics", "loss_plot_pixels", "ROUND_COLOUR", "VALIDATION_COLOUR"]

WIDTH = 360
ROUND_COLOUR = (53, 94, 182)
VALIDATION_COLOUR = (230, 138, 36)


def _curve(rounds, losses, colour) -> Expr | None:
    rounds = np.asarray(rounds, float)
    losses = np.asarray(losses, float)
    good = np.isfinite(losses) & (losses > 0)
    if not good.any():
        return None
    pts = np.column_stack([rounds[good], losses[good]])
    style = Expr(Symbol("Directive"), Expr(S.RGBColor, *(from_python(c / 255) for c in colour)),
                 Expr(Symbol("AbsoluteThickness"), from_python(2.0)))
    # a single round is a point, not a line
    shape = Expr(S.Line, from_python(pts)) if len(pts) > 1 else \
        Expr(S.Point, from_python(pts))
    return Expr(S.List, style, Expr(S.PointSize, from_python(0.02)), shape)


def loss_plot_graphics(round_losses, validation_losses=(), validation_rounds=()) -> Expr:
    round_losses = list(round_losses)
    validation_losses = list(validation_losses)
    rounds = np.arange(1, len(round_losses) + 1)
    v_rounds = list(validation_rounds) or list(range(1, len(validation_losses) + 1))
    curves = [c for c in (_curve(rounds, round_losses, ROUND_COLOUR),
                          _curve(v_rounds, validation_losses, VALIDATION_COLOUR))
              if c is not None]
    rule = lambda name, value: Expr(S.Rule, Symbol(name), value)  # noqa: E731
    return Expr(S.Graphics, Expr.from_args(S.List, curves),
                rule("Frame", TRUE), rule("ScalingFunctions", Expr(S.List, Symbol("None"),
                                                                   String("Log"))),
                rule("AspectRatio", from_python(1 / 1.618033988749895)),
                rule("FrameLabel", from_python(["rounds", "loss"])),
                rule("GridLines", S.Automatic),
                rule("ImageSize", Integer(WIDTH)))


def loss_plot_pixels(round_losses, validation_losses=(), validation_rounds=()) -> np.ndarray:
    """(height, width, 3) uint8: the loss plot drawn."""
    from wlnet.graphics import rasterize_pixels
    graphic = loss_plot_graphics(round_losses, validation_losses, validation_rounds)
    return rasterize_pixels(graphic, lambda *message: None)
