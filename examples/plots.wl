(* Plots and graphics exported to PNG and SVG.
   Run with `wlnet -print all examples/plots.wl [DIR]`: each Export prints the file it
   wrote, in DIR (the current directory when no DIR is given). *)

dir = If[Length[$ScriptCommandLine] > 1, $ScriptCommandLine[[2]], "."];
file[name_] := dir <> "/" <> name;

(* Two functions with a legend; Plot evaluates them at numeric points only *)
waves = Plot[{Sin[x], Cos[x]}, {x, 0, 2 Pi}, PlotLegends -> {"sin", "cos"},
   AxesLabel -> {"x", "y"}];
Export[file["waves.png"], waves]
Export[file["waves.svg"], waves]

(* Sqrt is not real for x < 0: the curve starts where it is; the "Detailed" theme frames it *)
root = Plot[Sqrt[x], {x, -1, 4}, PlotTheme -> "Detailed", Filling -> Axis,
   PlotLabel -> "Sqrt[x]"];
Export[file["root.png"], root]

(* Data: joined points, a histogram, a matrix *)
SeedRandom[42];
noisy = Table[Sin[i/5.] + RandomReal[{-0.2, 0.2}], {i, 60}];
Export[file["noisy.png"], ListPlot[noisy, Joined -> True, PlotLabel -> "a noisy sine"]]
Export[file["histogram.svg"], Histogram[RandomReal[1, 200], {0.1}]]
Export[file["matrix.png"], MatrixPlot[Table[Sin[i j/4.], {i, 8}, {j, 8}]]]
Export[file["decades.png"], ListLogPlot[Table[2.^k, {k, 0, 12}], Joined -> True]]

(* A function of two variables *)
Export[file["contours.png"], ContourPlot[Sin[x] Cos[y], {x, 0, 2 Pi}, {y, 0, 2 Pi},
   PlotPoints -> 40]]

(* Graphics primitives and directives *)
shapes = Graphics[{Red, Disk[{0, 0}, 1], Blue, Thick, Circle[{2.5, 0}, 1],
    Black, Arrow[{{0, 0}, {2.5, 0}}], Text["wlnet", {1.25, 1.3}]}, Axes -> True];
Export[file["shapes.svg"], shapes]

(* Several graphics side by side *)
Export[file["row.png"], GraphicsRow[{waves, root, shapes}]]
