(* The Euler-step net of a public tutorial ("Kinetic Rate of Reaction and Neural Network",
   a notebook exported to markdown on GitHub): the rate law dy/dt = W.y of a first-order
   reaction A -> B is a LinearLayer without biases, one Euler step y + dt*dy is a
   ThreadingLayer of a Function whose step dt is a global constant of the program, and
   NetNestOperator repeats the step 5 times.  Trained on trajectories of k = 0.2 (here
   without the tutorial's noise, so that every run learns the same k), the first weight is
   -k.  As written but for RandomSeeding, the data and the number of rounds.
   Run with `wlnet examples/neural_ode_euler.wl`. *)

kTrue = 0.2;
tMax1 = 20; nPoints = 50;
dtEuler = tMax1/(nPoints - 1);
nStepsNN = 5;
trajectory[a0_] := NestList[# + dtEuler*{-kTrue*#[[1]], kTrue*#[[1]]} &, {a0, 0.}, nPoints - 1];
trajectories = trajectory /@ Range[0.1, 2.0, 0.1];
inputStatesN = Flatten[#[[1 ;; -nStepsNN - 1]] & /@ trajectories, 1];
targetStatesN = Flatten[#[[nStepsNN + 1 ;;]] & /@ trajectories, 1];

nnEulerRHS = NetInitialize[LinearLayer[2, "Input" -> 2, "Biases" -> None], RandomSeeding -> 7];
eulerStepNet = NetGraph[<|"rhs" -> nnEulerRHS,
    "euler" -> ThreadingLayer[Function[{y, dy}, y + dtEuler*dy], 2, "Input" -> {"Input1" -> {2}, "Input2" -> {2}}]|>,
  {NetPort["Input"] -> NetPort["euler", "Input1"], NetPort["Input"] -> "rhs", "rhs" -> NetPort["euler", "Input2"]},
  "Input" -> {2}, "Output" -> {2}];
eulerSolveNet = NetNestOperator[eulerStepNet, nStepsNN];

trainResults = NetTrain[eulerSolveNet, <|"Input" -> inputStatesN, "Output" -> targetStatesN|>, All,
  LossFunction -> MeanSquaredLossLayer[], MaxTrainingRounds -> 150, LearningRate -> 0.01,
  Method -> {"ADAM", "GradientClipping" -> 1.0}, RandomSeeding -> 1, TrainingProgressReporting -> None];
W = Normal[NetExtract[trainResults["TrainedNet"], {"Net", "rhs", "Weights"}]];
Print["learned k: ", Round[-W[[1, 1]], 0.01]];
Print["learned W: ", Round[W, 0.01]];
Print["A after 5 steps from 1: ", Round[trainResults["TrainedNet"][{1., 0.}][[1]], 0.01]];
