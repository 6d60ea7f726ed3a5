"""The plotting functions: each builds an ordinary ``Graphics`` expression (or
``Legended[Graphics[…], legend]`` with PlotLegends) from numbers; nothing is drawn until
the result is shown or exported.

    common      options shared by every plot (PlotStyle, PlotLegends, PlotTheme, Filling…)
    themes      PlotTheme: base themes built from axes, colour and label feature themes
    sampling    evaluating a held function at numeric points, adaptively, with gaps, or
                on a whole grid through numpy when SymPy can translate it
    functions   Plot, LogPlot, ParametricPlot
    lists       ListPlot, ListLinePlot, ListLogPlot, ListLogLogPlot, ListStepPlot,
                ErrorListPlot (and error bars of Around values), DiscretePlot
    dated       DateListPlot
    dated_charts  DateHistogram (calendar bins), TimelinePlot
    arrays      ArrayPlot, MatrixPlot, ListDensityPlot, DensityPlot, ContourPlot,
                ListContourPlot; a classifier's ConfusionMatrixPlot
    bins        bin specs (named methods, explicit edges) and height specs
    charts      Histogram, HistogramList, PieChart
    paired_charts  PairedHistogram, PairedBarChart
    number_line NumberLinePlot (values, Intervals, solved conditions)
    box_whisker BoxWhiskerChart (box-and-whisker specs)
    distribution_chart  DistributionChart (violins)
    bubble_chart  BubbleChart
    sector_chart  SectorChart (SectorOrigin is read in charts, shared with PieChart)
    densities   SmoothHistogram
    regions     RegionPlot
    vectors     VectorPlot, StreamPlot
    surfaces    Plot3D, ListPlot3D, ListPointPlot3D
    isosurfaces ContourPlot3D (marching tetrahedra), ListSurfacePlot3D (arrays of points;
                clouds by Hoppe's signed distance)
    charts3d    BarChart3D, PieChart3D
    features    FeatureSpacePlot
    community_plot  CommunityGraphPlot
    dendrogram  Dendrogram, ClusteringTree (a Graph)
    register    imports them all (the builtin registry's entry point)
"""
