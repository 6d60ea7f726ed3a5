(* Transfer learning as a public pyrolysis-yield script writes it (a package on GitHub): a
   general model of LinearLayer + ElementwiseLayer["SELU"] + DropoutLayer["AlphaDropout"]
   blocks, then NetTake of all but its last layer, NetJoin of a new head, and
   LearningRateMultipliers that freeze the first blocks by position; NetMeasurements gives
   {"RSquared", "StandardDeviation"}.  The data here are a generated table (the script reads
   an Excel sheet), cut with Complement and ArrayFlatten as the script does.
   Run with `wlnet examples/transfer_learning_freeze.wl`. *)

SeedRandom[4];
table = Standardize[Table[With[{x = RandomReal[1, 5]}, Append[x, {1, -2, 0.5, 1, 0} . x]], 120]];
{general, rest} = TakeDrop[table, 80];
transferData = rest[[;; 20]]; testingData = Complement[rest, transferData];
trainingData = ArrayFlatten[{{general[[;; 40]]}, {general[[41 ;;]]}}];
toData[rows_] := MapThread[<|"Input" -> #1, "Output" -> List@#2|> &, {rows[[;; , 1 ;; 5]], rows[[;; , 6]]}];

module[rate_] := NetChain[{LinearLayer[16], ElementwiseLayer["SELU"], DropoutLayer[rate, "Method" -> "AlphaDropout"]}];
net = NetChain[Join[Table[module[0.01], 3], {LinearLayer[]}], "Input" -> 5];
customNet = NetTrain[net, toData[trainingData], MaxTrainingRounds -> 20, RandomSeeding -> 1,
  TrainingProgressReporting -> None];

truncatedNet = NetTake[customNet, {1, -2}];
newNet = NetJoin[truncatedNet, NetChain[{module[0.0], LinearLayer[]}]];
multipliers = Flatten[{Array[(# -> 0) &, 3], (# -> 1) & /@ Range[4, 5]}];
transferNet = NetTrain[newNet, toData[transferData], LearningRateMultipliers -> multipliers,
  MaxTrainingRounds -> 20, RandomSeeding -> 2, TrainingProgressReporting -> None];

Print["blocks: ", Length[customNet], " -> ", Length[newNet]];
Print["frozen blocks unchanged: ",
  And @@ Table[NetExtract[transferNet, {k, 1, "Weights"}] === NetExtract[customNet, {k, 1, "Weights"}], {k, 3}]];
Print["new head initialized and trained: ", MatchQ[NetExtract[transferNet, {4, 1, "Weights"}], _NumericArray]];
{r2, std} = NetMeasurements[transferNet, toData[testingData], {"RSquared", "StandardDeviation"}];
Print["measurements are numbers: ", VectorQ[{r2, std}, NumericQ], ", std > 0: ", std > 0];
