(* A character-level language model: an LSTM learns which character follows each window of a
   short text, then writes new text one character at a time, carrying its recurrent state
   between calls in a NetStateObject and drawing each character with the decoder's
   "RandomSample" property.  SeedRandom and RandomSeeding make every run print the same.
   Run with `wlnet examples/char_lm.wl`. *)

SeedRandom[1];
text = StringRepeat["the cat sat on the mat. ", 3];
chars = Union[Characters[text]];
Print["characters: ", Length[chars], ", text length: ", StringLength[text]];

(* every stretch of the text, from 1 to 30 characters long and starting anywhere in its
   first period, -> the character after it: the net learns to continue from any context *)
data = Flatten[Table[StringTake[text, {i, i + n - 1}] -> StringTake[text, {i + n}],
  {i, 24}, {n, 30}]];
Print["training pairs: ", Length[data], ", e.g. ", data[[5]]];

lm = NetChain[{EmbeddingLayer[8], LongShortTermMemoryLayer[24], SequenceLastLayer[],
    LinearLayer[Length[chars]], SoftmaxLayer[]},
  "Input" -> NetEncoder[{"Characters", chars}],
  "Output" -> NetDecoder[{"Class", chars}]];

trained = NetTrain[lm, data, BatchSize -> 32, MaxTrainingRounds -> 20, LearningRate -> 0.01,
  RandomSeeding -> 3, TrainingProgressReporting -> None];

accuracy = Mean[Boole[MapThread[SameQ, {trained[Keys[data]], Values[data]}]]];
Print["next-character accuracy on the training stretches: ", Round[N[accuracy], 0.05]];
Print["after \"the ca\": ", trained["the ca"], ", with probability above 0.99: ",
  trained["the ca", "Probability" -> "t"] > 0.99];

(* generation: prime the state with a prefix, then feed back each character drawn *)
generate[prefix_, n_, temperature_] := Module[{s = NetStateObject[trained], c},
  c = s[prefix, {"RandomSample", "Temperature" -> temperature}];
  StringJoin[prefix, c, Table[c = s[c, {"RandomSample", "Temperature" -> temperature}], n - 1]]];

SeedRandom[4];
Print["greedy-ish (T = 0.1): ", generate["the ", 40, 0.1]];
Print["sampled (T = 2):      ", generate["on ", 40, 2]];
