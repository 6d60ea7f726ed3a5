(* Sequence to sequence with teacher forcing: the integer-addition net of the Wolfram
   Language's own neural-net tutorials, as the NeuralNetworks` package builds it (its
   "IntegerAdditionTutorialNet" and "IntegerAdditionTutorialData", a public GitHub file).
   An encoder GRU reads "12+34"; its last state starts a decoder GRU that is fed the target
   "46" shifted by one character and predicts it; the loss is inside the net, and the data
   are plain rules input -> target.  Shrunk to run in seconds: sums of numbers below 100,
   300 examples, GRUs of 32, few rounds.  (The package writes the target alphabet
   {DigitCharacter, {StartOfString, EndOfString} -> Automatic}, one code for both marks;
   here each mark has its own code, hence UnitVectorLayer[12].)
   Run with `wlnet examples/integer_addition_seq2seq.wl`. *)

SeedRandom[1];
targetEnc = NetEncoder[{"Characters", {DigitCharacter, StartOfString, EndOfString}}];
inputEnc = NetEncoder[{"Characters", {DigitCharacter, "+"}}];
encoderNet = NetChain[{UnitVectorLayer[], GatedRecurrentLayer[32], SequenceLastLayer[]}];
decoderNet = NetGraph[{
	UnitVectorLayer[12], SequenceMostLayer[],
	GatedRecurrentLayer[32], NetMapOperator[LinearLayer[]], SoftmaxLayer[]},
	{NetPort["Input"] -> 1 -> 2 -> 3 -> 4 -> 5, NetPort["State"] -> NetPort[3, "State"]}
];
trainingNet = NetGraph[
	<|"encoder" -> encoderNet, "decoder" -> decoderNet, "loss" -> CrossEntropyLossLayer["Index"], "rest" -> SequenceRestLayer[]|>,
	{NetPort["Input"] -> "encoder" -> NetPort["decoder","State"], NetPort["Target"] -> NetPort["decoder","Input"],
	"decoder" -> NetPort["loss","Input"], NetPort["Target"] -> "rest" -> NetPort["loss","Target"]},
	"Input" -> inputEnc,"Target"->targetEnc
];

makeIARule[a_, b_] := IntegerString[a] <> "+" <> IntegerString[b] -> IntegerString[a + b];
data = RandomSample[Flatten @ Table[makeIARule[i, j], {i, 0, 99}, {j, 0, 99}], 300];
{testData, trainData} = TakeDrop[data, 30];
Print["training examples: ", Length[trainData], ", e.g. ", trainData[[;; 3]]];

results = NetTrain[trainingNet, trainData, All, ValidationSet -> testData, MaxTrainingRounds -> 5,
  RandomSeeding -> 2, TrainingProgressReporting -> None];
trained = results["TrainedNet"];
losses = results["RoundLossList"];
Print["the loss falls: ", Last[losses] < First[losses], "; test loss below the first round's: ",
  NetMeasurements[trained, testData, "Loss"] < First[losses]];

(* the trained encoder, given its input encoder back, maps a sum to the decoder's start *)
encoder = NetReplacePart[NetExtract[trained, "encoder"], "Input" -> inputEnc];
Print["the encoder's state for \"12+34\": ", Dimensions[encoder["12+34"]], " numbers"];
