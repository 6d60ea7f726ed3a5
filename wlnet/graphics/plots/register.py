"""Importing this module registers every plotting function with the builtin registry."""

from wlnet.graphics.plots import (arrays, bar_chart, charts, dated, densities,  # noqa: F401
                                  features, functions, graph_plots, histogram3d, lists,
                                  parametric3d, regions, surfaces, vectors)
