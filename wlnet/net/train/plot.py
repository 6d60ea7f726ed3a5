"""The "LossPlot" of a training run: round loss (blue) and validation loss (orange) against
the round, log-scaled loss axis, drawn with numpy into an RGB array (an ``Image`` atom,
exportable as PNG).

Lines are rasterised by sampling each segment densely (at least one sample per pixel
along its longer extent, all segments in one vectorised pass) and stamping a small square;
tick labels use a 3×5 bitmap font.
"""

from __future__ import annotations

from math import ceil, floor, log10

import numpy as np

__all__ = ["loss_plot_pixels", "ROUND_COLOUR", "VALIDATION_COLOUR"]

WIDTH, HEIGHT = 360, 225
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 24          # margins around the plot area
ROUND_COLOUR = (53, 94, 182)
VALIDATION_COLOUR = (230, 138, 36)
AXIS_COLOUR = (90, 90, 90)
GRID_COLOUR = (228, 228, 228)

_FONT = {          # 3x5 glyphs, rows top to bottom, bits left to right
    "0": (7, 5, 5, 5, 7), "1": (2, 6, 2, 2, 7), "2": (7, 1, 7, 4, 7), "3": (7, 1, 7, 1, 7),
    "4": (5, 5, 7, 1, 1), "5": (7, 4, 7, 1, 7), "6": (7, 4, 7, 5, 7), "7": (7, 1, 1, 1, 1),
    "8": (7, 5, 7, 5, 7), "9": (7, 5, 7, 1, 7), ".": (0, 0, 0, 0, 2), "-": (0, 0, 7, 0, 0),
    "e": (0, 7, 7, 4, 7), "^": (2, 5, 0, 0, 0),
}


def _text(img, x: int, y: int, s: str, colour=AXIS_COLOUR) -> None:
    for ch in s:
        glyph = _FONT.get(ch)
        if glyph is not None:
            for r, bits in enumerate(glyph):
                for c in range(3):
                    if bits & (4 >> c):
                        yy, xx = y + r, x + c
                        if 0 <= yy < img.shape[0] and 0 <= xx < img.shape[1]:
                            img[yy, xx] = colour
        x += 4


def _text_width(s: str) -> int:
    return 4 * len(s) - 1


def _polyline(img, xs, ys, colour, thickness: int = 2) -> None:
    """Draw the polyline through (xs, ys): every segment sampled at least once per pixel
    along its longer extent (all segments at once), each sample stamped as a small square."""
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    if len(xs) == 1:
        xs, ys = np.array([xs[0] - 2, xs[0] + 2]), np.array([ys[0], ys[0]])
    dx, dy = np.diff(xs), np.diff(ys)
    counts = np.maximum(np.abs(dx), np.abs(dy)).astype(int) + 2          # samples per segment
    seg = np.repeat(np.arange(len(dx)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    t = (np.arange(counts.sum()) - first) / np.repeat(counts - 1, counts)
    px = np.rint(xs[seg] + t * dx[seg]).astype(int)
    py = np.rint(ys[seg] + t * dy[seg]).astype(int)
    for ox in range(thickness):
        for oy in range(thickness):
            qx, qy = px + ox, py + oy
            ok = (qx >= 0) & (qx < img.shape[1]) & (qy >= 0) & (qy < img.shape[0])
            img[qy[ok], qx[ok]] = colour


def _label(v: float) -> str:
    if 0.01 <= v < 1000:
        text = f"{v:.3g}"
        return text
    exponent = int(floor(log10(v)))
    return f"1e{exponent}"


def loss_plot_pixels(round_losses, validation_losses=(), validation_rounds=()) -> np.ndarray:
    """(HEIGHT, WIDTH, 3) uint8: the loss curves on a log scale, with axes and ticks."""
    img = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    rl = np.asarray([v for v in round_losses], float)
    vl = np.asarray([v for v in validation_losses], float)
    vr = np.asarray(list(validation_rounds) or range(1, len(vl) + 1), float)
    values = np.concatenate([rl, vl])
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        values = np.array([1.0])
    lo, hi = log10(values.min()), log10(values.max())
    lo, hi = floor(lo * 4) / 4, ceil(hi * 4) / 4
    if hi - lo < 0.25:
        lo, hi = lo - 0.25, hi + 0.25
    rounds = max(len(rl), int(vr.max()) if vr.size else 0, 1)

    def sx(r):
        return x0 + (np.asarray(r, float) - 1) / max(rounds - 1, 1) * (x1 - x0)

    def sy(v):
        v = np.log10(np.clip(np.asarray(v, float), 10.0 ** lo, 10.0 ** hi))
        return y1 - (v - lo) / (hi - lo) * (y1 - y0)

    for e in range(ceil(lo), floor(hi) + 1):                 # decades: grid and labels
        for m in (1, 2, 5):
            v = m * 10.0 ** e
            if lo <= log10(v) <= hi:
                y = int(round(float(sy(v))))
                img[y, x0:x1 + 1] = GRID_COLOUR
                img[y, x0 - 3:x0] = AXIS_COLOUR
                s = _label(v)
                _text(img, x0 - 5 - _text_width(s), y - 2, s)
    for r in _round_ticks(rounds):
        x = int(round(float(sx(r))))
        img[y1 + 1:y1 + 4, x] = AXIS_COLOUR
        s = str(r)
        _text(img, x - _text_width(s) // 2, y1 + 6, s)
    img[y0:y1 + 1, x0] = AXIS_COLOUR                         # frame
    img[y1, x0:x1 + 1] = AXIS_COLOUR
    good = np.isfinite(rl) & (rl > 0)
    if good.any():
        r = np.arange(1, len(rl) + 1)[good]
        _polyline(img, sx(r), sy(rl[good]), ROUND_COLOUR)
    good = np.isfinite(vl) & (vl > 0)
    if good.any():
        _polyline(img, sx(vr[good]), sy(vl[good]), VALIDATION_COLOUR)
    return img


def _round_ticks(rounds: int) -> list[int]:
    if rounds <= 1:
        return [1]
    step = 10 ** floor(log10(rounds))
    for m in (1, 2, 5, 10):
        if rounds / (m * step) <= 6:
            step = m * step
            break
    ticks = [t for t in range(0, rounds + 1, int(step)) if t >= 1]
    return ([1] if not ticks or ticks[0] != 1 else []) + ticks
