"""The coders a container's ports carry, found through its layers (wlnet/net/net.py
port_coder): a graph input that feeds a loss's "Target" next to a "Scalar"-decoded output
takes plain numbers, as WL's real-number port does (the example-weighting tutorial's
training net: model, MeanSquaredLossLayer and a per-example weight)."""

from _netutil import WLSession

WEIGHTED = """
model = LinearLayer["Input" -> "Scalar", "Output" -> "Scalar"];
weighted = NetGraph[<|"model" -> model, "loss" -> MeanSquaredLossLayer[],
    "times" -> ThreadingLayer[Times]|>,
  {NetPort["Input"] -> "model" -> NetPort["loss", "Input"],
   NetPort["Target"] -> NetPort["loss", "Target"],
   {"loss", NetPort["Weight"]} -> "times" -> NetPort["Loss"]}];
"""


def test_a_scalar_models_loss_target_takes_numbers():
    wl = WLSession(WEIGHTED)
    assert wl('Information[weighted, "InputPorts"]["Target"]').startswith('NetEncoder["Scalar"')
    init = 'NetReplacePart[weighted, {{"model", "Weights"} -> {{2.}}, {"model", "Biases"} -> {1.}}]'
    # (2*3 + 1 - 4)^2 * 0.5 = 4.5: the number 4. is the target, as the length-1 vector {4.}
    assert wl(f'{init}[<|"Input" -> 3., "Target" -> 4., "Weight" -> 0.5|>]') == "4.5"
    assert wl(f'{init}[<|"Input" -> 3., "Target" -> {{4.}}, "Weight" -> 0.5|>]') == "4.5"
    assert not wl.messages


def test_weighted_training_follows_the_heavier_examples():
    wl = WLSession(WEIGHTED + """
    SeedRandom[7];
    data = <|"Input" -> {0., 1., 0., 1.}, "Target" -> {0., 1., 10., 11.},
      "Weight" -> {1., 1., 100., 100.}|>;
    trained = NetTrain[weighted, data, MaxTrainingRounds -> 1500, LearningRate -> 0.05,
      TrainingProgressReporting -> None];
    """)
    assert not wl.messages, wl.messages
    # the weight-100 line y = x + 10 wins over y = x
    assert float(wl('NetExtract[trained, "model"][0.]')) > 8.


def test_a_target_next_to_an_undecoded_output_stays_an_array():
    wl = WLSession("""
    g = NetGraph[<|"model" -> LinearLayer[1, "Input" -> 1], "loss" -> MeanSquaredLossLayer[]|>,
      {"model" -> NetPort["loss", "Input"]}];
    """)
    assert wl('Information[g, "InputPorts"]["Target"]') == "1"
    assert not wl.messages


def test_a_layers_coders_are_resolved_as_a_chains():
    # a lone layer's decoder learns its sizes from the layer (was left "Class" with an
    # unknown count) and keeps the raised form it was given (a list of Boolean decisions)
    wl = WLSession("")
    layer = wl('NetExtract[SoftmaxLayer["Input" -> 3, "Output" -> "Class"], "Output"]')
    assert layer == wl('NetExtract[NetChain[{SoftmaxLayer[]}, "Input" -> 3, "Output" -> "Class"], "Output"]')
    assert '"Count" -> 3' in layer
    assert '"Dimensions" -> {1}' in wl('NetExtract[ElementwiseLayer[LogisticSigmoid, "Input" -> {1}, '
                                       '"Output" -> NetDecoder["Boolean"]], "Output"]')
    assert not wl.messages
