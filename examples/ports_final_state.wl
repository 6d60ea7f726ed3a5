(* GatedRecurrentLayer page, Scope: Ports (4 of 4).
   Run with `wlnet -print all examples/ports_final_state.wl` to see each result. *)

(* Create a NetGraph that allows the final state of a GatedRecurrentLayer to be obtained: *)
graph = NetInitialize@NetGraph[
	{GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]}, 
	{NetPort[1, "State"] -> NetPort["FinalState"]}]

graph[{{1, 2}, {2, 0}, {3, 1}}]

(* The final state is the last element of the output sequence: *)
%[["FinalState"]] == %[["Output", -1]]
