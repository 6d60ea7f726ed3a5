(* A multi-input regression trained with a custom loss written as a FunctionLayer.
   Synthetic data: y = 2 a.b - Max[c] for random vectors a, b (length 3) and c (length 4). *)
SeedRandom[7];
n = 512;
a = RandomReal[{-1, 1}, {n, 3}];
b = RandomReal[{-1, 1}, {n, 3}];
c = RandomReal[{-1, 1}, {n, 4}];
y = MapThread[{2 #1 . #2 - Max[#3]} &, {a, b, c}];

(* the loss: mean squared error plus a small absolute-error term *)
loss = FunctionLayer[Mean[(#Input - #Target)^2] + 0.1 Mean[Abs[#Input - #Target]] &];

net = NetInitialize[NetGraph[<|
    "products" -> ThreadingLayer[Times],
    "features" -> CatenateLayer[],
    "hidden" -> LinearLayer[32],
    "tanh" -> ElementwiseLayer[Tanh],
    "score" -> LinearLayer[1],
    "loss" -> loss|>,
  {{NetPort["a"], NetPort["b"]} -> "products",
   {"products", NetPort["c"]} -> "features" -> "hidden" -> "tanh" -> "score",
   "score" -> NetPort["loss", "Input"], NetPort["Target"] -> NetPort["loss", "Target"],
   "loss" -> NetPort["Loss"]},
  "a" -> 3, "b" -> 3, "c" -> 4, "Target" -> 1], RandomSeeding -> 1]

data = <|"a" -> a, "b" -> b, "c" -> c, "Target" -> y|>;
before = Mean[net[data] // Normal]
trained = NetTrain[net, data, MaxTrainingRounds -> 40, BatchSize -> 64, RandomSeeding -> 1];
after = Mean[trained[data] // Normal]
after < before / 4

(* the trained predictions: the output of the "score" layer *)
Dimensions[trained[data, NetPort[{"score", "Output"}]]]
