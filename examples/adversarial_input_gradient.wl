(* A targeted attack on a small image classifier by gradient descent on the input, as
   public posts on adversarial examples do it in the Wolfram Language: the gradient of
   (output - target) . output with respect to the input image comes from
   net[<|"Input" -> x, NetPortGradient["Output"] -> output - target|>, NetPortGradient["Input"]],
   and each step moves the pixels against its sign.  The classifier is initialised, not
   trained (any net will do); the target class is the one it likes least at the start.
   Run with `wlnet examples/adversarial_input_gradient.wl`. *)

SeedRandom[4];
net = NetInitialize[NetChain[{ConvolutionLayer[6, 3], Ramp, PoolingLayer[2, 2], FlattenLayer[],
     LinearLayer[4], SoftmaxLayer[]}, "Input" -> NetEncoder[{"Image", {12, 12}, "Grayscale"}],
     "Output" -> NetDecoder[{"Class", {"a", "b", "c", "d"}}]], RandomSeeding -> 3];
probabilities = NetReplacePart[net, "Output" -> None];

x = Image[RandomReal[1, {12, 12}]];
least = First@Ordering[probabilities[x], 1];
target = UnitVector[4, least];
Print["class at the start: ", net[x], "; target class: ", {"a", "b", "c", "d"}[[least]]];

step[img_] := Module[{g},
  g = probabilities[<|"Input" -> img, NetPortGradient["Output"] -> probabilities[img] - target|>,
    NetPortGradient["Input"]];
  Image[Clip[ImageData[img] - 0.02 Sign[ArrayReshape[g, {12, 12}]], {0, 1}]]];
losses = Reap[Do[x = step[x]; Sow[Total[(probabilities[x] - target)^2]/2], {40}]][[2, 1]];

Print["cost fell: ", Last[losses] < First[losses]];
Print["class after 40 steps: ", net[x]];
Print["probability of the target class above 1/2: ", probabilities[x][[least]] > 1/2];
Print["plot: ", Head[DiscretePlot[probabilities[x][[k]], {k, 1, 4}, PlotRange -> {0, 1}]]];
