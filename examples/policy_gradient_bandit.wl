(* Policy-gradient (REINFORCE) training, as the Mathematica-RL package does it: the policy
   net is trained through a loss graph that weighs the cross-entropy of the action taken by
   the return it earned, and NetTrain's generator samples the episodes from the net as
   trained so far (#Net).  The "Return" input is watched with a NetPort measurement.
   Here the environment is a contextual bandit: 2 contexts, 3 arms, reward 1 for the
   context's good arm.  Run with `wlnet examples/policy_gradient_bandit.wl`. *)

SeedRandom[3];
best = <|1 -> 3, 2 -> 1|>;                      (* the good arm of each context *)
policy = NetChain[{8, Tanh, 3, SoftmaxLayer[]}, "Input" -> 2];
loss = NetGraph[{CrossEntropyLossLayer["Probabilities"], ThreadingLayer[#1*#2 &]},
   {NetPort["Return"] -> 2, {NetPort["Input"], NetPort["Action"]} -> 1 -> 2 -> NetPort["Loss"]}];
trainer = NetGraph[<|"policy" -> policy, "loss" -> loss|>,
   {NetPort["policy", "Output"] -> NetPort["loss", "Input"]}];

(* one batch of episodes, the actions drawn from the current policy *)
episodes[request_] := Module[{p = NetExtract[request["Net"], "policy"], contexts, actions},
  contexts = RandomInteger[{1, 2}, request["BatchSize"]];
  actions = Table[RandomChoice[p[UnitVector[2, c]] -> Range[3]], {c, contexts}];
  <|"Input" -> (UnitVector[2, #] & /@ contexts),
    "Action" -> (UnitVector[3, #] & /@ actions),
    "Return" -> MapThread[If[best[#1] == #2, 1., 0.] &, {contexts, actions}]|>];

results = NetTrain[trainer, episodes, All, LossFunction -> "Loss", BatchSize -> 32,
  MaxTrainingRounds -> 150, LearningRate -> 0.02, RandomSeeding -> 5,
  TrainingProgressReporting -> None,
  TrainingProgressMeasurements -> <|"Measurement" -> NetPort["Return"], "Aggregation" -> "Mean"|>];

returns = results["RoundMeasurementsLists"]["Return"];
Print["mean return, first 10 rounds: ", Round[Mean[Take[returns, 10]], 0.1]];
Print["mean return, last 10 rounds: ", Round[Mean[Take[returns, -10]], 0.1]];
learnt = NetExtract[results["TrainedNet"], "policy"];
Print["greedy arm per context: ", Table[c -> First@Ordering[learnt[UnitVector[2, c]], -1], {c, 2}]];
