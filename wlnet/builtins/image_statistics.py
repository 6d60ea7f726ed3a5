"""The descriptive statistics of an image's pixel values: Mean[image], Median[image],
Quantile[image, q], Variance[image], StandardDeviation[image], RootMeanSquare[image].

Each is the statistic of the list of the image's pixels: the values of a one-channel image,
the channel vectors of a colour one (so one result per channel, as Mean of a matrix gives
one per column).  Registered as upvalues of the statistics functions on the Image atom, the
way TimeSeries's are (time_series.py), so that the functions themselves stay as they are.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Symbol
from wlnet.core.image import Image
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin_upvalue

STATISTICS = ("Mean", "Median", "Quantile", "Variance", "StandardDeviation",
              "RootMeanSquare")


def pixel_list(image: Image) -> Expr:
    """The image's pixels in row order: numbers for one channel, else channel vectors."""
    values = image.reals().reshape(-1, image.channels)
    return list_from_array(values[:, 0] if image.channels == 1 else values)


def _of_pixels(outer: str):
    def apply(ev, data, *rest):
        if type(data) is not Image:
            return None
        return ev.evaluate(Expr(Symbol(outer), pixel_list(data), *rest))
    return apply


for _outer in STATISTICS:
    builtin_upvalue(_outer, "Image")(_of_pixels(_outer))
