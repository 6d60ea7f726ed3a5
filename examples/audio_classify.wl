(* Audio classification: tell hummed low tones from whistled high ones.  Synthetic
   recordings (a sine or triangle wave of a random pitch and length, with a little noise)
   go through an "AudioMFCC" encoder on the net's input port, which turns each recording
   into a sequence of 13 mel-frequency cepstral coefficients per 10 ms; a gated recurrent
   layer reads the sequence and a linear layer decides.  Recordings of different lengths
   make sequences of different lengths in one batch.
   Run with `wlnet examples/audio_classify.wl`. *)

SeedRandom[7];
rate = 8000;
tone[kind_, f_, d_] := AudioGenerator[{kind, f}, d, SampleRate -> rate];
recording[range_] := Module[{d = RandomReal[{0.15, 0.3}]},
  Audio[AudioData[tone[RandomChoice[{"Sin", "Triangle"}], RandomReal[range], d]] +
    0.05 AudioData[AudioGenerator["White", d, SampleRate -> rate]], SampleRate -> rate]];
data[n_] := RandomSample[Join[Table[recording[{150, 400}] -> "hum", n],
  Table[recording[{1200, 3000}] -> "whistle", n]]];
train = data[24]; test = data[20];
Print["one recording: ", First[Keys[train]], ", ", Duration[First[Keys[train]]]];

enc = NetEncoder[{"AudioMFCC", "SampleRate" -> rate, "NumberOfFilters" -> 24}];
Print["encoder: ", enc];
Print["its output for that recording: ", Dimensions[enc[First[Keys[train]]]]];

net = NetChain[{GatedRecurrentLayer[12], SequenceLastLayer[], LinearLayer[2], SoftmaxLayer[]},
  "Input" -> enc, "Output" -> NetDecoder[{"Class", {"hum", "whistle"}}]];
trained = NetTrain[net, train, BatchSize -> 8, MaxTrainingRounds -> 40,
  RandomSeeding -> 1, TrainingProgressReporting -> None];

accuracy = Mean[Boole[MapThread[SameQ, {trained[Keys[test]], Values[test]}]]];
Print["accuracy on ", Length[test], " new recordings: ", N[accuracy]];
Print["at least 95%: ", accuracy >= 0.95];
Print["a 220 Hz hum: ", trained[tone["Sin", 220, 0.25]],
  ", a 2 kHz whistle: ", trained[tone["Sin", 2000, 0.25]]];
