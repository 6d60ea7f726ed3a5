"""ImageLines: the straight lines through an image's foreground, by the Hough transform.

    ImageLines[image]          {Line[{{x1, y1}, {x2, y2}}], …}: lines from border to border
        of the image, in image coordinates (x from the left, y from the bottom, the image
        w x h units), strongest first
    ImageLines[image, t]       only lines whose normalised strength is above t (0.3)
    ImageLines[image, t, d]    d (0.1) sets how close lines are suppressed: 0 keeps every
        line found, 1 only the strongest
    MaxFeatures -> n           at most n lines (All)
    Method -> "Hough"          the only method here ("RANSAC" is not available)

Every pixel votes for the lines through its centre with its intensity (the mean of its
channels: an EdgeDetect or Binarize result votes with its foreground), at one-degree steps
of the normal's angle and in one-pixel bins of the line's distance from the bottom-left
corner; each line returned is then fitted (total least squares) to the pixels that voted
for its cell.  A line's normalised strength is its votes over those of the strongest.  Lines
are taken strongest first; each removes the candidates within d of it (d times a quarter
turn in angle and d times the image diagonal in distance).  The defaults of t and d are
this implementation's (the documentation gives none).  The votes are one vectorised
accumulation; the loop is over the lines returned.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.images import image_call
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.image import Image
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_ANGLES = 180                     # the normal's angle in [0, π), one degree a step
_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "thresh": "`1` is not a threshold of the lines' strength (a number from 0 to 1).",
    "dist": "`1` is not a distinctness of the lines (a number from 0 to 1).",
    "maxf": "The value of MaxFeatures should be All or a positive integer, not `1`.",
    "method": "Only Method -> \"Hough\" is available here, not `1`.",
}


def hough_votes(weights: np.ndarray) -> tuple:
    """(votes (angles x distance bins), the angles, the first bin's distance, the voters:
    (x, y, weight, bin per angle) of each pixel) of the pixels' weights (h, w): each
    pixel's weight added to every line through its centre."""
    h, w = weights.shape
    rows, cols = np.nonzero(weights)
    x, y = cols + 0.5, h - rows - 0.5
    angles = np.arange(_ANGLES) * np.pi / _ANGLES
    distances = np.outer(x, np.cos(angles)) + np.outer(y, np.sin(angles))   # (n, angles)
    low = -int(np.ceil(np.hypot(w, h))) - 1
    # bin k holds the distances in [k, k + 1): a row or column of pixel centres (at
    # half-integers) falls in the middle of one
    bins = np.floor(distances).astype(np.int64) - low
    width = -2 * low + 1
    flat = (np.arange(_ANGLES)[None, :] * width + bins).ravel()
    votes = np.bincount(flat, weights=np.repeat(weights[rows, cols], _ANGLES),
                        minlength=_ANGLES * width)
    voters = (x, y, weights[rows, cols], bins)
    return votes.reshape(_ANGLES, width), angles, low, voters


def fitted_line(voters, a: int, r: int, angles, low: int) -> tuple | None:
    """(angle, distance) of the line fitted (weighted total least squares) to the pixels
    that voted for the cell (a, r): the cell's own line is only as exact as its bin;
    None for a cell of one pixel."""
    x, y, weight, bins = voters
    members = bins[:, a] == r
    if members.sum() < 2:
        return None                                   # one pixel makes no line
    px, py, pw = x[members], y[members], weight[members]
    cx, cy = np.average(px, weights=pw), np.average(py, weights=pw)
    dx, dy = px - cx, py - cy
    scatter = np.array([[np.sum(pw * dx * dx), np.sum(pw * dx * dy)],
                        [np.sum(pw * dx * dy), np.sum(pw * dy * dy)]])
    normal = np.linalg.eigh(scatter)[1][:, 0]        # across the least spread
    angle = float(np.arctan2(normal[1], normal[0]))
    return angle, float(normal[0] * cx + normal[1] * cy)


def strongest_lines(votes: np.ndarray, threshold: float, distinctness: float,
                    diagonal: float):
    """The cells (angle index, distance bin) of the lines, strongest first, as long as
    the caller asks: each cell taken clears the candidates within ``distinctness`` of it
    (the angle cyclic)."""
    top = votes.max()
    if top <= 0:
        return
    strength = votes / top
    alive = strength > threshold
    angle_reach = int(round(distinctness * _ANGLES / 2))
    distance_reach = int(round(distinctness * diagonal))
    steps, bins = np.arange(_ANGLES), np.arange(votes.shape[1])
    while alive.any():
        a, r = np.unravel_index(np.argmax(np.where(alive, strength, -1.0)), votes.shape)
        yield int(a), int(r)
        # the line (θ, ρ) is the line (θ ± π, -ρ): across the ends of the angle range the
        # neighbours are those near the mirrored distance
        direct = np.abs(steps - a) <= angle_reach
        across = (_ANGLES - np.abs(steps - a) <= angle_reach) & ~direct
        mirrored = votes.shape[1] - 2 - r
        alive[np.ix_(direct, np.abs(bins - r) <= distance_reach)] = False
        alive[np.ix_(across, np.abs(bins - mirrored) <= distance_reach)] = False
        alive[a, r] = False



