"""Importing this module registers every plotting function with the builtin registry."""

from wlnet.graphics.plots import (arrays, bar_chart, bivariate_histograms,  # noqa: F401
                                  box_whisker, bubble_chart, charts, charts3d,
                                  community_plot, dated, dated_charts, dendrogram,
                                  densities, distribution_chart, features, fractals,
                                  functions,
                                  graph_plots, isosurfaces, lists, number_line,
                                  paired_charts, parametric3d, probability_plots, regions,
                                  sector_chart, surfaces, vectors, word_cloud)
