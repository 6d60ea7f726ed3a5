(* GatedRecurrentLayer page, Basic Examples (1 of 2).
   Run with `wlnet -print all examples/basic_create.wl` to see each result, as Out[n] on the page. *)

(* Create a GatedRecurrentLayer that produces a sequence of length-3 vectors: *)
GatedRecurrentLayer[3]