def border_points(angle: float, distance: float, w: int, h: int) -> np.ndarray | None:
    """The two points where the line x cos θ + y sin θ = distance crosses the border of
    the w x h box, or None if it misses the box."""
    c, s = np.cos(angle), np.sin(angle)
    points = []
    if abs(s) > 1e-12:
        points += [(x, (distance - x * c) / s) for x in (0.0, float(w))]
    if abs(c) > 1e-12:
        points += [((distance - y * s) / c, y) for y in (0.0, float(h))]
    inside = [(x, y) for x, y in points if -1e-9 <= x <= w + 1e-9 and -1e-9 <= y <= h + 1e-9]
    unique = []
    for p in inside:
        if all(np.hypot(p[0] - q[0], p[1] - q[1]) > 1e-9 for q in unique):
            unique.append(p)
    if len(unique) < 2:
        return None
    ends = np.array(sorted(unique)[:1] + sorted(unique)[-1:])
    return np.round(np.clip(ends, 0.0, [w, h]), 9)       # no 10.499999999999998


def _fraction(ev, e, default: float) -> float | None:
    if e is None:
        return default
    value = number(ev.evaluate(Expr(S.N, e)))
    return value if value is not None and 0 <= value <= 1 else None


@builtin("ImageLines", argc=(1, None), messages=_MESSAGES,
         options={"MaxFeatures": Symbol("All"), "Method": String("Hough")},
         usage="ImageLines[image] is {Line[{{x1, y1}, {x2, y2}}], …}, the straight lines "
               "through the image's foreground from border to border (image coordinates), "
               "strongest first; ImageLines[image, t] those whose normalised strength is "
               "above t; ImageLines[image, t, d] suppresses lines within d of a stronger "
               "one (0: none, 1: all but the strongest); MaxFeatures -> n.",
         examples=(("ImageLines[Image[Table[If[i == 10, 1, 0], {i, 20}, {j, 20}]]]",
                    "{Line[{{0., 10.5}, {20., 10.5}}]}"),))
def image_lines(ev, img, *rest):
    head = Symbol("ImageLines")
    call = image_call(ev, head, img, rest, 2)
    if call is None:
        return None
    positional, options = call
    threshold = _fraction(ev, positional[0] if positional else None, 0.3)
    if threshold is None:
        ev.message(head, "thresh", positional[0])
        return None
    distinctness = _fraction(ev, positional[1] if len(positional) > 1 else None, 0.1)
    if distinctness is None:
        ev.message(head, "dist", positional[1])
        return None
    most = options.get("MaxFeatures", Symbol("All"))
    if most != Symbol("All") and not (type(most) is Integer and most.value > 0):
        ev.message(head, "maxf", most)
        return None
    method = options.get("Method", String("Hough"))
    if method not in (String("Hough"), Symbol("Automatic")):
        ev.message(head, "method", method)
        return None
    values = img.reals()
    if img.has_alpha:
        values = values[:, :, :-1]
    weights = np.clip(values.mean(axis=2), 0.0, None)
    votes, angles, low, voters = hough_votes(weights)
    h, w = weights.shape
    limit = None if most == Symbol("All") else most.value
    kept = []                 # the end points of the lines returned
    for a, r in strongest_lines(votes, threshold, distinctness, float(np.hypot(w, h))):
        fitted = fitted_line(voters, a, r, angles, low)
        ends = None if fitted is None else border_points(*fitted, w, h)
        # cells voted for by the same pixels fit the same line: it is returned once
        if ends is None or any(_same_segment(ends, other) for other in kept):
            continue
        kept.append(ends)
        if limit is not None and len(kept) == limit:
            break
    return Expr(S.List, *[Expr(Symbol("Line"), list_from_array(e)) for e in kept])


def _same_segment(p: np.ndarray, q: np.ndarray, tolerance: float = 1e-6) -> bool:
    return np.allclose(p, q, atol=tolerance) or np.allclose(p, q[::-1], atol=tolerance)
