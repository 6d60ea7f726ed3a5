(* The first application on the GatedRecurrentLayer page (../shared/reference/GatedRecurrentLayer.md):
   stacked GatedRecurrentLayers read strings such as "18+41" and predict the sum.  The statements
   are the page's, verbatim. *)

enc = NetEncoder[{"Characters", {DigitCharacter, "+"}}];
makeRule[a_, b_] := IntegerString[a] <> "+" <> IntegerString[b] -> a + b;
trainingData = Flatten@Table[makeRule[i, j], {i, 0, 99}, {j, 0, 99}];
RandomSample[trainingData, 4]//InputForm

net = NetChain[{UnitVectorLayer[], GatedRecurrentLayer[40], GatedRecurrentLayer[30], SequenceLastLayer[], LinearLayer[1]}, "Input" -> enc, "Output" -> "Scalar"];

trained = NetTrain[net, trainingData, BatchSize -> 64, MaxTrainingRounds -> 200, ValidationSet -> Scaled[0.1]]

Round@trained[{"5+2", "10+25", "9+11", "44+44"}]

(* The final check (the page shows {7, 35, 20, 88}) *)
Print[Round@trained[{"5+2", "10+25", "9+11", "44+44"}]];
