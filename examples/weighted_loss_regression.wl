(* Example-weighted training, as a Wolfram Community question on weighted least squares
   writes it: the net's mean squared loss is multiplied by a per-example "Weight" input in a
   training NetGraph (ThreadingLayer[Times]), and NetTrain minimises that port
   (LossFunction -> "WeightedLoss").  The data lie on a line but for one outlier; a small
   weight on the outlier keeps the fit on the line.  The net leaves its sizes open: NetTrain
   reads a scalar input, a scalar target and a scalar weight from the data.  Written here in
   the program's manner, with RandomSeeding and TrainingProgressReporting -> None (so every
   run prints the same) and rounded output.  Run with `wlnet examples/weighted_loss_regression.wl`. *)

xs = Range[0., 5., 0.25];
ys = 1. + 1.4 xs;
ys[[13]] += 6.;                                   (* the outlier, at x = 3 *)
net = NetChain[{16, Tanh, 1}];
wGraph = NetGraph[<|"net" -> net, "loss" -> MeanSquaredLossLayer[],
    "times" -> ThreadingLayer[Times]|>,
  {"net" -> "loss", {NetPort["Weight"], "loss"} -> "times" -> NetPort["WeightedLoss"]}];
fitWith[weights_] := NetExtract[
  NetTrain[wGraph, <|"Input" -> xs, "Target" -> List /@ ys, "Weight" -> weights|>,
    LossFunction -> "WeightedLoss", MaxTrainingRounds -> 2000, RandomSeeding -> 1,
    Method -> {"ADAM", "LearningRate" -> 0.01},
    TrainingProgressReporting -> None], "net"];

plain = fitWith[ConstantArray[1., Length[xs]]];
weighted = fitWith[ReplacePart[ConstantArray[1., Length[xs]], 13 -> 0.01]];

Print["ports of the training graph: ", Sort[Keys[Information[wGraph, "InputPorts"]]], " -> ",
  Keys[Information[wGraph, "OutputPorts"]]];
Print["the line at x = 3: ", 1. + 1.4*3];
Print["equal weights: the outlier pulls the fit at x = 3 above the line by more than 0.5: ",
  First[plain[3.]] > 5.7];
Print["outlier weighted 0.01: the fit at x = 3 is within 0.2 of the line: ",
  Abs[First[weighted[3.]] - 5.2] < 0.2];
Print["away from the outlier (x = 1) both fits are within 0.2 of the line: ",
  Abs[First[plain[1.]] - 2.4] < 0.2 && Abs[First[weighted[1.]] - 2.4] < 0.2];
