(* GatedRecurrentLayer page, Scope: Ports (1 of 4).
   Run with `wlnet -print all examples/ports_string_encoder.wl` to see each result. *)

(* Create a randomly initialized GatedRecurrentLayer that takes a string and produces a
   sequence of length-2 vectors: *)
gru = 
	NetInitialize@GatedRecurrentLayer[2, "Input" -> NetEncoder[{"Characters", Automatic, "UnitVector"}]]

(* Apply the layer to an input string: *)
gru["hello world"]//MatrixForm

(* Thread the layer over a batch of inputs: *)
gru[{"good", "bye"}]//Map[MatrixForm]
