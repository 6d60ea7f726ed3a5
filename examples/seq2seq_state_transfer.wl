(* Sequence to sequence by state transfer, as the Mathematica StackExchange question "Can someone
   help me to understand sequence-to-sequence transformation using (Wolfram-specific) recurrent
   neural nets?" and its comments describe it: an encoder GRU reads the input, its final state
   (NetPort[{"encoder", "State"}]) becomes the initial state of a decoder GRU, which is trained by
   teacher forcing (SequenceMostLayer of the target in, SequenceRestLayer of it as the target).
   At the end the decoder runs one character at a time from a NetStateObject seeded with the
   encoder's state, until it gives EndOfString.  The task: reverse strings of two to four of the letters a-e.  Written here
   in that manner, with SeedRandom/RandomSeeding and TrainingProgressReporting -> None so every
   run prints the same.  Run with `wlnet examples/seq2seq_state_transfer.wl`. *)

SeedRandom[21];
chars = Characters["abcde"];
words = Table[StringJoin[RandomChoice[chars, RandomInteger[{2, 4}]]], {1200}];
marks = Join[chars, {StartOfString, EndOfString}];
inEnc = NetEncoder[{"Characters", chars, "UnitVector"}];
outEnc = NetEncoder[{"Characters", {chars, {StartOfString, EndOfString}}}];

trainNet = NetGraph[<|
    "encoder" -> GatedRecurrentLayer[48],
    "most" -> SequenceMostLayer[], "rest" -> SequenceRestLayer[],
    "embed" -> EmbeddingLayer[16], "decoder" -> GatedRecurrentLayer[48],
    "classify" -> NetMapOperator[LinearLayer[]], "softmax" -> SoftmaxLayer[],
    "loss" -> CrossEntropyLossLayer["Index"]|>,
  {NetPort["Input"] -> "encoder",
   NetPort[{"encoder", "State"}] -> NetPort["decoder", "State"],
   NetPort["Target"] -> "most" -> "embed" -> "decoder" -> "classify" -> "softmax" -> NetPort["loss", "Input"],
   NetPort["Target"] -> "rest" -> NetPort["loss", "Target"]},
  "Input" -> inEnc, "Target" -> outEnc];
trained = NetTrain[trainNet, Map[# -> StringReverse[#] &, words], MaxTrainingRounds -> 12,
   BatchSize -> 32, LearningRate -> 0.01, RandomSeeding -> 1, TrainingProgressReporting -> None];

(* the encoder alone, giving its final state; the decoder as a one-step chain *)
encoder = NetGraph[<|"encoder" -> NetExtract[trained, "encoder"]|>,
   {NetPort[{"encoder", "State"}] -> NetPort["State"]}, "Input" -> inEnc];
step = NetChain[<|"embed" -> NetExtract[trained, "embed"], "decoder" -> NetExtract[trained, "decoder"],
    "classify" -> NetExtract[trained, "classify"], "softmax" -> NetExtract[trained, "softmax"],
    "last" -> SequenceLastLayer[]|>, "Output" -> NetDecoder[{"Class", marks}]];
decode[word_] := Module[{obj, out = {}, c = StartOfString},
   obj = NetStateObject[step, <|{"decoder", "State"} -> encoder[word, "State"]|>];
   While[Length[out] < 10,
    c = obj[{First[FirstPosition[marks, c]]}];
    If[c === EndOfString, Break[]];
    AppendTo[out, c]];
   StringJoin[out]];

Print["the encoder's state for \"abc\": a vector of ", Length[encoder["abc", "State"]]];
Print["decode[\"abcd\"] = ", decode["abcd"], ", decode[\"eeab\"] = ", decode["eeab"]];
test = RandomSample[Complement[StringJoin /@ Tuples[chars, 4], words], 100];  (* four-letter words never seen *)
Print["100 four-letter words not in the training data, reversed exactly: at least 90%: ",
  Mean[Boole[decode[#] == StringReverse[#]] & /@ test] >= 0.9];
