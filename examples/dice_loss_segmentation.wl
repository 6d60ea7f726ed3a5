(* Image segmentation trained with a soft Dice loss, in the manner of a medical-imaging
   package's U-net tools (QMRITools): a residual block whose two branches meet in
   "tot" -> {TotalLayer[], Ramp} (a chain that starts with a port-list layer takes one
   input port per edge), a per-pixel class map (TransposeLayer then SoftmaxLayer on the
   class level), and the Dice loss written as a NetGraph of ThreadingLayers and
   AggregationLayers, trained by naming its port (LossFunction -> "Dice").  The data are
   8x8 images with a bright square; the target is its one-hot mask.  Written with
   RandomSeeding and TrainingProgressReporting -> None so that every run prints the same.
   Run with `wlnet examples/dice_loss_segmentation.wl`. *)

SeedRandom[3];
square[{r_, c_}] := Table[Boole[r <= i < r + 3 && c <= j < c + 3], {i, 8}, {j, 8}];
masks = square /@ RandomInteger[{1, 6}, {40, 2}];
images = {Clip[# + RandomReal[{-0.2, 0.2}, {8, 8}], {0, 1}]} & /@ masks;
oneHot[m_] := Map[{1 - #, #} &, m, {2}];       (* 8x8x2: background, square *)

conv[n_] := {ConvolutionLayer[n, 3, "PaddingSize" -> 1], Ramp};
resBlock[n_] := NetGraph[<|"long" -> Join[conv[n], {ConvolutionLayer[n, 3, "PaddingSize" -> 1]}],
    "short" -> ConvolutionLayer[n, 1], "tot" -> {TotalLayer[], Ramp}|>,
  {{"long", "short"} -> "tot"}];
net = NetChain[{resBlock[8], ConvolutionLayer[2, 1], TransposeLayer[{3, 1, 2}], SoftmaxLayer[]},
  "Input" -> {1, 8, 8}];

(* 1 - (2 TP + 1)/(Total[x^2] + Total[y^2] + 1), per example, over both classes *)
diceLoss = NetGraph[<|
    "tp" -> {ThreadingLayer[#1 #2 &], AggregationLayer[Total, ;; -2]},
    "in" -> {ElementwiseLayer[#^2 &], AggregationLayer[Total, ;; -2]},
    "tg" -> {ElementwiseLayer[#^2 &], AggregationLayer[Total, ;; -2]},
    "dice" -> {ThreadingLayer[1. - (2 #1 + 1)/(#2 + #3 + 1) &], AggregationLayer[Mean, 1]}|>,
  {{NetPort["Target"], NetPort["Input"]} -> "tp", NetPort["Input"] -> "in",
   NetPort["Target"] -> "tg", {"tp", "in", "tg"} -> "dice" -> NetPort["Loss"]},
  "Loss" -> "Real"];
training = NetGraph[<|"net" -> net, "Dice" -> diceLoss|>,
  {"net" -> NetPort["Dice", "Input"], NetPort["Target"] -> NetPort["Dice", "Target"],
   "Dice" -> NetPort["Dice"]}];

data = <|"Input" -> images, "Target" -> oneHot /@ masks|>;
init = NetInitialize[training, RandomSeeding -> 1];
before = Mean[init[data]];
trained = NetTrain[init, data, LossFunction -> "Dice", MaxTrainingRounds -> 150,
  BatchSize -> 10, RandomSeeding -> 1, Method -> {"ADAM", "LearningRate" -> 0.01},
  TrainingProgressReporting -> None];
after = Mean[trained[data]];
segment = NetExtract[trained, "net"];
predicted = Map[Boole[Last[#] > 0.5] &, segment[images[[1]]], {2}];

Print["ports of the training graph: ", Sort[Keys[Information[training, "InputPorts"]]],
  " -> ", Keys[Information[training, "OutputPorts"]]];
Print["the residual block's sum has the two branches as inputs: ",
  Length[Information[NetExtract[net, {1, "tot"}], "InputPorts"]] == 2];
Print["class map of an image: ", Dimensions[segment[images[[1]]]]];
Print["the Dice loss fell below a third of where it started: ", after < before/3];
Print["pixels of the first square found: ", Total[predicted masks[[1]], 2], " of ",
  Total[masks[[1]], 2]];
