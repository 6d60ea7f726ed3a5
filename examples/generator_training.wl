(* Training from a generator function: NetTrain calls the function for every batch with
   <|"BatchSize" -> n, "Round" -> r, "AbsoluteBatch" -> k|> and trains on what it returns,
   so the data can be made fresh for every batch (augmentation, simulation, sampling).
   Run with `wlnet examples/generator_training.wl`. *)

SeedRandom[1];

(* noisy samples of the line y = 2 x + 1, new ones for every batch *)
line[request_] := Table[
  With[{x = RandomReal[{-1, 1}]}, {x} -> {2 x + 1 + RandomReal[{-0.01, 0.01}]}],
  request["BatchSize"]];

net = NetChain[{LinearLayer[1]}, "Input" -> 1];

(* by default a round is one batch *)
trained = NetTrain[net, line, BatchSize -> 32, MaxTrainingRounds -> 500,
  LearningRate -> 0.05, RandomSeeding -> 7, TrainingProgressReporting -> None];
Print["slope and intercept: ", Round[Flatten[Normal /@ Values@NetExtract[trained, {1, "Arrays"}]], 0.01]];

(* {f, "RoundLength" -> n}: a round is as many batches as make n examples *)
results = NetTrain[net, {line, "RoundLength" -> 256}, All, BatchSize -> 32,
  MaxTrainingRounds -> 3, RandomSeeding -> 7, TrainingProgressReporting -> None];
Print["batches per round: ", results["BatchesPerRound"]];
Print["batches in all: ", Length[results["BatchLossList"]]];

(* what the function is asked for *)
asked = {};
recorder[request_] := (AppendTo[asked, request["Round"] -> request["AbsoluteBatch"]];
  Table[{0.} -> {1.}, request["BatchSize"]]);
NetTrain[net, {recorder, "RoundLength" -> 64}, BatchSize -> 32, MaxTrainingRounds -> 2,
  TrainingProgressReporting -> None];
Print["round -> batch: ", asked];
