"""Importing this module registers every plotting function with the builtin registry."""

from wlnet.graphics.plots import (arrays, charts, dated, densities, features,  # noqa: F401
                                  functions, graph_plots, histogram3d, lists, regions, surfaces,
                                  vectors)
