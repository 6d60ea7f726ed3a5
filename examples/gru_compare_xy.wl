(* The second application on the GatedRecurrentLayer page (../shared/reference/GatedRecurrentLayer.md):
   a GatedRecurrentLayer reads a string of x's, y's and spaces and predicts Less, Equal or Greater
   by comparing the number of x's and y's.  The statements are the page's, verbatim. *)

alphabet = {"x", "y", " "};
inputs = Flatten@Table[StringJoin /@ Tuples[alphabet, n], {n, 1, 8}];
cmpXY[str_] := Switch[Sign[StringCount[str, "x"] - StringCount[str, "y"]], -1, Less, 0, Equal, 1, Greater];
outputs = cmpXY /@ inputs;
trainingData = Thread[inputs -> outputs];
RandomSample[trainingData, 4]//InputForm

net = NetChain[{UnitVectorLayer[], GatedRecurrentLayer[5], SequenceLastLayer[], LinearLayer[3], SoftmaxLayer[]}, "Input" -> NetEncoder[{"Characters", alphabet}], "Output" -> NetDecoder[{"Class", {Less, Equal, Greater}}]];

trained = NetTrain[net, trainingData, BatchSize -> 64, MaxTrainingRounds -> 100, ValidationSet -> Scaled[0.2]]

trained[{"xxy", "xyy", "xyxy"}]

NetMeasurements[trained, trainingData, "Accuracy"]

(* The final checks (the page shows {Greater, Less, Equal} and 1.) *)
Print[trained[{"xxy", "xyy", "xyxy"}]];
Print[NetMeasurements[trained, trainingData, "Accuracy"]];
