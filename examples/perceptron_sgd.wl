(* A one-neuron perceptron trained by plain SGD on a mean squared loss, as a public
   "Wolfram Language vs TensorFlow" comparison writes it (a markdown post in a public GitHub
   repository).  The net leaves its sizes open (LinearLayer[]): NetTrain reads an input of
   size 3 and a scalar output from the data.  Kept as written but for RandomSeeding and
   TrainingProgressReporting -> None (so every run prints the same) and the rounding of what
   is printed.  Run with `wlnet examples/perceptron_sgd.wl`. *)

trainingSetInput = {{0, 1, 2}, {0, 0, 2}, {1, 1, 1}, {1, 0, 1}};
trainingSetOutput = {1, 0, 1, 0};
n = Length@trainingSetInput;
asso = Thread[trainingSetInput -> trainingSetOutput];
net = NetChain[{LinearLayer[], ElementwiseLayer["Sigmoid"]}];
trained = NetTrain[net, asso, MaxTrainingRounds -> 10000, LossFunction -> MeanSquaredLossLayer[],
  Method -> {"SGD", "LearningRate" -> 0.5}, BatchSize -> n, RandomSeeding -> 1,
  TrainingProgressReporting -> None];

Print["input port: ", Information[trained, "InputPorts"]];
Print["on the training inputs: ", Round[trained /@ trainingSetInput, 0.1]];
(* the second input decides: a new input with a 1 there gives 1, one without gives 0 *)
Print["trained[{0, 1, 0}] = ", Round[trained[{0, 1, 0}], 0.1], ", trained[{1, 0, 0}] = ",
  Round[trained[{1, 0, 0}], 0.1]];
