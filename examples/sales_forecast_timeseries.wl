(* Forecasting daily sales held in a TimeSeries, as time-series posts on Wolfram Community
   and Mathematica StackExchange do it: the series carries dates; its values are rescaled to
   [0, 1] and cut into windows of 14 days, each followed by the next day's value; a small net
   learns the next day from a window; the last 14 days of the training part are fed back
   day by day to forecast a week, which becomes a TimeSeries starting the day after.  The data
   are made here (a trend, a weekly rhythm and noise) in place of a downloaded file.  Written
   with SeedRandom, RandomSeeding and TrainingProgressReporting -> None, so that every run
   prints the same.  Run with `wlnet examples/sales_forecast_timeseries.wl`. *)

SeedRandom[7];
days = 140;
sales = Table[50 + 0.1 t + 8 Sin[2 Pi t/7] + RandomReal[{-1, 1}], {t, days}];
ts = TimeSeries[sales, {DateObject[{2024, 1, 1}], Automatic, "Day"}];
Print["series: ", ts["PathLength"], " days from ", DateString[ts["FirstDate"], "ISODate"],
  " to ", DateString[ts["LastDate"], "ISODate"]];

(* the last week is held out; the model sees the days before it *)
train = TimeSeriesWindow[ts, {ts["FirstDate"], DatePlus[ts["LastDate"], -7]}];
test = TimeSeriesWindow[ts, {DatePlus[ts["LastDate"], -6], ts["LastDate"]}];
Print["train and test days: ", {train["PathLength"], test["PathLength"]}];

{lo, hi} = MinMax[train];
scaled = Rescale[train["Values"], {lo, hi}];
windows = Partition[scaled, 15, 1];
data = Most[#] -> Last[#] & /@ windows;
Print["training windows: ", Length[data], " of ", Length[data[[1, 1]]], " days"];

net = NetChain[{32, Tanh, LinearLayer[]}, "Input" -> 14, "Output" -> "Real"];
trained = NetTrain[net, data, MaxTrainingRounds -> 300, RandomSeeding -> 1,
  Method -> {"ADAM", "LearningRate" -> 0.01}, TrainingProgressReporting -> None];

(* a week ahead, each forecast fed back as the newest day of the window *)
forecastScaled = Rest[NestList[Append[Rest[#], trained[#]] &, Take[scaled, -14], 7][[All, -1]]];
forecast = TimeSeries[Rescale[forecastScaled, {0, 1}, {lo, hi}],
  {DatePlus[train["LastDate"], 1], Automatic, "Day"}];
Print["forecast starts on the test week's first day: ", forecast["FirstDate"] == test["FirstDate"]];
error = RootMeanSquare[forecast["Values"] - test["Values"]];
Print["root mean square error of the week below 3 (the weekly swing is 16): ", error < 3];
Print["a week's 3-day moving average keeps the dates of its window ends: ",
  MovingAverage[forecast, 3]["FirstDate"] == DatePlus[forecast["FirstDate"], 2]];
plot = DateListPlot[{ts, forecast}, PlotLegends -> {"sales", "forecast"}];
Print["plot: ", Head[plot]];
