(* Regression with prediction errors by Monte Carlo dropout, in the way a public Bayesian
   neural-network package builds its training graphs:
   - the loss graph is chosen by a definition whose body is Module[{locals}, graph /; test]:
     it applies only when the test on the locals holds, else the next definition does;
   - the net predicts a mean and a log-precision; the Gaussian negative log-likelihood is a
     ThreadingLayer of three inputs;
   - the "alpha-divergence" variant evaluates k dropout samples at once (ReplicateLayer and
     NetMapOperator) and pools their losses with a log-mean-exp graph, whose
     ReplicateLayer[Automatic] learns its size from the ThreadingLayer it feeds.
   Run with `wlnet examples/mc_dropout_regression.wl`. *)

gaussianLoss = ThreadingLayer[Function[{y, mu, logPrecision}, (mu - y)^2 Exp[logPrecision] - logPrecision]];
logMeanExp = NetGraph[<|"max" -> AggregationLayer[Max, 1], "copies" -> ReplicateLayer[Automatic],
    "minus" -> ThreadingLayer[Subtract], "exp" -> ElementwiseLayer[Exp], "mean" -> AggregationLayer[Mean, 1],
    "log" -> ThreadingLayer[Log[#1] + #2 &]|>,
   {NetPort["Input"] -> "max" -> "copies", {NetPort["Input"], "copies"} -> "minus" -> "exp" -> "mean",
    {"mean", "max"} -> "log"}];

lossGraph[net_, model_] := Module[{k = Lookup[model, "Samples", 0], alpha = Lookup[model, "Alpha", 1/2]},
  NetGraph[<|"xs" -> ReplicateLayer[k], "net" -> NetMapOperator[net], "mu" -> PartLayer[{All, 1}],
     "prec" -> PartLayer[{All, 2}], "ys" -> ReplicateLayer[k], "nll" -> gaussianLoss,
     "scale" -> ElementwiseLayer[-alpha #&], "pool" -> logMeanExp, "unscale" -> ElementwiseLayer[-#/alpha &]|>,
    {NetPort["Input"] -> "xs" -> "net", "net" -> "mu", "net" -> "prec", NetPort["Target"] -> "ys",
     {"ys", "mu", "prec"} -> "nll" -> "scale" -> "pool" -> "unscale" -> NetPort["Loss"]},
    "Input" -> "Real", "Target" -> "Real"] /; k > 0];
lossGraph[net_, _] := NetGraph[<|"net" -> net, "mu" -> PartLayer[1], "prec" -> PartLayer[2], "nll" -> gaussianLoss|>,
  {NetPort["Input"] -> "net" -> "mu", "net" -> "prec", {NetPort["Target"], "mu", "prec"} -> "nll" -> NetPort["Loss"]},
  "Input" -> "Real", "Target" -> "Real"];

net = NetChain[{LinearLayer[24], Tanh, DropoutLayer[0.1], LinearLayer[2]}, "Input" -> "Real"];
Print["plain loss graph layers: ", Length@Information[lossGraph[net, <||>], "Layers"]];
Print["alpha-divergence graph layers: ", Length@Information[lossGraph[net, <|"Samples" -> 5|>], "Layers"]];
Print["copies learnt by ReplicateLayer[Automatic]: ",
  NetExtract[lossGraph[net, <|"Samples" -> 5|>], {"pool", "copies", "Output"}]];

SeedRandom[2];
xs = RandomReal[{-1, 1}, 100];
data = <|"Input" -> xs, "Target" -> 2 xs + 1 + RandomVariate[NormalDistribution[0, 0.1], 100]|>;
result = NetTrain[lossGraph[net, <|"Samples" -> 5|>], data, All, LossFunction -> "Loss",
   MaxTrainingRounds -> 200, LearningRate -> 0.01, RandomSeeding -> 5, TrainingProgressReporting -> None];
Print["loss fell: ", Last[result["RoundLossList"]] < First[result["RoundLossList"]]];

trained = NetExtract[result["TrainedNet"], {"net", "Net"}];
samples = trained[ConstantArray[1., 200], NetEvaluationMode -> "Train"];
Print["mean prediction at x = 1 within 0.5 of 3: ", Abs[Mean[samples[[All, 1]]] - 3] < 0.5];
Print["the samples differ (dropout is on): ", StandardDeviation[samples[[All, 1]]] > 0];
