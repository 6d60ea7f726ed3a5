(* GatedRecurrentLayer page, Scope: Arguments.
   Run with `wlnet -print all examples/scope_arguments.wl` to see each result. *)

(* Create a GatedRecurrentLayer that produces a sequence of length-3 vectors (sic: the page's
   text says 3, its input builds a layer of size 2): *)
GatedRecurrentLayer[2]
