(* GatedRecurrentLayer page, Basic Examples (2 of 2).
   Run with `wlnet -print all examples/basic_initialize_apply.wl` to see each result. *)

(* Create a randomly initialized GatedRecurrentLayer that takes a sequence of length-2 vectors
   and produces a sequence of length-3 vectors: *)
gru = NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]

(* Apply the layer to an input sequence: *)
gru[{{1, 2}, {0, 1}, {2, 1}, {1, 2}}]//MatrixForm
