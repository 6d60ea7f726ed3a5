(* A denoising diffusion model of a one-dimensional distribution, as the public blog post
   "Minimal diffusion model from scratch for generative machine learning" (2023-03-22, in a
   public GitHub repository) writes it: the forward process is a FunctionLayer that looks its
   noise schedule up by the time step (a[[#t]]), the noise comes from a RandomArrayLayer, the
   model is a small MLP of the noisy value and the time, NetTrain draws its batches from a
   generator, and new samples come from running the model backwards with
   NetMapThreadOperator.  The code is the post's; the sizes are shrunk to run in seconds
   (2000 samples, 20 time steps, 16 hidden units, 40 rounds instead of TimeGoal -> 120, 400
   generated samples), with SeedRandom/RandomSeeding so that every run prints the same.
   Run with `wlnet examples/diffusion_1d.wl`. *)

SeedRandom[7];
sampleGaussianMixture[size_, p_ : 0.3, std_ : 0.2] := With[
    {r = RandomVariate[NormalDistribution[0, std], size]},
    {#} & /@ (r + Sign[RandomReal[{0, 1}, size] - p]/2)]

trainingSample1D = Standardize@sampleGaussianMixture[2000];

Clear[alpha, beta, alphaBar, sigma, xt];
beta[tMax_Integer] := Subdivide[10^-4, 0.2, tMax - 1]
alpha[tMax_Integer] := 1. - beta[tMax]
alphaBar[tMax_Integer] := Exp@Accumulate@Log[alpha[tMax]]
sigma[tMax_Integer] := Sqrt@beta[tMax]

xt[tMax_Integer] := With[
   {a = Sqrt[alphaBar[tMax]],
    b = Sqrt[1. - alphaBar[tMax]]},
   FunctionLayer[
    a[[#t]]*#x0 + b[[#t]]*#eps &,
    "t" -> "Integer"]]

diffuse[xt_, sample_List, t_Integer] := With[
    {eps = RandomVariate[NormalDistribution[], Dimensions[sample]]},
    xt[<|"t" -> t, "x0" -> sample, "eps" -> eps|>]]

(* diffused to the last step, the two humps become one Gaussian *)
Print["training sample: ", Dimensions[trainingSample1D], ", mean ",
  Round[Mean[Flatten[trainingSample1D]], 0.1], "; after 20 steps of diffusion: standard deviation ",
  Round[StandardDeviation[Flatten[diffuse[xt[20], trainingSample1D, 20]]], 0.1]];

parameters[nDim_, tMax_, nH_] := <|"nDim" -> nDim, "tMax" -> tMax, "nHidden" -> nH|>
xt[param_Association] := xt[param["tMax"]]
eps[param_Association] := With[{nDim = param["nDim"]},
    RandomArrayLayer[NormalDistribution, "Output" -> {nDim}]]
model[param_Association] := With[
    {tMax = param["tMax"], nDim = param["nDim"], nHidden = param["nHidden"]},
    NetGraph[
     <|"tScale" -> FunctionLayer[(# - 1)/(tMax - 1) - 0.5 &, Input -> "Integer"],
      "model" -> NetChain[
        {AppendLayer["Input" -> nDim, "Element" -> "Real"],
         LinearLayer[nHidden], Ramp,
         LinearLayer[nHidden], Ramp,
         LinearLayer[nHidden], Ramp,
         LinearLayer[nDim]}]|>,
     {NetPort["t"] -> "tScale",
      {NetPort["xt"], "tScale"} -> "model"}]]
trainingNet[param_Association] := NetGraph[
    <|"eps" -> eps[param],
     "xt" -> xt[param],
     "model" -> model[param],
     "loss" -> MeanSquaredLossLayer[]|>,
    { {NetPort["t"], NetPort["x0"], "eps"} -> "xt",
     {NetPort["t"], "xt"} -> "model",
     {"model", "eps"} -> "loss"},
    "t" -> "Integer", "x0" -> {param["nDim"]}]
sampler[param_Association, trainingSample_List] := Function[
     <|"x0" -> RandomSample[trainingSample, #BatchSize],
      "t" -> RandomInteger[param["tMax"], #BatchSize]|>];

param = parameters[1, 20, 16];
results = NetTrain[trainingNet[param], sampler[param, trainingSample1D], All,
   MaxTrainingRounds -> 40, RandomSeeding -> 3, TrainingProgressReporting -> None];
trainedNet1D = results["TrainedNet"];
Print["the noise-prediction loss falls: ", Mean[Take[results["RoundLossList"], -5]] <
  Mean[Take[results["RoundLossList"], 5]]];

z[nSamples_, t_Integer] := RandomVariate[NormalDistribution[], nSamples]
z[nSamples_, 1] := ConstantArray[0., nSamples]

timeStep[alpha_List, alphaBar_List, sigma_List, trainedModel_NetGraph][x_, t_Integer] := With[
     {output = NetMapThreadOperator[trainedModel]@
        <|"xt" -> x, "t" -> ConstantArray[t, Length[x]]|>,
      zVec = z[Dimensions[x], t]},
     1/Sqrt[alpha[[t]]]*(x - (1 - alpha[[t]])/Sqrt[1 - alphaBar[[t]]]*output) + sigma[[t]]*zVec
    ]

generate[trainedNet_NetGraph, param_Association, nSamples_Integer] :=
    With[
     {trainedModel = NetExtract[trainedNet, "model"],
      a = alpha@param["tMax"],
      ab = alphaBar@param["tMax"],
      sig = sigma@param["tMax"]},
     Fold[
      timeStep[a, ab, sig, trainedModel],
      RandomVariate[NormalDistribution[], {nSamples, param["nDim"]}], (*x*)
      Reverse@Range[param["tMax"]] (*tValues*)]]

generated = generate[trainedNet1D, param, 400];
Print["generated: ", Dimensions[generated], ", all finite: ", AllTrue[Flatten[generated], NumberQ],
  "; a histogram of them: ", Head[Histogram[Flatten[generated]]]];
