"""ImageEffect: the noise, colour and blur effects that data augmentation uses.

    ImageEffect[image, "effect"], ImageEffect[image, {"effect", params…}]

    {"Noise", a}            zero-mean uniform noise of amplitude a (from -a to a; 0.1)
    {"GaussianNoise", σ}    zero-mean Gaussian noise of standard deviation σ (0.1)
    {"SaltPepperNoise", p}  a fraction p of the pixels (0.1) black or white, alike likely
    {"Posterization", n}    n levels in each channel (4)
    {"Solarization", t}     values above t inverted (1 - x; t = 0.5)
    {"Jitter", r}           each pixel from a random place in its range-r neighbourhood (1)
    {"MotionBlur", d, α}    the average along a line of d pixels (5) at the angle α (0)

The random effects draw from the session's generator (SeedRandom repeats them).  The
colour channels are changed, an alpha channel kept; the image keeps its type (values
clipped to it).  The amounts where WL's documentation gives none are this implementation's.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.image import Image, with_data, keeps_display_options, message_slots
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_DEFAULTS = {"Noise": (0.1,), "GaussianNoise": (0.1,), "SaltPepperNoise": (0.1,),
             "Posterization": (4,), "Solarization": (0.5,), "Jitter": (1,),
             "MotionBlur": (5, 0.0)}
_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "effect": "`1` is not an image effect of ImageEffect (\"Noise\", \"GaussianNoise\", "
              "\"SaltPepperNoise\", \"Posterization\", \"Solarization\", \"Jitter\", "
              "\"MotionBlur\", with their parameters).",
}


def _effect(spec):
    """(name, parameters as floats) with the defaults filled in; None if invalid."""
    name, given = (spec, []) if type(spec) is String else (
        (spec.args[0], list(spec.args[1:])) if is_list(spec) and spec.args else (None, []))
    if type(name) is not String or name.value not in _DEFAULTS:
        return None
    defaults = _DEFAULTS[name.value]
    values = [number(g) for g in given]
    if len(values) > len(defaults) or None in values:
        return None
    params = values + list(defaults[len(values):])
    if name.value in ("Posterization",) and (params[0] < 2 or params[0] != int(params[0])):
        return None
    if name.value in ("Noise", "GaussianNoise", "SaltPepperNoise", "Jitter", "MotionBlur") \
            and params[0] < 0:
        return None
    return name.value, params


def _motion_kernel(length: float, angle: float) -> np.ndarray:
    """A line of ``length`` pixels at ``angle`` (counterclockwise from the x axis), as a
    normalised kernel (rows from the top)."""
    n = max(1, int(round(length)))
    half = (n - 1) / 2.0
    steps = np.linspace(-half, half, max(n * 4, 1))
    xs = np.round(steps * np.cos(angle)).astype(int)
    ys = np.round(-steps * np.sin(angle)).astype(int)            # rows run downwards
    size = 2 * int(np.ceil(half)) + 1
    kernel = np.zeros((size, size))
    centre = size // 2
    kernel[ys + centre, xs + centre] = 1.0
    return kernel / kernel.sum()


def _apply(name: str, params: list, colour: np.ndarray, rng) -> np.ndarray:
    """The effect on (h, w, c) colour values."""
    from scipy import ndimage
    if name == "Noise":
        return colour + rng.uniform(-params[0], params[0], size=colour.shape)
    if name == "GaussianNoise":
        return colour + rng.normal(0.0, params[0], size=colour.shape)
    if name == "SaltPepperNoise":
        hit = rng.random(colour.shape[:2]) < params[0]
        salt = rng.random(colour.shape[:2]) < 0.5
        out = colour.copy()
        out[hit & salt] = 1.0
        out[hit & ~salt] = 0.0
        return out
    if name == "Posterization":
        n = int(params[0])
        return np.floor(np.clip(colour, 0.0, 1.0) * n).clip(0, n - 1) / (n - 1)
    if name == "Solarization":
        return np.where(colour > params[0], 1.0 - colour, colour)
    if name == "Jitter":
        r = int(round(params[0]))
        h, w = colour.shape[:2]
        rows = np.clip(np.arange(h)[:, None] + rng.integers(-r, r + 1, size=(h, w)), 0, h - 1)
        cols = np.clip(np.arange(w)[None, :] + rng.integers(-r, r + 1, size=(h, w)), 0, w - 1)
        return colour[rows, cols]
    kernel = _motion_kernel(params[0], params[1])                  # "MotionBlur"
    return np.stack([ndimage.convolve(colour[:, :, k], kernel, mode="nearest")
                     for k in range(colour.shape[2])], axis=2)


@builtin("ImageEffect", argc=2, messages=_MESSAGES,
         usage="ImageEffect[image, \"effect\"] or ImageEffect[image, {\"effect\", params…}] "
               "applies an effect: {\"Noise\", a}, {\"GaussianNoise\", σ}, "
               "{\"SaltPepperNoise\", p}, {\"Posterization\", n}, {\"Solarization\", t}, "
               "{\"Jitter\", r}, {\"MotionBlur\", d, α}.",
         examples=(('ImageData[ImageEffect[Image[{{0.25, 0.75}}], {"Solarization", 0.5}]]',
                    "{{0.25, 0.25}}"),))
@keeps_display_options
def image_effect(ev, img, spec):
    if type(img) is not Image:
        ev.message(Symbol("ImageEffect"), "imginv", *message_slots(img))
        return None
    effect = _effect(spec)
    if effect is None:
        ev.message(Symbol("ImageEffect"), "effect", spec)
        return None
    values = img.reals().copy()
    colour = img.channels - (1 if img.has_alpha else 0)
    values[:, :, :colour] = _apply(*effect, values[:, :, :colour], ev.rng)
    if img.image_type != "Real32" and img.image_type != "Real64":
        values = np.clip(values, 0.0, 1.0)
    return with_data(img, values)
