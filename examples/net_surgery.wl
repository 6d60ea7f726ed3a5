(* Net surgery: building a NetGraph from named layers, then taking it apart and putting
   the pieces together again.  Every edit gives a new net (the one held is unchanged),
   keeps the arrays already trained, and infers the shapes again.
   Run with `wlnet examples/net_surgery.wl`. *)

SeedRandom[3];
data = Table[With[{x = RandomReal[{-1, 1}, 2]}, x -> {x[[1]] x[[2]] + x[[1]]}], 256];

(* a graph given as a list of named rules, with a skip connection *)
net = NetGraph[{
    "hidden" -> LinearLayer[8],
    "act" -> Tanh,
    "skip" -> LinearLayer[8],
    "sum" -> Plus,
    "out" -> LinearLayer[1]},
  {"hidden" -> "act", {"act", "skip"} -> "sum" -> "out"}, "Input" -> 2];
Print["layers: ", Keys@Normal@net];
Print["ports: ", Information[net, "InputPorts"], " -> ", Information[net, "OutputPorts"]];
Print["sum is a ", Head@NetExtract[net, "sum"], " of ", NetExtract[net, {"sum", "Function"}]];

results = NetTrain[net, data, All, MaxTrainingRounds -> 30, BatchSize -> 32,
  RandomSeeding -> 11, TrainingProgressReporting -> None];
trained = results["TrainedNet"];
Print["training lowered the loss: ", Last[results["RoundLossList"]] < First[results["RoundLossList"]]];

(* NetTake: the part of the graph that computes the features *)
features = NetTake[trained, "sum"];
Print["features: ", Keys@Normal@features, ", output ", Information[features, "OutputPorts"]];
Print["trained weights kept: ",
  NetExtract[features, {"hidden", "Weights"}] == NetExtract[trained, {"hidden", "Weights"}]];

(* NetJoin: the features under a new head, a chain of layers named as we like *)
classifier = NetJoin[features, NetChain[<|"head" -> LinearLayer[3], "probs" -> SoftmaxLayer[]|>]];
Print["classifier: ", Length@Normal@classifier, " layers, output ", Information[classifier, "OutputPorts"]];
Print["head initialised? ", NetExtract[classifier, {"head", "Weights"}] =!= Automatic];

(* NetDrop / NetTake on chains, NetAppend, NetInsert, NetDelete, NetRename *)
chain = NetChain[<|"in" -> LinearLayer[4], "a" -> Ramp, "mid" -> LinearLayer[4], "b" -> Tanh|>, "Input" -> 2];
Print["drop 2: ", Keys@Normal@NetDrop[chain, 2], "  drop last: ", Keys@Normal@NetDrop[chain, -1]];
Print["take a..mid: ", Keys@Normal@NetTake[chain, {"a", "mid"}]];
Print["append: ", Keys@Normal@NetAppend[chain, "out" -> LinearLayer[1]]];
Print["insert: ", Keys@Normal@NetInsert[chain, "norm" -> LinearLayer[4], "b"]];
Print["delete: ", Keys@Normal@NetDelete[chain, {"a", "b"}]];
Print["rename: ", Keys@Normal@NetRename[chain, {"in" -> "first", "b" -> "last"}]];
Print["the chain held is unchanged: ", Keys@Normal@chain];

(* NetReplace: every Tanh of the trained graph becomes a Ramp; NetReplacePart: a new output layer *)
ramped = NetReplace[trained, _ElementwiseLayer -> Ramp];
Print["act is now ", NetExtract[ramped, {"act", "Function"}], "; out weights kept: ",
  NetExtract[ramped, {"out", "Weights"}] == NetExtract[trained, {"out", "Weights"}]];
fresh = NetReplacePart[trained, "out" -> LinearLayer[1]];
Print["new out layer initialised? ", NetExtract[fresh, {"out", "Weights"}] =!= Automatic];
Print["NetInitialize keeps the trained arrays: ",
  NetExtract[NetInitialize[fresh], {"hidden", "Weights"}] == NetExtract[trained, {"hidden", "Weights"}]];

(* retrain briefly: NetTrain initialises only what is missing *)
retrained = NetTrain[fresh, data, MaxTrainingRounds -> 5, BatchSize -> 32,
  RandomSeeding -> 11, TrainingProgressReporting -> None];
Print["retrained: ", Keys@Normal@retrained, ", ", Information[retrained, "ArraysCount"], " arrays"];
Print["prediction shape: ", Dimensions@retrained[{0.5, -0.5}]];

(* a shared array: one weight matrix used by two layers, stored once and trained once *)
tied = NetChain[<|"enc" -> LinearLayer[4, "Weights" -> NetArray["W"]], "act" -> Tanh,
    "dec" -> LinearLayer[4, "Weights" -> NetArray["W"]]|>, "Input" -> 4];
tiedData = Table[With[{x = RandomReal[{-1, 1}, 4]}, x -> Tanh[Tanh[x]]], 128];
tiedTrained = NetTrain[tied, tiedData, MaxTrainingRounds -> 5, BatchSize -> 32,
  RandomSeeding -> 11, TrainingProgressReporting -> None];
Print["shared arrays: ", Keys@NetExtract[tiedTrained, NetArray[All]], ", ",
  Information[tiedTrained, "ArraysCount"], " arrays in all"];
Print["both layers use the trained array: ",
  NetExtract[tiedTrained, {"enc", "Weights"}] === NetExtract[tiedTrained, {"dec", "Weights"}] ===
    NetExtract[tiedTrained, NetArray["W"]]];
Print["NetInsertSharedArrays: ", Keys@NetExtract[NetInsertSharedArrays[chain, "c/"], NetArray[All]]];
