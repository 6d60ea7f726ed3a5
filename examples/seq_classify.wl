(* Sequence classification with attention pooling: strings of the letters a-d, 4 to 12 long,
   are "match" when they contain "ab" and "other" otherwise.  Characters are embedded, read
   in both directions by a bidirectional LSTM, and pooled by an AttentionLayer whose query is
   the last step's reading; a softmax names the class.  The accuracy on new strings is
   printed and checked.  Run with `wlnet examples/seq_classify.wl`. *)

SeedRandom[2];
letters = {"a", "b", "c", "d"};
label[s_] := If[StringContainsQ[s, "ab"], "match", "other"];
randomString[] := StringJoin[RandomChoice[letters, RandomInteger[{4, 12}]]];
(* as many strings of each class *)
examples[n_] := Module[{pool = Table[randomString[], 6 n], m, o},
  m = Select[pool, label[#] == "match" &]; o = Select[pool, label[#] == "other" &];
  RandomSample[Join[Thread[Take[m, n] -> "match"], Thread[Take[o, n] -> "other"]]]];
train = examples[150];
test = examples[50];
Print["training strings: ", Length[train], ", test strings: ", Length[test], ", e.g. ",
  train[[;; 3]]];

net = NetGraph[<|
    "embed" -> EmbeddingLayer[8],
    "read" -> NetBidirectionalOperator[LongShortTermMemoryLayer[12]],
    "last" -> SequenceLastLayer[],
    "pool" -> AttentionLayer["ScoreRescaling" -> "DimensionSqrt"],
    "classify" -> LinearLayer[2],
    "probs" -> SoftmaxLayer[]|>,
  {NetPort["Input"] -> "embed" -> "read",
   "read" -> NetPort["pool", "Key"], "read" -> NetPort["pool", "Value"],
   "read" -> "last" -> NetPort["pool", "Query"],
   "pool" -> "classify" -> "probs"},
  "Input" -> NetEncoder[{"Characters", letters}],
  "Output" -> NetDecoder[{"Class", {"match", "other"}}]];

trained = NetTrain[net, train, BatchSize -> 25, MaxTrainingRounds -> 25, LearningRate -> 0.01,
  RandomSeeding -> 5, TrainingProgressReporting -> None];

accuracy = Mean[Boole[MapThread[SameQ, {trained[Keys[test]], Values[test]}]]];
Print["test accuracy (to 0.1): ", Round[N[accuracy], 0.1]];
Print["test accuracy at least 0.9: ", accuracy >= 0.9];
Print["classified: ", Thread[{"cdab", "dddd", "abcd", "bacd", "ccccccccab"} ->
  trained[{"cdab", "dddd", "abcd", "bacd", "ccccccccab"}]]];
Print["attention output size: ", NetExtract[trained, {"pool", "ValueSize"}]];
