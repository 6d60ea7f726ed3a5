(* GatedRecurrentLayer page, Options: "Dropout" (1 of 2).
   Run with `wlnet -print all examples/options_dropout_spec.wl` to see each result. *)

(* Create a GatedRecurrentLayer with the dropout method specified: *)
net = GatedRecurrentLayer[2, "Dropout" -> {"VariationalInput" -> 0.2, "VariationalState" -> 0.5}]
