"""The plotting functions: each builds an ordinary ``Graphics`` expression (or
``Legended[Graphics[…], legend]`` with PlotLegends) from numbers; nothing is drawn until
the result is shown or exported.

    common      options shared by every plot (PlotStyle, PlotLegends, PlotTheme, Filling…)
    sampling    evaluating a held function at numeric points, adaptively, with gaps
    functions   Plot, LogPlot, ParametricPlot
    lists       ListPlot, ListLinePlot, ListLogPlot, ListLogLogPlot
    arrays      ArrayPlot, MatrixPlot, ListDensityPlot, DensityPlot, ContourPlot
    fields      VectorPlot, StreamPlot
    charts      Histogram, BarChart, PieChart
    register    imports them all (the builtin registry's entry point)
"""
