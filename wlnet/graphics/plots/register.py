"""Importing this module registers every plotting function with the builtin registry."""

from wlnet.graphics.plots import (arrays, charts, dated, densities, functions,  # noqa: F401
                                   lists, regions, surfaces, vectors)
