(* A convolutional autoencoder on small synthetic images made here: soft round blobs of
   random size at random places on 12x12 grey images.  The encoder (two strided
   convolutions, each followed by batch normalization) squeezes an image into a 4x3x3 code;
   the decoder (two strided deconvolutions) draws the image again from the code.  NetTrain
   teaches it to reproduce its input (a mean-squared loss), and the script checks that the
   reconstruction loss falls.  Run with `wlnet examples/conv_autoencoder.wl`. *)

SeedRandom[3];

(* one image: a Gaussian blob, as a 1-channel array (channels first, as the layers take) *)
blob[] := Module[{cx = RandomReal[{3, 9}], cy = RandomReal[{3, 9}], r = RandomReal[{1.5, 3}]},
  {Table[Exp[-((x - cx)^2 + (y - cy)^2)/(2 r^2)], {y, 12}, {x, 12}]}];
images = Table[blob[], 48];
unseen = Table[blob[], 16];
Print["training images: ", Dimensions[images]];

encoder = NetChain[{
   ConvolutionLayer[8, 3, "Stride" -> 2, "PaddingSize" -> 1], BatchNormalizationLayer[], Ramp,
   ConvolutionLayer[4, 3, "Stride" -> 2, "PaddingSize" -> 1], BatchNormalizationLayer[], Ramp}];
decoder = NetChain[{
   DeconvolutionLayer[8, 4, "Stride" -> 2, "PaddingSize" -> 1], BatchNormalizationLayer[], Ramp,
   DeconvolutionLayer[1, 4, "Stride" -> 2, "PaddingSize" -> 1], LogisticSigmoid}];
autoencoder = NetInitialize[NetChain[{encoder, decoder}, "Input" -> {1, 12, 12}],
  RandomSeeding -> 5];
Print["code dimensions: ", Dimensions[NetExtract[autoencoder, 1][First[images]]]];
Print["output dimensions: ", Dimensions[autoencoder[First[images]]]];

loss[net_, data_] := Mean[Flatten[(net[data] - data)^2]];
before = loss[autoencoder, images];

trained = NetTrain[autoencoder, images -> images, BatchSize -> 16, MaxTrainingRounds -> 100,
  RandomSeeding -> 7, TrainingProgressReporting -> None];
after = loss[trained, images];

Print["reconstruction loss before training: ", Round[before, 0.01]];
Print["reconstruction loss after training: ", Round[after, 0.01]];
Print["it fell to less than a tenth: ", after < before/10];
Print["images it never saw are reconstructed as well (a tenth of the untrained loss): ",
  loss[trained, unseen] < loss[autoencoder, unseen]/10];
(* the decoder alone turns a code back into an image *)
Print["decoded image dimensions: ",
  Dimensions[NetExtract[trained, 2][NetExtract[trained, 1][First[unseen]]]]];
