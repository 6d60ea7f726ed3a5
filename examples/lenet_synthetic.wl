(* A LeNet-style convnet on a small synthetic digit-like image set, made here: four kinds of
   stroke ("bar", "dash", "cross", "slash") drawn at random places on 16x16 grey images with
   noise.  The net reads Image objects through NetEncoder[{"Image", …}] and names the class
   through NetDecoder["Class"].  Run with `wlnet examples/lenet_synthetic.wl`. *)

SeedRandom[13];
classes = {"bar", "dash", "cross", "slash"};

(* is the pixel at (x, y), relative to the stroke's centre, on the stroke? *)
inside["bar", x_, y_] := Abs[x] <= 1 && Abs[y] <= 5;
inside["dash", x_, y_] := Abs[y] <= 1 && Abs[x] <= 5;
inside["cross", x_, y_] := inside["bar", x, y] || inside["dash", x, y];
inside["slash", x_, y_] := Abs[x + y] <= 1 && Abs[x] <= 5;

(* one example: the stroke somewhere near the middle, on a noisy background *)
digit[class_] := Module[{dx = RandomInteger[{-2, 2}], dy = RandomInteger[{-2, 2}]},
  Image[Table[Min[1, Boole[inside[class, x - 8 - dx, y - 8 - dy]] + RandomReal[0.4]],
    {y, 16}, {x, 16}]]];

examples[n_] := RandomSample[Flatten[Table[digit[c] -> c, {c, classes}, n]]];
train = examples[50];
test = examples[15];
Print["training examples: ", Length[train], ", test examples: ", Length[test]];
Print["a row of samples: ", ImageDimensions[ImageAssemble[{Keys[train[[;; 8]]]}]]];

lenet = NetChain[{
    ConvolutionLayer[6, {5, 5}], Ramp, PoolingLayer[{2, 2}, 2],
    ConvolutionLayer[16, {3, 3}], Ramp, PoolingLayer[{2, 2}, 2],
    FlattenLayer[], LinearLayer[32], Ramp, LinearLayer[4], SoftmaxLayer[]},
  "Input" -> NetEncoder[{"Image", {16, 16}, ColorSpace -> "Grayscale"}],
  "Output" -> NetDecoder[{"Class", classes}]];

trained = NetTrain[lenet, train, BatchSize -> 32, MaxTrainingRounds -> 15,
  LearningRate -> 0.005, RandomSeeding -> 7, TrainingProgressReporting -> None];

accuracy = Mean[Boole[MapThread[SameQ, {trained[Keys[test]], Values[test]}]]];
Print["test accuracy: ", Round[N[accuracy], 0.05]];

(* clean strokes in the middle, and one that is colour, bigger and brighter than any seen *)
clean[class_] := Image[Table[Boole[inside[class, x - 8, y - 8]], {y, 16}, {x, 16}]];
Print["clean strokes: ", Thread[classes -> trained[clean /@ classes]]];
big = ImageResize[ColorConvert[clean["cross"], "RGB"], {32, 32}];
Print["a 32x32 colour cross: ", trained[big]];
