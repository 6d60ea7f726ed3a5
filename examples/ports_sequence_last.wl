(* GatedRecurrentLayer page, Scope: Ports (2 of 4).
   Run with `wlnet -print all examples/ports_sequence_last.wl` to see each result. *)

(* Create a randomly initialized net that takes a sequence of length-2 vectors and produces a
   single length-3 vector: *)
net = NetInitialize@NetChain[{
	GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], 
	SequenceLastLayer[]
	}]

(* Apply the layer to an input: *)
net[{{1, 2}, {2, 1}, {3, 0}}]

(* Thread the layer across a batch of inputs: *)
net[{{{1, 2}, {2, 1}, {3, 0}}, {{3, 3}, {0, 0}}}]
