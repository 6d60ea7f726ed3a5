(* GatedRecurrentLayer page, Scope: Ports (3 of 4).
   Run with `wlnet -print all examples/ports_initial_state.wl` to see each result. *)

(* Create a NetGraph that allows the initial state of a GatedRecurrentLayer to be set: *)
graph = NetInitialize@NetGraph[
	{GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]}, 
	{NetPort["InitialState"] -> NetPort[1, "State"]}]

graph[<|"Input" -> {{1, 2}, {2, 0}, {3, 1}}, "InitialState" -> {1, 1}|>]
